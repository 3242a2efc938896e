package io.vitessreplicator.sink.redshift;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bytes of the staged CSV files, exactly as {@link RedshiftCopyStatement} loads them
 * ({@code FORMAT AS CSV QUOTE AS '"' DELIMITER ',' NULL AS '\000'}): fields separated by commas,
 * records ended by a line feed, NULL as a field holding one NUL byte (unquoted), quoted fields with
 * their quotes doubled and every other character (commas, CR, LF, tabs, backslashes) kept as it is.
 *
 * <p>Strings are quoted, escaped and encoded to UTF-8 in one pass by hand, with a bulk copy for
 * plain ASCII, so the hot path makes no String or byte[] per value; the JDK's encoder would also
 * replace an unpaired surrogate with {@code ?} without a word. A NUL character (U+0000) is a
 * {@link RedshiftRejectedValueException}: Redshift VARCHAR cannot hold it, and it is the files' NULL
 * marker.
 *
 * <p>The owner drains the buffer between whole records ({@link #array()}, {@link #size()},
 * {@link #clear()}, {@link #discardFirst(int)}); see {@link RedshiftStagedFiles}.
 */
public final class RedshiftCsvBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    public RedshiftCsvBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; valid bytes are {@code [0, size())}. */
    public byte[] array() {
        return bytes;
    }

    public void clear() {
        size = 0;
    }

    /** Drops the first {@code n} bytes (records already written elsewhere), keeping the rest. */
    public void discardFirst(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot discard " + n + " of " + size + " bytes");
        }
        System.arraycopy(bytes, n, bytes, 0, size - n);
        size -= n;
    }

    /** The current length, to undo a partly written record with {@link #truncate}. */
    public int mark() {
        return size;
    }

    public void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("bad mark " + mark);
        }
        size = mark;
    }

    /** NULL: one NUL byte, unquoted ({@code NULL AS '\000'}). */
    void nullField() {
        put((byte) 0);
    }

    void separator() {
        put((byte) ',');
    }

    void endRecord() {
        put((byte) '\n');
    }

    /** ASCII that needs no quoting: digits, signs, points, dates, times. */
    void ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    void put(char asciiChar) {
        put((byte) asciiChar);
    }

    /** A long in decimal, written straight into the buffer. */
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
        int count = 1;
        for (long t = n; t >= 10; t /= 10) {
            count++;
        }
        int total = Math.max(count, width);
        ensure(total);
        int end = size + total;
        for (int i = end - 1; i >= end - count; i--) {
            bytes[i] = (byte) ('0' + (n % 10));
            n /= 10;
        }
        for (int i = size; i < end - count; i++) {
            bytes[i] = '0';
        }
        size = end;
    }

    /** Bytes as lowercase hexadecimal without a prefix, quoted (so an empty value is {@code ""}). */
    void quotedHex(byte[] value) {
        ensure(2 + 2 * value.length);
        bytes[size++] = '"';
        for (byte b : value) {
            bytes[size++] = HEX[(b >> 4) & 0xf];
            bytes[size++] = HEX[b & 0xf];
        }
        bytes[size++] = '"';
    }

    /**
     * Text as a quoted field: UTF-8, {@code "} doubled, everything else as it is.
     *
     * @return the UTF-8 length of the value itself (what a Redshift VARCHAR length counts)
     * @throws RedshiftRejectedValueException for a NUL character or an unpaired surrogate
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for the ASCII it is used on
    int quotedText(CharSequence value) {
        int n = value.length();
        ensure(n + 2);
        bytes[size++] = '"';
        int start = size;
        if (value instanceof String s && plainAscii(s, n)) { // most text: one bulk copy
            s.getBytes(0, n, bytes, size);
            size += n;
            bytes[size++] = '"';
            return n;
        }
        int doubled = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    size = start - 1;
                    throw new RedshiftRejectedValueException("the value contains a NUL character (U+0000) at character "
                            + i + ", which Redshift VARCHAR cannot store (and which the staged files use as their NULL"
                            + " marker)");
                }
                ensure(2);
                if (c == '"') {
                    bytes[size++] = '"';
                    doubled++;
                }
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xc0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    size = start - 1;
                    throw new RedshiftRejectedValueException("the value contains an unpaired UTF-16 surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ") at character " + i
                            + ", which is not valid Unicode");
                }
                int cp = Character.toCodePoint(c, value.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xf0 | (cp >> 18));
                bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                bytes[size++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                ensure(3);
                bytes[size++] = (byte) (0xe0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        int length = size - start - doubled;
        put((byte) '"');
        return length;
    }

    /** True when every character is ASCII other than NUL and the quote: copied as it is. */
    private static boolean plainAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '"' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new RedshiftRejectedValueException("the row is larger than 2 GiB in CSV form");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
