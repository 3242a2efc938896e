package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the replicator process at random instants, during the copy and during streaming,
 * while the source keeps changing; after the last restart the target equals the source, counters
 * included, and the checkpoint never moved backwards.
 */
class CrashSafetyIT {
    private static final String SCHEMA = "e2e_crash";
    private static final String TABLE = "e2e_crash_rows";
    private static final String COLS = "id, counter, note, updated_at";
    private static final long ROWS = 200_000;
    private static final int KILLS = 12;

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " note VARCHAR(64), updated_at DATETIME(6)", "id");
        SourceTables.insertRange("customer", TABLE, COLS, 1, ROWS, 2000, id -> id + ",0,'initial','2024-05-06 07:08:09.123456'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void killNineAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        E2eConfig config = new E2eConfig("e2e-crash", SCHEMA, "customer\\." + TABLE);
        config.maxRows = 1000; // many small copy commits: kills land inside the copy too
        config.maxLatency = "100ms";
        Path file = config.write(dir);
        List<String> killedIn = new ArrayList<>();
        Map<String, Long> lastCounts = Map.of();

        try (SourceWriter writer = new SourceWriter("customer", TABLE, ROWS)) {
            for (int i = 0; i < KILLS; i++) {
                try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run-" + i + ".log"), "run", "--config",
                        file.toString())) {
                    boolean duringCopy = i < 4;
                    // Kills 0-3 hit the copy: as soon as a copy batch is committed. The others hit
                    // streaming: once the copy is done, at a random instant under the writes.
                    p.await("run " + i + " reaches the " + (duringCopy ? "copy" : "streaming") + " phase",
                            Duration.ofMinutes(3), () -> Checkpoints.read(SCHEMA, config.pipeline)
                                    .map(pos -> pos.isCopying() == duringCopy).orElse(false));
                    Pause.of(Duration.ofMillis(duringCopy ? ThreadLocalRandom.current().nextLong(0, 300)
                            : ThreadLocalRandom.current().nextLong(200, 3000)));
                    assertThat(p.isAlive()).as("replicator still running before kill %d; log:%n%s", i, p.log()).isTrue();
                    p.kill9();
                }
                Optional<Position> cp = Checkpoints.read(SCHEMA, config.pipeline);
                killedIn.add(cp.isEmpty() ? "before-first-commit" : cp.get().isCopying() ? "copy" : "streaming");
                if (cp.isPresent()) {
                    Map<String, Long> counts = Checkpoints.transactionCounts(cp.get());
                    for (Map.Entry<String, Long> e : lastCounts.entrySet()) {
                        assertThat(counts.getOrDefault(e.getKey(), 0L)).as("checkpoint of %s never moves backwards",
                                e.getKey()).isGreaterThanOrEqualTo(e.getValue());
                    }
                    lastCounts = counts;
                }
            }
            assertThat(writer.operations()).as("writes ran during the kills").isGreaterThan(100);
        }
        System.out.println("CrashSafetyIT: kill -9 phases " + killedIn);
        assertThat(killedIn).as("kills during the copy and during streaming: %s", killedIn)
                .contains("copy").contains("streaming");

        try (ReplicatorProcess last = ReplicatorProcess.start(dir.resolve("final.log"), "run", "--config", file.toString())) {
            last.await("target equals source after the last restart", Duration.ofMinutes(4), () -> Snapshot.target(SCHEMA, TABLE, COLS, "id").equals(Snapshot.source("customer", TABLE, COLS, "id")));
            assertThat(last.terminate(Duration.ofSeconds(60))).isZero();
        }
        List<String> source = Snapshot.source("customer", TABLE, COLS, "id");
        assertThat(Snapshot.target(SCHEMA, TABLE, COLS, "id")).isEqualTo(source);
    }
}
