package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NumberTextTest {
    private static long parseLong(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return NumberText.parseLong(b, 0, b.length);
    }

    private static BigInteger unsigned(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return NumberText.parseUnsigned64(b, 0, b.length);
    }

    private static BigDecimal decimal(String s, int scale) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return NumberText.parseDecimal(b, 0, b.length, scale);
    }

    @Test
    void longsAtTheirLimits() {
        assertThat(parseLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(parseLong("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(parseLong("-0")).isZero();
        assertThatThrownBy(() -> parseLong("9223372036854775808")).hasMessage("integer out of range");
        assertThatThrownBy(() -> parseLong("-9223372036854775809")).hasMessage("integer out of range");
        assertThatThrownBy(() -> parseLong("99999999999999999999")).hasMessage("integer out of range");
        assertThatThrownBy(() -> parseLong("")).hasMessage("not an integer");
        assertThatThrownBy(() -> parseLong("-")).hasMessage("not an integer");
        assertThatThrownBy(() -> parseLong("1.0")).hasMessage("not an integer");
    }

    @Test
    void unsigned64() {
        assertThat(unsigned("18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(unsigned("123")).isEqualTo(BigInteger.valueOf(123));
        assertThatThrownBy(() -> unsigned("18446744073709551616")).hasMessage("integer out of range");
        // vttablet formats an unsigned value as signed when it could not match the row to its schema
        assertThat(unsigned("-1")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(unsigned("-9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThatThrownBy(() -> unsigned("-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> unsigned("1844674407370955161x")).hasMessage("not an unsigned integer");
    }

    @Test
    void decimalsKeepTheColumnScale() {
        assertThat(decimal("123456789012345678.12", 2)).isEqualTo(new BigDecimal("123456789012345678.12"));
        assertThat(decimal("-1.50", 2)).isEqualTo(new BigDecimal("-1.50"));
        assertThat(decimal("7", 3)).isEqualTo(new BigDecimal("7.000"));
        assertThat(decimal("-0.00", 2)).isEqualTo(new BigDecimal("0.00"));
        assertThatThrownBy(() -> decimal("1.234", 2)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> decimal("1.2.3", 2)).hasMessage("not a decimal number");
        assertThatThrownBy(() -> decimal("-", 2)).hasMessage("not a decimal number");
    }
}
