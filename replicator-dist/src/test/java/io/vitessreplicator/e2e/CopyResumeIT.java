package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copy killed midway resumes from the lastpk stored with the data: the second run copies
 * exactly the rows the first did not commit, and a later {@code run} streams without copying; for
 * every sink ({@code backfill} then {@code run}).
 */
class CopyResumeIT {
    private static final String SCHEMA = "e2e_resume";
    private static final String TABLE = "e2e_resume_rows";
    private static final String COLS = "id, payload";
    private static final long ROWS = 200_000;
    private static final Pattern SUMMARY = Pattern.compile("(backfill|run) finished: (\\d+) row changes committed");

    @TempDir
    static Path dir;

    static Stream<TargetProbe> targets() {
        return TargetProbe.everySink(SCHEMA, "e2e-resume");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TargetProbe.resetAll(targets());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aKilledCopyResumesFromTheLastPrimaryKeyWithoutCopyingRowsAgain(TargetProbe target) throws Exception {
        target.reset();
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(200) NOT NULL", "id");
        SourceTables.insertRange("customer", TABLE, COLS, 1, ROWS, 4000,
                id -> id + ",'payload of row " + id + " padded to make the copy take a moment ..........'");
        E2eConfig config = new E2eConfig("e2e-resume", target, "customer\\." + TABLE);
        config.maxRows = 2000;
        Path file = config.write(dir);

        long copiedBeforeKill;
        try (ReplicatorProcess first = ReplicatorProcess.start(dir.resolve(target.name() + "-first.log"), "backfill",
                "--config", file.toString())) {
            first.await("part of the copy committed", Duration.ofMinutes(3), () -> target.count("customer", TABLE) >= ROWS / 5);
            first.kill9();
        }
        copiedBeforeKill = target.count("customer", TABLE);
        Position atKill = target.checkpoint(config.pipeline).orElseThrow();
        assertThat(copiedBeforeKill).as("killed in the middle of the copy").isBetween(1L, ROWS - 1);
        assertThat(atKill.isCopying()).isTrue();
        assertThat(atKill.vgtid().getShardGtidsList()).as("a lastpk is stored with the data")
                .anySatisfy(sg -> assertThat(sg.getTablePKsList()).anySatisfy(t -> assertThat(t.hasLastpk()).isTrue()));

        ReplicatorProcess.Result second = ReplicatorProcess.exec(Duration.ofMinutes(5), "backfill", "--config", file.toString());
        assertThat(second.exitCode()).as("backfill exit code; stderr:%n%s", second.stderr()).isZero();
        assertThat(committedChanges(second.stderr())).as("the resumed copy sends only the rows not yet committed")
                .isEqualTo(ROWS - copiedBeforeKill);
        assertThat(target.rows("customer", TABLE, COLS, "id")).isEqualTo(Snapshot.source("customer", TABLE, COLS, "id"));
        assertThat(target.checkpoint(config.pipeline).orElseThrow().isCopying()).isFalse();

        // run continues from the backfill's position: one new row, and nothing copied again.
        try (ReplicatorProcess run = ReplicatorProcess.start(dir.resolve(target.name() + "-run.log"), "run", "--config",
                file.toString())) {
            VtgateSql.exec("customer", "INSERT INTO " + TABLE + " (id, payload) VALUES (" + (ROWS + 1) + ", 'after backfill')");
            run.await("the new row streamed", Duration.ofMinutes(2), () -> target.count("customer", TABLE) == ROWS + 1);
            assertThat(run.terminate(Duration.ofSeconds(60))).isZero();
            assertThat(committedChanges(run.log())).as("run streamed the one new row, no copy").isEqualTo(1);
        }
    }

    private static long committedChanges(String log) {
        Matcher m = SUMMARY.matcher(log);
        assertThat(m.find()).as("summary line in:%n%s", log).isTrue();
        return Long.parseLong(m.group(2));
    }
}
