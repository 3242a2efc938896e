package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatTextTest {
    private static float displayed(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return FloatText.parseFloatAsDisplayed(b, 0, b.length);
    }

    /** MySQL's FLOAT text, as the copy phase sends it: 6 significant digits, half-even, of the exact value. */
    private static String mysqlText(float f) {
        return new BigDecimal((double) f).round(new MathContext(6, RoundingMode.HALF_EVEN)).toString();
    }

    @Test
    void copyAndStreamedTextGiveTheSameFloatForRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            // Float.toString round-trips like vttablet's Go formatting does.
            float streamed = displayed(Float.toString(f));
            float copied = displayed(mysqlText(f));
            assertThat(Float.floatToIntBits(streamed)).as("%s", f).isEqualTo(Float.floatToIntBits(copied));
            assertThat(copied).isEqualTo(Float.parseFloat(mysqlText(f)));
        }
    }

    @Test
    void valuesMeasuredOnMysql() {
        assertThat(displayed("3.4028235E+38")).isEqualTo(Float.parseFloat("3.40282e38"));
        assertThat(displayed("1.6777216E+07")).isEqualTo(16777200f);
        assertThat(displayed("1.234565E+06")).isEqualTo(1234560f); // a tie rounds to even, as MySQL does
        assertThat(displayed("1.234575E+06")).isEqualTo(1234580f);
        assertThat(displayed("-0E+00")).isEqualTo(0f).matches(f -> Float.floatToIntBits(f) == 0, "positive zero");
    }

    @Test
    void significantDigitsIgnoreSignLeadingZerosAndExponent() {
        byte[] b = "-0.000123456e-10".getBytes(StandardCharsets.US_ASCII);
        assertThat(FloatText.significantDigits(b, 0, b.length)).isEqualTo(6);
        b = "1.6777216E+07".getBytes(StandardCharsets.US_ASCII);
        assertThat(FloatText.significantDigits(b, 0, b.length)).isEqualTo(8);
    }
}
