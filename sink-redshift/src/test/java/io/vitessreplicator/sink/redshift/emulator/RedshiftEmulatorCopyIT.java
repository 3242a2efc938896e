package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.sink.redshift.RedshiftCopyStatement;
import io.vitessreplicator.sink.redshift.RedshiftCsvEncoder;
import io.vitessreplicator.sink.redshift.RedshiftIdentifiers;
import io.vitessreplicator.sink.redshift.RedshiftStagedFiles;
import io.vitessreplicator.sink.redshift.RedshiftTypeMapping;
import io.vitessreplicator.sink.redshift.RedshiftTypeOptions;
import io.vitessreplicator.testkit.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The emulated COPY against the stack: parts and manifests written to S3Proxy (hand-written bytes,
 * and the sink's own encoder and staged files), loaded through {@code jdbc:redshift-emulator:} into
 * temporary staging tables inside a transaction, read back with plain pgjdbc on the same session.
 */
class RedshiftEmulatorCopyIT {
    private static final String BUCKET = "vr-emulator-copy-it";
    private static final String SCHEMA = "vr_emulator_copy_it";
    private static final String IAM = "IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-loader'";
    private static final String FORMAT = "FORMAT AS CSV QUOTE AS '\"' DELIMITER ',' NULL AS '\\000' GZIP MANIFEST"
            + " COMPUPDATE OFF STATUPDATE OFF";
    private static final String STAGE = "CREATE TEMPORARY TABLE \"_vr_stage_it\" (\"id\" bigint, \"txt\" varchar(40),"
            + " \"ch\" char(1), \"bin\" varbyte(8), \"doc\" super, \"ts\" timestamptz, \"dt\" timestamp, \"d\" date,"
            + " \"tm\" time, \"num\" numeric(12,2), \"f\" double precision, \"b\" boolean, \"_vr_op\" char(1) NOT NULL,"
            + " \"_vr_seq\" bigint NOT NULL)";
    private static final String COLUMNS = "(\"id\", \"txt\", \"ch\", \"bin\", \"doc\", \"ts\", \"dt\", \"d\", \"tm\","
            + " \"num\", \"f\", \"b\", \"_vr_op\", \"_vr_seq\")";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private static S3Client s3;
    private static String database;

    @BeforeAll
    static void setUp() throws SQLException {
        s3 = EmulatorStack.s3();
        EmulatorStack.createBucket(s3, BUCKET);
        EmulatorStack.deleteUnder(s3, BUCKET, "");
        database = TestEnv.get("PGDATABASE");
        try (Connection pg = EmulatorStack.postgres(database); Statement s = pg.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @AfterAll
    static void tearDown() throws SQLException {
        try (Connection pg = EmulatorStack.postgres(database); Statement s = pg.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        EmulatorStack.deleteUnder(s3, BUCKET, "");
        s3.deleteBucket(b -> b.bucket(BUCKET));
        s3.close();
    }

    /** Uploads gzip parts (the raw bytes given) and a manifest; returns the manifest's s3:// URL. */
    private static String stage(byte[]... parts) {
        String dir = "copy-it/" + NEXT.incrementAndGet() + "/";
        List<String> keys = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            byte[] gz = EmulatorStack.gzip(parts[i]);
            String key = dir + "part-" + i + ".csv.gz";
            EmulatorStack.put(s3, BUCKET, key, gz);
            keys.add(key);
            sizes.add(gz.length);
        }
        EmulatorStack.put(s3, BUCKET, dir + "manifest", EmulatorStack.manifest(BUCKET, keys, sizes)
                .getBytes(StandardCharsets.UTF_8));
        return "s3://" + BUCKET + "/" + dir + "manifest";
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String copy(String manifestUrl) {
        return "COPY \"_vr_stage_it\" " + COLUMNS + "\nFROM '" + manifestUrl + "'\n" + IAM + "\n" + FORMAT;
    }

    @Test
    void awkwardValuesLoadExactlyInsideATransaction() throws Exception {
        byte[] part1 = b("1,\"plain\",\"a\",\"00ff10\",\"{\"\"k\"\": [1, \"\"x\"\"], \"\"s\"\": \"\"é\"\"}\","
                + "2024-02-29 13:04:05.123456+00,2024-02-29 13:04:05.000001,2024-02-29,13:04:05.5,-1234567890.12,"
                + "1.0E-5,t,\"U\",1\n"
                + "2,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\0,\"D\",2\n"
                + "3,\"\",\"\",\"\",\"null\",,,,,,,,\"U\",3\n"
                + "4,,\" \",\"0000\",\"[]\",1970-01-01 00:00:00.000000+00,0001-01-01 00:00:00.000000,0001-01-01,"
                + "23:59:59.999999,0.00,-0.0,f,\"U\",4\n");
        byte[] part2 = b("5,\"say \"\"hi\"\", then,\r\nbye\n\",\"\"\"\",\"ABCDEF01\",\"\"\"text\"\"\",\0,\0,\0,\0,"
                + "9999999999.99,1.7976931348623157E308,\0,\"U\",5\r\n"
                + "6,\"é€😀日本\",\",\",\"00\",\"{\"\"a\"\":{\"\"b\"\":null}}\",\0,\0,\0,\0,\0,\0,\0,\"U\",6\r\n"
                + "7,\"\\N\",\"\\\",\"0000000000000000\",\"1.5\",2038-01-19 03:14:08.000000+00,\0,\0,00:00:00,\0,\0,\0,"
                + "\"U\",7");
        String manifest = stage(part1, part2);
        try (Connection c = EmulatorStack.emulator(database, "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET enable_case_sensitive_identifier TO true");
                s.execute("SET timezone TO 'UTC'");
                s.execute(STAGE);
                assertThat(s.execute(copy(manifest))).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(7);
                assertThat(s.getMoreResults()).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(-1);
            }
            List<List<Object>> rows = read(c, "SELECT \"id\", \"txt\", \"ch\", \"bin\", \"doc\"::text, \"ts\", \"dt\","
                    + " \"d\", \"tm\", \"num\", \"f\", \"b\", \"_vr_op\", \"_vr_seq\" FROM \"_vr_stage_it\" ORDER BY \"id\"");
            assertThat(rows).hasSize(7);
            assertThat(rows.get(0)).containsExactly(1L, "plain", "a", hex("00ff10"), "{\"k\": [1, \"x\"], \"s\": \"é\"}",
                    OffsetDateTime.of(2024, 2, 29, 13, 4, 5, 123_456_000, ZoneOffset.UTC),
                    LocalDateTime.of(2024, 2, 29, 13, 4, 5, 1000), LocalDate.of(2024, 2, 29),
                    LocalTime.of(13, 4, 5, 500_000_000), new BigDecimal("-1234567890.12"), 1.0E-5, true, "U", 1L);
            assertThat(rows.get(1)).containsExactly(2L, null, null, null, null, null, null, null, null, null, null, null,
                    "D", 2L);
            // quoted empty: empty string and empty binary; JSON null is not SQL NULL; unquoted empty: NULL
            assertThat(rows.get(2)).containsExactly(3L, "", " ", new byte[0], "null", null, null, null, null, null, null,
                    null, "U", 3L);
            // an unquoted empty field in a varchar column is the empty string (no EMPTYASNULL)
            assertThat(rows.get(3)).containsExactly(4L, "", " ", new byte[2], "[]", OffsetDateTime.of(1970, 1, 1, 0, 0, 0,
                    0, ZoneOffset.UTC), LocalDateTime.of(1, 1, 1, 0, 0), LocalDate.of(1, 1, 1),
                    LocalTime.of(23, 59, 59, 999_999_000), new BigDecimal("0.00"), -0.0, false, "U", 4L);
            assertThat(rows.get(4)).containsExactly(5L, "say \"hi\", then,\r\nbye\n", "\"", hex("abcdef01"), "\"text\"",
                    null, null, null, null, new BigDecimal("9999999999.99"), Double.MAX_VALUE, null, "U", 5L);
            assertThat(rows.get(5)).containsExactly(6L, "é€😀日本", ",", new byte[1], "{\"a\": {\"b\": null}}", null, null,
                    null, null, null, null, null, "U", 6L);
            assertThat(rows.get(6)).containsExactly(7L, "\\N", "\\", new byte[8], "1.5",
                    OffsetDateTime.of(2038, 1, 19, 3, 14, 8, 0, ZoneOffset.UTC), null, null, LocalTime.MIDNIGHT, null,
                    null, null, "U", 7L);
            c.rollback();
        }
    }

    @Test
    void theSinksOwnEncoderAndStagedFilesLoadBackExactly() throws Exception {
        TableSchema source = new TableSchema(new TableId("shop", "enc"), List.of(
                new Column("id", ColumnType.of(ColumnType.Kind.BIGINT, "bigint"), false),
                new Column("txt", new ColumnType(ColumnType.Kind.VARCHAR, false, 20, 0, 0, List.of(), "varchar(20)"), true),
                new Column("bin", new ColumnType(ColumnType.Kind.VARBINARY, false, 10, 0, 0, List.of(), "varbinary(10)"),
                        true),
                new Column("doc", ColumnType.of(ColumnType.Kind.JSON, "json"), true),
                new Column("at", new ColumnType(ColumnType.Kind.TIMESTAMP, false, 0, 6, 0, List.of(), "timestamp(6)"), true),
                new Column("dt", new ColumnType(ColumnType.Kind.DATETIME, false, 0, 6, 0, List.of(), "datetime(6)"), true),
                new Column("tm", new ColumnType(ColumnType.Kind.TIME, false, 0, 6, 0, List.of(), "time(6)"), true),
                new Column("amount", new ColumnType(ColumnType.Kind.DECIMAL, false, 0, 12, 2, List.of(), "decimal(12,2)"),
                        true),
                new Column("f", ColumnType.of(ColumnType.Kind.DOUBLE, "double"), true)), List.of("id"));
        RedshiftTypeMapping mapping = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS);
        List<SqlType> types = mapping.columnTypes(source.id(), source.columns());
        TargetTable target = new TargetTable(source, SCHEMA, "enc", RedshiftIdentifiers.qualified(SCHEMA, "enc"), types,
                DeleteMode.HARD);
        RedshiftCsvEncoder encoder = new RedshiftCsvEncoder(target);
        String prefix = "encoder-it-" + NEXT.incrementAndGet();
        RedshiftStagedFiles files = new RedshiftStagedFiles(key -> new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                super.close();
                EmulatorStack.put(s3, BUCKET, key, toByteArray());
            }
        }, prefix, "batch-000001", "enc", 300); // small parts: several files
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new Object[] {(long) i, i % 3 == 0 ? "" : "v\"" + i + ",é\n€", i % 4 == 0 ? new byte[0]
                    : new byte[] {0, (byte) i, (byte) 0xff}, "{\"n\": " + i + "}",
                    Instant.parse("2024-05-01T10:00:00.000001Z").plusSeconds(i), LocalDateTime.of(2024, 5, 1, 10, 0, i),
                    Duration.ofSeconds(3600 + i).plusNanos(5000), new BigDecimal("-12.50").add(BigDecimal.valueOf(i)),
                    i * 0.1});
        }
        rows.get(5)[1] = null;
        rows.get(5)[2] = null;
        for (int i = 0; i < rows.size(); i++) {
            encoder.writeUpsert(rows.get(i), i + 1, files.buffer());
            files.endRecord();
        }
        encoder.writeDelete(new Object[] {99L}, 41, files.buffer());
        files.endRecord();
        List<RedshiftStagedFiles.Part> parts = files.finish();
        assertThat(parts.size()).isGreaterThan(3);
        EmulatorStack.put(s3, BUCKET, files.manifestKey(), RedshiftStagedFiles.manifest(BUCKET, parts)
                .getBytes(StandardCharsets.UTF_8));

        List<String> columns = new ArrayList<>();
        StringBuilder ddl = new StringBuilder("CREATE TEMPORARY TABLE \"_vr_stage_enc\" (");
        for (int i = 0; i < source.columns().size(); i++) {
            String q = RedshiftIdentifiers.quote(source.columns().get(i).name());
            columns.add(q);
            ddl.append(q).append(' ').append(types.get(i).ddl()).append(", ");
        }
        ddl.append("\"_vr_op\" char(1) NOT NULL, \"_vr_seq\" bigint NOT NULL)");
        columns.add("\"_vr_op\"");
        columns.add("\"_vr_seq\"");
        RedshiftCopyStatement copy = new RedshiftCopyStatement("\"_vr_stage_enc\"", columns, "s3://" + BUCKET + "/"
                + files.manifestKey(), new RedshiftCopyStatement.IamRole("arn:aws:iam::123456789012:role/x"), null);
        try (Connection c = EmulatorStack.emulator(database, "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET timezone TO 'UTC'");
                s.execute(ddl.toString());
                assertThat(s.executeUpdate(copy.sql())).isEqualTo(41);
            }
            List<List<Object>> back = read(c, "SELECT \"id\", \"txt\", \"bin\", \"doc\"::text, \"at\", \"dt\", \"tm\","
                    + " \"amount\", \"f\", \"_vr_op\", \"_vr_seq\" FROM \"_vr_stage_enc\" ORDER BY \"_vr_seq\"");
            assertThat(back).hasSize(41);
            for (int i = 0; i < rows.size(); i++) {
                Object[] r = rows.get(i);
                assertThat(back.get(i)).containsExactly(r[0], r[1], r[2], r[3],
                        OffsetDateTime.ofInstant((Instant) r[4], ZoneOffset.UTC), r[5],
                        LocalTime.ofNanoOfDay(((Duration) r[6]).toNanos()), r[7], r[8], "U", i + 1L);
            }
            assertThat(back.get(40)).containsExactly(99L, null, null, null, null, null, null, null, null, "D", 41L);
            c.rollback();
        }
    }

    // ---- failures ---------------------------------------------------------------------------

    /** Runs the COPY in a transaction; expects it to fail and the transaction to be failed afterwards. */
    private static void copyFails(String copySql, String stageDdl, String... fragments) throws SQLException {
        try (Connection c = EmulatorStack.emulator(database, "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(stageDdl);
                assertThatThrownBy(() -> s.execute(copySql)).isInstanceOf(SQLException.class)
                        .hasMessageStartingWith("redshift-emulator: COPY failed: ").hasMessageContainingAll(fragments)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("XX000");
                // as after any failed statement: the transaction is aborted until rolled back
                assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("current transaction is aborted");
            }
            c.rollback();
        }
    }

    private static final String SMALL = "CREATE TEMPORARY TABLE \"_vr_stage_small\" (\"id\" bigint, \"v\" varchar(4),"
            + " \"bin\" varbyte(4), \"_vr_op\" char(1) NOT NULL, \"_vr_seq\" bigint NOT NULL)";

    private static String copySmall(String manifestUrl) {
        return "COPY \"_vr_stage_small\" (\"id\", \"v\", \"bin\", \"_vr_op\", \"_vr_seq\") FROM '" + manifestUrl + "' "
                + IAM + " " + FORMAT;
    }

    @Test
    void aMissingManifestOrMandatoryPartFails() throws SQLException {
        copyFails(copySmall("s3://" + BUCKET + "/nowhere/manifest"), SMALL, "cannot read the manifest",
                "does not exist");
        String dir = "missing-part-" + NEXT.incrementAndGet() + "/";
        EmulatorStack.put(s3, BUCKET, dir + "manifest", EmulatorStack.manifest(BUCKET, List.of(dir + "part-0.csv.gz"),
                List.of(10)).getBytes(StandardCharsets.UTF_8));
        copyFails(copySmall("s3://" + BUCKET + "/" + dir + "manifest"), SMALL, "part-0.csv.gz as mandatory",
                "does not exist");
    }

    @Test
    void aWrongContentLengthFails() throws SQLException {
        String dir = "length-" + NEXT.incrementAndGet() + "/";
        byte[] gz = EmulatorStack.gzip(b("1,\"a\",\"00\",\"U\",1\n"));
        EmulatorStack.put(s3, BUCKET, dir + "part-0.csv.gz", gz);
        EmulatorStack.put(s3, BUCKET, dir + "manifest", EmulatorStack.manifest(BUCKET, List.of(dir + "part-0.csv.gz"),
                List.of(gz.length + 1)).getBytes(StandardCharsets.UTF_8));
        copyFails(copySmall("s3://" + BUCKET + "/" + dir + "manifest"), SMALL, "content_length " + (gz.length + 1),
                "has " + gz.length + " bytes");
    }

    @Test
    void fieldCountMismatchesNameThePartAndRecord() throws SQLException {
        copyFails(copySmall(stage(b("1,\"a\",\"00\",\"U\",1\n2,\"b\",\"00\",\"U\"\n"))), SMALL, "part-0.csv.gz, record 2",
                "4 fields for 5 columns", "Delimiter not found");
        copyFails(copySmall(stage(b("1,\"a\",\"00\",\"U\",1,9\n"))), SMALL, "record 1", "Extra column(s) found");
    }

    @Test
    void varcharLengthsCountBytes() throws SQLException {
        // four characters, five bytes: fits PostgreSQL's varchar(4), not Redshift's
        copyFails(copySmall(stage(b("1,\"abcd\",\0,\"U\",1\n2,\"abcé\",\0,\"U\",2\n"))), SMALL,
                "record 2, column \"v\" (character varying(4))", "String length exceeds DDL length", "1204",
                "5 bytes");
    }

    @Test
    void badHexNulAndUtf8Fail() throws SQLException {
        copyFails(copySmall(stage(b("1,\"a\",\"0g\",\"U\",1\n"))), SMALL, "column \"bin\"", "'g' is not a hexadecimal");
        copyFails(copySmall(stage(b("1,\"a\",\"abc\",\"U\",1\n"))), SMALL, "odd number of hexadecimal digits");
        copyFails(copySmall(stage(b("1,\"a\",\"0102030405\",\"U\",1\n"))), SMALL, "5 bytes, more than varbyte(4)");
        copyFails(copySmall(stage(b("1,\"a\0\",\"00\",\"U\",1\n"))), SMALL, "record 1, field 2: a NUL byte inside a"
                + " quoted value");
        byte[] latin1 = "1,\"caf\u00e9\",\"00\",\"U\",1\n".getBytes(StandardCharsets.ISO_8859_1);
        copyFails(copySmall(stage(latin1)), SMALL, "invalid UTF-8", "1220");
        copyFails(copySmall(stage(b("1,\"a\",\"00\",\"X\",nope\n"))), SMALL, "PostgreSQL refused the data",
                "invalid input syntax for type bigint");
    }

    @Test
    void notGzipAndUnknownOptionsFail() throws SQLException {
        String dir = "not-gzip-" + NEXT.incrementAndGet() + "/";
        byte[] plain = b("1,\"a\",\"00\",\"U\",1\n");
        EmulatorStack.put(s3, BUCKET, dir + "part-0.csv.gz", plain);
        EmulatorStack.put(s3, BUCKET, dir + "manifest", EmulatorStack.manifest(BUCKET, List.of(dir + "part-0.csv.gz"),
                List.of(plain.length)).getBytes(StandardCharsets.UTF_8));
        copyFails(copySmall("s3://" + BUCKET + "/" + dir + "manifest"), SMALL, "not a valid gzip file");
        copyFails(copySmall(stage(b("1,\"a\",\"00\",\"U\",1\n"))) + " EMPTYASNULL", SMALL,
                "the emulator does not implement EMPTYASNULL; the sink must not use it");
    }

    @Test
    void accessKeysInTheCopyAreTheOnesUsed() throws SQLException {
        String manifest = stage(b("1,\"a\",\"00\",\"U\",1\n"));
        String keys = "ACCESS_KEY_ID '" + TestEnv.get("S3_ACCESS_KEY") + "' SECRET_ACCESS_KEY '"
                + TestEnv.get("S3_SECRET_KEY") + "'";
        try (Connection c = EmulatorStack.emulator(database, ""); Statement s = c.createStatement()) {
            s.execute(SMALL);
            assertThat(s.executeUpdate(copySmall(manifest).replace(IAM, keys))).isEqualTo(1);
        }
        copyFails(copySmall(manifest).replace(IAM, "ACCESS_KEY_ID 'AKIAWRONG' SECRET_ACCESS_KEY 'wrong'"), SMALL,
                "cannot read the manifest");
    }

    @Test
    void preparedCopyReportsItsRowCount() throws SQLException {
        String manifest = stage(b("1,\"a\",\"00\",\"U\",1\n2,\0,\0,\"D\",2\n"));
        try (Connection c = EmulatorStack.emulator(database, "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(SMALL);
            }
            Savepoint sp = c.setSavepoint();
            try (var ps = c.prepareStatement(copySmall(manifest))) {
                assertThat(ps.executeUpdate()).isEqualTo(2);
                assertThat(ps.getConnection()).isSameAs(c);
            }
            c.rollback(sp);
            assertThat(read(c, "SELECT count(*) FROM \"_vr_stage_small\"")).containsExactly(List.of(0L));
            c.commit();
        }
    }

    // ---- transaction rules --------------------------------------------------------------------

    @Test
    void alterColumnTypeOnlyOutsideATransactionAndOnlyWidening() throws SQLException {
        String table = "\"" + SCHEMA + "\".\"alter_me\"";
        try (Connection c = EmulatorStack.emulator(database, ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (\"id\" bigint, \"v\" varchar(10), \"n\" integer) DISTSTYLE AUTO");
            c.setAutoCommit(false);
            assertThatThrownBy(() -> s.execute("ALTER TABLE " + table + " ALTER COLUMN \"v\" TYPE varchar(20)"))
                    .hasMessage("redshift-emulator: ALTER TABLE ALTER COLUMN cannot run inside a transaction block"
                            + " (Redshift's rule; run it with autocommit on, outside the batch transaction)")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25001");
            assertThatThrownBy(() -> s.executeQuery("SELECT 1")).hasMessageContaining("current transaction is aborted");
            c.rollback();
            assertThatThrownBy(() -> s.execute("TRUNCATE " + table)).hasMessageContaining("TRUNCATE inside a transaction");
            c.rollback();
            c.setAutoCommit(true);
            // an explicit transaction block counts too
            s.execute("BEGIN");
            assertThatThrownBy(() -> s.execute("ALTER TABLE " + table + " ALTER COLUMN \"v\" TYPE varchar(20)"))
                    .hasMessageContaining("cannot run inside a transaction block");
            s.execute("ROLLBACK");

            assertThat(s.execute("ALTER TABLE " + table + " ALTER COLUMN \"v\" TYPE varchar(20)")).isFalse();
            assertThatThrownBy(() -> s.execute("ALTER TABLE " + table + " ALTER COLUMN \"v\" TYPE varchar(5)"))
                    .hasMessageContaining("cannot decrease a VARCHAR's length (the column is varchar(20))");
            assertThatThrownBy(() -> s.execute("ALTER TABLE " + table + " ALTER COLUMN \"n\" TYPE varchar(20)"))
                    .hasMessageContaining("the column is integer");
            s.execute("TRUNCATE " + table);
        }
        try (Connection pg = EmulatorStack.postgres(database)) {
            assertThat(read(pg, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                    + "'::regclass AND attname = 'v'")).containsExactly(List.of("character varying(20)"));
        }
    }

    @Test
    void poolingAndJdbcPlumbing() throws SQLException {
        try (Connection c = EmulatorStack.emulator(database, "")) {
            assertThat(c.isValid(5)).isTrue();
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
            assertThat(c.unwrap(org.postgresql.PGConnection.class)).isNotNull();
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(false);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThat(s.getConnection()).isSameAs(c);
                s.execute("CREATE TEMPORARY TABLE \"t\" (\"at\" timestamp, \"b\" varbyte(3), \"d\" super)");
                Savepoint sp = c.setSavepoint();
                s.execute("INSERT INTO \"t\" VALUES (SYSDATE, NULL, NULL)");
                c.rollback(sp);
                assertThat(s.executeUpdate("INSERT INTO \"t\" VALUES (GETDATE(), NULL, NULL)")).isEqualTo(1);
                assertThat(read(c, "SELECT current_setting('standard_conforming_strings'), 'a\\\\b'")).containsExactly(
                        List.of("off", "a\\b"));
                // FROM_HEX, Redshift's hex to VARBYTE, is one of the emulator's stand-ins (EMULATOR.md)
                s.execute("INSERT INTO \"t\" (\"b\") VALUES (FROM_HEX('0aff'))");
                assertThat(read(c, "SELECT encode(\"b\", 'hex') FROM \"t\" WHERE \"b\" IS NOT NULL"))
                        .containsExactly(List.of("0aff"));
                // STV_SESSIONS lists this session under pg_backend_pid()
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stv_sessions WHERE process = pg_backend_pid()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1L);
                }
            }
            c.rollback();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static List<List<Object>> read(Connection c, String sql) throws SQLException {
        Connection raw = c.isWrapperFor(org.postgresql.PGConnection.class) ? c.unwrap(org.postgresql.core.BaseConnection.class)
                : c;
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    String type = rs.getMetaData().getColumnTypeName(i);
                    if (v != null) {
                        v = switch (type) {
                            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
                            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
                            case "date" -> rs.getObject(i, LocalDate.class);
                            case "time" -> rs.getObject(i, LocalTime.class);
                            case "int4", "int8", "int2" -> rs.getLong(i);
                            case "bpchar" -> rs.getString(i);
                            default -> v;
                        };
                    }
                    row.add(v);
                }
                out.add(row);
            }
            return out;
        }
    }
}
