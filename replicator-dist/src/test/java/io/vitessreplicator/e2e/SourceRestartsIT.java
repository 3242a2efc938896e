package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream restarts every second or two (a test hook ends it as a dropped vtgate connection
 * would) while an application writes to a table on both shards and columns are added and dropped
 * (through vtgate, then on one shard 3 s before the other). Restarts land in the copy, inside
 * transactions and between the two shards' ALTERs, so resumes replay rows of both table shapes
 * from the checkpoint. The target ends equal to the source, for every sink.
 *
 * <p>This found a lost-change bug: after a restart between the shards' DROP COLUMNs, one batch
 * held the table in two shapes, interleaved (the replayed shard's old shape, the other shard's
 * new one, then the replayed shard's new one), and a key's newer change was applied before its
 * older one.
 */
class SourceRestartsIT {
    private static final String SCHEMA = "e2e_restarts";
    private static final String TABLE = "e2e_restarts";
    private static final long ROWS = 3000;
    private static final String COLUMNS = "id, counter, note";

    @TempDir
    static Path dir;

    static Stream<TargetProbe> targets() {
        return TargetProbe.everySink(SCHEMA, "e2e-restarts");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TargetProbe.resetAll(targets());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void restartsDuringCopyWritesAndColumnChangesLoseAndRepeatNothing(TargetProbe target) throws Exception {
        target.reset();
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0,"
                + " note VARCHAR(40), updated_at DATETIME(6), gone VARCHAR(20)", "id");
        SourceTables.insertRange("customer", TABLE, "id, counter, note, updated_at, gone", 1, ROWS, 500,
                id -> id + ",0,'n" + id + "',NOW(6),'gone" + id + "'");
        E2eConfig config = new E2eConfig("e2e-restarts", target, "customer\\." + TABLE);
        try (ReplicatorProcess p = ReplicatorProcess.start("-Dreplicator.test.source-restart-ms=1500",
                dir.resolve(target.name() + ".log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(3), () -> target.count("customer", TABLE) == ROWS);
            // Updates go to 300 hot rows, so a key changes on both sides of its shard's DROP COLUMN
            // within one batch; the other shard drops the column 3 s earlier.
            try (SourceWriter w = new SourceWriter("customer", TABLE, 300, 1_000_000).unthrottled()) {
                Thread.sleep(3000);
                VtgateSql.exec("customer", "ALTER TABLE " + TABLE + " ADD COLUMN extra INT NOT NULL DEFAULT 3");
                Thread.sleep(3000);
                SchemaChangesIT.onShard("80-", "ALTER TABLE " + TABLE + " DROP COLUMN gone");
                Thread.sleep(3000);
                SchemaChangesIT.onShard("-80", "ALTER TABLE " + TABLE + " DROP COLUMN gone");
                Thread.sleep(4000);
            }
            p.await("target equals source (" + COLUMNS + ")", Duration.ofMinutes(3),
                    () -> target.rows("customer", TABLE, COLUMNS, "id").equals(Snapshot.source("customer", TABLE, COLUMNS, "id")));
            long restarts = p.log().lines().filter(l -> l.contains("the stream ended for a test")).count();
            assertThat(restarts).as(() -> "stream restarts the test caused; log:\n" + p.log()).isGreaterThanOrEqualTo(3);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }
}
