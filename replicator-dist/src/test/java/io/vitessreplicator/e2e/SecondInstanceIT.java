package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per pipeline: a second instance with the same pipeline name is refused by name. */
class SecondInstanceIT {
    private static final String SCHEMA = "e2e_second";
    private static final String TABLE = "e2e_second_rows";

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("commerce", TABLE, "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(20)", "id");
        SourceTables.insertRange("commerce", TABLE, "id, v", 1, 100, 100, id -> id + ",'v'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void aSecondInstanceIsRefusedWhileTheFirstRunsAndMayStartAfterIt() throws Exception {
        Path file = new E2eConfig("e2e-second", SCHEMA, "commerce\\." + TABLE).write(dir);
        try (ReplicatorProcess first = ReplicatorProcess.start(dir.resolve("first.log"), "run", "--config", file.toString())) {
            first.await("the copy of 100 rows", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 100);

            ReplicatorProcess.Result second = ReplicatorProcess.exec(Duration.ofMinutes(2), "run", "--config", file.toString());
            assertThat(second.exitCode()).as("stderr:%n%s", second.stderr()).isEqualTo(6);
            assertThat(second.errorLines()).singleElement().asString()
                    .contains("e2e-second").containsIgnoringCase("another instance");
            assertThat(first.isAlive()).as("the first instance keeps running").isTrue();

            VtgateSql.exec("commerce", "INSERT INTO " + TABLE + " (id, v) VALUES (101, 'still flowing')");
            first.await("the row inserted while the second was refused", Duration.ofMinutes(1), () -> Snapshot.targetCount(SCHEMA, TABLE) == 101);
            assertThat(first.terminate(Duration.ofSeconds(60))).isZero();
        }
        try (ReplicatorProcess again = ReplicatorProcess.start(dir.resolve("again.log"), "run", "--config", file.toString())) {
            VtgateSql.exec("commerce", "INSERT INTO " + TABLE + " (id, v) VALUES (102, 'after handover')");
            again.await("the row inserted after the handover", Duration.ofMinutes(1), () -> Snapshot.targetCount(SCHEMA, TABLE) == 102);
            assertThat(again.terminate(Duration.ofSeconds(60))).isZero();
        }
        ReplicatorProcess.Result status = ReplicatorProcess.exec(Duration.ofMinutes(1), "status", "--config", file.toString());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("pipeline e2e-second: streaming").contains("shard    commerce/0  MySQL56/")
                .containsPattern("owner +\\S+/pid-\\d+/");
    }
}
