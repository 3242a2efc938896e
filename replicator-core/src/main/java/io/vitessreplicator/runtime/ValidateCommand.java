package io.vitessreplicator.runtime;

import io.grpc.ManagedChannel;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.source.TableDiscovery;
import io.vitessreplicator.source.TableSelection;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.spi.Sink;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check the config, that vtgate and the sink are reachable with the given credentials, and that"
                + " every selected table can be replicated (primary key, supported column types). Changes nothing.",
                "Exit 0 when all is well, 5 when some tables cannot be replicated (each is listed with the reason)."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplicatorConfig cfg = config.load();
        out.println("ok    config " + config.file + " (pipeline " + cfg.pipeline().name() + ", sink " + cfg.sinkType() + ")");
        try (Sink sink = ConfigOption.sink(cfg)) {
            sink.check();
            out.println("ok    sink " + cfg.sinkType() + " is reachable and writable");
            cfg.pipeline().schemaChanges().unsupportedBy(sink.capabilities().schemaChanges(), cfg.sinkType())
                    .forEach(w -> out.println("warn  " + w));
        }
        var vtgate = cfg.source().vtgateOptions();
        ManagedChannel channel = VtgateChannels.open(vtgate);
        try {
            TableDiscovery discovery = new TableDiscovery(channel, vtgate);
            TableSelection selection = TableSelection.discover(discovery, cfg.source().keyspaces(), cfg.source()::includesTable);
            out.println("ok    vtgate " + vtgate.target() + " is reachable; keyspaces " + cfg.source().keyspaces());
            if (selection.matchesNothing()) {
                throw selection.noTableMatched(cfg.source().keyspaces());
            }
            List<String> problems = new ArrayList<>();
            for (TableId t : selection.withoutPrimaryKey()) {
                problems.add(t + ": no primary key. Add one, or exclude the table with source.tables.exclude.");
            }
            for (String ks : cfg.source().keyspaces()) {
                for (Map.Entry<TableId, List<String>> e : discovery.unsupportedColumns(ks).entrySet()) {
                    if (!selection.selected().contains(e.getKey())) {
                        continue;
                    }
                    for (String col : e.getValue()) {
                        String name = col.substring(0, col.indexOf(' '));
                        if (cfg.source().includesColumn(e.getKey(), name)) {
                            problems.add(e.getKey() + "." + col + ": type not supported. Exclude the column with"
                                    + " source.columns.exclude.");
                        }
                    }
                }
            }
            out.println("ok    " + selection.selected().size() + " tables selected: " + selection.selected());
            problems.forEach(p -> out.println("CANNOT " + p));
            return problems.isEmpty() ? ExitCode.OK : ExitCode.NOT_REPLICABLE;
        } finally {
            channel.shutdownNow();
        }
    }
}
