package io.vitessreplicator.sink.jdbc;

import static org.awaitility.Awaitility.await;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.contract.SinkTarget;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** PostgreSQL as the sink contract suite's target: a schema of its own, read back with SQL. */
final class PostgresTarget implements SinkTarget {
    private final PgTestSchema db;

    PostgresTarget(String schema) {
        this.db = new PgTestSchema(schema);
    }

    @Override
    public Sink newSink() {
        return db.sink(Map.of());
    }

    private String table(TableId id) {
        return PgIdentifier.qualified(db.schema, id.name());
    }

    @Override
    public List<List<Object>> currentRows(TableId id, List<Column> columns, List<String> primaryKey) {
        if (!tableExists(id)) {
            return List.of();
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String n = PgIdentifier.quote(columns.get(i).name());
            select.append(i == 0 ? "" : ", ").append(switch (columns.get(i).type().kind()) {
                case TIME -> "extract(epoch FROM " + n + ")::text";
                case JSON -> n + "::text";
                default -> n;
            });
        }
        select.append(" FROM ").append(table(id)).append(" ORDER BY ")
                .append(String.join(", ", primaryKey.stream().map(PgIdentifier::quote).toList()));
        try (Connection c = PgTestSchema.connect(); PreparedStatement ps = c.prepareStatement(select.toString());
             ResultSet rs = ps.executeQuery()) {
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

    /** A value as the Java type {@link ColumnType} documents, read with the reader each PostgreSQL type needs. */
    static Object read(ResultSet rs, int i, ColumnType type) throws SQLException {
        if (rs.getObject(i) == null) {
            return null;
        }
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> rs.getLong(i);
            case BIGINT -> type.unsigned() ? rs.getBigDecimal(i).toBigIntegerExact() : (Object) rs.getLong(i);
            case DECIMAL -> rs.getBigDecimal(i);
            case FLOAT -> rs.getFloat(i);
            case DOUBLE -> rs.getDouble(i);
            case BIT -> Long.parseUnsignedLong(rs.getString(i), 2);
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> rs.getString(i);
            case SET -> Arrays.asList((String[]) rs.getArray(i).getArray());
            case BINARY, VARBINARY, BLOB -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case DATETIME -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP -> rs.getObject(i, OffsetDateTime.class).toInstant();
            case TIME -> Duration.of(new BigDecimal(rs.getString(i)).movePointRight(6).longValueExact(), ChronoUnit.MICROS);
            case YEAR -> rs.getInt(i);
            case UNSUPPORTED -> throw new IllegalArgumentException("no reader for " + type);
        };
    }

    @Override
    public List<String> columnNames(TableId id) {
        if (!tableExists(id)) {
            return List.of();
        }
        return PgTestSchema.rows("SELECT attname FROM pg_attribute WHERE attrelid = '" + table(id).replace("'", "''")
                + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    @Override
    public boolean tableExists(TableId id) {
        return PgTestSchema.rows("SELECT to_regclass('" + table(id).replace("'", "''") + "') IS NOT NULL").get(0)
                .get(0).equals(Boolean.TRUE);
    }

    @Override
    public List<String> commitSteps() {
        return List.of(JdbcBatchWriter.STEP_CHECKPOINT_LOCKED, JdbcBatchWriter.STEP_MERGED,
                JdbcBatchWriter.STEP_CHECKPOINT_WRITTEN, JdbcBatchWriter.STEP_COMMITTED);
    }

    @Override
    public String commitPoint() {
        return JdbcBatchWriter.STEP_COMMITTED;
    }

    private static String applicationName(Sink sink) {
        return JdbcSink.applicationName(((PostgresSink) sink).pipeline());
    }

    /** The server ends every session of the sink, as when its process dies; open transactions roll back. */
    @Override
    public void kill(Sink sink) {
        String app = applicationName(sink).replace("'", "''");
        PgTestSchema.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> PgTestSchema.rows(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'").get(0).get(0).equals(0L));
        sink.close(); // its connections are gone; this only stops the pool's threads in this test JVM
    }

    /** The session holding the pipeline's advisory lock ends (as on a network cut); the others live on. */
    @Override
    public void loseClaim(Sink sink) {
        String app = applicationName(sink).replace("'", "''");
        String holders = "FROM pg_stat_activity WHERE application_name = '" + app + "' AND pid IN (SELECT pid FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted)";
        PgTestSchema.execute("SELECT pg_terminate_backend(pid) " + holders);
        await().atMost(Duration.ofSeconds(30)).until(() -> PgTestSchema.rows("SELECT count(*) " + holders).get(0).get(0)
                .equals(0L));
    }

    @Override
    public void close() {
        db.close();
    }
}
