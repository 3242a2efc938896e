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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table that appears at the source while the pipeline streams (renamed from a table outside the
 * include filter, with rows) is created in the target and copied, while another table streams on.
 */
class NewTableCopyIT {
    private static final String SCHEMA = "e2e_ddl_new";
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

    /**
     * A table that appears while streaming and matches the include filter is created and its rows
     * copied (here: renamed from a table outside the filter, with rows), while the other table
     * keeps streaming. Dropping a table keeps the target's (drop-table: keep).
     */
    @Test
    void aNewTableIsCopiedWhileTheOthersStream() throws Exception {
        String other = "e2e_ddl_new_other";
        String staging = "e2e_ddlstaging";
        String added = "e2e_ddl_new_added";
        SourceTables.create("customer", other, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0,"
                + " note VARCHAR(40), updated_at DATETIME(6)", "id");
        SourceTables.insertRange("customer", other, "id, counter, note, updated_at", 1, ROWS, 500,
                id -> id + ",0,'n" + id + "',NOW(6)");
        VtgateSql.exec("customer", "DROP TABLE IF EXISTS " + added);
        SourceTables.create("customer", staging, "id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(40)", "id");
        SourceTables.insertRange("customer", staging, "id, payload", 1, 5000, 1000, id -> id + ",'p" + id + "'");
        E2eConfig config = new E2eConfig("e2e-ddl-new", SCHEMA, "customer\\.e2e_ddl_new_.*");
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("new.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, other) == ROWS);
            try {
                VtgateSql.exec("customer", "ALTER VSCHEMA ON customer." + added + " ADD VINDEX hash(id)");
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("already defined"); // from an earlier run
            }
            try (SourceWriter w = new SourceWriter("customer", other, ROWS, NEXT_ID.getAndAdd(100_000))) {
                Thread.sleep(500);
                VtgateSql.exec("customer", "RENAME TABLE " + staging + " TO " + added);
                execWhenVtgateKnows("INSERT INTO " + added + " (id, payload) VALUES (900001, 'after rename')");
                Thread.sleep(1000);
            }
            List<String> source = Snapshot.source("customer", added, "id, payload", "id");
            p.await("the new table copied", Duration.ofMinutes(2), () -> targetEquals(added, "id, payload", source));
            awaitEqual(p, other, "id, counter, note");
            assertThat(p.log()).contains("restarting the stream to copy tables [customer." + added + "]");

            VtgateSql.exec("customer", "DROP TABLE " + added);
            p.await("the drop recorded", Duration.ofMinutes(1), () -> history("e2e-ddl-new")
                    .contains("drop_table: table dropped at the source; target table kept"));
            assertThat(Snapshot.targetCount(SCHEMA, added)).isEqualTo(5001);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
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
        p.await("target equals source (" + columns + ")", Duration.ofMinutes(2), () -> targetEquals(table, columns, source));
    }

    static boolean targetEquals(String table, String columns, List<String> expected) {
        try {
            return Snapshot.target(SCHEMA, table, columns, "id").equals(expected);
        } catch (SQLException e) {
            return false; // a column not there yet
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
