package io.vitessreplicator.sink.jdbc;

import java.util.Arrays;

/**
 * The growable byte array under both COPY forms ({@link CopyTextBuffer}, {@link CopyBinaryBuffer}):
 * size, mark and truncate for undoing a refused row, and the UTF-8 encoding of non-ASCII
 * characters with the refusal of an unpaired surrogate, which the JDK's encoder would replace with
 * {@code ?} without a word.
 */
abstract class CopyBytes {
    protected byte[] bytes;
    protected int size;
    private final String form;

    /** @param form the COPY form, for the error of a row over 2 GiB */
    CopyBytes(int initialCapacity, String form) {
        this.bytes = new byte[Math.max(32, initialCapacity)];
        this.form = form;
    }

    final int size() {
        return size;
    }

    /** The buffer's backing array; valid bytes are {@code [0, size())}. */
    final byte[] array() {
        return bytes;
    }

    final void clear() {
        size = 0;
    }

    /** The row's start, to undo a partly written row with {@link #truncate}. */
    final int mark() {
        return size;
    }

    final void truncate(int mark) {
        size = mark;
    }

    /**
     * Writes {@code s.charAt(i)}, which is not ASCII, as UTF-8 (with its low surrogate when it is a
     * high one).
     *
     * @return the index of the last character used: {@code i}, or {@code i + 1} for a surrogate pair
     */
    protected final int nonAscii(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x800) {
            ensure(2);
            bytes[size++] = (byte) (0xc0 | (c >> 6));
            bytes[size++] = (byte) (0x80 | (c & 0x3f));
            return i;
        }
        if (Character.isSurrogate(c)) {
            if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                throw new RejectedValueException("the value contains an unpaired UTF-16 surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at character " + i
                        + ", which is not valid Unicode");
            }
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            ensure(4);
            bytes[size++] = (byte) (0xf0 | (cp >> 18));
            bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 | (cp & 0x3f));
            return i + 1;
        }
        ensure(3);
        bytes[size++] = (byte) (0xe0 | (c >> 12));
        bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        bytes[size++] = (byte) (0x80 | (c & 0x3f));
        return i;
    }

    /** The refusal of a NUL character at index {@code i}, which no PostgreSQL text value can hold. */
    protected static RejectedValueException nul(int i) {
        return new RejectedValueException("the value contains a NUL character (U+0000) at character " + i
                + ", which PostgreSQL text cannot store");
    }

    protected final void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new RejectedValueException("the row is larger than 2 GiB in COPY " + form + " form");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
