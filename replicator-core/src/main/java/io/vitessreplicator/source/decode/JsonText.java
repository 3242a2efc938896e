package io.vitessreplicator.source.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites JSON text into the form MySQL itself prints, so that both VStream phases give the
 * same String for the same document.
 *
 * <p>The copy phase sends MySQL's own text: members of an object in MySQL's storage order (keys
 * sorted by UTF-8 byte length, then bytewise), {@code ", "} between elements and {@code ": "}
 * after keys. Streaming sends vttablet's rendering of the binlog's binary JSON: the same
 * separators, scalars and escapes, but object keys sorted plainly bytewise ({@code "aa"} before
 * {@code "b"}). This class re-sorts object members into MySQL's order and re-emits the
 * separators; strings, numbers and literals are copied verbatim. Text already in MySQL's form
 * (every copy-phase value) comes out byte for byte unchanged.
 *
 * <p>Not fixable here, because the information is gone before it reaches us: JSON opaque values
 * (built from BLOB/BIT columns by JSON functions) print as {@code "base64:type252:..."} in the
 * copy phase and always {@code "base64:type15:..."} when streamed; a TIME over 24 hours inside
 * JSON streams with a wrong hour. Plain JSON documents are unaffected.
 */
final class JsonText {
    private final byte[] in;
    private int pos;
    private final int end;
    private byte[] out;
    private int size;

    private JsonText(byte[] in, int off, int len) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
        this.out = new byte[len + 16];
    }

    /** MySQL's canonical text of the JSON document in {@code b[off, off+len)}. */
    static String canonical(byte[] b, int off, int len) {
        JsonText t = new JsonText(b, off, len);
        t.value(0);
        t.skipWhitespace();
        if (t.pos != t.end) {
            throw t.malformed("trailing characters");
        }
        return new String(t.out, 0, t.size, StandardCharsets.UTF_8);
    }

    private void value(int depth) {
        if (depth > 1000) {
            throw malformed("nesting too deep");
        }
        skipWhitespace();
        if (pos >= end) {
            throw malformed("value expected");
        }
        byte c = in[pos];
        if (c == '{') {
            object(depth);
        } else if (c == '[') {
            array(depth);
        } else if (c == '"') {
            int start = pos;
            skipString();
            write(in, start, pos - start);
        } else {
            int start = pos;
            while (pos < end && !isDelimiter(in[pos])) {
                pos++;
            }
            if (pos == start) {
                throw malformed("value expected");
            }
            write(in, start, pos - start);
        }
    }

    private void array(int depth) {
        pos++; // [
        writeByte('[');
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            writeByte(']');
            return;
        }
        while (true) {
            value(depth + 1);
            skipWhitespace();
            byte c = next();
            if (c == ']') {
                writeByte(']');
                return;
            }
            if (c != ',') {
                throw malformed("',' or ']' expected");
            }
            writeByte(',');
            writeByte(' ');
        }
    }

    private void object(int depth) {
        pos++; // {
        writeByte('{');
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            writeByte('}');
            return;
        }
        int membersStart = size;
        // Per member: [key start in input, key end in input, start in output, end in output]
        int[] members = new int[4 * 8];
        int count = 0;
        boolean sorted = true;
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw malformed("object key expected");
            }
            int keyStart = pos;
            skipString();
            int keyEnd = pos;
            if (count * 4 == members.length) {
                members = Arrays.copyOf(members, members.length * 2);
            }
            int memberStart = size;
            write(in, keyStart, keyEnd - keyStart);
            skipWhitespace();
            if (next() != ':') {
                throw malformed("':' expected");
            }
            writeByte(':');
            writeByte(' ');
            value(depth + 1);
            members[count * 4] = keyStart;
            members[count * 4 + 1] = keyEnd;
            members[count * 4 + 2] = memberStart;
            members[count * 4 + 3] = size;
            if (count > 0 && compareKeys(members, count - 1, count) > 0) {
                sorted = false;
            }
            count++;
            skipWhitespace();
            byte c = next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw malformed("',' or '}' expected");
            }
            writeByte(',');
            writeByte(' ');
        }
        if (!sorted) {
            reorder(members, count, membersStart);
        }
        writeByte('}');
    }

    /** Rewrites the members already emitted at {@code membersStart} in MySQL key order. */
    private void reorder(int[] members, int count, int membersStart) {
        byte[] emitted = Arrays.copyOfRange(out, membersStart, size);
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> compareKeys(members, x, y));
        size = membersStart;
        for (int k = 0; k < count; k++) {
            int m = order[k];
            if (k > 0) {
                writeByte(',');
                writeByte(' ');
            }
            write(emitted, members[m * 4 + 2] - membersStart, members[m * 4 + 3] - members[m * 4 + 2]);
        }
    }

    /** MySQL's key order: shorter UTF-8 first, then unsigned bytewise. Keys are compared unescaped. */
    private int compareKeys(int[] members, int x, int y) {
        int aFrom = members[x * 4] + 1;
        int aTo = members[x * 4 + 1] - 1;
        int bFrom = members[y * 4] + 1;
        int bTo = members[y * 4 + 1] - 1;
        if (!hasEscape(aFrom, aTo) && !hasEscape(bFrom, bTo)) {
            if (aTo - aFrom != bTo - bFrom) {
                return Integer.compare(aTo - aFrom, bTo - bFrom);
            }
            return Arrays.compareUnsigned(in, aFrom, aTo, in, bFrom, bTo);
        }
        byte[] a = unescape(aFrom, aTo);
        byte[] b = unescape(bFrom, bTo);
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    private boolean hasEscape(int from, int to) {
        for (int i = from; i < to; i++) {
            if (in[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The UTF-8 bytes of a string's content {@code in[from, to)} with escapes resolved. */
    private byte[] unescape(int from, int to) {
        StringBuilder s = new StringBuilder();
        String raw = new String(in, from, to - from, StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                s.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (i + 4 >= raw.length()) {
                        throw malformed("bad \\u escape");
                    }
                    s.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> s.append(e);
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void skipString() {
        pos++; // opening quote
        while (pos < end) {
            byte c = in[pos++];
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return;
            }
        }
        throw malformed("unterminated string");
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == ']' || c == '}' || c == ':' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private byte peek() {
        if (pos >= end) {
            throw malformed("unexpected end");
        }
        return in[pos];
    }

    private byte next() {
        byte c = peek();
        pos++;
        return c;
    }

    private void writeByte(int c) {
        if (size == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[size++] = (byte) c;
    }

    private void write(byte[] src, int off, int len) {
        if (size + len > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + len));
        }
        System.arraycopy(src, off, out, size, len);
        size += len;
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed JSON (" + why + " at byte " + pos + ")");
    }
}
