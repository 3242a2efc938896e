package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.TableChanges;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.testkit.TestEnv;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL schema of its own for one test class (dropped before and after), plus the little
 * tools the integration tests share: sinks configured for it, SQL reads, and change-set builders.
 */
final class PgTestSchema implements AutoCloseable {
    final String schema;

    PgTestSchema(String schema) {
        this.schema = schema;
        drop();
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestEnv.jdbcPostgresUrl(), TestEnv.get("PGUSER"), TestEnv.get("PGPASSWORD"));
    }

    Map<String, Object> settings(Map<String, ?> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", TestEnv.jdbcPostgresUrl());
        m.put("user", TestEnv.get("PGUSER"));
        m.put("password", TestEnv.get("PGPASSWORD"));
        m.put("schema", schema);
        m.putAll(overrides);
        return m;
    }

    PostgresSinkConfig config(Map<String, ?> overrides) {
        ConfigNode node = ConfigNode.of("sink", settings(overrides));
        PostgresSinkConfig config = PostgresSinkConfig.from(node);
        node.rejectUnknownKeys();
        return config;
    }

    PostgresSink sink(Map<String, ?> overrides) {
        return new PostgresSink(config(overrides));
    }

    PostgresSink sink(Map<String, ?> overrides, Duration takeOverWait) {
        return new PostgresSink(config(overrides), takeOverWait);
    }

    /** An opened sink for {@code pipeline}, owned by {@code owner}. */
    PostgresSink open(String pipeline, String owner, Map<String, ?> overrides) {
        PostgresSink sink = sink(overrides);
        sink.open(new SinkContext(pipeline, owner, false));
        return sink;
    }

    /** Rows of {@code sql}, each as a list of {@code getObject} values. */
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

    /** The stored checkpoint row: position JSON, phase, owner, batches. */
    List<Object> checkpointRow(String pipeline) {
        List<List<Object>> rows = rows("SELECT position, phase, owner, batches FROM \"" + schema
                + "\"._vitess_replicator_checkpoint WHERE pipeline = '" + pipeline + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    static ChangeSet upserts(TableSchema table, Object[]... rows) {
        return new ChangeSet(List.of(new TableChanges(table, List.of(rows), List.of())));
    }

    static ChangeSet changes(TableSchema table, List<Object[]> upserts, List<Object[]> deletes) {
        return new ChangeSet(List.of(new TableChanges(table, upserts, deletes)));
    }

    /** One batch: begin at {@code start}, write each change set, commit at {@code end}. */
    static void apply(PostgresSink sink, Position start, Position end, ChangeSet... writes) {
        try (BatchWriter w = sink.begin(Optional.ofNullable(start))) {
            for (ChangeSet cs : writes) {
                w.write(cs);
            }
            w.commit(new CommitRequest(end, null));
        }
    }

    static Object[] row(Object... values) {
        return values;
    }

    private void drop() {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    @Override
    public void close() {
        drop();
    }
}
