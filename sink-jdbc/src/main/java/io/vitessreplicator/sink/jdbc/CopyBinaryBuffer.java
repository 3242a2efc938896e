package io.vitessreplicator.sink.jdbc;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Bytes of {@code COPY ... FROM STDIN WITH (FORMAT binary)}: a 19-byte header once per COPY, then
 * per row an int16 field count and per field an int32 length (-1 for NULL) followed by the value's
 * bytes in the type's binary ("send/recv") form, then an int16 -1 trailer. All integers are
 * big-endian, written straight into the array: nothing is allocated per value on the usual paths.
 *
 * <p>Strings are encoded to UTF-8 by hand with the refusals of {@link CopyTextBuffer#text} (a NUL
 * character, an unpaired surrogate), and with the same messages; nothing is escaped in this format.
 *
 * <p>Like {@link CopyTextBuffer}, the caller drains the buffer ({@link #size()}, {@link #array()},
 * {@link #clear()}) after each row once it passes its flush size.
 */
final class CopyBinaryBuffer extends CopyBytes {
    /** "PGCOPY\n\377\r\n\0", int32 flags 0 (no OIDs), int32 header-extension length 0. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    private static final int NUMERIC_POS = 0x0000;
    private static final int NUMERIC_NEG = 0x4000;
    private static final long[] POW10 = {1, 10, 100, 1000, 10000};
    private static final BigInteger[] BIG_POW10 = {BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(100),
            BigInteger.valueOf(1000)};
    /** 10^16: four base-10000 digits per BigInteger division on the (rare) long-number path. */
    private static final BigInteger TEN_POW_16 = BigInteger.TEN.pow(16);

    /** A numeric's base-10000 digits, lowest first; reused, grown for numbers beyond 24 digits. */
    private int[] groups = new int[8];

    CopyBinaryBuffer(int initialCapacity) {
        super(initialCapacity, "binary");
    }

    /** The signature and empty header fields every binary COPY starts with. */
    void header() {
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, bytes, size, HEADER.length);
        size += HEADER.length;
    }

    /** The end of the COPY data (a field count of -1). */
    void trailer() {
        int16(-1);
    }

    /** A row's number of fields. */
    void fieldCount(int n) {
        int16(n);
    }

    void nullField() {
        int32(-1);
    }

    /**
     * Starts a field whose length is known only once written: reserves its int32 length and
     * returns where, for {@link #endField}.
     */
    int beginField() {
        ensure(4);
        int at = size;
        size += 4;
        return at;
    }

    void endField(int at) {
        putInt(at, size - at - 4);
    }

    void int8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    void int16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >> 8);
        bytes[size++] = (byte) v;
    }

    void int32(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    void int64(long v) {
        ensure(8);
        byte[] b = bytes;
        int i = size;
        b[i] = (byte) (v >> 56);
        b[i + 1] = (byte) (v >> 48);
        b[i + 2] = (byte) (v >> 40);
        b[i + 3] = (byte) (v >> 32);
        b[i + 4] = (byte) (v >> 24);
        b[i + 5] = (byte) (v >> 16);
        b[i + 6] = (byte) (v >> 8);
        b[i + 7] = (byte) v;
        size = i + 8;
    }

    void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /**
     * A numeric (PostgreSQL's send/recv form: int16 digit count, int16 weight, int16 sign, int16
     * display scale, then base-10000 digits, most significant first) of the value
     * {@code ±magnitude × 10^-scale}, where {@code magnitude} is read as an unsigned long (so every
     * BIGINT UNSIGNED fits) and {@code scale} may be negative.
     *
     * <p>{@code dscale} must be at least the number of nonzero digits after the point: the server
     * truncates any beyond it, then rounds to the column's scale (exact here: the callers refused
     * values with more).
     */
    void numeric(long magnitude, boolean negative, int scale, int dscale) {
        if (magnitude == 0) {
            numericHeader(0, 0, NUMERIC_POS, dscale);
            return;
        }
        // The lowest decimal digit sits at 10^-scale: in base-10000 digit floorDiv(-scale, 4), at
        // position floorMod(-scale, 4) within it. That first digit takes the lowest 4 - position
        // decimal digits; every further one takes four.
        int position = Math.floorMod(-scale, 4);
        long unit = POW10[4 - position];
        int n = 0;
        groups[n++] = (int) (Long.remainderUnsigned(magnitude, unit) * POW10[position]);
        long rest = Long.divideUnsigned(magnitude, unit); // < 2^63 from here on
        while (rest != 0) {
            groups[n++] = (int) (rest % 10000);
            rest /= 10000;
        }
        numericDigits(n, Math.floorDiv(-scale, 4), negative, dscale);
    }

    /** As {@link #numeric(long, boolean, int, int)} for any unscaled value. */
    void numeric(BigInteger unscaled, int scale, int dscale) {
        if (unscaled.bitLength() < 64) {
            long v = unscaled.longValue();
            // -Long.MIN_VALUE is Long.MIN_VALUE, whose bits read unsigned are 2^63: its magnitude
            numeric(v < 0 ? -v : v, v < 0, scale, dscale);
            return;
        }
        // More than 19 digits: BigInteger division, four base-10000 digits at a time, after
        // scaling up so the point falls between two base-10000 digits.
        int position = Math.floorMod(-scale, 4);
        BigInteger rest = unscaled.abs();
        if (position != 0) {
            rest = rest.multiply(BIG_POW10[position]);
        }
        int n = 0;
        while (rest.signum() != 0) {
            BigInteger[] qr = rest.divideAndRemainder(TEN_POW_16);
            long chunk = qr[1].longValue();
            rest = qr[0];
            if (n + 4 > groups.length) {
                groups = Arrays.copyOf(groups, groups.length * 2);
            }
            for (int i = 0; i < 4; i++) {
                groups[n++] = (int) (chunk % 10000);
                chunk /= 10000;
            }
        }
        while (groups[n - 1] == 0) { // the top chunk's leading zeros
            n--;
        }
        numericDigits(n, Math.floorDiv(-scale - position, 4), unscaled.signum() < 0, dscale);
    }

    /**
     * Writes {@code groups[0..n)} (lowest first, the highest nonzero) with the lowest at base-10000
     * exponent {@code lowestWeight}; zero digits at the low end are left out, as the server would.
     */
    private void numericDigits(int n, int lowestWeight, boolean negative, int dscale) {
        int lowest = 0;
        while (groups[lowest] == 0) {
            lowest++;
        }
        numericHeader(n - lowest, lowestWeight + n - 1, negative ? NUMERIC_NEG : NUMERIC_POS, dscale);
        ensure(2 * (n - lowest));
        for (int i = n - 1; i >= lowest; i--) {
            int d = groups[i];
            bytes[size++] = (byte) (d >> 8);
            bytes[size++] = (byte) d;
        }
    }

    private void numericHeader(int ndigits, int weight, int sign, int dscale) {
        ensure(8);
        int16(ndigits);
        int16(weight);
        int16(sign);
        int16(dscale);
    }

    /**
     * Any text encoded to UTF-8, unescaped.
     *
     * @throws RejectedValueException for a NUL character or an unpaired surrogate, with
     *         {@link CopyTextBuffer#text}'s messages
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for the ASCII it is used on
    void utf8(String s) {
        int n = s.length();
        ensure(n);
        if (plainAscii(s, n)) { // most text: one bulk copy instead of a branch per character
            s.getBytes(0, n, bytes, size);
            size += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '\0') {
                    throw nul(i);
                }
                ensure(1);
                bytes[size++] = (byte) c;
            } else {
                i = nonAscii(s, i);
            }
        }
    }

    /** True when every character is ASCII other than NUL: one byte each, nothing to refuse. */
    private static boolean plainAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void putInt(int at, int v) {
        byte[] b = bytes;
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

}
