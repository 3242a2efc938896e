package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.Sink;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the pipeline's checkpoint as stored in the target: phase, position per shard, owner and age.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplicatorConfig cfg = config.load();
        try (Sink sink = ConfigOption.sink(cfg)) {
            Optional<Checkpoint> cp = sink.readCheckpoint(cfg.pipeline().name());
            if (cp.isEmpty()) {
                out.println("pipeline " + cfg.pipeline().name() + ": no checkpoint yet (the first run copies the tables)");
                return ExitCode.OK;
            }
            Checkpoint c = cp.get();
            out.println("pipeline " + c.pipeline() + ": " + (c.position().isCopying() ? "copying" : "streaming"));
            out.println("owner    " + c.owner());
            out.println("updated  " + c.updatedAt() + " (" + Duration.between(c.updatedAt(), Instant.now()).toSeconds()
                    + " s ago)");
            c.position().gtidsByShard().forEach((shard, gtid) -> out.println("shard    " + shard + "  "
                    + (gtid.isEmpty() ? "(copy not started)" : gtid)));
            c.position().vgtid().getShardGtidsList().forEach(sg -> sg.getTablePKsList().forEach(t ->
                    out.println("copying  " + sg.getKeyspace() + "/" + sg.getShard() + " " + t.getTableName()
                            + (t.hasLastpk() ? " (resumes after the last copied key)" : " (not started)"))));
            return ExitCode.OK;
        }
    }
}
