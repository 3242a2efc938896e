package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The S3 store stops while the Parquet sink streams under writes, and comes back: the replicator
 * keeps running, retries from its checkpoint, and afterwards DuckDB's current state equals the
 * source, with every change in the change log once.
 */
@Isolated("it stops S3Proxy, which every Parquet and Redshift target uses")
class S3OutageIT {
    private static final String TABLE = "e2e_s3_outage";
    private static final String COLS = "id, counter, note, updated_at";
    private static final long ROWS = 5000;
    private static final ParquetProbe TARGET = new ParquetProbe("e2e-s3-outage");

    @TempDir
    static Path dir;

    @AfterAll
    static void cleanUp() {
        startS3(); // whatever happened, leave the stack as the other tests expect it
        TARGET.reset();
    }

    @Test
    void streamingSurvivesTheStoreGoingAwayAndComingBack() throws Exception {
        TARGET.reset();
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " note VARCHAR(64), updated_at DATETIME(6)", "id");
        SourceTables.insertRange("customer", TABLE, COLS, 1, ROWS, 1000, id -> id + ",0,'initial',NOW(6)");
        E2eConfig config = new E2eConfig("e2e-s3-outage", TARGET, "customer\\." + TABLE);
        config.maxLatency = "200ms";
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString());
             SourceWriter writer = new SourceWriter("customer", TABLE, ROWS)) {
            p.await("copy", Duration.ofMinutes(2), () -> TARGET.checkpoint(config.pipeline).map(c -> !c.isCopying()).orElse(false));

            StackCommands.script(Map.of(), "stop-s3proxy.sh");
            VtgateSql.exec("customer", "UPDATE " + TABLE + " SET note = 'while S3 was down' WHERE id <= 100",
                    "DELETE FROM " + TABLE + " WHERE id BETWEEN 500 AND 549");
            Pause.of(Duration.ofSeconds(8)); // commits fail; the replicator backs off and retries
            assertThat(p.isAlive()).as("still running during the outage; log:%n%s", p.log()).isTrue();
            startS3();
            Pause.of(Duration.ofSeconds(3)); // writes go on after the store is back
            writer.close();

            Snapshot.awaitTargetEquals(p, "target equals source after the outage", TARGET, "customer", TABLE, COLS,
                    Snapshot.source("customer", TABLE, COLS, "id"), Duration.ofMinutes(2));
            assertThat(p.log()).contains("restarting from the last checkpoint");
            assertThat(TARGET.repeatedChanges("customer", TABLE)).as("changes in the log more than once").isZero();
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    private static void startS3() {
        StackCommands.script(Map.of(), "start-s3proxy.sh");
    }
}
