package io.vitessreplicator.sink.redshift;

import static org.awaitility.Awaitility.await;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.sink.jdbc.JdbcSink;
import io.vitessreplicator.testkit.TestEnv;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Redshift sink's emulated target for tests: a PostgreSQL schema of its own reached through the
 * test-only emulator driver ({@code jdbc:redshift-emulator:}, see EMULATOR.md), and the staging
 * bucket in S3Proxy. Read back with plain pgjdbc (SQL on the tables as the emulator stored them),
 * not with the sink's code.
 */
final class RedshiftTestTarget implements AutoCloseable {
    static final String BUCKET = "redshift-staging-test";

    final String schema;
    final String stagingPrefix;

    RedshiftTestTarget(String schema) {
        this.schema = schema;
        this.stagingPrefix = "staging-" + schema;
        createBucket();
        drop();
    }

    /** The emulator's URL for the stack's PostgreSQL and S3Proxy. */
    static String emulatorUrl() {
        return "jdbc:redshift-emulator://" + TestEnv.get("PGHOST") + ":" + TestEnv.get("PGPORT") + "/"
                + TestEnv.get("PGDATABASE") + "?s3Endpoint=" + TestEnv.get("S3_ENDPOINT") + "&s3AccessKeyId="
                + TestEnv.get("S3_ACCESS_KEY") + "&s3SecretAccessKey=" + TestEnv.get("S3_SECRET_KEY");
    }

    /**
     * The sink settings the tests use. The contract's every-type row holds DECIMAL(65,30), ±838-hour
     * TIME values and a 100000-byte LONGTEXT, and its schema changes widen INT to BIGINT: the Redshift
     * defaults stop on those by design, so these runs choose the lossless alternatives.
     */
    Map<String, Object> settings(Map<String, ?> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", emulatorUrl());
        m.put("user", TestEnv.get("PGUSER"));
        m.put("password", TestEnv.get("PGPASSWORD"));
        m.put("schema", schema);
        m.put("iam-role", "arn:aws:iam::123456789012:role/redshift-copy");
        m.put("type-change", "rewrite-column");
        m.put("types", Map.of("wide-decimal", "varchar", "time", "varchar", "long-text", "varbyte"));
        Map<String, Object> staging = new HashMap<>();
        staging.put("bucket", BUCKET);
        staging.put("prefix", stagingPrefix);
        staging.put("endpoint", TestEnv.get("S3_ENDPOINT"));
        staging.put("region", "us-east-1");
        staging.put("path-style", true);
        staging.put("access-key-id", TestEnv.get("S3_ACCESS_KEY"));
        staging.put("secret-access-key", TestEnv.get("S3_SECRET_KEY"));
        m.put("staging", staging);
        m.putAll(overrides);
        return m;
    }

    RedshiftSinkConfig config(Map<String, ?> overrides) {
        ConfigNode node = ConfigNode.of("sink", settings(overrides));
        RedshiftSinkConfig config = RedshiftSinkConfig.from(node);
        node.rejectUnknownKeys();
        return config;
    }

    RedshiftSink sink(Map<String, ?> overrides) {
        return new RedshiftSink(config(overrides));
    }

    /** A sink with {@code stagingOverrides} added to the {@code staging} section. */
    @SuppressWarnings("unchecked")
    RedshiftSink sink(Map<String, ?> overrides, Map<String, ?> stagingOverrides) {
        Map<String, Object> staging = new HashMap<>((Map<String, Object>) settings(Map.of()).get("staging"));
        staging.putAll(stagingOverrides);
        Map<String, Object> all = new HashMap<>(overrides);
        all.put("staging", staging);
        return new RedshiftSink(config(all));
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestEnv.jdbcPostgresUrl(), TestEnv.get("PGUSER"), TestEnv.get("PGPASSWORD"));
    }

    static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT"))).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials
                        .create(TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY")))).build();
    }

    private static void createBucket() {
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // there already
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /** Keys under this target's staging prefix. */
    List<String> stagedObjects() {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(stagingPrefix + "/")).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    String table(TableId id) {
        return quote(schema) + "." + quote(id.name());
    }

    boolean tableExists(TableId id) {
        return !rows("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                + schema.replace("'", "''") + "' AND c.relname = '" + id.name().replace("'", "''") + "' AND c.relkind = 'r'")
                .isEmpty();
    }

    List<String> columnNames(TableId id) {
        if (!tableExists(id)) {
            return List.of();
        }
        return rows("SELECT attname FROM pg_attribute WHERE attrelid = '" + table(id).replace("'", "''")
                + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    List<List<Object>> currentRows(TableId id, List<Column> columns, List<String> primaryKey) {
        if (!tableExists(id)) {
            return List.of();
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String n = quote(columns.get(i).name());
            select.append(i == 0 ? "" : ", ").append(columns.get(i).type().kind() == ColumnType.Kind.JSON ? n + "::text" : n);
        }
        select.append(" FROM ").append(table(id)).append(" ORDER BY ")
                .append(String.join(", ", primaryKey.stream().map(RedshiftTestTarget::quote).toList()));
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select.toString())) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.add(read(rs, i + 1, columns.get(i).type()));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(select + ": " + e.getMessage(), e);
        }
    }

    /**
     * A value as the Java type {@link ColumnType} documents, from the column Redshift's type mapping
     * made (sink-redshift/README.md): BIT as the unsigned value in bigint or numeric(20,0), SET as
     * its members joined by commas, TIME as {@code [-]H:MM:SS.ffffff} (time: varchar), wide decimals
     * as their exact text, long text as its UTF-8 bytes (long-text: varbyte).
     */
    static Object read(ResultSet rs, int i, ColumnType type) throws SQLException {
        if (rs.getObject(i) == null) {
            return null;
        }
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> rs.getLong(i);
            case BIGINT -> type.unsigned() ? rs.getBigDecimal(i).toBigIntegerExact() : (Object) rs.getLong(i);
            case DECIMAL -> new BigDecimal(rs.getString(i));
            case FLOAT -> rs.getFloat(i);
            case DOUBLE -> rs.getDouble(i);
            case BIT -> new BigDecimal(rs.getString(i)).toBigIntegerExact().longValue();
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> rs.getObject(i) instanceof byte[] utf8
                    ? new String(utf8, java.nio.charset.StandardCharsets.UTF_8) // long-text: varbyte
                    : rs.getString(i);
            case SET -> setMembers(rs.getString(i), type.elements());
            case BINARY, VARBINARY, BLOB -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case DATETIME -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP -> rs.getObject(i, OffsetDateTime.class).toInstant();
            case TIME -> time(rs.getString(i));
            case YEAR -> rs.getInt(i);
            case UNSUPPORTED -> throw new IllegalArgumentException("no reader for " + type);
        };
    }

    /** "a,c,d" back into the members present, matching the definition (members may hold commas). */
    static List<String> setMembers(String text, List<String> members) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            String found = null;
            for (String m : members) {
                if (text.startsWith(m, at) && (at + m.length() == text.length() || text.charAt(at + m.length()) == ',')
                        && (found == null || m.length() > found.length())) {
                    found = m;
                }
            }
            if (found == null) {
                throw new IllegalStateException("'" + text + "' is not a list of members of " + members);
            }
            out.add(found);
            at += found.length() + 1;
        }
        return out;
    }

    /** {@code [-]H:MM:SS[.ffffff]}, or a {@code time} column's value. */
    static Duration time(String text) {
        boolean negative = text.startsWith("-");
        String[] parts = (negative ? text.substring(1) : text).split(":");
        String[] seconds = parts[2].split("\\.");
        long micros = ((Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1])) * 60 + Long.parseLong(seconds[0]))
                * 1_000_000L + (seconds.length > 1 ? Long.parseLong((seconds[1] + "000000").substring(0, 6)) : 0);
        return Duration.of(negative ? -micros : micros, ChronoUnit.MICROS);
    }

    /** The server ends every session of the pipeline's sink, as when its process dies. */
    void killSessions(String pipeline) {
        String app = JdbcSink.applicationName(pipeline).replace("'", "''");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'").get(0).get(0).equals(0L));
    }

    /** The session that holds the pipeline's lease (the sink's control connection) ends; the others live on. */
    void killLeaseSession(String pipeline) {
        List<List<Object>> lease = rows("SELECT lease_session FROM " + quote(schema) + "."
                + quote(RedshiftSinkConfig.DEFAULT_CHECKPOINT_TABLE) + " WHERE pipeline = '" + pipeline.replace("'", "''")
                + "' AND lease_session IS NOT NULL");
        if (lease.isEmpty()) {
            throw new IllegalStateException("pipeline " + pipeline + " holds no lease");
        }
        Object pid = lease.get(0).get(0);
        execute("SELECT pg_terminate_backend(" + pid + ")");
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                + pid).get(0).get(0).equals(0L));
    }

    static List<List<Object>> rows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void drop() {
        execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
        try (S3Client s3 = s3()) {
            List<String> keys = stagedObjects();
            for (String k : keys) {
                s3.deleteObject(b -> b.bucket(BUCKET).key(k));
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
