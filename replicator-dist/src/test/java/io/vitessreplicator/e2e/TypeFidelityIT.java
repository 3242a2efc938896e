package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MySQL type the product documents, holding edge values, arrives in PostgreSQL identical to
 * the source, once through the copy phase (ids 1-4, written before the replicator starts) and
 * once through streaming (ids 1001-1004, the same values written while it runs).
 *
 * <p>Values are compared in a canonical text form computed on each side: exact text for
 * integers and decimals, the double value for FLOAT/DOUBLE, hex for binary, microseconds for
 * TIME, UTC text for TIMESTAMP, and PostgreSQL's own jsonb equality for JSON.
 */
class TypeFidelityIT {
    private static final String SCHEMA = "e2e_types";
    private static final String TABLE = "e2e_types";
    private static final String COLUMNS_DDL = "id BIGINT NOT NULL PRIMARY KEY,"
            + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,"
            + " i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, d DECIMAL(65,30), d2 DECIMAL(10,2),"
            + " f FLOAT, dbl DOUBLE, b1 BIT(1), b64 BIT(64), c CHAR(10), vc VARCHAR(100), tx TEXT,"
            + " bn BINARY(4), vb VARBINARY(300), bl BLOB, dt DATE, dtm DATETIME, dtm6 DATETIME(6),"
            + " ts TIMESTAMP(6) NULL, tm TIME, tm6 TIME(6), yr YEAR, js JSON, en ENUM('a','b','c d','ü'),"
            + " st SET('x','y','z')";
    private static final String INSERT_COLUMNS = "id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, d, d2, f, dbl, b1, b64,"
            + " c, vc, tx, bn, vb, bl, dt, dtm, dtm6, ts, tm, tm6, yr, js, en, st";

    /** Edge rows: min, max, odd values, all NULL. Each string lists the values after the id. */
    private static final List<String> ROWS = List.of(
            "-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
                    + " -99999999999999999999999999999999999.999999999999999999999999999999, -99999999.99,"
                    + " -3.40282e38, -1.7976931348623157e308, b'0', b'0', '', '', '', x'00000000', " + allBytes(false)
                    + ", x'', '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000000',"
                    + " '1970-01-01 00:00:01.000000', '-838:59:59', '-838:59:59.000000', 1901, '{}', 'a', ''",
            "127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,"
                    + " 18446744073709551615, 99999999999999999999999999999999999.999999999999999999999999999999,"
                    + " 99999999.99, 3.40282e38, 1.7976931348623157e308, b'1', b'" + "1".repeat(64) + "',"
                    + " 'ten chars!', '4-byte \uD83D\uDE00 ✓ 日本 \uD834\uDD1E', REPEAT('long text ✓ ', 500), x'FFFFFFFF',"
                    + allBytes(true) + ", " + allBytes(false) + ", '9999-12-31', '9999-12-31 23:59:59',"
                    + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59', '838:59:59.000000',"
                    + " 2155, '{\"nested\": {\"list\": [1, 2.5, -3e10, true, null], \"text\": \"ü \\\\u00e9 \uD83D\uDE00\"}}',"
                    + " 'ü', 'x,y,z'",
            "0, 1, -1, 1, -1, 1, -1, 1, -1, 1, 0.000000000000000000000000000001, 0.01, 1.17549e-38, 4.9e-324,"
                    + " b'1', b'1000000000000000000000000000000000000000000000000000000000000001', 'a', "
                    + "'quote '' double \" backslash \\\\ newline \\n tab \\t', 'tab\\tend', x'0A0D0009', x'5C00', x'',"
                    + " '2000-02-29', '2000-02-29 12:34:56', '2000-02-29 12:34:56.000001', '2000-02-29 12:34:56.5',"
                    + " '-00:00:01', '-00:00:01.500000', 2000, '[\"a\", {\"b\": 1}]', 'c d', 'y'",
            String.join(", ", java.util.Collections.nCopies(32, "NULL")));

    /** name → {MySQL expression, PostgreSQL expression, normalizer} for canonical text. */
    private static final Map<String, Column> COLUMNS = new LinkedHashMap<>();

    record Column(String mysql, String postgres, Function<String, String> normalize) {}

    static {
        for (String c : List.of("ti", "tiu", "si", "siu", "mi", "miu", "i", "iu", "bi", "biu", "d", "d2", "yr", "dt")) {
            COLUMNS.put(c, new Column("CAST(" + c + " AS CHAR)", c + "::text", Function.identity()));
        }
        // DOUBLE is exact. FLOAT (without M,D) is carried as MySQL displays it, 6 significant
        // digits, because that is all the copy phase sends (see docs/type-mapping-source.md).
        COLUMNS.put("dbl", new Column("CAST(dbl AS DOUBLE)", "dbl::float8::text",
                v -> v == null ? null : Double.toString(Double.parseDouble(v))));
        COLUMNS.put("f", new Column("CAST(f AS CHAR)", "f::text",
                v -> v == null ? null : Float.toString(Float.parseFloat(v))));
        for (String c : List.of("b1", "b64")) {
            COLUMNS.put(c, new Column("BIN(" + c + ")", c + "::text",
                    v -> v == null ? null : v.replaceFirst("^0+(?=.)", "")));
        }
        for (String c : List.of("c", "vc", "tx", "en")) {
            COLUMNS.put(c, new Column(c, c + "::text", Function.identity()));
        }
        for (String c : List.of("bn", "vb", "bl")) {
            COLUMNS.put(c, new Column("HEX(" + c + ")", "upper(encode(" + c + ", 'hex'))", Function.identity()));
        }
        for (String c : List.of("dtm", "dtm6")) {
            COLUMNS.put(c, new Column("DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')",
                    "to_char(" + c + ", 'YYYY-MM-DD HH24:MI:SS.US')", Function.identity()));
        }
        COLUMNS.put("ts", new Column("DATE_FORMAT(ts, '%Y-%m-%d %H:%i:%s.%f')",
                "to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')", Function.identity()));
        for (String c : List.of("tm", "tm6")) {
            COLUMNS.put(c, new Column("CAST(" + c + " AS CHAR)",
                    "(extract(epoch FROM " + c + ") * 1000000)::bigint::text", TypeFidelityIT::timeMicros));
        }
        COLUMNS.put("st", new Column("CAST(st AS CHAR)", "array_to_string(st, ',')", Function.identity()));
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, COLUMNS_DDL, "id");
        insertRows(0);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    private static void insertRows(int idOffset) throws Exception {
        try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            for (int i = 0; i < ROWS.size(); i++) {
                s.execute("INSERT INTO " + TABLE + " (" + INSERT_COLUMNS + ") VALUES (" + (idOffset + i + 1) + ", "
                        + ROWS.get(i) + ")");
            }
        }
    }

    @Test
    void everyTypeArrivesExactlyThroughCopyAndThroughStreaming() throws Exception {
        E2eConfig config = new E2eConfig("e2e-types", SCHEMA, "customer\\." + TABLE);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == ROWS.size());
            insertRows(1000);
            p.await("streaming", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 2L * ROWS.size());
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }

        for (int i = 1; i <= ROWS.size(); i++) {
            for (int id : new int[] {i, 1000 + i}) {
                Map<String, String> source = sourceRow(id);
                Map<String, String> target = targetRow(id);
                assertThat(target).as("row %d: target equals source", id).isEqualTo(source);
                assertThat(jsonEqual(id, source.get("js"))).as("row %d: JSON equal", id).isTrue();
            }
            assertThat(targetRow(1000 + i)).as("row %d: streamed equals copied", i).isEqualTo(targetRow(i));
        }
    }

    private static Map<String, String> sourceRow(int id) throws Exception {
        List<String> exprs = new ArrayList<>();
        COLUMNS.values().forEach(c -> exprs.add(c.mysql()));
        exprs.add("CAST(js AS CHAR)");
        try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            return row(s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + TABLE + " WHERE id = " + id), true);
        }
    }

    private static Map<String, String> targetRow(int id) throws Exception {
        List<String> exprs = new ArrayList<>();
        COLUMNS.values().forEach(c -> exprs.add(c.postgres()));
        exprs.add("js::text");
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement()) {
            return row(s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + SCHEMA + "." + TABLE
                    + " WHERE id = " + id), false);
        }
    }

    private static Map<String, String> row(ResultSet rs, boolean source) throws Exception {
        assertThat(rs.next()).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        int i = 1;
        for (Map.Entry<String, Column> e : COLUMNS.entrySet()) {
            String v = rs.getString(i++);
            // TIME is normalized from MySQL's text; PostgreSQL already gives microseconds.
            out.put(e.getKey(), e.getKey().startsWith("tm") && !source ? v : e.getValue().normalize().apply(v));
        }
        out.put("js", rs.getString(i) == null ? null : "json"); // compared by jsonEqual
        return out;
    }

    /** JSON compared by PostgreSQL's jsonb equality, which ignores formatting and key order. */
    private static boolean jsonEqual(int id, String marker) throws Exception {
        String sourceJson;
        try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(js AS CHAR) FROM " + TABLE + " WHERE id = " + id)) {
            rs.next();
            sourceJson = rs.getString(1);
        }
        try (Connection c = Snapshot.postgres(); PreparedStatement ps = c.prepareStatement(
                "SELECT (js IS NULL AND ?::jsonb IS NULL) OR js = ?::jsonb FROM " + SCHEMA + "." + TABLE + " WHERE id = ?")) {
            ps.setString(1, sourceJson);
            ps.setString(2, sourceJson);
            ps.setInt(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** MySQL TIME text ([-]HHH:MM:SS[.ffffff]) → signed microseconds. */
    static String timeMicros(String v) {
        if (v == null) {
            return null;
        }
        boolean negative = v.startsWith("-");
        String[] parts = (negative ? v.substring(1) : v).split(":");
        String[] sec = parts[2].split("\\.");
        long micros = (Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Long.parseLong(sec[0])) * 1_000_000L;
        if (sec.length > 1) {
            micros += Long.parseLong((sec[1] + "000000").substring(0, 6));
        }
        return Long.toString(negative ? -micros : micros);
    }

    private static String allBytes(boolean reversed) {
        StringBuilder hex = new StringBuilder("x'");
        for (int b = 0; b < 256; b++) {
            hex.append(String.format("%02X", reversed ? 255 - b : b));
        }
        return hex.append("'").toString();
    }
}
