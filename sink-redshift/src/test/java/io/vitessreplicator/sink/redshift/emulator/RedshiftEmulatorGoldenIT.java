package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs every statement of the golden files ({@code src/test/resources/golden/*.sql}) through
 * {@code jdbc:redshift-emulator:} on PostgreSQL, in a database of its own ({@code vr_emulator_golden},
 * dropped at the start and the end) whose schema {@code "warehouse"} is the golden files' schema.
 *
 * <p>Statements are grouped by name ("x (1/3)", "x (2/3)", ... form one group, run in order); each
 * group runs on a fresh fixture (the tables the golden statements name, with a few rows), inside a
 * transaction unless its name says "[outside transaction]" (that one is also shown refused inside
 * one). The COPYs read a real manifest and gzip parts uploaded to the bucket they name. Statements
 * that cannot run on the emulator are listed in {@link #KNOWN_FAILURES} with the reason; each must
 * fail with that reason, so the list stays true.
 */
class RedshiftEmulatorGoldenIT {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String DATABASE = "vr_emulator_golden";
    private static final String BUCKET = "replicator-stage";
    private static final String PREFIX = "pipeline-a/";
    private static final List<String> FILE_ORDER = List.of("session.sql", "create_table.sql", "checkpoint.sql",
            "catalog.sql", "staging_and_copy.sql", "merge.sql", "schema_changes.sql");
    private static final Pattern PART = Pattern.compile("(.*) \\((\\d+)/(\\d+)\\)");

    /** Statement name → the text of the error it must fail with, and why (reported in the summary). */
    private static final Map<String, String> KNOWN_FAILURES = Map.of(
            "copy, access keys and region", "cannot read the manifest");

    private static final String ORDERS_HARD = "CREATE TABLE \"warehouse\".\"orders\" (\"tenant_id\" integer NOT NULL,"
            + " \"OrderId\" bigint NOT NULL, \"order\" varchar(160), \"amount\" numeric(12,2), \"note\" varchar(65535),"
            + " PRIMARY KEY (\"tenant_id\", \"OrderId\")) DISTSTYLE AUTO COMPOUND SORTKEY (\"tenant_id\", \"OrderId\")";
    private static final String ORDERS_SOFT = ORDERS_HARD.replace(" PRIMARY KEY", " \"_vr_deleted\" boolean NOT NULL"
            + " DEFAULT false, \"_vr_deleted_at\" timestamptz, PRIMARY KEY");
    private static final String EVERY_TYPE_COLUMNS = "\"id\" numeric(20,0), \"c_tinyint\" smallint, \"c_smallint_u\""
            + " integer, \"c_mediumint\" integer, \"c_int\" integer, \"c_int_u\" bigint, \"c_bigint\" bigint, \"c_decimal\""
            + " numeric(38,10), \"c_float\" real, \"c_double\" double precision, \"c_bit\" bigint, \"c_bit64\""
            + " numeric(20,0), \"c_char\" varchar(12), \"c_varchar\" varchar(1020), \"c_tinytext\" varchar(255),"
            + " \"c_text\" varchar(65535), \"c_longtext\" varchar(65535), \"c_binary\" varbyte(16), \"c_varbinary\""
            + " varbyte(300), \"c_blob\" varbyte(65535), \"c_date\" date, \"c_datetime\" timestamp, \"c_timestamp\""
            + " timestamptz, \"c_time\" time, \"c_year\" smallint, \"c_json\" super, \"c_enum\" varchar(7), \"c_set\""
            + " varchar(5)";
    private static final String CHECKPOINT = "\"warehouse\".\"_vitess_replicator_checkpoint\"";

    private static S3Client s3;
    private static boolean createdBucket;

    record Golden(String file, String name, String group, String sql) {}

    @BeforeAll
    static void setUp() throws Exception {
        dropDatabase();
        try (Connection pg = EmulatorStack.postgres(TestEnv.get("PGDATABASE")); Statement s = pg.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        s3 = EmulatorStack.s3();
        createdBucket = EmulatorStack.createBucket(s3, BUCKET);
        stage("batch-000042/orders/", "1,1,\"Bob's \"\"order\"\", #1\",12.50,\"line\nbreak\",\"U\",1\n"
                + "1,1,\"later\",13.00,\"\",\"U\",2\n1,2,\0,\0,\0,\"D\",3\n");
        String every = "18446744073709551615,-128,65535,-8388608,-2147483648,4294967295,-9223372036854775808,"
                + "-1234567890123456789012345678.0123456789,3.4028235E38,-1.7976931348623157E308,31,18446744073709551615,"
                + "\"a\"\"b\",\"é€😀\",\"tiny\",\"\",\"long\r\ntext\",\"000102030405060708090a0b0c0d0eff\",\"\",\"00ff\","
                + "2024-02-29,2024-02-29 13:04:05.123456,2024-02-29 13:04:05.000001+00,23:59:59.999999,2155,"
                + "\"{\"\"a\"\": [1, 2.5, null, \"\"x\"\"]}\",\"médium\",\"a,c\",\"U\",1\n"
                + "1,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\"D\",2\n";
        stage("batch-000043/every/", every);
    }

    @AfterAll
    static void tearDown() throws Exception {
        dropDatabase();
        EmulatorStack.deleteUnder(s3, BUCKET, PREFIX + "batch-000042/");
        EmulatorStack.deleteUnder(s3, BUCKET, PREFIX + "batch-000043/");
        if (createdBucket) {
            try {
                s3.deleteBucket(b -> b.bucket(BUCKET));
            } catch (RuntimeException e) {
                // someone else put objects there meanwhile; leave it
            }
        }
        s3.close();
    }

    private static void dropDatabase() throws SQLException {
        try (Connection pg = EmulatorStack.postgres(TestEnv.get("PGDATABASE")); Statement s = pg.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** One gzip part and the manifest the golden COPY names ({@code <batch>/manifest}). */
    private static void stage(String dir, String csv) {
        byte[] gz = EmulatorStack.gzip(csv.getBytes(StandardCharsets.UTF_8));
        String part = PREFIX + dir + "part-00000.csv.gz";
        EmulatorStack.put(s3, BUCKET, part, gz);
        String batch = dir.substring(0, dir.indexOf('/') + 1);
        EmulatorStack.put(s3, BUCKET, PREFIX + batch + "manifest", EmulatorStack.manifest(BUCKET, List.of(part),
                List.of(gz.length)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyGoldenStatementRunsOnTheEmulator() throws Exception {
        List<Golden> statements = golden();
        assertThat(statements).hasSizeGreaterThan(50);
        Map<String, List<Golden>> groups = new LinkedHashMap<>();
        for (Golden g : statements) {
            groups.computeIfAbsent(g.file() + " / " + g.group(), k -> new ArrayList<>()).add(g);
        }
        List<String> report = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        try (Connection c = EmulatorStack.emulator(DATABASE, "stringtype=unspecified")) {
            for (List<Golden> group : groups.values()) {
                runGroup(c, group, report, unexpected);
            }
        }
        System.out.println("Golden statements on the Redshift emulator:\n  " + String.join("\n  ", report));
        assertThat(unexpected).isEmpty();
        assertThat(report.stream().filter(r -> r.startsWith("known failure")).count())
                .isEqualTo(KNOWN_FAILURES.size());
    }

    private static void runGroup(Connection c, List<Golden> group, List<String> report, List<String> unexpected)
            throws Exception {
        Golden first = group.get(0);
        fixture(c, first);
        boolean outside = first.group().contains("[outside transaction]");
        if (outside) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute(first.sql()))
                        .hasMessageContaining("cannot run inside a transaction block");
            }
            c.rollback();
            c.setAutoCommit(true);
        } else {
            c.setAutoCommit(!first.file().equals("session.sql") ? false : true);
        }
        for (Golden g : group) {
            String known = KNOWN_FAILURES.get(g.name());
            try {
                String outcome = run(c, g);
                if (known != null) {
                    unexpected.add(g.file() + " / " + g.name() + ": expected to fail with '" + known + "' but ran ("
                            + outcome + "); remove it from KNOWN_FAILURES");
                }
                report.add("ok             " + g.file() + " / " + g.name() + outcome);
            } catch (SQLException e) {
                if (known != null && String.valueOf(e.getMessage()).contains(known)) {
                    report.add("known failure  " + g.file() + " / " + g.name() + ": " + firstLine(e.getMessage()));
                } else {
                    unexpected.add(g.file() + " / " + g.name() + ": " + e.getMessage() + "\n    SQL: " + g.sql());
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (g.name().equals("copy, access keys and region")) {
                    // the same statement with the stack's keys in its literals loads the rows; S3Proxy answers
                    // 501 NotImplemented to a session token (x-amz-security-token), so SESSION_TOKEN goes
                    String sql = g.sql().replace("'AKIAEXAMPLEEXAMPLE'", "'" + TestEnv.get("S3_ACCESS_KEY") + "'")
                            .replace("'example/secret/key'", "'" + TestEnv.get("S3_SECRET_KEY") + "'")
                            .replace(" SESSION_TOKEN 'example-session-token'", "");
                    try (Statement s = c.createStatement()) {
                        s.execute("DELETE FROM \"_vr_stage_2\"");
                        assertThat(s.executeUpdate(sql)).isEqualTo(2);
                    }
                    check(c, "SELECT \"id\"::text, \"c_binary\", \"c_json\"::text, \"c_set\", \"c_text\" FROM"
                            + " \"_vr_stage_2\" WHERE \"_vr_seq\" = 1", "18446744073709551615", "[0, 1, 2, 3, 4, 5, 6, 7,"
                            + " 8, 9, 10, 11, 12, 13, 14, -1]", "{\"a\": [1, 2.5, null, \"x\"]}", "a,c", "");
                    report.add("ok             " + g.file() + " / " + g.name() + " (with the stack's keys): 2 rows");
                }
                break; // the rest of the group depends on this statement
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        c.setAutoCommit(true);
    }

    /** Runs one statement (binding its parameters); returns a note for the report. */
    private static String run(Connection c, Golden g) throws SQLException {
        List<Object> params = parameters(c, g);
        if (params.isEmpty()) {
            try (Statement s = c.createStatement()) {
                boolean rows = s.execute(g.sql());
                String note = rows ? ": " + rowsOf(s.getResultSet()) : ": " + s.getUpdateCount() + " rows";
                verify(c, g, rows ? note : null);
                return note;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(g.sql())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            boolean rows = ps.execute();
            String note = rows ? ": " + rowsOf(ps.getResultSet()) : ": " + ps.getUpdateCount() + " rows";
            verify(c, g, rows ? note : null);
            return note;
        }
    }

    /** Results worth checking: the catalog reads Redshift's names back, the COPY loaded its rows. */
    private static void verify(Connection c, Golden g, String rows) throws SQLException {
        switch (g.name()) {
            case "varchar length of a column" -> assertThat(rows).isEqualTo(": [[160]]");
            case "primary-key constraint" -> assertThat(rows).isEqualTo(": [[orders_pkey]]");
            case "columns and their types" -> assertThat(rows).contains("[order, character varying(160)]");
            case "copy, IAM role" -> check(c, "SELECT count(*)::text, string_agg(\"order\", '|' ORDER BY \"_vr_seq\"),"
                    + " string_agg(coalesce(\"note\", 'NULL'), '|' ORDER BY \"_vr_seq\") FROM \"_vr_stage_1\"", "3",
                    "Bob's \"order\", #1|later", "line\nbreak||NULL");
            default -> { }
        }
        if (g.name().equals("columns and their types")) {
            // the same query on the table of every type: the emulator's format_type prints Redshift's names
            try (PreparedStatement ps = c.prepareStatement(g.sql())) {
                ps.setObject(1, oid(c, "EveryType"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rowsOf(rs)).contains("[c_binary, varbyte(16)]", "[c_blob, varbyte(65535)]",
                            "[c_json, super]", "[c_varchar, character varying(1020)]");
                }
            }
        }
    }

    private static void check(Connection c, String sql, String... expected) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            for (int i = 0; i < expected.length; i++) {
                Object v = rs.getObject(i + 1);
                assertThat(v instanceof byte[] b ? toList(b) : v).isEqualTo(expected[i]);
            }
        }
    }

    private static String toList(byte[] b) {
        return Arrays.toString(b);
    }

    // ---- fixtures -----------------------------------------------------------------------------

    /** A fresh "warehouse" with the tables the golden statements name, a few rows, and the staging tables. */
    private static void fixture(Connection c, Golden g) throws SQLException {
        c.setAutoCommit(true);
        boolean soft = g.group().contains("soft delete");
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"warehouse\" CASCADE");
            s.execute("DROP TABLE IF EXISTS \"_vr_stage_1\"");
            s.execute("DROP TABLE IF EXISTS \"_vr_stage_2\"");
            s.execute("CREATE SCHEMA \"warehouse\"");
            s.execute(soft ? ORDERS_SOFT : ORDERS_HARD);
            s.execute("INSERT INTO \"warehouse\".\"orders\" (\"tenant_id\", \"OrderId\", \"order\", \"amount\", \"note\")"
                    + " VALUES (1, 1, 'first', 1.00, 'n'), (1, 2, 'second', 2.00, NULL), (2, 1, 'third', 3.00, '')");
            s.execute("CREATE TABLE \"warehouse\".\"EveryType\" (" + EVERY_TYPE_COLUMNS + ", PRIMARY KEY (\"id\"))"
                    + " DISTSTYLE KEY DISTKEY (\"id\")");
            s.execute("INSERT INTO \"warehouse\".\"EveryType\" (\"id\", \"c_binary\", \"c_json\") VALUES (1, NULL, NULL)");
            s.execute("CREATE TABLE \"warehouse\".\"_vr_copy_orders\" (LIKE \"warehouse\".\"orders\" INCLUDING DEFAULTS)");
            s.execute("INSERT INTO \"warehouse\".\"_vr_copy_orders\" (\"tenant_id\", \"OrderId\", \"order\", \"amount\","
                    + " \"note\"" + (soft ? ", \"_vr_deleted\"" : "") + ") SELECT \"tenant_id\", \"OrderId\", \"order\","
                    + " \"amount\", \"note\"" + (soft ? ", false" : "") + " FROM \"warehouse\".\"orders\" WHERE \"tenant_id\" = 1");
            for (Golden create : golden()) {
                if (create.file().equals("checkpoint.sql") && (create.name().equals("create")
                        || create.name().equals("schema history table"))) {
                    s.execute(create.sql());
                }
            }
            s.execute("INSERT INTO " + CHECKPOINT + " (pipeline, owner, claimed_at, updated_at) VALUES ('p1', 'o1',"
                    + " SYSDATE, SYSDATE)");
            s.execute("CREATE TEMPORARY TABLE \"_vr_stage_1\" (\"tenant_id\" integer, \"OrderId\" bigint, \"order\""
                    + " varchar(160), \"amount\" numeric(12,2), \"note\" varchar(65535), \"_vr_op\" char(1) NOT NULL,"
                    + " \"_vr_seq\" bigint NOT NULL)");
            s.execute("INSERT INTO \"_vr_stage_1\" VALUES (1, 1, 'old', 5.00, 'x', 'U', 1), (1, 1, 'new', 6.00, 'y', 'U',"
                    + " 2), (1, 2, NULL, NULL, NULL, 'D', 3), (3, 3, 'added', 7.00, NULL, 'U', 4)");
            s.execute("CREATE TEMPORARY TABLE \"_vr_stage_2\" (" + EVERY_TYPE_COLUMNS + ", \"_vr_op\" char(1) NOT NULL,"
                    + " \"_vr_seq\" bigint NOT NULL)");
            s.execute("INSERT INTO \"_vr_stage_2\" (\"id\", \"c_varchar\", \"_vr_op\", \"_vr_seq\") VALUES (1, 'a', 'U', 1),"
                    + " (1, 'b', 'U', 2), (5, 'c', 'U', 3), (7, NULL, 'D', 4)");
            // what a group's own statements create must not exist yet
            switch (g.group()) {
                case "create" -> s.execute("DROP TABLE " + CHECKPOINT);
                case "schema history table" -> s.execute("DROP TABLE \"warehouse\".\"_vitess_replicator_checkpoint"
                        + "_schema_history\"");
                case "copy started" -> s.execute("DROP TABLE \"warehouse\".\"_vr_copy_orders\"");
                case "create staging, orders" -> s.execute("DROP TABLE \"_vr_stage_1\"");
                case "create staging, every type" -> s.execute("DROP TABLE \"_vr_stage_2\"");
                case "copy, IAM role" -> s.execute("DELETE FROM \"_vr_stage_1\"");
                case "copy, access keys and region" -> s.execute("DELETE FROM \"_vr_stage_2\"");
                default -> {
                    if (g.group().startsWith("widen int to bigint")) {
                        s.execute("ALTER TABLE \"warehouse\".\"orders\" ADD COLUMN \"qty\" integer");
                    }
                    if (g.file().equals("create_table.sql")) {
                        s.execute("DROP TABLE \"warehouse\".\"orders\" CASCADE");
                        s.execute("DROP TABLE \"warehouse\".\"EveryType\"");
                    }
                }
            }
        }
    }

    /** Values for a statement's parameters (strings: the URL sets stringtype=unspecified). */
    private static List<Object> parameters(Connection c, Golden g) throws SQLException {
        int count = 0;
        for (SqlToken t : SqlTokenizer.tokenize(g.sql())) {
            if (t.kind() == SqlToken.Kind.PARAMETER) {
                count++;
            }
        }
        if (count == 0) {
            return List.of();
        }
        String at = "2024-01-01 00:00:00";
        List<Object> values = switch (g.name()) {
            case "read and lock (2/2)", "lease: read" -> List.of("p1");
            case "claim, existing pipeline" -> List.of("o2", "p1");
            case "claim, fresh pipeline" -> List.of("p2", "o1");
            case "record commit" -> Arrays.asList("{\"gtid\":\"x\"}", "committed", "5", null, "p1", "o1");
            case "lease: is the holding session connected" -> List.of("123", at);
            case "lease: take, existing pipeline" -> List.of("o1", "123", at, "p1");
            case "lease: take, fresh pipeline" -> List.of("p2", "o1", "o1", "123", at);
            case "lease: release" -> List.of("p1", "o1", "123");
            case "varchar length of a column" -> List.of("warehouse", "orders", "order");
            case "columns and their types", "table comment" -> List.of(oid(c, "orders"));
            case "privilege: schema" -> List.of("warehouse", "warehouse");
            case "privilege: checkpoint table" -> List.of(CHECKPOINT, CHECKPOINT, CHECKPOINT);
            case "schema exists" -> List.of("warehouse");
            default -> {
                List<Object> v = new ArrayList<>(List.of("warehouse", "orders"));
                while (v.size() < count) {
                    v.add("1");
                }
                yield v.subList(0, count);
            }
        };
        assertThat(values).as("parameters of " + g.name()).hasSize(count);
        return values;
    }

    private static long oid(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_catalog.pg_class AS c JOIN"
                + " pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, "warehouse");
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static String rowsOf(ResultSet rs) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        }
        return rows.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---- golden files -------------------------------------------------------------------------

    /** Every statement of the golden files, files in a sensible order, statements in file order. */
    static List<Golden> golden() {
        List<Path> files;
        try (Stream<Path> list = Files.list(GOLDEN)) {
            files = new ArrayList<>(list.filter(p -> p.toString().endsWith(".sql")).sorted().toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + GOLDEN.toAbsolutePath(), e);
        }
        // verify's reads (verify.sql) run through the emulator end to end in replicator-dist's VerifyIT,
        // against tables the pipeline made; this test has no fixture for them
        files.removeIf(p -> p.getFileName().toString().equals("verify.sql"));
        files.sort((a, b) -> Integer.compare(order(a), order(b)));
        List<Golden> out = new ArrayList<>();
        for (Path f : files) {
            String name = null;
            StringBuilder sql = new StringBuilder();
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
            for (String line : lines) {
                if (sql.length() == 0 && line.startsWith("-- ")) {
                    name = line.substring(3).strip();
                } else if (!line.isBlank() || sql.length() > 0) {
                    sql.append(sql.length() == 0 ? "" : "\n").append(line);
                    if (line.stripTrailing().endsWith(";")) {
                        Matcher m = PART.matcher(name);
                        out.add(new Golden(f.getFileName().toString(), name, m.matches() ? m.group(1) : name,
                                sql.toString()));
                        sql.setLength(0);
                        name = null;
                    }
                }
            }
        }
        return out;
    }

    private static int order(Path file) {
        int i = FILE_ORDER.indexOf(file.getFileName().toString());
        return i < 0 ? FILE_ORDER.size() : i;
    }
}
