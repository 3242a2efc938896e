package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online DDL ({@code ddl_strategy=vitess}): Vitess copies the table into a shadow table it has
 * altered, follows the writes with VReplication, and swaps the tables in one RENAME. The target
 * gets the migration's ALTER at the swap, in order with the rows, with no second copy; writes run
 * during every migration.
 *
 * <p>Here on the test stack's {@code onlineddl} instance: a vttestserver with one unsharded
 * keyspace, because vtcombo runs every tablet on one mysqld and its {@code _vt} database, where
 * online DDL's executor works for one primary only (testenv/vitess-patches/vtcombo-online-ddl.patch).
 * {@link OnlineDdlShardedIT} runs the same scenarios on the multi-process cluster's two shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineDdlIT {
    private static final long ROWS = 2000;
    private static final AtomicLong NEXT_ID = new AtomicLong(1_000_000);

    /** Where the scenarios run. */
    record Stack(String vtgateGrpc, String vtgateMysql, String vtctld, String keyspace, boolean sharded,
                 String tabletType, String schema) {}

    Stack stack() {
        return new Stack(TestEnv.get("VTGATE_DDL_GRPC"), TestEnv.get("VTGATE_DDL_MYSQL"), TestEnv.get("VTGATE_DDL_GRPC"),
                "onlineddl", false, "replica", "e2e_online_ddl");
    }

    /** Starts the servers {@link #stack()} names when they are started on demand: the onlineddl vttestserver. */
    void startStack() {
        StackCommands.script("start-vitess.sh", "onlineddl");
    }

    void stopStack() {
        StackCommands.script("stop-vitess.sh", "onlineddl");
    }

    private Stack st;
    private String keyspace;
    private String schema;

    @TempDir
    Path dir;

    @BeforeAll
    void clean() throws Exception {
        startStack();
        st = stack();
        keyspace = st.keyspace();
        schema = st.schema();
        Snapshot.dropSchema(schema);
    }

    @AfterAll
    void cleanUp() throws Exception {
        Snapshot.dropSchema(schema);
        stopStack();
    }

    /** Add, rename, widen and drop columns, then drop the table, each by an online migration during writes. */
    @Test
    void migrationsReachTheTargetAsTheirAlterWithoutACopy() throws Exception {
        String table = "od_cols";
        create(table, "a INT, b VARCHAR(10), old_col VARCHAR(20)", "a, b, old_col", id -> id + ",'b" + id + "','old" + id + "'");
        String pipeline = "e2e-online-cols";
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("cols.log"), "run", "--config",
                config(pipeline, table).write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(schema, table) == ROWS);

            duringWrites(table, "ALTER TABLE " + table + " ADD COLUMN e INT NOT NULL DEFAULT 7, CHANGE COLUMN b b2 VARCHAR(10)");
            execWhenVtgateKnows("UPDATE " + table + " SET e = 70, b2 = 'renamed' WHERE id BETWEEN 1 AND 50");
            awaitEqual(p, table, "id, counter, note, a, b2, e");

            duringWrites(table, "ALTER TABLE " + table + " MODIFY a BIGINT, DROP COLUMN old_col");
            execWhenVtgateKnows("UPDATE " + table + " SET a = 5000000000 WHERE id BETWEEN 51 AND 100");
            awaitEqual(p, table, "id, counter, note, a, b2, e");
            // The kept column keeps the values it had.
            assertThat(count(table, "id <= " + ROWS + " AND old_col IS DISTINCT FROM 'old' || id")).isZero();

            migrate("DROP TABLE " + table);
            p.await("the drop recorded", Duration.ofMinutes(1),
                    () -> history(pipeline).contains("drop_table: table dropped at the source; target table kept"));
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        assertThat(history(pipeline)).containsExactly(
                "add_table: add table with columns [id, counter, note, updated_at, a, b, old_col] primary key [id]",
                "rename_column: rename column b to b2",
                "add_column: add column e int filled with 7",
                "widen_column: change column a from int to bigint",
                "keep_column: keep column old_col (dropped at the source), nullable, no longer written",
                "drop_table: table dropped at the source; target table kept");
        assertThat(historyDdl(pipeline, "rename_column")).startsWith("ALTER TABLE `_vt_vrp_").contains("CHANGE COLUMN `b` `b2`");
    }

    /**
     * A kill -9 after the migration altered its shadow table and before the cut-over: the restart
     * recovers what the migration changes from the target, and the swap is still applied as it.
     * The migration renames with RENAME COLUMN, which Vitess's online DDL carries out as a drop and
     * an add (it maps columns by name, and only CHANGE COLUMN names a mapping): existing rows have
     * NULL in the new column at the source, and so in the target.
     */
    @Test
    void aRestartBeforeTheCutOverStillKnowsTheMigrationsAlter() throws Exception {
        String table = "od_restart";
        create(table, "v VARCHAR(10)", "v", id -> "'v" + id + "'");
        String pipeline = "e2e-online-restart";
        Path yaml = config(pipeline, table).write(dir);
        String uuid;
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("restart-1.log"), "run", "--config", yaml.toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(schema, table) == ROWS);
            try (SourceWriter w = writer(table)) {
                uuid = submit("vitess --postpone-completion", "ALTER TABLE " + table + " ADD COLUMN w INT NOT NULL DEFAULT 5,"
                        + " RENAME COLUMN v TO v2");
                awaitMigration(uuid, "ready to complete", "running", true);
                Thread.sleep(1000);
            }
            // Rows written after the shadow table's ALTER are in the target: the checkpoint is past it.
            awaitEqual(p, table, "id, counter, note, v");
            p.kill9();
        }
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("restart-2.log"), "run", "--config", yaml.toString())) {
            try (SourceWriter w = writer(table)) {
                Thread.sleep(500);
                VtgateSql.execAt(st.vtgateMysql(), keyspace, "ALTER VITESS_MIGRATION '" + uuid + "' COMPLETE");
                awaitMigration(uuid, "complete", "complete", false);
                Thread.sleep(1000);
            }
            execWhenVtgateKnows("UPDATE " + table + " SET w = 55, v2 = 'after' WHERE id <= 100");
            awaitEqual(p, table, "id, counter, note, v2, w");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        assertThat(history(pipeline)).containsExactly(
                "add_table: add table with columns [id, counter, note, updated_at, v] primary key [id]",
                "add_column: add column v2 varchar(10)",
                "add_column: add column w int filled with 5",
                "keep_column: keep column v (dropped at the source), nullable, no longer written");
        assertThat(count(table, "id <= 100 AND v2 = 'after'")).isPositive();
        assertThat(count(table, "id > 100 AND id <= " + ROWS + " AND (v2 IS NOT NULL OR v IS DISTINCT FROM 'v' || id)")).isZero();
    }

    /**
     * A pipeline started while a migration ran has not seen the shadow table's ALTER: at the
     * cut-over it takes the new columns from the stream and copies the table again, so existing
     * rows get the values the migration gave them.
     */
    @Test
    void aCutOverOfAMigrationStartedBeforeThePipelineCopiesTheTableAgain() throws Exception {
        String table = "od_early";
        create(table, "v VARCHAR(10)", "v", id -> "'v" + id + "'");
        String pipeline = "e2e-online-early";
        String uuid = submit("vitess --postpone-completion", "ALTER TABLE " + table + " ADD COLUMN x INT NOT NULL DEFAULT 9");
        awaitMigration(uuid, "ready to complete", "running", true);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("early.log"), "run", "--config",
                config(pipeline, table).write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(schema, table) == ROWS);
            try (SourceWriter w = writer(table)) {
                Thread.sleep(500);
                VtgateSql.execAt(st.vtgateMysql(), keyspace, "ALTER VITESS_MIGRATION '" + uuid + "' COMPLETE");
                awaitMigration(uuid, "complete", "complete", false);
                Thread.sleep(1000);
            }
            awaitEqual(p, table, "id, counter, note, v, x");
            p.await("the copy completed", Duration.ofMinutes(1),
                    () -> history(pipeline).stream().anyMatch(h -> h.startsWith("copy_completed")));
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        List<String> history = history(pipeline);
        assertThat(history).anyMatch(h -> h.startsWith("add_column: add column x int")); // any fill: the copy overwrites it
        assertThat(history).anyMatch(h -> h.startsWith("copy_table: copy the table again (an online DDL replaced it"));
        assertThat(history).noneMatch(h -> h.startsWith("drop_table"));
    }

    /**
     * REVERT VITESS_MIGRATION swaps the previous table back in (kept in sync by Vitess since the
     * cut-over) with no DDL of its own in the stream: a cut-over whose change is unknown, so the
     * table is copied again and the reverted column is kept, as after a drop.
     */
    @Test
    void aRevertIsACutOverWithAnUnknownChangeAndCopiesTheTableAgain() throws Exception {
        String table = "od_revert";
        create(table, "v VARCHAR(10)", "v", id -> "'v" + id + "'");
        String pipeline = "e2e-online-revert";
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("revert.log"), "run", "--config",
                config(pipeline, table).write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(schema, table) == ROWS);
            String uuid = submit("vitess", "ALTER TABLE " + table + " ADD COLUMN r INT NOT NULL DEFAULT 4");
            awaitMigration(uuid, "complete", "complete", false);
            execWhenVtgateKnows("UPDATE " + table + " SET r = 40 WHERE id <= 10"); // the change shows with the next rows
            awaitEqual(p, table, "id, counter, note, v, r");
            try (SourceWriter w = writer(table)) {
                Thread.sleep(500);
                awaitMigration(submit("vitess", "REVERT VITESS_MIGRATION '" + uuid + "'"), "complete", "complete", false);
                Thread.sleep(1000);
            }
            awaitEqual(p, table, "id, counter, note, v");
            p.await("the copy completed", Duration.ofMinutes(1),
                    () -> history(pipeline).stream().anyMatch(h -> h.startsWith("copy_completed")));
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        List<String> history = history(pipeline);
        assertThat(history).hasSize(5);
        assertThat(history.subList(0, 2)).containsExactly(
                "add_table: add table with columns [id, counter, note, updated_at, v] primary key [id]",
                "add_column: add column r int filled with 4");
        // with two shards, the first shard's rows after its cut-over can come before the copy starts
        assertThat(history.subList(2, 4)).containsExactlyInAnyOrder(
                "copy_table: copy the table again (an online DDL replaced it, and the stream did not carry the migration's"
                        + " ALTER); rows the copy does not deliver are removed when it completes",
                "keep_column: keep column r (dropped at the source), nullable, no longer written");
        assertThat(history.get(4)).isEqualTo("copy_completed: copy completed: target rows the copy did not deliver are removed");
        assertThat(count(table, "id > 10 AND id <= " + ROWS + " AND r IS DISTINCT FROM 4")).isZero(); // kept as it was
    }

    // ------------------------------------------------------------------------------------------

    private E2eConfig config(String pipeline, String table) {
        E2eConfig c = new E2eConfig(pipeline, schema, keyspace + "\\." + table);
        c.vtgate = st.vtgateGrpc();
        c.keyspaces = List.of(keyspace);
        c.tabletType = st.tabletType();
        return c;
    }

    /** A SourceWriter-compatible table with {@code extra} columns, filled with ROWS rows. */
    private void create(String table, String extraColumns, String extraNames,
                               java.util.function.LongFunction<String> extraValues) throws Exception {
        VtgateSql.execAt(st.vtgateMysql(), keyspace, "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0,"
                        + " note VARCHAR(40), updated_at DATETIME(6), " + extraColumns + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        if (st.sharded()) {
            SourceTables.addHashVindex(st.vtgateMysql(), keyspace, table, "id");
        }
        List<String> inserts = new ArrayList<>();
        for (long start = 1; start <= ROWS; start += 500) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (id, counter, note, updated_at, " + extraNames
                    + ") VALUES ");
            for (long id = start; id < start + 500; id++) {
                sql.append(id == start ? "" : ",").append('(').append(id).append(",0,'n").append(id).append("',NOW(6),")
                        .append(extraValues.apply(id)).append(')');
            }
            inserts.add(sql.toString());
        }
        SourceTables.execWhenVtgateKnows(st.vtgateMysql(), keyspace, inserts.toArray(String[]::new));
        StackCommands.vtctld(st.vtctld(), "ReloadSchemaKeyspace", keyspace);
    }

    /**
     * Single-statement writes: a transaction left open across the cut-over (its next statement
     * held by the tablet's query buffering) blocks the cut-over's LOCK TABLES until its 10 s
     * timeout, and Vitess tries again a minute later (seen: 60-80 s more per test). Transactions
     * spanning a DDL are covered by SchemaChangesIT.
     */
    private SourceWriter writer(String table) {
        return new SourceWriter(st.vtgateMysql(), keyspace, table, ROWS, NEXT_ID.getAndAdd(100_000), false);
    }

    /** Runs an online migration while an application writes, and waits until it completed. */
    private void duringWrites(String table, String alter) throws Exception {
        try (SourceWriter w = writer(table)) {
            Thread.sleep(500);
            migrate(alter);
            Thread.sleep(1000);
        }
    }

    private void migrate(String ddl) throws Exception {
        awaitMigration(submit("vitess", ddl), "complete", "complete", false);
    }

    /** Submits a DDL statement as an online migration; returns its uuid. */
    private String submit(String strategy, String ddl) throws SQLException {
        try (Connection c = VtgateSql.connect(st.vtgateMysql(), keyspace); Statement s = c.createStatement()) {
            s.execute("SET @@ddl_strategy = '" + strategy + "'");
            if (!s.execute(ddl)) {
                throw new AssertionError("vtgate returned no migration uuid for: " + ddl);
            }
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Waits until the migration has {@code status} on every shard (and, when {@code ready}, is
     * ready to complete); fails at once when it failed or was cancelled.
     */
    private void awaitMigration(String uuid, String what, String status, boolean ready) {
        org.awaitility.Awaitility.await("migration " + uuid + " " + what).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    try (Connection c = VtgateSql.connect(st.vtgateMysql(), keyspace);
                         Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SHOW VITESS_MIGRATIONS LIKE '" + uuid + "'")) {
                        int shards = 0;
                        boolean all = true;
                        while (rs.next()) { // a row per shard
                            shards++;
                            String state = rs.getString("migration_status");
                            if (state.equals("failed") || state.equals("cancelled")) {
                                throw new AssertionError("migration " + uuid + " " + state + " on shard "
                                        + rs.getString("shard") + ": " + rs.getString("message"));
                            }
                            all &= state.equals(status) && (!ready || rs.getInt("ready_to_complete") == 1);
                        }
                        return shards > 0 && all;
                    }
                });
    }

    private void execWhenVtgateKnows(String statement) throws Exception {
        SourceTables.execWhenVtgateKnows(st.vtgateMysql(), keyspace, statement);
    }

    private void awaitEqual(ReplicatorProcess p, String table, String columns) throws Exception {
        List<String> source;
        try (Connection c = VtgateSql.connect(st.vtgateMysql(), keyspace)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET workload = 'olap'");
            }
            source = Snapshot.read(c, "SELECT " + columns + " FROM " + table + " ORDER BY id");
        }
        Snapshot.awaitTargetEquals(p, "target equals source (" + columns + ")", schema, table, columns, source);
    }

    private long count(String table, String where) throws SQLException {
        return Snapshot.targetCountWhere(schema, table, where);
    }

    /** "change: detail" rows of the pipeline's schema history, in order. */
    List<String> history(String pipeline) throws SQLException {
        return Snapshot.schemaHistory(schema, pipeline);
    }

    private String historyDdl(String pipeline, String change) throws SQLException {
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_ddl FROM " + schema + "._vitess_replicator_checkpoint_schema_history"
                     + " WHERE pipeline = '" + pipeline + "' AND change = '" + change + "' ORDER BY id LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
