package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/replicator resync} (issue 13, item 4): rows changed, deleted and added directly in the
 * target are repaired by copying the one table again through the running daemon, while another
 * table's writes keep arriving; the history records the resync; {@code verify} then finds both
 * tables equal. Requests the daemon cannot take are refused with the reason.
 */
class ResyncIT {
    private static final String SCHEMA = "e2e_resync";
    private static final String TABLE = "e2e_resync_rows";
    private static final String OTHER = "e2e_resync_other";
    private static final String COLS = "id, counter, note, updated_at";
    private static final long ROWS = 5_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTables() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        for (String t : List.of(TABLE, OTHER)) {
            SourceTables.create("customer", t, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                    + " note VARCHAR(64), updated_at DATETIME(6)", "id");
            SourceTables.insertRange("customer", t, COLS, 1, ROWS, 1000, id -> id + ",0,'initial','2024-05-06 07:08:09.123456'");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void resyncRepairsTheEditedRowsWhileAnotherTableStreams() throws Exception {
        E2eConfig config = new E2eConfig("e2e-resync", SCHEMA, "customer\\.e2e_resync_.*");
        config.listenOnFreePort();
        Path file = config.write(dir);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", file.toString())) {
            p.await("the copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == ROWS
                    && Snapshot.targetCount(SCHEMA, OTHER) == ROWS);
            ReplicatorProcess.Result refused = ReplicatorProcess.exec(Duration.ofMinutes(1), "resync", "--config",
                    file.toString(), "--table", "customer.no_such_table");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.errorLines()).singleElement().asString()
                    .contains("Cannot resync customer.no_such_table: pipeline e2e-resync does not replicate it");

            try (SourceWriter writer = new SourceWriter("customer", OTHER, ROWS)) {
                // Someone "fixes" the target by hand: one row changed, one deleted, one that the source never had.
                try (Connection c = Snapshot.postgres(); Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE " + SCHEMA + "." + TABLE + " SET note = 'edited in the target' WHERE id = 42");
                    s.executeUpdate("DELETE FROM " + SCHEMA + "." + TABLE + " WHERE id = 43");
                    s.executeUpdate("INSERT INTO " + SCHEMA + "." + TABLE + " (id, counter, note, updated_at)"
                            + " VALUES (9000001, 0, 'only in the target', now())");
                }
                List<String> source = Snapshot.source("customer", TABLE, COLS, "id");
                assertThat(Snapshot.target(SCHEMA, TABLE, COLS, "id")).isNotEqualTo(source);
                long otherOpsBefore = writer.operations();
                List<String> otherBefore = Snapshot.target(SCHEMA, OTHER, COLS, "id");

                ReplicatorProcess.Result r = ReplicatorProcess.exec(Duration.ofMinutes(1), "resync", "--config",
                        file.toString(), "--table", "customer." + TABLE);
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                assertThat(r.stdout()).contains("resync of [customer." + TABLE + "] requested");

                Snapshot.awaitTargetEquals(p, "the resynced table equals the source", SCHEMA, TABLE, COLS, source);
                p.await("the resync's end in the history", Duration.ofMinutes(1), () -> {
                    List<String> history = Snapshot.schemaHistory(SCHEMA, "e2e-resync");
                    int start = history.indexOf(history.stream().filter(h -> h.startsWith("copy_table:")
                            && h.contains("resync requested")).findFirst().orElse("none"));
                    return start >= 0 && history.subList(start, history.size()).stream()
                            .anyMatch(h -> h.startsWith("copy_completed:"));
                });
                assertThat(p.log()).contains("resync: copying [customer." + TABLE + "] again");
                // While the table was copied again, the other table's changes kept arriving.
                assertThat(writer.operations()).isGreaterThan(otherOpsBefore);
                p.await("the other table's writes arrive", Duration.ofSeconds(30),
                        () -> !Snapshot.target(SCHEMA, OTHER, COLS, "id").equals(otherBefore));
            }
            Snapshot.awaitTargetEquals(p, "the other table equals the source", SCHEMA, OTHER, COLS,
                    Snapshot.source("customer", OTHER, COLS, "id"));
            ReplicatorProcess.Result verify = ReplicatorProcess.exec(Duration.ofMinutes(3), "verify", "--config",
                    file.toString(), "--max-rows-per-second", "0");
            assertThat(verify.exitCode()).as("verify after the resync:%n%s%s", verify.stdout(), verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("EQUAL   customer." + TABLE, "EQUAL   customer." + OTHER);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        ReplicatorProcess.Result stopped = ReplicatorProcess.exec(Duration.ofMinutes(1), "resync", "--config",
                file.toString(), "--table", "customer." + TABLE);
        assertThat(stopped.exitCode()).isEqualTo(4);
        assertThat(stopped.errorLines()).singleElement().asString().contains("no running pipeline answers at");
    }
}
