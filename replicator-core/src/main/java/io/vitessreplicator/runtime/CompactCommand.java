package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.Compactable;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Rewrite the tables' files into their current state (the latest row per key, deletes removed),"
                + " as one commit that moves the checkpoint nowhere. For sinks that write files (parquet-s3).",
                "It takes the pipeline like run does: stop the running instance first (exit 6 otherwise), or let it"
                        + " compact on its own schedule (sink.compaction.interval)."})
final class CompactCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--table", paramLabel = "KEYSPACE.TABLE", description = "Only this table (repeatable); default: all.")
    List<String> tables = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplicatorConfig cfg = config.load();
        List<TableId> only = new ArrayList<>();
        for (String t : tables) {
            if (!t.contains(".")) {
                throw new ConfigException("Invalid option --table " + t + ": expected KEYSPACE.TABLE.");
            }
            only.add(TableId.parse(t));
        }
        try (Sink sink = ConfigOption.sink(cfg)) {
            if (!(sink instanceof Compactable compactable)) {
                out.println("sink " + cfg.sinkType() + " keeps no files to compact; nothing to do");
                return ExitCode.OK;
            }
            sink.open(new SinkContext(cfg.pipeline().name(), OwnerToken.create(), cfg.pipeline().takeover()));
            List<String> done = compactable.compact(only);
            if (done.isEmpty()) {
                out.println("pipeline " + cfg.pipeline().name() + ": nothing to compact");
            }
            done.forEach(line -> out.println("compacted " + line));
            return ExitCode.OK;
        }
    }
}
