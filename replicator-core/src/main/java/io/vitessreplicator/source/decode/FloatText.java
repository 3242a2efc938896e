package io.vitessreplicator.source.decode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Parses FLOAT and DOUBLE text, making the two VStream phases agree.
 *
 * <p>The phases send different text for the same stored number:
 * <ul>
 * <li>copy phase: MySQL's text protocol. DOUBLE is the shortest text that round-trips
 *     ({@code 1.7976931348623157e308}); FLOAT declared without (M,D) is rounded to 6 significant
 *     digits ({@code 3.40282e38} for 3.4028235E38, {@code 16777200} for 16777216);
 *     FLOAT(M,D) is printed with D decimals.</li>
 * <li>streaming: vttablet formats the binlog's IEEE value with Go's shortest round-trip form
 *     in E notation ({@code 3.4028235E+38}, {@code 1.6777216E+07}, {@code -1E-03}).</li>
 * </ul>
 * DOUBLE and FLOAT(M,D) parse to the same value either way. A plain FLOAT does not: the copy
 * phase has only 6 digits. So that a row yields the same Float in both phases, a plain FLOAT is
 * always carried as MySQL displays it: the stored value rounded half-even to 6 significant
 * digits, then to the nearest float. That is the value every MySQL client sees for
 * {@code SELECT}; values with more than 6 significant digits lose the rest, as they do in the
 * copy phase anyway. Rounding an already 6-digit value gives it back unchanged, so text with at
 * most 6 significant digits (all copy-phase text) takes the cheap path.
 */
final class FloatText {
    private static final MathContext MYSQL_FLOAT_DISPLAY = new MathContext(6, RoundingMode.HALF_EVEN);

    private FloatText() {}

    static double parseDouble(byte[] b, int off, int len) {
        return Double.parseDouble(ascii(b, off, len));
    }

    /** A FLOAT(M,D) value: the text parses to the stored float in both phases. */
    static float parseFloat(byte[] b, int off, int len) {
        return Float.parseFloat(ascii(b, off, len));
    }

    /** A plain FLOAT value, as MySQL displays it (6 significant digits). */
    static float parseFloatAsDisplayed(byte[] b, int off, int len) {
        float value = Float.parseFloat(ascii(b, off, len));
        if (significantDigits(b, off, len) <= 6) {
            return value == 0 ? 0f : value;
        }
        return roundAsDisplayed(value);
    }

    /** The float nearest to {@code value} rounded half-even to 6 significant digits (MySQL's my_gcvt for FLOAT). */
    static float roundAsDisplayed(float value) {
        if (value == 0 || Float.isNaN(value) || Float.isInfinite(value)) {
            return value == 0 ? 0f : value;
        }
        BigDecimal exact = new BigDecimal((double) value);
        return Float.parseFloat(exact.round(MYSQL_FLOAT_DISPLAY).toString());
    }

    /** Digits of the mantissa without leading zeros (trailing zeros count; they only make the result safer). */
    static int significantDigits(byte[] b, int off, int len) {
        int count = 0;
        boolean leading = true;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                if (c != '0' || !leading) {
                    leading = false;
                    count++;
                }
            }
        }
        return count;
    }

    private static String ascii(byte[] b, int off, int len) {
        if (len == 0) {
            throw new IllegalArgumentException("empty number");
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
