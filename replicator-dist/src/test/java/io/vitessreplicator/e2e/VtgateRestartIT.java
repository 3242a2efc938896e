package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The source goes away while the replicator streams: Vitess (vtgate and the tablets) is stopped and
 * restarted on its data. The replicator's stream fails, it backs off, reconnects from its
 * checkpoint and ends with the target equal to the source, without a restart of its own.
 */
@Isolated("it stops the main vttestserver, which most classes read")
class VtgateRestartIT {
    private static final String SCHEMA = "e2e_vt_restart";
    private static final String TABLE = "e2e_vt_restart_rows";

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(40)", "id");
        SourceTables.insertRange("customer", TABLE, "id, v", 1, 1000, 1000, id -> id + ",'before'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        StackCommands.script(Map.of("KEEP_DATA", "1"), "start-vitess.sh"); // whatever happened, leave Vitess running
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void reconnectsAfterVitessRestarts() throws Exception {
        E2eConfig config = new E2eConfig("e2e-vt-restart", SCHEMA, "customer\\." + TABLE);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 1000);

            StackCommands.script(Map.of(), "stop-vitess.sh");
            p.await("the replicator notices", Duration.ofMinutes(1), () -> p.log().contains("source failed, restarting"));
            StackCommands.script(Map.of("KEEP_DATA", "1"), "start-vitess.sh");
            SourceTables.reloadSchema("customer");

            SourceTables.insertRange("customer", TABLE, "id, v", 1001, 1500, 100, id -> id + ",'after the restart'");
            io.vitessreplicator.testkit.VtgateSql.exec("customer",
                    "UPDATE " + TABLE + " SET v = 'updated after the restart' WHERE id <= 100");
            p.await("target equals source after the restart", Duration.ofMinutes(3), () ->
                    Snapshot.target(SCHEMA, TABLE, "id, v", "id").equals(Snapshot.source("customer", TABLE, "id, v", "id")));
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }
}
