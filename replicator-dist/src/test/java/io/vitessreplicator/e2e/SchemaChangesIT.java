package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes on the 2-shard keyspace while the replicator streams and an application writes:
 * each change reaches the target in order, and afterwards the target equals the source.
 */
class SchemaChangesIT {
    private static final String SCHEMA = "e2e_ddl";
    private static final long ROWS = 2000;
    /** Ids for rows the writers insert: each writer gets its own range. */
    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    @TempDir
    static Path dir;

    @BeforeAll
    static void clean() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    /** Add, rename, widen and drop columns through vtgate (every shard), each during writes. */
    @Test
    void columnChangesReachTheTargetWhileWritesRun() throws Exception {
        String table = "e2e_ddl_cols";
        SourceTables.create("customer", table, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0,"
                + " note VARCHAR(40), updated_at DATETIME(6), a INT, b VARCHAR(10), c DECIMAL(10,2), old_col VARCHAR(20)", "id");
        SourceTables.insertRange("customer", table, "id, counter, note, updated_at, a, b, c, old_col", 1, ROWS, 500,
                id -> id + ",0,'n" + id + "',NOW(6)," + id + ",'b" + id + "'," + id + ".25,'old" + id + "'");
        E2eConfig config = new E2eConfig("e2e-ddl-cols", SCHEMA, "customer\\." + table);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("cols.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, table) == ROWS);

            duringWrites(table, "ALTER TABLE " + table + " ADD COLUMN e INT NOT NULL DEFAULT 7",
                    "UPDATE " + table + " SET e = 70 WHERE id BETWEEN 1 AND 50");
            awaitEqual(p, table, "id, counter, note, a, b, c, e");

            duringWrites(table, "ALTER TABLE " + table + " RENAME COLUMN b TO b2",
                    "UPDATE " + table + " SET b2 = 'renamed' WHERE id BETWEEN 51 AND 100");
            awaitEqual(p, table, "id, counter, note, a, b2, c, e");

            duringWrites(table, "ALTER TABLE " + table + " MODIFY a BIGINT, MODIFY c DECIMAL(14,3), MODIFY note VARCHAR(80)",
                    "UPDATE " + table + " SET a = 5000000000, c = 12345678901.125, note = REPEAT('w', 80) WHERE id BETWEEN 101 AND 150");
            awaitEqual(p, table, "id, counter, note, a, b2, c, e");

            duringWrites(table, "ALTER TABLE " + table + " DROP COLUMN old_col",
                    "INSERT INTO " + table + " (id, counter, note, a, b2, c, e) VALUES (990001, 1, 'after drop', 1, 'x', 1, 1)");
            awaitEqual(p, table, "id, counter, note, a, b2, c, e");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        Map<String, String> columns = targetColumns(table);
        assertThat(columns).containsEntry("a", "bigint").containsEntry("c", "numeric(14,3)")
                .containsEntry("note", "character varying(80)").containsEntry("e", "integer")
                .containsKey("b2").doesNotContainKey("b")
                .containsEntry("old_col", "character varying(20)"); // kept (drop-column: keep)
        // The kept column keeps the values it had; a row inserted after the drop has none.
        assertThat(targetCountWhere(table, "id <= " + ROWS)).isPositive();
        assertThat(targetCountWhere(table, "id <= " + ROWS + " AND old_col IS DISTINCT FROM 'old' || id")).isZero();
        assertThat(targetCountWhere(table, "id = 990001 AND old_col IS NULL")).isEqualTo(1);
        assertThat(history("e2e-ddl-cols")).contains(
                "add_column: add column e int filled with 7",
                "rename_column: rename column b to b2",
                "widen_column: change column a from int to bigint",
                "widen_column: change column c from decimal(10,2) to decimal(14,3)",
                "widen_column: change column note from varchar(40) to varchar(80)",
                "keep_column: keep column old_col (dropped at the source), nullable, no longer written");
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Runs a DDL statement and then DML that uses its result while an application writes to the
     * table, then stops the writes.
     */
    static void duringWrites(String table, String ddl, String... after) throws Exception {
        try (SourceWriter w = new SourceWriter("customer", table, ROWS, NEXT_ID.getAndAdd(100_000))) {
            Thread.sleep(500);
            VtgateSql.exec("customer", ddl);
            execWhenVtgateKnows(after);
            Thread.sleep(1000);
        }
    }

    /** vtgate learns of new columns from its schema tracker a moment after the DDL: retry until then. */
    static void execWhenVtgateKnows(String... statements) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                VtgateSql.exec("customer", statements);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("not found")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    static void awaitEqual(ReplicatorProcess p, String table, String columns) throws Exception {
        List<String> source = Snapshot.source("customer", table, columns, "id");
        p.await("target equals source (" + columns + ")", Duration.ofMinutes(2), () -> {
            try {
                return Snapshot.target(SCHEMA, table, columns, "id").equals(source);
            } catch (SQLException e) {
                return false; // a column not there yet
            }
        });
    }

    static Map<String, String> targetColumns(String table) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                     + " WHERE attrelid = '" + SCHEMA + "." + table + "'::regclass AND attnum > 0 AND NOT attisdropped")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static long targetCountWhere(String table, String where) throws SQLException {
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** "change: detail" rows of the pipeline's schema history, in order. */
    static List<String> history(String pipeline) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT change, detail FROM " + SCHEMA
                     + "._vitess_replicator_checkpoint_schema_history WHERE pipeline = '" + pipeline + "' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        return out;
    }
}
