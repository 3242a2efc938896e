package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import io.grpc.ManagedChannel;
import io.vitess.proto.Query;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.ZeroDatePolicy;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.source.VtgateOptions;
import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every MySQL type through the real Vitess, read twice: by the copy phase (a stream from an empty
 * GTID) and by streaming (a stream from "current", then the same rows inserted again under new
 * ids). Each value must decode to the documented Java value, and both phases must agree.
 */
class DecodeTypesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Versioned: the table is created once and kept; change the name when the columns change. */
    private static final String TABLE = "decode_types_v1";
    private static final int STREAM_ID_OFFSET = 1000;

    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        String[] ddl = {
            "ti TINYINT", "tiu TINYINT UNSIGNED", "si SMALLINT", "siu SMALLINT UNSIGNED", "mi MEDIUMINT",
            "miu MEDIUMINT UNSIGNED", "i INT", "iu INT UNSIGNED", "bi BIGINT", "biu BIGINT UNSIGNED",
            "d DECIMAL(65,30)", "d2 DECIMAL(10,2)", "f FLOAT", "f2 FLOAT(7,3)", "db DOUBLE",
            "b1 BIT(1)", "b64 BIT(64)",
            "c CHAR(10)", "vc VARCHAR(100)", "t TEXT", "vcb VARCHAR(20) COLLATE utf8mb4_bin",
            "lat VARCHAR(20) CHARACTER SET latin1", "u16 VARCHAR(10) CHARACTER SET utf16",
            "bin BINARY(4)", "vb VARBINARY(300)", "bl BLOB",
            "dt DATE", "dtm DATETIME", "dtm6 DATETIME(6)", "ts TIMESTAMP NULL", "ts6 TIMESTAMP(6) NULL",
            "tm TIME", "tm1 TIME(1)", "tm6 TIME(6)", "y YEAR",
            "j JSON", "e ENUM('a','b''c','x,y','ü🚀','')", "s SET('a','b''c','ü🚀','d')",
        };
        for (String column : ddl) {
            int space = column.indexOf(' ');
            COLUMNS.put(column.substring(0, space), column.substring(space + 1));
        }
    }

    private ManagedChannel channel;
    private final List<String> cleanup = new ArrayList<>();

    @BeforeEach
    void connect() {
        channel = VtgateChannels.open(VtgateOptions.plaintext(TestEnv.get("VTGATE_GRPC")));
    }

    @AfterEach
    void close() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        for (String statement : cleanup) {
            String keyspace = statement.substring(0, statement.indexOf(':'));
            VtgateSql.exec(keyspace, statement.substring(keyspace.length() + 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"commerce", "customer"})
    void everyTypeDecodesExactlyAndIdenticallyInCopyPhaseAndStreaming(String keyspace) throws Exception {
        createTable(keyspace);
        List<Sample> samples = samples();
        long base = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 4) & ~0xffffL;
        cleanup.add(keyspace + ":DELETE FROM " + TABLE + " WHERE id BETWEEN " + base + " AND "
                + (base + 2 * STREAM_ID_OFFSET));

        insert(keyspace, samples, base);
        Capture copied = copyPhase(keyspace, ids(samples, base));

        Capture streamed = new Capture();
        VStreamTap tap = VStreamTap.open(channel, keyspace, TABLE, "current", WAIT);
        awaitStreamPositions(tap);
        insert(keyspace, samples, base + STREAM_ID_OFFSET);
        collect(tap, streamed, ids(samples, base + STREAM_ID_OFFSET), false);

        TableSchema schema = copied.schema;
        assertThat(schema.id().keyspace()).isEqualTo(keyspace);
        assertThat(schema.id().name()).isEqualTo(TABLE);
        assertThat(schema.primaryKey()).containsExactly("id");
        assertThat(streamed.schema).isEqualTo(schema);
        assertSchema(schema);
        for (int r = 0; r < samples.size(); r++) {
            Sample sample = samples.get(r);
            Object[] copy = copied.rows.get(base + r);
            Object[] stream = streamed.rows.get(base + STREAM_ID_OFFSET + r);
            assertThat(copy[0]).isEqualTo(base + r);
            assertThat(stream[0]).isEqualTo(base + STREAM_ID_OFFSET + r);
            for (int c = 1; c < schema.columns().size(); c++) {
                String column = schema.columns().get(c).name();
                Object expected = sample.expected.get(column);
                String what = sample.name + "." + column + " in " + keyspace;
                assertThat(copy[c]).as("copy phase " + what).isEqualTo(expected);
                assertThat(stream[c]).as("streaming " + what).isEqualTo(expected);
                assertThat(stream[c]).as("streaming = copy phase " + what).isEqualTo(copy[c]);
                if (expected != null) {
                    Class<?> type = expected instanceof List ? List.class : expected.getClass();
                    assertThat(copy[c]).as("Java class of " + what).isInstanceOf(type);
                    assertThat(stream[c]).as("Java class of " + what).isInstanceOf(type);
                }
            }
        }

        // The zero-date row again, under ZeroDatePolicy.FAIL, from both phases.
        int zero = indexOf(samples, "zero-dates");
        for (Capture capture : List.of(copied, streamed)) {
            long id = capture == copied ? base + zero : base + STREAM_ID_OFFSET + zero;
            RowDecoder failing = new RowDecoder(new FieldDecoder(ColumnFilter.ALL, ZeroDatePolicy.FAIL)
                    .decode(keyspace, TABLE, capture.fields));
            assertThatThrownBy(() -> failing.decode(capture.raw.get(id)))
                    .isInstanceOf(ValueDecodingException.class)
                    .hasMessage("Cannot decode " + keyspace + "." + TABLE + ".dt (date) value '0000-00-00': it is a"
                            + " MySQL zero date and source.zero-dates is FAIL. Set source.zero-dates to NULL to"
                            + " replicate zero dates as NULL, or correct the rows in MySQL.");
        }
    }

    private static void assertSchema(TableSchema schema) {
        Map<String, ColumnType> types = new HashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        assertThat(schema.columnNames()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("id"), COLUMNS.keySet().stream()).toList());
        assertThat(types.get("biu").isUnsignedBigint()).isTrue();
        assertThat(types.get("d")).extracting(ColumnType::precision, ColumnType::scale).containsExactly(65, 30);
        assertThat(types.get("f")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.FLOAT, 0);
        assertThat(types.get("b64")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.BIT, 64);
        assertThat(types.get("c")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.CHAR, 10);
        assertThat(types.get("vcb")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 20);
        assertThat(types.get("u16")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 10);
        assertThat(types.get("bin")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.BINARY, 4);
        assertThat(types.get("dtm6")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.DATETIME, 6);
        assertThat(types.get("ts6")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.TIMESTAMP, 6);
        assertThat(types.get("tm1")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.TIME, 1);
        // information_schema spells the emoji member with '?': that is what both phases deliver.
        assertThat(types.get("e").elements()).containsExactly("a", "b'c", "x,y", "ü?", "");
        assertThat(types.get("s").elements()).containsExactly("a", "b'c", "ü?", "d");
        assertThat(schema.columns().get(0).nullable()).isFalse();
        // ZeroDatePolicy.NULL: date columns are nullable anyway; here every column is nullable.
        assertThat(schema.columns().subList(1, schema.columns().size())).allMatch(c -> c.nullable());
    }

    // ---------------------------------------------------------------------------------------------
    // The rows

    /** One row: a SQL literal and the expected Java value per column (unset columns are NULL). */
    private static final class Sample {
        final String name;
        final List<String> session = new ArrayList<>();
        final Map<String, String> sql = new LinkedHashMap<>();
        final Map<String, Object> expected = new HashMap<>();

        Sample(String name) {
            this.name = name;
        }

        Sample set(String column, String literal, Object value) {
            if (!COLUMNS.containsKey(column)) {
                throw new IllegalArgumentException(column);
            }
            sql.put(column, literal);
            expected.put(column, value);
            return this;
        }

        Sample session(String statement) {
            session.add(statement);
            return this;
        }
    }

    private static List<Sample> samples() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String allHex = "x'" + hex(all) + "'";
        String json = "{\"b\": 1, \"a\": {\"z\": [1, 2.5, -3e10, true, null, \"ü🚀\\\"q\"]},"
                + " \"aa\": 12345678901234567890, \"é\": 0.1, \"B\": {}}";
        String numbers = "[1e-7, 1.5e-7, 123456789.123456789, 1e21, 1e15, 123456789012345678901234567890, -0.5, 3.0,"
                + " 1E2, 0.1e1, 18446744073709551615, -9223372036854775808]";
        String text = "it's \"quoted\"\nnew line\ttab\\ backslash";
        return List.of(
                new Sample("max")
                        .set("ti", "127", 127L).set("tiu", "255", 255L)
                        .set("si", "32767", 32767L).set("siu", "65535", 65535L)
                        .set("mi", "8388607", 8388607L).set("miu", "16777215", 16777215L)
                        .set("i", "2147483647", 2147483647L).set("iu", "4294967295", 4294967295L)
                        .set("bi", "9223372036854775807", Long.MAX_VALUE)
                        .set("biu", "18446744073709551615", new BigInteger("18446744073709551615"))
                        .set("d", "99999999999999999999999999999999999.999999999999999999999999999999",
                                new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"))
                        .set("d2", "99999999.99", new BigDecimal("99999999.99"))
                        // FLOAT carries what MySQL displays: 6 significant digits
                        .set("f", "3.4028234663852886e38", 3.40282e38f)
                        .set("f2", "1234.567", 1234.567f)
                        .set("db", "1.7976931348623157e308", Double.MAX_VALUE)
                        .set("b1", "b'1'", 1L)
                        .set("b64", "b'" + "1".repeat(64) + "'", -1L)
                        .set("c", "'abc'", "abc")
                        .set("vc", "'héllo 🚀 wörld 𝄞'", "héllo 🚀 wörld 𝄞")
                        .set("t", "''", "")
                        .set("vcb", "'ABC🚀'", "ABC🚀")
                        .set("lat", "'café €ÿ'", "café €ÿ")
                        .set("u16", "'a🚀'", "a🚀")
                        .set("bin", "x'00ff0a0d'", new byte[] {0, (byte) 0xff, 0x0a, 0x0d})
                        .set("vb", allHex, all)
                        .set("bl", allHex, all)
                        .set("dt", "'9999-12-31'", LocalDate.of(9999, 12, 31))
                        .set("dtm", "'9999-12-31 23:59:59'", LocalDateTime.of(9999, 12, 31, 23, 59, 59))
                        .set("dtm6", "'9999-12-31 23:59:59.999999'", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))
                        .set("ts", "'2038-01-19 03:14:07'", Instant.parse("2038-01-19T03:14:07Z"))
                        .set("ts6", "'2038-01-19 03:14:07.999999'", Instant.parse("2038-01-19T03:14:07.999999Z"))
                        .set("tm", "'838:59:59'", Duration.parse("PT838H59M59S"))
                        .set("tm1", "'-00:00:01.5'", Duration.ofMillis(-1500))
                        .set("tm6", "'838:59:59.000000'", Duration.parse("PT838H59M59S"))
                        .set("y", "2155", 2155)
                        .set("j", sqlString(json), "{\"B\": {}, \"a\": {\"z\": [1, 2.5, -30000000000.0, true, null,"
                                + " \"ü🚀\\\"q\"]}, \"b\": 1, \"aa\": 12345678901234567890, \"é\": 0.1}")
                        .set("e", "'b''c'", "b'c")
                        .set("s", "'a,ü🚀,d'", List.of("a", "ü?", "d")),
                new Sample("min")
                        .set("ti", "-128", -128L).set("tiu", "0", 0L)
                        .set("si", "-32768", -32768L).set("siu", "0", 0L)
                        .set("mi", "-8388608", -8388608L).set("miu", "0", 0L)
                        .set("i", "-2147483648", -2147483648L).set("iu", "0", 0L)
                        .set("bi", "-9223372036854775808", Long.MIN_VALUE)
                        .set("biu", "0", BigInteger.ZERO)
                        .set("d", "-99999999999999999999999999999999999.999999999999999999999999999999",
                                new BigDecimal("-99999999999999999999999999999999999.999999999999999999999999999999"))
                        .set("d2", "-99999999.99", new BigDecimal("-99999999.99"))
                        .set("f", "-1.17549435e-38", -1.17549e-38f)
                        .set("f2", "-0.001", -0.001f)
                        .set("db", "4.9e-324", Double.MIN_VALUE)
                        .set("b1", "b'0'", 0L)
                        .set("b64", "b'0'", 0L)
                        .set("c", "''", "").set("vc", "''", "").set("t", "'x'", "x").set("vcb", "''", "")
                        .set("lat", "''", "").set("u16", "''", "")
                        .set("bin", "x'ff'", new byte[] {(byte) 0xff, 0, 0, 0}) // BINARY pads with zero bytes
                        .set("vb", "x''", new byte[0])
                        .set("bl", "x''", new byte[0])
                        .set("dt", "'1000-01-01'", LocalDate.of(1000, 1, 1))
                        .set("dtm", "'1000-01-01 00:00:00'", LocalDateTime.of(1000, 1, 1, 0, 0))
                        .set("dtm6", "'1000-01-01 00:00:00.000001'", LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000))
                        .set("ts", "'1970-01-01 00:00:01'", Instant.ofEpochSecond(1))
                        .set("ts6", "'1970-01-01 00:00:01.000000'", Instant.ofEpochSecond(1))
                        .set("tm", "'-838:59:59'", Duration.parse("-PT838H59M59S"))
                        .set("tm1", "'-00:00:00.1'", Duration.ofMillis(-100))
                        .set("tm6", "'-838:59:59.000000'", Duration.parse("-PT838H59M59S"))
                        .set("y", "1901", 1901)
                        .set("j", "'[]'", "[]")
                        .set("e", "'ü🚀'", "ü?")
                        .set("s", "''", List.of()),
                new Sample("misc")
                        .session("SET time_zone = '+05:00'") // TIMESTAMP literals are read in the session zone
                        .set("i", "0", 0L)
                        .set("d", "0.000000000000000000000000000001", new BigDecimal("1E-30").setScale(30))
                        .set("d2", "0.01", new BigDecimal("0.01"))
                        .set("f", "16777217", 16777200f)
                        .set("f2", "0", 0f)
                        .set("db", "0.1", 0.1)
                        .set("b64", "b'1" + "0".repeat(63) + "'", Long.MIN_VALUE)
                        .set("c", "'ab  '", "ab") // CHAR drops trailing spaces
                        .set("vc", "'ab  '", "ab  ")
                        .set("t", sqlString(text), text)
                        .set("bin", "x'00'", new byte[4])
                        .set("dtm", "'2024-02-29 12:34:56'", LocalDateTime.of(2024, 2, 29, 12, 34, 56))
                        .set("dtm6", "'2024-02-29 12:34:56.789012'", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000))
                        .set("ts", "'2024-01-01 05:00:00'", Instant.parse("2024-01-01T00:00:00Z"))
                        .set("ts6", "'2024-06-01 05:00:00.123456'", Instant.parse("2024-06-01T00:00:00.123456Z"))
                        .set("tm", "'00:00:00'", Duration.ZERO)
                        .set("tm1", "'-12:00:00.3'", Duration.parse("-PT12H0.3S"))
                        .set("tm6", "'-00:00:01.500000'", Duration.ofMillis(-1500))
                        .set("y", "0", 0)
                        .set("j", sqlString("\"just a string é\""), "\"just a string é\"")
                        .set("e", "'x,y'", "x,y")
                        .set("s", "'ü🚀'", List.of("ü?")),
                new Sample("json-numbers")
                        .set("f", "0.1", 0.1f)
                        .set("f2", "1.5", 1.5f)
                        .set("db", "1e-300", 1e-300)
                        .set("j", sqlString(numbers), "[0.0000001, 0.00000015, 123456789.12345679, 1e21, 1e15,"
                                + " 1.2345678901234568e29, -0.5, 3.0, 100.0, 1.0, 18446744073709551615, -9223372036854775808]")
                        .set("e", "''", "")
                        .set("s", "'b''c,d'", List.of("b'c", "d")),
                new Sample("floats-a")
                        .set("f", "1.4e-45", Float.MIN_VALUE)
                        .set("f2", "-9999.999", -9999.999f)
                        .set("db", "-1.7976931348623157e308", -Double.MAX_VALUE)
                        .set("j", "'{}'", "{}"),
                new Sample("floats-b")
                        .set("f", "123456.7", 123457f)
                        .set("db", "0.30000000000000004", 0.30000000000000004)
                        .set("j", sqlString("{\"z\":{\"y\":{\"x\":[{\"b\":1,\"a\":[]}]}}}"),
                                "{\"z\": {\"y\": {\"x\": [{\"a\": [], \"b\": 1}]}}}"),
                new Sample("floats-c")
                        .set("f", "0.3", 0.3f)
                        .set("db", "2.2250738585072014e-308", Double.MIN_NORMAL)
                        .set("j", "'null'", "null"),
                new Sample("zero-dates")
                        .session("SET sql_mode = ''")
                        .set("dt", "'0000-00-00'", null)
                        .set("dtm", "'0000-00-00 00:00:00'", null)
                        .set("dtm6", "'2024-00-15 10:00:00.5'", null)
                        .set("ts", "'0000-00-00 00:00:00'", null)
                        .set("ts6", "'0000-00-00 00:00:00'", null)
                        // outside strict mode MySQL stores invalid ENUM/SET values as '' and drops unknown members
                        .set("e", "'nope'", "")
                        .set("s", "'a,zz'", List.of("a")),
                new Sample("zero-in-date")
                        .session("SET sql_mode = ''")
                        .set("dt", "'2024-00-15'", null)
                        .set("dtm", "'2024-05-00 00:00:00'", null),
                new Sample("all-null"));
    }

    // ---------------------------------------------------------------------------------------------
    // Vitess plumbing

    private static final class Capture {
        TableSchema schema;
        List<Query.Field> fields;
        final Map<String, RowDecoder> decodersByShard = new HashMap<>();
        final Map<Long, Object[]> rows = new HashMap<>();
        final Map<Long, Query.Row> raw = new HashMap<>();
    }

    private Capture copyPhase(String keyspace, Set<Long> ids) throws Exception {
        Capture capture = new Capture();
        VStreamTap tap = VStreamTap.open(channel, keyspace, TABLE, "", WAIT);
        collect(tap, capture, ids, true);
        return capture;
    }

    /** Decodes events until every id arrived (and, for the copy phase, the copy completed). */
    private static void collect(VStreamTap tap, Capture capture, Set<Long> ids, boolean untilCopyCompleted)
            throws Exception {
        Set<Long> missing = new HashSet<>(ids);
        boolean copyCompleted = !untilCopyCompleted;
        FieldDecoder fieldDecoder = new FieldDecoder(ColumnFilter.ALL, ZeroDatePolicy.NULL);
        while (!missing.isEmpty() || !copyCompleted) {
            VEvent e = tap.next();
            if (e.getType() == VEventType.FIELD && e.getFieldEvent().getTableName().endsWith(TABLE)) {
                DecodedTable table = fieldDecoder.decode(e.getFieldEvent());
                capture.schema = table.schema();
                capture.fields = e.getFieldEvent().getFieldsList();
                capture.decodersByShard.put(e.getFieldEvent().getShard(), new RowDecoder(table));
            } else if (e.getType() == VEventType.ROW && e.getRowEvent().getTableName().endsWith(TABLE)) {
                RowDecoder decoder = capture.decodersByShard.get(e.getRowEvent().getShard());
                assertThat(decoder).as("FIELD event before ROW on shard " + e.getRowEvent().getShard()).isNotNull();
                for (var change : e.getRowEvent().getRowChangesList()) {
                    if (!change.hasAfter()) {
                        continue;
                    }
                    Object[] after = decoder.decode(change).after();
                    long id = (Long) after[0];
                    if (ids.contains(id)) {
                        capture.rows.put(id, after);
                        capture.raw.put(id, change.getAfter());
                        missing.remove(id);
                    }
                }
            } else if (e.getType() == VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty()) {
                copyCompleted = true; // vtgate's final COPY_COMPLETED, after every shard's
            }
        }
    }

    /**
     * vtgate reports each shard's "current" resolved to a GTID set once that shard's stream runs;
     * when none is left unresolved, every later commit is streamed.
     */
    private static void awaitStreamPositions(VStreamTap tap) throws Exception {
        while (true) {
            VEvent e = tap.next();
            if (e.getType() == VEventType.VGTID && e.getVgtid().getShardGtidsCount() > 0
                    && e.getVgtid().getShardGtidsList().stream().noneMatch(sg -> sg.getGtid().equals("current"))) {
                return;
            }
        }
    }

    private static void createTable(String keyspace) throws SQLException {
        String columns = COLUMNS.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        VtgateSql.exec(keyspace, "CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT NOT NULL PRIMARY KEY, "
                + columns + ")");
        if (keyspace.equals("customer")) {
            try {
                VtgateSql.exec(keyspace, "ALTER VSCHEMA ON " + keyspace + "." + TABLE + " ADD VINDEX hash(id) USING hash");
            } catch (SQLException e) {
                if (!e.getMessage().contains("already defined")) {
                    throw e;
                }
            }
        }
    }

    private static void insert(String keyspace, List<Sample> samples, long firstId) throws SQLException {
        for (int r = 0; r < samples.size(); r++) {
            Sample sample = samples.get(r);
            try (Connection c = VtgateSql.connect(keyspace); Statement s = c.createStatement()) {
                for (String statement : sample.session) {
                    s.execute(statement);
                }
                String names = String.join(", ", sample.sql.keySet());
                String values = String.join(", ", sample.sql.values());
                s.execute("INSERT INTO " + TABLE + " (id" + (names.isEmpty() ? "" : ", " + names) + ") VALUES ("
                        + (firstId + r) + (values.isEmpty() ? "" : ", " + values) + ")");
            }
        }
    }

    private static Set<Long> ids(List<Sample> samples, long firstId) {
        Set<Long> ids = new HashSet<>();
        for (int r = 0; r < samples.size(); r++) {
            ids.add(firstId + r);
        }
        return ids;
    }

    private static int indexOf(List<Sample> samples, String name) {
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).name.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String sqlString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
