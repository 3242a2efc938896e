package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.execute;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.TableChanges;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The binary COPY form against the text form, on the real server: for every type the sink maps and
 * its edge values, the same values loaded through {@link PostgresCopyLoader} in each form (straight
 * into a target table, and into staging with deletes) must be stored identically: same
 * {@code ::text}, {@code IS NOT DISTINCT FROM}, and same bytes from the type's send function (which
 * tells apart what equality does not: numeric display scale, float bits, '24:00:00' and '1 day').
 * Values the sink refuses must be refused by both forms with the same message; values the server
 * refuses (beyond its ranges, invalid JSON) must be refused by it in both forms with the same
 * SQLSTATE. And a table whose column type has no binary form falls back to text.
 */
class PostgresCopyFormatsIT {
    private static final String SCHEMA = "pgsink_copyformats";
    private static final PgTestSchema DB = new PgTestSchema(SCHEMA);
    private static final TargetTables TABLES = new TargetTables(PostgresSinkConfig.from(ConfigNode.of("sink",
            Map.of("url", "jdbc:postgresql://h/db", "schema", SCHEMA))), new PostgresDialect());

    /**
     * One column type: values both forms must store identically or refuse alike, and values the
     * server must refuse in both forms.
     */
    private record Case(String name, ColumnType type, List<Object> values, List<Object> serverRefuses) {
        Case(String name, ColumnType type, Object... values) {
            this(name, type, Arrays.asList(values), List.of());
        }

        Case refusedByServer(Object... more) {
            return new Case(name, type, values, Arrays.asList(more));
        }
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("tinyint", Types.of(Kind.TINYINT, "tinyint"), -128L, 127L, 0L, null, 32767L, -32768L, 32768L,
                5));
        c.add(new Case("tinyint_u", Types.unsigned(Kind.TINYINT, "tinyint unsigned"), 0L, 255L));
        c.add(new Case("smallint_u", Types.unsigned(Kind.SMALLINT, "smallint unsigned"), 0L, 65535L, -1L, null));
        c.add(new Case("mediumint", Types.of(Kind.MEDIUMINT, "mediumint"), -8388608L, 8388607L));
        c.add(new Case("int", Types.INT, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, 0L, 2147483648L,
                -2147483649L, null, "12"));
        c.add(new Case("int_u", Types.unsigned(Kind.INT, "int unsigned"), 0L, 4294967295L));
        c.add(new Case("bigint", Types.BIGINT, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, null, 1.5d));
        c.add(new Case("year", Types.of(Kind.YEAR, "year"), 1901, 2155, 0, null));
        c.add(new Case("bigint_u", Types.unsigned(Kind.BIGINT, "bigint unsigned"), BigInteger.ZERO, BigInteger.ONE,
                new BigInteger("9999"), new BigInteger("10000"), new BigInteger("9223372036854775807"),
                new BigInteger("9223372036854775808"), new BigInteger("18446744073709551615"),
                new BigInteger("18446744073709551616"), BigInteger.ONE.negate(), null, 5L));
        c.add(new Case("dec10_2", Types.decimal(10, 2), new BigDecimal("0"), new BigDecimal("0.00"),
                new BigDecimal("0.01"), new BigDecimal("-0.01"), new BigDecimal("1E+3"), new BigDecimal("1.500"),
                new BigDecimal("1.5000000000000000000000"), new BigDecimal("99999999.99"),
                new BigDecimal("-99999999.99"), new BigDecimal("12345678.9"), new BigDecimal("5E-2"),
                new BigDecimal("1.005"), new BigDecimal("123456789.12"), new BigDecimal("-100000000"), null));
        c.add(new Case("dec65_30", Types.decimal(65, 30),
                new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"),
                new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890"),
                new BigDecimal("1E-30"), new BigDecimal("-1E-30"), new BigDecimal("0E-30"),
                new BigDecimal("9".repeat(35) + "." + "9".repeat(30)), new BigDecimal("1E+34"),
                new BigDecimal("1E-31"), new BigDecimal("1E+35"), null));
        c.add(new Case("dec65_0", Types.decimal(65, 0), new BigDecimal("9".repeat(65)),
                new BigDecimal("-" + "9".repeat(65)), new BigDecimal("1E+64"), new BigDecimal("1.23E+5"),
                new BigDecimal("1E+65")));
        c.add(new Case("dec19_4", Types.decimal(19, 4), new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE), 4),
                new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE), 4),
                new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE + 1), 4), new BigDecimal("123456789012345.6789"),
                new BigDecimal("0.0001"), new BigDecimal("-0.0001")));
        c.add(new Case("dec20_2", Types.decimal(20, 2), new BigDecimal(BigInteger.ONE.shiftLeft(63), 2),
                new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), 2),
                new BigDecimal(BigInteger.ONE.shiftLeft(64).negate(), 2), new BigDecimal("999999999999999999.99")));
        c.add(new Case("dec1_1", Types.decimal(1, 1), new BigDecimal("0.1"), new BigDecimal("-0.9"),
                new BigDecimal("0"), new BigDecimal("1")));
        c.add(new Case("dec1000_500", Types.decimal(1000, 500), new BigDecimal("7".repeat(500) + "." + "3".repeat(500)),
                new BigDecimal("-1E-500"), new BigDecimal("1E+499")));
        c.add(new Case("float", Types.of(Kind.FLOAT, "float"), 0.1f, -0.0f, 0.0f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, -Float.MAX_VALUE,
                16777217f, 1.0E10f, 3.4028235E38f, 1.17549435E-38f, 9.999999E-39f, null, 1.0d));
        c.add(new Case("double", Types.of(Kind.DOUBLE, "double"), 0.1d, 0.1 + 0.2, -0.0d, 0.0d, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.MIN_NORMAL, 2e23, 1.0E23, 9007199254740993.0, 2.2250738585072014E-308, 4.9E-324,
                1.7976931348623157E308, 5.0E-324, 2.0E-3, 1.0E-5, 123456789.123456789, null, 1.0f));
        c.add(new Case("bit1", Types.length(Kind.BIT, 1, "bit(1)"), 0L, 1L, 2L));
        c.add(new Case("bit3", Types.length(Kind.BIT, 3, "bit(3)"), 5L, 7L, 8L));
        c.add(new Case("bit10", Types.length(Kind.BIT, 10, "bit(10)"), 0x3ffL, 0x200L, 1L));
        c.add(new Case("bit63", Types.length(Kind.BIT, 63, "bit(63)"), Long.MAX_VALUE, 1L, -1L));
        c.add(new Case("bit64", Types.length(Kind.BIT, 64, "bit(64)"), -1L, Long.MIN_VALUE, 0L, Long.MAX_VALUE, null));
        String rockets = "\uD83D\uDE80".repeat(20);
        c.add(new Case("varchar20", Types.VARCHAR_20, "", "a", rockets, "x".repeat(20) + " ", "x\u0000",
                "tab\t\n\r\\", "é€\uD834\uDD1E", "trailing  ", "a\uD83Db", null, "\\N", "\\."));
        c.add(new Case("char10", Types.length(Kind.CHAR, 10, "char(10)"), "", "abc", "abcdefghij", "abcdefghijk"));
        c.add(new Case("char0", Types.length(Kind.CHAR, 0, "char(0)"), "", null));
        StringBuilder controls = new StringBuilder();
        for (char ch = 1; ch < 0x20; ch++) {
            controls.append(ch);
        }
        c.add(new Case("text", Types.TEXT, "", "\\N", "\\.", "a\tb\nc\rd\\e", "\uD83D\uDE80", "x".repeat(100_000),
                controls.toString(), "\u007f\u0080\u07ff\u0800\uffff", "ab\u0000c", "a\uDE80", "end\uD83D", null,
                "NULL", " leading and trailing "));
        c.add(new Case("enum", Types.elements(Kind.ENUM, List.of("small", "x y"), "enum('small','x y')"), "small",
                "x y", null));
        c.add(new Case("json", Types.of(Kind.JSON, "json"), "{}", "[]", "null", "1.0000000000000000001",
                "{\"a\": \"\\\\u0000\"}", "{\"k\": \"\uD83D\uDE80\", \"e\": \"\\ud83d\\ude80\"}",
                "{\"b\":1,\"a\":2,\"a\":3}", "[1, 2.50, -0, 1e400]", "\"tab\\there\"", "{\"a\": \"x\\u0000\"}",
                "{\"a\": \"\u0000\"}", null).refusedByServer("{not json", "", "[1,]"));
        ColumnType set = Types.elements(Kind.SET, List.of("a", "b\"c", "d\\e", "", " ", "NULL", "{x}", "a,b",
                "\uD83D\uDE80"), "set(...)");
        c.add(new Case("set", set, List.of(), List.of("a"), List.of("a", "b\"c", "d\\e"), List.of("", " "),
                List.of("NULL"), List.of("{x}", "a,b"), List.of("\uD83D\uDE80"), List.of("b\"c", "x\u0000"),
                List.of("a", 5), null, "a"));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] large = new byte[70_000];
        new java.util.Random(7).nextBytes(large);
        c.add(new Case("blob", Types.of(Kind.BLOB, "blob"), new byte[0], new byte[] {0}, all, large, null, "x"));
        c.add(new Case("binary4", Types.length(Kind.BINARY, 4, "binary(4)"), new byte[] {1, 0, 0, 0}));
        c.add(new Case("date", Types.of(Kind.DATE, "date"), LocalDate.of(2024, 2, 29), LocalDate.of(0, 1, 1),
                LocalDate.of(-1, 12, 31), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1970, 1, 1),
                LocalDate.of(2000, 1, 1), LocalDate.of(1999, 12, 31), LocalDate.of(-4712, 11, 24), LocalDate.of(-4713, 11, 24),
                LocalDate.of(5874897, 12, 31), LocalDate.of(1582, 10, 10), LocalDate.of(10000, 1, 1), null,
                LocalDateTime.of(2024, 1, 1, 0, 0))
                .refusedByServer(LocalDate.of(-4713, 11, 23), LocalDate.of(5874898, 1, 1), LocalDate.MIN, LocalDate.MAX));
        ColumnType dt6 = Types.fraction(Kind.DATETIME, 6, "datetime(6)");
        c.add(new Case("datetime6", dt6, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(0, 1, 1, 0, 0),
                LocalDateTime.of(-1, 6, 15, 12, 0, 0, 500_000_000), LocalDateTime.of(1000, 1, 1, 0, 0),
                LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000), LocalDateTime.of(1970, 1, 1, 0, 0),
                LocalDateTime.of(-4712, 11, 24, 0, 0), LocalDateTime.of(-4713, 11, 24, 0, 0),
                LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1), null, Instant.EPOCH)
                .refusedByServer(LocalDateTime.of(-4713, 11, 23, 23, 59, 59), LocalDateTime.of(294277, 1, 1, 0, 0),
                        LocalDateTime.MAX.withNano(0), LocalDateTime.MIN));
        c.add(new Case("datetime0", Types.fraction(Kind.DATETIME, 0, "datetime"), LocalDateTime.of(2024, 1, 1, 0, 0),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000)));
        c.add(new Case("datetime3", Types.fraction(Kind.DATETIME, 3, "datetime(3)"),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_000_000), LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_400_000)));
        ColumnType ts6 = Types.fraction(Kind.TIMESTAMP, 6, "timestamp(6)");
        c.add(new Case("timestamp6", ts6, Instant.EPOCH, Instant.parse("2038-01-19T03:14:07.999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-06-15T12:00:00.5Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("1999-12-31T23:59:59.999999Z"),
                Instant.parse("-4713-11-24T00:00:00Z"), Instant.parse("+294276-12-31T23:59:59.999999Z"),
                Instant.parse("2024-01-01T00:00:00.000000001Z"), null, LocalDateTime.of(2024, 1, 1, 0, 0))
                .refusedByServer(Instant.parse("+294277-01-01T00:00:00Z"), Instant.parse("-4713-11-23T23:59:59Z")));
        c.add(new Case("timestamp0", Types.fraction(Kind.TIMESTAMP, 0, "timestamp"), Instant.parse("2024-05-06T07:08:09Z"),
                Instant.parse("2024-05-06T07:08:09.5Z")));
        ColumnType time = Types.fraction(Kind.TIME, 6, "time(6)");
        c.add(new Case("time6", time, Duration.ZERO, Duration.ofHours(838).plusMinutes(59).plusSeconds(59),
                Duration.ofHours(-838).minusMinutes(59).minusSeconds(59), Duration.ofMillis(-1500),
                Duration.ofNanos(1000), Duration.ofNanos(-1000), Duration.ofHours(24), Duration.ofHours(25),
                Duration.ofDays(1).plusNanos(1000), Duration.ofHours(-24), Duration.ofMinutes(59).plusSeconds(59),
                Duration.of(Long.MAX_VALUE, ChronoUnit.MICROS), Duration.of(-Long.MAX_VALUE, ChronoUnit.MICROS),
                Duration.ofNanos(1), null, 5L));
        c.add(new Case("time0", Types.fraction(Kind.TIME, 0, "time"), Duration.ofSeconds(3723),
                Duration.ofMillis(500)));
        return c;
    }

    @BeforeAll
    static void createSchema() {
        execute("CREATE SCHEMA \"" + SCHEMA + "\"");
    }

    @AfterAll
    static void drop() {
        DB.close();
    }

    private static TargetTable target(String name, ColumnType type) {
        TableSchema source = Types.table("ks", name, List.of("id"), key("id", Types.BIGINT), col("v", type));
        return TABLES.describe(source);
    }

    @TestFactory
    Stream<DynamicTest> bothFormsStoreTheSameValuesAndRefuseTheSame() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.type().sqlType() + ")",
                () -> compare(c)));
    }

    private static void compare(Case c) throws SQLException {
        TargetTable text = target(c.name() + "_text", c.type());
        TargetTable binary = target(c.name() + "_bin", c.type());
        assertThat(CopyBinaryEncoder.of(binary)).as("the mapped type has a binary form").isPresent();

        // Each value alone, one COPY each way, rolled back: what the sink refuses is refused in both
        // forms with the same message (one table, so one text), and what the server refuses (beyond
        // its ranges, invalid JSON) is refused by it in both forms, for the same reason.
        List<Object[]> accepted = new ArrayList<>();
        int refusals = 0;
        ensureTable(text);
        ensureTable(binary);
        try (Connection probe = PgTestSchema.connect()) {
            probe.setAutoCommit(false);
            PostgresCopyLoader textLoader = new PostgresCopyLoader(false);
            PostgresCopyLoader binaryLoader = new PostgresCopyLoader(true);
            for (int i = 0; i < c.values().size(); i++) {
                Object[] row = {(long) i, c.values().get(i)};
                Throwable byText = load(probe, textLoader, text, List.<Object[]>of(row), true);
                Throwable byBinary = load(probe, binaryLoader, text, List.<Object[]>of(row), true);
                if (byText == null) {
                    assertThat(byBinary).as("binary form of %s", describe(row[1])).isNull();
                    accepted.add(row);
                } else {
                    assertThat(byText).as("text form of %s", describe(row[1])).isInstanceOf(FatalSinkException.class);
                    assertThat(byBinary).as("binary form of %s", describe(row[1])).isInstanceOf(FatalSinkException.class)
                            .hasMessage(byText.getMessage());
                    refusals++;
                }
            }
            for (Object v : c.serverRefuses()) {
                Object[] row = {0L, v};
                Throwable byText = load(probe, textLoader, text, List.<Object[]>of(row), true);
                Throwable byBinary = load(probe, binaryLoader, text, List.<Object[]>of(row), true);
                assertThat(byText).as("text form of %s", describe(v)).isInstanceOf(SQLException.class);
                assertThat(byBinary).as("binary form of %s", describe(v)).isInstanceOf(SQLException.class);
                assertThat(((SQLException) byBinary).getSQLState()).as("binary form of %s: %s / text: %s", describe(v),
                        byBinary, byText).isEqualTo(((SQLException) byText).getSQLState());
            }
        }

        // The rest, all in one COPY each way: straight into the tables...
        assertThat(load(new PostgresCopyLoader(false), text, accepted, false)).isNull();
        assertThat(load(new PostgresCopyLoader(true), binary, accepted, false)).isNull();
        assertThat(rows("SELECT count(*) FROM " + binary.qualifiedName())).containsExactly(List.of((long) accepted.size()));
        String send = sendFunction(text);
        assertSame(c, text.qualifiedName(), binary.qualifiedName(), send, "", accepted.size());

        // ... and into staging, each key also deleted once (NULLs but the key, op 'D').
        List<Object[]> keys = new ArrayList<>();
        for (Object[] row : accepted) {
            keys.add(new Object[] {row[0]});
        }
        stage(new PostgresCopyLoader(false), text, accepted, keys);
        stage(new PostgresCopyLoader(true), binary, accepted, keys);
        assertSame(c, staged(text), staged(binary), send, ", _vr_op, _vr_seq", 2 * accepted.size());

        assertThat(accepted.size() + refusals).isEqualTo(c.values().size());
    }

    /** Rows of the two tables must be the same in every way the server can tell. */
    private static void assertSame(Case c, String a, String b, String send, String extra, int expected) {
        String different = "SELECT id, t.v::text, s.v::text FROM " + a + " AS t FULL JOIN " + b + " AS s USING (id"
                + extra + ") WHERE t.id IS NULL OR s.id IS NULL OR t.v IS DISTINCT FROM s.v"
                + " OR t.v::text IS DISTINCT FROM s.v::text OR " + send + "(t.v) IS DISTINCT FROM " + send + "(s.v)";
        assertThat(rows(different)).as("%s: rows of %s (text) and %s (binary) that differ", c.name(), a, b).isEmpty();
        assertThat(rows("SELECT count(*) FROM " + a + " AS t JOIN " + b + " AS s USING (id" + extra + ")"))
                .containsExactly(List.of((long) expected));
    }

    /** The send function of the column's type, e.g. numeric_send: the server's own binary form of a value. */
    private static String sendFunction(TargetTable table) {
        return (String) rows("SELECT t.typsend::text FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = '" + table.qualifiedName() + "'::regclass AND a.attname = 'v'").get(0).get(0);
    }

    /** Loads {@code rows} straight into {@code table} in one transaction; returns the failure, if any. */
    private static Throwable load(PostgresCopyLoader loader, TargetTable table, List<Object[]> rows, boolean rollBack)
            throws SQLException {
        ensureTable(table);
        try (Connection c = PgTestSchema.connect()) {
            c.setAutoCommit(false);
            return load(c, loader, table, rows, rollBack);
        }
    }

    private static Throwable load(Connection c, PostgresCopyLoader loader, TargetTable table, List<Object[]> rows,
                                  boolean rollBack) throws SQLException {
        Throwable failure = catchThrowable(() -> loader.loadDirectly(c, table, rows));
        if (failure != null || rollBack) {
            c.rollback();
        } else {
            c.commit();
        }
        return failure;
    }

    /** Stages deletes and upserts in one COPY and keeps what staging held in a table of its own. */
    private static void stage(PostgresCopyLoader loader, TargetTable table, List<Object[]> upserts, List<Object[]> deletes)
            throws SQLException {
        try (Connection c = PgTestSchema.connect()) {
            c.setAutoCommit(false);
            SqlDialect.Staging staging = loader.create(c, table, "stage");
            assertThat(staging.append(c, new TableChanges(table.source(), upserts, deletes), 1))
                    .isEqualTo(1 + upserts.size() + deletes.size());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + staged(table) + " AS SELECT * FROM pg_temp.\"stage\"");
            }
            c.commit();
        }
    }

    private static String staged(TargetTable table) {
        return "\"" + SCHEMA + "\".\"" + table.name() + "_staged\"";
    }

    private static void ensureTable(TargetTable table) {
        execute(PostgresMergeStatements.createTable(table));
    }

    private static String describe(Object v) {
        if (v instanceof byte[] b) {
            return "byte[" + b.length + "]";
        }
        String s = String.valueOf(v);
        return (v == null ? "null" : v.getClass().getSimpleName()) + " " + (s.length() > 80 ? s.substring(0, 80) + "..." : s);
    }

    /**
     * A table adopted with a column of a type the binary form is not written for: the loader writes
     * it in text, and the server parses the values into the column's type. PostgresCatalog adopts
     * only columns of exactly the mapped type today, so the target is built by hand here.
     */
    @Test
    void aColumnWithoutABinaryFormMakesTheTableText() throws SQLException {
        TableSchema source = Types.table("ks", "fallback", List.of("id"), key("id", Types.BIGINT), col("n", Types.INT),
                col("note", Types.TEXT));
        TargetTable mapped = TABLES.describe(source);
        TargetTable adopted = new TargetTable(source, mapped.schema(), mapped.name(), mapped.qualifiedName(),
                List.of(SqlType.same("bigint"), SqlType.same("numeric(12,0)"), SqlType.same("text")), mapped.deleteMode());
        execute(PostgresMergeStatements.createTable(adopted));
        assertThat(rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + adopted.qualifiedName() + "'::regclass AND attname = 'n'")).containsExactly(List.of("numeric(12,0)"));
        assertThat(CopyBinaryEncoder.of(adopted)).isEmpty();

        PostgresCopyLoader loader = new PostgresCopyLoader(); // binary wherever it can
        assertThat(load(loader, adopted, List.of(new Object[] {1L, 2147483647L, "a\tb"},
                new Object[] {2L, -5L, null}), false)).isNull();
        try (Connection c = PgTestSchema.connect()) {
            c.setAutoCommit(false);
            SqlDialect.Staging staging = loader.create(c, adopted, "stage");
            staging.append(c, new TableChanges(source, List.<Object[]>of(new Object[] {3L, 7L, "x"}),
                    List.<Object[]>of(new Object[] {1L})), 1);
            assertThat(rowsOn(c, "SELECT id, n::text, note, _vr_op::text, _vr_seq FROM pg_temp.\"stage\" ORDER BY _vr_seq"))
                    .containsExactly(List.of(1L, "null", "null", "D", 1L), List.of(3L, "7", "x", "U", 2L));
            c.rollback();
        }
        assertThat(rows("SELECT id, n::text, note FROM " + adopted.qualifiedName() + " ORDER BY id"))
                .containsExactly(Arrays.asList(1L, "2147483647", "a\tb"), Arrays.asList(2L, "-5", null));
    }

    private static List<List<Object>> rowsOn(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? "null" : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * Many rows through several flushes of the binary COPY (header once, trailer once), and a row
     * refused half-way: the COPY is cancelled, nothing of it stays, and the connection goes on.
     */
    @Test
    void aBinaryCopyStreamsAcrossFlushesAndIsCancelledOnARefusal() throws SQLException {
        TargetTable wide = target("wide", Types.TEXT);
        ensureTable(wide);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 0; id < 20_000; id++) {
            rows.add(new Object[] {id, "row " + id + " " + "é".repeat((int) (id % 50))});
        }
        PostgresCopyLoader loader = new PostgresCopyLoader();
        try (Connection c = PgTestSchema.connect()) {
            c.setAutoCommit(false);
            List<Object[]> bad = new ArrayList<>(rows);
            bad.add(new Object[] {20_000L, "nul\u0000"});
            assertThatThrownBy(() -> loader.loadDirectly(c, wide, bad)).isInstanceOf(FatalSinkException.class)
                    .hasMessageContaining("NUL character");
            c.rollback();
            loader.loadDirectly(c, wide, rows);
            c.commit();
        }
        long characters = rows.stream().mapToLong(r -> ((String) r[1]).length()).sum();
        assertThat(rows("SELECT count(*), sum(length(v)), sum(octet_length(v)) FROM " + wide.qualifiedName()))
                .containsExactly(List.of(20_000L, characters,
                        characters + rows.stream().mapToLong(r -> ((String) r[1]).split("é", -1).length - 1).sum()));
    }
}
