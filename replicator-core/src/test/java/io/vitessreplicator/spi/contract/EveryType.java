package io.vitessreplicator.spi.contract;

import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table with a column of every MySQL type the replicator maps, and rows at each type's edges: the
 * Java values {@link ColumnType} documents, which every sink must hand back exactly (BigDecimal
 * scale, the bits of -0.0 and NaN, every byte).
 */
public final class EveryType {
    public static final List<String> ENUM = List.of("small", "medium", "large");
    public static final List<String> SET = List.of("a", "b", "c,d", "\"quoted\"", "back\\slash");
    /** Column name → type, in table order after the key {@code id}. */
    public static final Map<String, ColumnType> COLUMNS = columns();
    /** Index of each column in a row (0 is {@code id}). */
    public static final int FLOAT = 13;
    public static final int DOUBLE = 14;
    public static final int DATE = 23;
    public static final int DATETIME6 = 24;

    private EveryType() {}

    private static Map<String, ColumnType> columns() {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        m.put("ti", ColumnType.of(Kind.TINYINT, "tinyint"));
        m.put("tiu", TestTables.unsigned(Kind.TINYINT, "tinyint unsigned"));
        m.put("si", ColumnType.of(Kind.SMALLINT, "smallint"));
        m.put("siu", TestTables.unsigned(Kind.SMALLINT, "smallint unsigned"));
        m.put("mi", ColumnType.of(Kind.MEDIUMINT, "mediumint"));
        m.put("miu", TestTables.unsigned(Kind.MEDIUMINT, "mediumint unsigned"));
        m.put("i", ColumnType.of(Kind.INT, "int"));
        m.put("iu", TestTables.unsigned(Kind.INT, "int unsigned"));
        m.put("bi", TestTables.BIGINT);
        m.put("biu", TestTables.unsigned(Kind.BIGINT, "bigint unsigned"));
        m.put("dec65", TestTables.decimal(65, 30));
        m.put("dec10", TestTables.decimal(10, 2));
        m.put("f", ColumnType.of(Kind.FLOAT, "float"));
        m.put("d", ColumnType.of(Kind.DOUBLE, "double"));
        m.put("b1", TestTables.length(Kind.BIT, 1, "bit(1)"));
        m.put("b64", TestTables.length(Kind.BIT, 64, "bit(64)"));
        m.put("c", TestTables.length(Kind.CHAR, 10, "char(10)"));
        m.put("vc", TestTables.length(Kind.VARCHAR, 255, "varchar(255)"));
        m.put("tx", ColumnType.of(Kind.TEXT, "longtext"));
        m.put("bin", TestTables.length(Kind.BINARY, 4, "binary(4)"));
        m.put("vb", TestTables.length(Kind.VARBINARY, 300, "varbinary(300)"));
        m.put("bl", ColumnType.of(Kind.BLOB, "blob"));
        m.put("dt", ColumnType.of(Kind.DATE, "date"));
        m.put("dtm6", TestTables.fraction(Kind.DATETIME, 6, "datetime(6)"));
        m.put("dtm0", TestTables.fraction(Kind.DATETIME, 0, "datetime"));
        m.put("ts6", TestTables.fraction(Kind.TIMESTAMP, 6, "timestamp(6)"));
        m.put("tm6", TestTables.fraction(Kind.TIME, 6, "time(6)"));
        m.put("yr", ColumnType.of(Kind.YEAR, "year"));
        m.put("js", ColumnType.of(Kind.JSON, "json"));
        m.put("en", TestTables.elements(Kind.ENUM, ENUM, "enum('small','medium','large')"));
        m.put("st", TestTables.elements(Kind.SET, SET, "set('a','b','c,d','\"quoted\"','back\\\\slash')"));
        return m;
    }

    /** The table, keyed by {@code id}, in {@code keyspace}. */
    public static TableSchema table(String keyspace, String name) {
        List<Column> columns = new ArrayList<>();
        columns.add(key("id", TestTables.BIGINT));
        COLUMNS.forEach((n, type) -> columns.add(col(n, type)));
        return TestTables.table(new TableId(keyspace, name), List.of("id"), columns);
    }

    private static byte[] allBytes(boolean reversed) {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) (reversed ? 255 - i : i);
        }
        return b;
    }

    public static Object[] maxima() {
        return new Object[] {1L, 127L, 255L, 32767L, 65535L, 8388607L, 16777215L, 2147483647L, 4294967295L, Long.MAX_VALUE,
                new BigInteger("18446744073709551615"),
                new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"),
                new BigDecimal("99999999.99"), Float.MAX_VALUE, Double.MAX_VALUE, 1L, -1L,
                "\uD83D\uDE80".repeat(10), "tab\tnewline\nreturn\rback\\slash \\N \\. \uD83D\uDE80 \u00e9 \u4e2d \uD834\uDD1E",
                "x".repeat(100_000) + "\uD83D\uDE80", new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255},
                allBytes(false), allBytes(true), LocalDate.of(9999, 12, 31),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(9999, 12, 31, 23, 59, 59),
                Instant.parse("2038-01-19T03:14:07.999999Z"), Duration.ofHours(838).plusMinutes(59).plusSeconds(59),
                2155, "{\"a\": {\"b\": [\"\u00fc\", \"\uD83D\uDE80\", null, 1.5, true]}, \"\u00e9t\u00e9\": \"\\\"quoted\\\" \\\\ \\t\"}",
                "large", SET};
    }

    public static Object[] minima() {
        return new Object[] {2L, -128L, 0L, -32768L, 0L, -8388608L, 0L, -2147483648L, 0L, Long.MIN_VALUE, BigInteger.ZERO,
                new BigDecimal("-99999999999999999999999999999999999.999999999999999999999999999999"),
                new BigDecimal("-0.01"), Float.MIN_VALUE, -Double.MIN_VALUE, 0L, 0L, "", "", "",
                new byte[4], new byte[0], new byte[0], LocalDate.of(1000, 1, 1),
                LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000), LocalDateTime.of(1000, 1, 1, 0, 0),
                Instant.parse("1970-01-01T00:00:01Z"), Duration.ofHours(-838).minusMinutes(59).minusSeconds(59),
                1901, "[]", "small", List.of()};
    }

    public static Object[] specials() {
        return new Object[] {3L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, BigInteger.ONE,
                new BigDecimal("0E-30"), new BigDecimal("0.00"), -0.0f, Double.NaN, 0L, Long.MIN_VALUE,
                "  padded  ", " ", "null", new byte[] {0, 0, 0, 0}, new byte[] {0}, new byte[] {'\\', 'N'},
                LocalDate.of(1, 1, 1), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 500_000),
                LocalDateTime.of(1970, 1, 1, 0, 0), Instant.parse("2024-06-30T23:59:59.000001Z"),
                Duration.ofMillis(-1500), 0, "null", "medium", List.of("b")};
    }

    public static Object[] nulls(long id) {
        Object[] r = new Object[COLUMNS.size() + 1];
        r[0] = id;
        return r;
    }

    /** A row of nulls but for the float and the double. */
    public static Object[] withFloats(long id, float f, double d) {
        Object[] r = nulls(id);
        r[FLOAT] = f;
        r[DOUBLE] = d;
        return r;
    }
}
