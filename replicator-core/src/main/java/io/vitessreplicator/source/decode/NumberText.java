package io.vitessreplicator.source.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses MySQL's decimal text for integers and DECIMAL straight from the value bytes, without a
 * String or a regex per value. Both VStream phases send integers and DECIMAL as plain decimal
 * text ({@code -128}, {@code 18446744073709551615}, {@code -0.000000000000000000000000000001}),
 * DECIMAL always with exactly the column's scale digits.
 */
final class NumberText {
    private static final int MAX_LONG_DIGITS = 18; // any 18-digit number fits in a long

    private NumberText() {}

    /** A signed decimal integer that fits in a long. */
    static long parseLong(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        boolean negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        if (i == end) {
            throw new IllegalArgumentException("not an integer");
        }
        if (end - i > 19) {
            throw new IllegalArgumentException("integer out of range");
        }
        // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
        long value = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not an integer");
            }
            if (value < (Long.MIN_VALUE + d) / 10) {
                throw new IllegalArgumentException("integer out of range");
            }
            value = value * 10 - d;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new IllegalArgumentException("integer out of range");
            }
            return -value;
        }
        return value;
    }

    /** A non-negative decimal integer up to 2^64-1 (BIGINT UNSIGNED). */
    static BigInteger parseUnsigned64(byte[] b, int off, int len) {
        if (len > 1 && b[off] == '-') {
            // formatted as signed by vttablet (a row it could not match to its schema): two's complement
            return BigInteger.valueOf(parseLong(b, off, len)).add(BigInteger.ONE.shiftLeft(64));
        }
        if (len == 0 || b[off] == '-') {
            throw new IllegalArgumentException("not an unsigned integer");
        }
        if (len <= MAX_LONG_DIGITS) {
            return BigInteger.valueOf(parseLong(b, off, len));
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new IllegalArgumentException("not an unsigned integer");
            }
        }
        BigInteger value = new BigInteger(new String(b, off, len, StandardCharsets.ISO_8859_1));
        if (value.bitLength() > 64) {
            throw new IllegalArgumentException("integer out of range");
        }
        return value;
    }

    /** A DECIMAL with exactly {@code scale} digits after the point (fewer are padded, more are an error). */
    static BigDecimal parseDecimal(byte[] b, int off, int len, int scale) {
        int end = off + len;
        int i = off;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        int digits = 0;
        int fraction = -1;
        long unscaled = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '.' && fraction < 0) {
                fraction = 0;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a decimal number");
            }
            digits++;
            if (fraction >= 0) {
                fraction++;
            }
            if (digits <= MAX_LONG_DIGITS) {
                unscaled = unscaled * 10 + d;
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a decimal number");
        }
        int valueScale = Math.max(fraction, 0);
        BigDecimal value;
        if (digits <= MAX_LONG_DIGITS) {
            value = BigDecimal.valueOf(negative ? -unscaled : unscaled, valueScale);
        } else {
            char[] chars = new char[len];
            for (int k = 0; k < len; k++) {
                chars[k] = (char) b[off + k];
            }
            value = new BigDecimal(chars);
        }
        // Exact: throws ArithmeticException rather than round away digits.
        return valueScale == scale ? value : value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
    }
}
