package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of the replicator process at random instants, during the copy and during streaming,
 * while the source keeps changing and its schema changes (a column added with a default, a column
 * widened to another type, a column renamed); after the last restart the target equals the source,
 * counters included, and the checkpoint never moved backwards. For every sink: PostgreSQL read with
 * SQL, Parquet on S3 read with DuckDB's current-state query.
 */
class CrashSafetyIT {
    private static final String COLS = "id, counter, note, updated_at";
    private static final long ROWS = 100_000;
    private static final int KILLS = 10;
    /** Before these kills (all in the streaming phase), a schema change runs through vtgate. */
    private static final Map<Integer, String> DDL = Map.of(
            5, "ALTER TABLE %s ADD COLUMN extra VARCHAR(20) NOT NULL DEFAULT 'x'",
            7, "ALTER TABLE %s MODIFY note VARCHAR(128), MODIFY counter BIGINT NOT NULL",
            8, "ALTER TABLE %s RENAME COLUMN extra TO extra2");
    private static final String FINAL_COLS = COLS + ", extra2";

    @TempDir
    static Path dir;

    static Stream<TargetProbe> targets() {
        return TargetProbe.everySink("e2e_crash", "e2e-crash");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TargetProbe.resetAll(targets());
    }

    /** Each sink on its own source table: with -Dit.parallelism above 1 they run at the same time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    @Execution(ExecutionMode.CONCURRENT)
    void killNineAtRandomMomentsLosesAndDuplicatesNothing(TargetProbe target) throws Exception {
        String table = "e2e_crash_rows_" + target.name().replace('-', '_');
        target.reset();
        SourceTables.create("customer", table, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " note VARCHAR(64), updated_at DATETIME(6)", "id");
        SourceTables.insertRange("customer", table, COLS, 1, ROWS, 2000, id -> id + ",0,'initial','2024-05-06 07:08:09.123456'");
        E2eConfig config = new E2eConfig("e2e-crash", target, "customer\\." + table);
        config.maxRows = 1000; // many small copy commits: kills land inside the copy too
        config.maxLatency = "100ms";
        Path file = config.write(dir);
        List<String> killedIn = new ArrayList<>();
        Map<String, Long> lastCounts = Map.of();

        try (SourceWriter writer = new SourceWriter("customer", table, ROWS)) {
            for (int i = 0; i < KILLS; i++) {
                if (DDL.containsKey(i)) {
                    VtgateSql.exec("customer", DDL.get(i).formatted(table));
                }
                Optional<Position> before = target.checkpoint(config.pipeline);
                boolean duringCopy = i < 4;
                // Copy batches follow vttablet's packets (thousands of rows), so an undelayed copy of
                // these rows can end within the pause before a kill; 150 ms per commit keeps the
                // copy running over the four copy kills.
                try (ReplicatorProcess p = ReplicatorProcess.start(duringCopy ? "-Dreplicator.test.commit-delay-ms=150" : "",
                        dir.resolve(target.name() + "-run-" + i + ".log"), "run", "--config", file.toString())) {
                    // Kills 0-3 hit the copy: once this run has committed a copy batch. The others hit
                    // streaming: once this run has committed past the copy, at a random instant under the writes.
                    p.await("run " + i + " commits in the " + (duringCopy ? "copy" : "streaming") + " phase",
                            Duration.ofMinutes(3), () -> target.checkpoint(config.pipeline)
                                    .filter(pos -> !Optional.of(pos).equals(before))
                                    .map(pos -> pos.isCopying() == duringCopy).orElse(false));
                    Pause.of(Duration.ofMillis(duringCopy ? ThreadLocalRandom.current().nextLong(0, 300)
                            : ThreadLocalRandom.current().nextLong(200, 3000)));
                    assertThat(p.isAlive()).as("replicator still running before kill %d; log:%n%s", i, p.log()).isTrue();
                    p.kill9();
                }
                Optional<Position> cp = target.checkpoint(config.pipeline);
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
        System.out.println("CrashSafetyIT " + target.name() + ": kill -9 phases " + killedIn);
        assertThat(killedIn).as("kills during the copy and during streaming: %s", killedIn)
                .contains("copy").contains("streaming");

        long t0 = System.nanoTime();
        try (ReplicatorProcess last = ReplicatorProcess.start(dir.resolve(target.name() + "-final.log"), "run",
                "--config", file.toString())) {
            Snapshot.awaitTargetEquals(last, "target equals source after the last restart", target, "customer", table,
                    FINAL_COLS, Snapshot.source("customer", table, FINAL_COLS, "id"), Duration.ofMinutes(4));
            System.out.println("CrashSafetyIT " + target.name() + ": target equal to the source "
                    + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s after the last start");
            assertThat(last.terminate(Duration.ofSeconds(60))).isZero();
        }
        List<String> source = Snapshot.source("customer", table, FINAL_COLS, "id");
        assertThat(target.rows("customer", table, FINAL_COLS, "id")).isEqualTo(source);
        assertThat(target.history(config.pipeline)).contains(
                "add_column: add column extra varchar(20) filled with x",
                "rename_column: rename column extra to extra2");
    }
}
