package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/replicator compact} on a Parquet pipeline: refused while the pipeline runs (exit 6),
 * then folds the table's many small files into one snapshot with the same current state, and
 * {@code status} reads the checkpoint it left where it was.
 */
class CompactCommandIT {
    private static final String TABLE = "e2e_compact";
    private static final String COLS = "id, counter, note";
    private static final ParquetProbe TARGET = new ParquetProbe("e2e-compact");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    @AfterAll
    static void cleanUp() {
        TARGET.reset();
    }

    @Test
    void compactFoldsTheFilesIntoTheCurrentState() throws Exception {
        TARGET.reset();
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL, note VARCHAR(64)",
                "id");
        SourceTables.insertRange("customer", TABLE, COLS, 1, 3000, 500, id -> id + ",0,'initial'");
        E2eConfig config = new E2eConfig("e2e-compact", TARGET, "customer\\." + TABLE);
        config.maxRows = 300; // small commits: several files
        Path file = config.write(dir);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", file.toString())) {
            p.await("copy", TIMEOUT, () -> TARGET.checkpoint(config.pipeline).map(c -> !c.isCopying()).orElse(false));
            sourceWrites();
            Snapshot.awaitTargetEquals(p, "changes streamed", TARGET, "customer", TABLE, COLS,
                    Snapshot.source("customer", TABLE, COLS, "id"), TIMEOUT);
            ReplicatorProcess.Result busy = ReplicatorProcess.exec(TIMEOUT, "compact", "--config", file.toString());
            assertThat(busy.exitCode()).as("compact while run holds the pipeline; stderr:%n%s", busy.stderr()).isEqualTo(6);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        Position before = TARGET.checkpoint(config.pipeline).orElseThrow();
        List<String> rows = TARGET.rows("customer", TABLE, COLS, "id");

        ReplicatorProcess.Result compact = ReplicatorProcess.exec(TIMEOUT, "compact", "--config", file.toString());
        assertThat(compact.exitCode()).as("compact; stderr:%n%s", compact.stderr()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("compacted customer\\." + TABLE
                + ": (\\d+) files -> 1 files, 2900 rows").matcher(compact.stdout());
        assertThat(m.find()).as("compact's report:%n%s", compact.stdout()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("files before").isGreaterThan(1);
        assertThat(TARGET.rows("customer", TABLE, COLS, "id")).isEqualTo(rows);
        assertThat(TARGET.checkpoint(config.pipeline)).contains(before);

        ReplicatorProcess.Result status = ReplicatorProcess.exec(TIMEOUT, "status", "--config", file.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("pipeline e2e-compact: streaming");
    }

    private static void sourceWrites() throws Exception {
        VtgateSql.exec("customer",
                "UPDATE " + TABLE + " SET counter = counter + 1 WHERE id <= 500",
                "DELETE FROM " + TABLE + " WHERE id BETWEEN 501 AND 600",
                "INSERT INTO " + TABLE + " (id, counter, note) VALUES (3001, 0, 'new')",
                "DELETE FROM " + TABLE + " WHERE id = 3001");
    }
}
