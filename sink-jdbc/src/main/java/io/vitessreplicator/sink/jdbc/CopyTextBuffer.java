package io.vitessreplicator.sink.jdbc;

/**
 * Bytes of {@code COPY ... FROM STDIN} in PostgreSQL's text format: fields separated by tabs,
 * rows ended by newlines, {@code \N} for NULL, and backslash escapes for backslash, tab, newline
 * and carriage return inside values.
 *
 * <p>Strings are escaped and encoded to UTF-8 in one pass by hand rather than with
 * {@code String.getBytes}, because the JDK replaces an unpaired surrogate with {@code ?} without
 * a word; here it is a {@link RejectedValueException}, as is a NUL character, which no PostgreSQL
 * text value can hold.
 *
 * <p>The caller drains the buffer (see {@link #size()}, {@link #array()}, {@link #clear()})
 * after each row once it passes its flush size, so memory stays near one flush plus one row.
 */
final class CopyTextBuffer extends CopyBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);


    CopyTextBuffer(int initialCapacity) {
        super(initialCapacity, "text");
    }

    void nullValue() {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = 'N';
    }

    void fieldSeparator() {
        put('\t');
    }

    void endRow() {
        put('\n');
    }

    /** Characters that need no escaping and are ASCII: digits, signs, dates, literal syntax. */
    void ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** A long in decimal, written straight into the buffer (no String per value). */
    void digits(long n) {
        if (n == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (n < 0) {
            bytes[size++] = '-';
            n = -n;
        }
        paddedDigits(n, 1);
    }

    /** A non-negative number in decimal, left-padded with zeros to {@code width} digits. */
    void paddedDigits(long n, int width) {
        if (width == 2 && n >= 0 && n < 100) { // months, days, hours, minutes, seconds
            ensure(2);
            bytes[size++] = (byte) ('0' + n / 10);
            bytes[size++] = (byte) ('0' + n % 10);
            return;
        }
        int count = 1;
        for (long t = n; t >= 10; t /= 10) {
            count++;
        }
        int total = Math.max(count, width);
        ensure(total);
        int end = size + total;
        for (int i = end - 1; i >= size + total - count; i--) {
            bytes[i] = (byte) ('0' + (n % 10));
            n /= 10;
        }
        for (int i = size; i < end - count; i++) {
            bytes[i] = '0';
        }
        size = end;
    }

    void put(char asciiChar) {
        ensure(1);
        bytes[size++] = (byte) asciiChar;
    }

    /** A bytea value in hex form ({@code \x0aff}), its backslash escaped for COPY. */
    void byteaHex(byte[] value) {
        ensure(3 + 2 * value.length);
        bytes[size++] = '\\';
        bytes[size++] = '\\';
        bytes[size++] = 'x';
        for (byte b : value) {
            bytes[size++] = HEX[(b >> 4) & 0xf];
            bytes[size++] = HEX[b & 0xf];
        }
    }

    /**
     * Any text, escaped for COPY and encoded to UTF-8.
     *
     * @throws RejectedValueException for a NUL character or an unpaired surrogate
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for the ASCII it is used on
    void text(String s) {
        int n = s.length();
        ensure(n + 16);
        if (plainAscii(s, n)) { // most text: one bulk copy instead of a branch per character
            s.getBytes(0, n, bytes, size);
            size += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> pair('\\', '\\');
                    case '\t' -> pair('\\', 't');
                    case '\n' -> pair('\\', 'n');
                    case '\r' -> pair('\\', 'r');
                    case '\0' -> throw nul(i);
                    default -> {
                        ensure(1);
                        bytes[size++] = (byte) c;
                    }
                }
            } else {
                i = nonAscii(s, i);
            }
        }
    }

    /** True when every character is printable ASCII other than backslash: nothing to escape or encode. */
    private static boolean plainAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void pair(char a, char b) {
        ensure(2);
        bytes[size++] = (byte) a;
        bytes[size++] = (byte) b;
    }

}
