package io.vitessreplicator.source.decode;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A MySQL character set, found by the collation id that VStream puts in {@code Field.charset},
 * and how its bytes become a Java String.
 *
 * <p>VStream sends text as the column's own bytes in both phases (the copy phase reads with a
 * binary connection character set; the binlog holds column bytes), so the decoder must apply the
 * column's character set itself. Only character sets whose Java equivalent is exact are decodable;
 * a column in any other character set is reported unsupported rather than decoded with a
 * look-alike table that could change characters silently.
 *
 * <p>MySQL's {@code latin1} is not ISO-8859-1: it is Windows-1252, plus the five bytes that
 * Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which MySQL maps to the C1
 * control characters of the same value. Neither of Java's two candidates matches, so it has its
 * own table here.
 */
final class MysqlCharset {
    /** Collation id of the {@code binary} pseudo character set: the value is bytes, not text. */
    static final int BINARY_COLLATION = 63;

    private static final String[] NAME_BY_COLLATION = collationTable();
    private static final char[] LATIN1 = latin1Table();

    private final String name;
    private final Charset javaCharset; // null for binary and latin1
    private final boolean latin1;

    private MysqlCharset(String name, Charset javaCharset, boolean latin1) {
        this.name = requireNonNull(name, "name is null");
        this.javaCharset = javaCharset;
        this.latin1 = latin1;
    }

    /** The MySQL character set name of a collation id, or empty when the id is unknown. */
    static Optional<String> nameOf(int collationId) {
        if (collationId < 0 || collationId >= NAME_BY_COLLATION.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(NAME_BY_COLLATION[collationId]);
    }

    /**
     * The decodable character set of a collation id, or empty when the id is unknown or its
     * character set has no exact Java equivalent here.
     */
    static Optional<MysqlCharset> forCollation(int collationId) {
        return nameOf(collationId).flatMap(MysqlCharset::forName);
    }

    static Optional<MysqlCharset> forName(String name) {
        return Optional.ofNullable(switch (name) {
            case "utf8mb4" -> new MysqlCharset(name, StandardCharsets.UTF_8, false);
            case "utf8mb3" -> new MysqlCharset(name, StandardCharsets.UTF_8, false);
            case "latin1" -> new MysqlCharset(name, null, true);
            case "ascii" -> new MysqlCharset(name, StandardCharsets.US_ASCII, false);
            case "binary" -> new MysqlCharset(name, null, false);
            case "utf16" -> new MysqlCharset(name, StandardCharsets.UTF_16BE, false);
            case "utf16le" -> new MysqlCharset(name, StandardCharsets.UTF_16LE, false);
            case "ucs2" -> new MysqlCharset(name, StandardCharsets.UTF_16BE, false);
            case "utf32" -> new MysqlCharset(name, Charset.forName("UTF-32BE"), false);
            default -> null;
        });
    }

    String name() {
        return name;
    }

    boolean isBinary() {
        return javaCharset == null && !latin1;
    }

    /** Decodes column bytes to text. Not for {@link #isBinary() binary}. */
    String decode(byte[] bytes, int offset, int length) {
        if (latin1) {
            return decodeLatin1(bytes, offset, length);
        }
        if (javaCharset == null) {
            throw new IllegalStateException("binary values are bytes, not text");
        }
        return new String(bytes, offset, length, javaCharset);
    }

    private static String decodeLatin1(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x80 && b <= 0x9f) {
                char[] chars = new char[length];
                for (int j = 0; j < length; j++) {
                    chars[j] = LATIN1[bytes[offset + j] & 0xff];
                }
                return new String(chars);
            }
        }
        // 0x00-0x7F and 0xA0-0xFF are the same code points in MySQL latin1 and ISO-8859-1.
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static char[] latin1Table() {
        char[] table = new char[256];
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0; b < 256; b++) {
            String s = new String(new byte[] {(byte) b}, cp1252);
            table[b] = s.charAt(0) == '\uFFFD' ? (char) b : s.charAt(0);
        }
        return table;
    }

    /** Collation ids by character set, as information_schema.COLLATIONS of MySQL 9.7 lists them. */
    private static String[] collationTable() {
        String[][] sets = {
            {"armscii8", "32,64"}, {"ascii", "11,65"}, {"big5", "1,84"}, {"binary", "63"},
            {"cp1250", "26,34,44,66,99"}, {"cp1251", "14,23,50,51,52"}, {"cp1256", "57,67"},
            {"cp1257", "29,58,59"}, {"cp850", "4,80"}, {"cp852", "40,81"}, {"cp866", "36,68"},
            {"cp932", "95,96"}, {"dec8", "3,69"}, {"eucjpms", "97,98"}, {"euckr", "19,85"},
            {"gb18030", "248,249,250"}, {"gb2312", "24,86"}, {"gbk", "28,87"}, {"geostd8", "92,93"},
            {"greek", "25,70"}, {"hebrew", "16,71"}, {"hp8", "6,72"}, {"keybcs2", "37,73"},
            {"koi8r", "7,74"}, {"koi8u", "22,75"}, {"latin1", "5,8,15,31,47,48,49,94"},
            {"latin2", "2,9,21,27,77"}, {"latin5", "30,78"}, {"latin7", "20,41,42,79"},
            {"macce", "38,43"}, {"macroman", "39,53"}, {"sjis", "13,88"}, {"swe7", "10,82"},
            {"tis620", "18,89"}, {"ucs2", "35,90,128-151,159"}, {"ujis", "12,91"},
            {"utf16", "54,55,101-124"}, {"utf16le", "56,62"}, {"utf32", "60,61,160-183"},
            {"utf8mb3", "33,76,83,192-215,223"},
            {"utf8mb4", "45,46,224-247,255-271,273-275,277-294,296-298,300,303-323"},
        };
        String[] table = new String[324];
        for (String[] set : sets) {
            for (String part : set[1].split(",")) {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                for (int id = from; id <= to; id++) {
                    table[id] = set[0];
                }
            }
        }
        return table;
    }

    @Override
    public String toString() {
        return name;
    }
}
