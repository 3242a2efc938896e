package io.vitessreplicator.sink.redshift.emulator;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
    private Utf8() {}

    /** The offset of the first invalid byte in {@code b[from, to)}, or -1 when it is all valid UTF-8. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
                cp = c & 0x07;
            } else {
                return i;
            }
            for (int k = 1; k <= need; k++) {
                if (i + k >= to) {
                    return i;
                }
                int d = b[i + k] & 0xff;
                if ((d & 0xc0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (d & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }
}
