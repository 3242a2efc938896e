package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link SchemaChangesIT}'s scenarios against vttablets without {@code --track-schema-versions}
 * (vttablet's default, and what many clusters run). Such a vttablet names every row from the
 * table's current schema, so rows written before an ALTER arrive under the ALTER's names, or as
 * {@code @1, @2, ...} when the current schema does not fit them; the replicator must read them with
 * the row layout it followed through the DDL ({@code RowLayouts}).
 *
 * <p>They run on a vttestserver of their own, shaped like the main one but without the flag
 * ({@code testenv/lib/start-vitess.sh nohistory}), started here and stopped afterwards. The shared
 * helpers reach it through {@link TestEnv#override}, for this class's thread only, so the classes
 * running beside it keep the main instance. (This class used to restart the main instance without
 * the flag and so had to run alone.)
 */
class SchemaChangesWithoutSchemaHistoryIT extends SchemaChangesIT {
    private static TestEnv.Scope noHistory;

    @BeforeAll
    static void withoutSchemaHistory() {
        StackCommands.script("start-vitess.sh", "nohistory");
        String grpc = TestEnv.get("VTGATE_NOHISTORY_GRPC");
        noHistory = TestEnv.override(Map.of("VTGATE_GRPC", grpc, "VTCTLD_SERVER", grpc,
                "VTGATE_MYSQL", TestEnv.get("VTGATE_NOHISTORY_MYSQL")));
        assertThat(vtcomboCommandLines(grpc)).isNotEmpty().noneMatch(c -> c.contains("--track-schema-versions"));
    }

    @AfterAll
    static void stopTheInstance() {
        if (noHistory != null) {
            noHistory.close();
        }
        StackCommands.script("stop-vitess.sh", "nohistory");
    }

    /** The command lines of the vtcombo processes serving vtgate gRPC at {@code grpc} (their tablets run in them). */
    private static List<String> vtcomboCommandLines(String grpc) {
        String grpcPort = "--grpc-port " + grpc.substring(grpc.lastIndexOf(':') + 1);
        // From /proc: ProcessHandle.Info.commandLine() stops at vtcombo's first empty argument.
        return ProcessHandle.allProcesses().map(p -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))).replace('\0', ' ');
            } catch (IOException e) {
                return ""; // gone meanwhile
            }
        }).filter(c -> c.contains("bin/vtcombo") && c.contains(grpcPort + " ")).toList();
    }
}
