package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The target goes away while the replicator streams: PostgreSQL is stopped, rows keep arriving in
 * Vitess, PostgreSQL comes back. The replicator backs off, resumes from the checkpoint and ends
 * with the target equal to the source, without a restart of its own.
 */
@Isolated("it stops PostgreSQL, which nearly every class uses")
class PostgresRestartIT {
    private static final String SCHEMA = "e2e_pg_restart";
    private static final String TABLE = "e2e_pg_restart_rows";

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
        startPostgres(); // whatever happened, leave the stack as the other tests expect it
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void survivesAPostgresRestartWhileStreaming() throws Exception {
        E2eConfig config = new E2eConfig("e2e-pg-restart", SCHEMA, "customer\\." + TABLE);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 1000);

            script("stop-postgres.sh");
            SourceTables.insertRange("customer", TABLE, "id, v", 1001, 2000, 100, id -> id + ",'while postgres was down'");
            VtgateSql.exec("customer", "UPDATE " + TABLE + " SET v = 'updated while down' WHERE id <= 100",
                    "DELETE FROM " + TABLE + " WHERE id BETWEEN 500 AND 549");
            Pause.of(Duration.ofSeconds(3)); // the replicator meets the outage and backs off
            assertThat(p.isAlive()).as("still running during the outage; log:%n%s", p.log()).isTrue();
            startPostgres();

            p.await("target equals source after the restart", Duration.ofMinutes(2), () ->
                    Snapshot.target(SCHEMA, TABLE, "id, v", "id").equals(Snapshot.source("customer", TABLE, "id, v", "id")));
            assertThat(p.log()).contains("restarting from the last checkpoint");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    private static void startPostgres() throws Exception {
        script("start-postgres.sh");
    }

    private static void script(String name) {
        StackCommands.script(java.util.Map.of(), name);
    }
}
