package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.source.TableDiscovery;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.TargetReader;
import io.vitessreplicator.spi.Verifiable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/replicator verify}: compares each selected table of a pipeline's source with its
 * target ({@link TableVerifier}) and prints what differs. Reads only: it never claims the pipeline,
 * so it runs next to the live one, and it needs that pipeline to be running to confirm a difference.
 */
public final class Verifier {
    /** The verdict over all tables. */
    public enum Outcome {
        /** Every table is equal (keys still changing at the source aside, which are listed). */
        EQUAL,
        /** Some table differs: differences confirmed, or a target table missing. */
        DIFFERENT,
        /** Nothing confirmed different, but some keys could not be rechecked (the pipeline did not catch up). */
        INCONCLUSIVE
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final ReplicatorConfig config;
    private final Sink sink;
    private final VerifyOptions options;
    private final PrintWriter out;

    public Verifier(ReplicatorConfig config, Sink sink, VerifyOptions options, PrintWriter out) {
        this.config = requireNonNull(config, "config is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.options = requireNonNull(options, "options is null");
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * @param only the tables to verify; empty for every table the pipeline replicates
     */
    public Outcome run(List<TableId> only) {
        if (!(sink instanceof Verifiable verifiable)) {
            throw new ConfigException("Cannot verify pipeline " + config.pipeline().name() + ": sink type "
                    + config.sinkType() + " cannot read its target back. verify supports sink types postgres, redshift and parquet-s3.");
        }
        String pipeline = config.pipeline().name();
        ManagedChannel channel = VtgateChannels.open(config.source().vtgateOptions());
        try (TargetReader target = verifiable.openTargetReader(pipeline)) {
            Map<TableId, List<String>> tables = tables(new TableDiscovery(channel, config.source().vtgateOptions()), only);
            out.println("verify pipeline " + pipeline + " (sink " + config.sinkType() + "): " + tables.size()
                    + " table" + (tables.size() == 1 ? "" : "s") + ", source read from " + options.tabletType()
                    + " tablets in chunks of " + options.chunkRows() + " rows"
                    + (options.maxRowsPerSecond() > 0 ? ", at most " + options.maxRowsPerSecond() + " rows/s" : ""));
            out.flush();
            CatchUpWait wait = new CatchUpWait(CatchUpWait.vtgate(channel, config.source().vtgateOptions()),
                    () -> sink.readCheckpoint(pipeline), pipeline, options.settleTimeout(), POLL);
            RowRate rate = new RowRate(options.maxRowsPerSecond());
            List<TableReport> reports = new ArrayList<>();
            for (Map.Entry<TableId, List<String>> t : tables.entrySet()) {
                SourceTable source = new SourceTable(channel, config.source(), t.getKey(), options.tabletType(),
                        t.getValue());
                SourceTable primary = options.tabletType().equals("primary") ? source
                        : new SourceTable(channel, config.source(), t.getKey(), "primary", t.getValue());
                TableVerifier.Recheck recheck = new TableVerifier.Recheck() {
                    @Override
                    public List<Object[]> sourceRowsNow(List<Object[]> keys) {
                        return primary.rowsByKey(keys);
                    }

                    @Override
                    public Optional<String> awaitTargetPassesSource() {
                        return wait.await(t.getKey().keyspace());
                    }
                };
                TableReport report = new TableVerifier(source, target, recheck, options, rate, line -> {
                    out.println(line);
                    out.flush();
                }).verify();
                print(report);
                reports.add(report);
            }
            return summarize(reports);
        } finally {
            channel.shutdownNow();
        }
    }

    /** The tables to verify → their primary-key columns in declared order. */
    private Map<TableId, List<String>> tables(TableDiscovery discovery, List<TableId> only) {
        Map<TableId, List<String>> selected = new LinkedHashMap<>();
        for (String keyspace : config.source().keyspaces()) {
            discovery.primaryKeys(keyspace).forEach((id, pk) -> {
                if (config.source().includesTable(id) && !pk.isEmpty() && (only.isEmpty() || only.contains(id))) {
                    selected.put(id, pk);
                }
            });
        }
        for (TableId t : only) {
            if (!selected.containsKey(t)) {
                throw new ConfigException("Invalid option --table " + t + ": pipeline " + config.pipeline().name()
                        + " does not replicate it (not in source.keyspaces " + config.source().keyspaces()
                        + ", not matched by source.tables, or no primary key). Name a replicated table as"
                        + " KEYSPACE.TABLE.");
            }
        }
        for (TableId t : selected.keySet()) {
            if (!config.source().shardsOf(t.keyspace()).isEmpty()) {
                throw new ConfigException("Cannot verify " + t + ": the pipeline streams only some shards of keyspace "
                        + t.keyspace() + " (source.shards), and verify compares whole tables. Leave the keyspace's"
                        + " tables out with --table.");
            }
        }
        if (selected.isEmpty()) {
            throw new ConfigException("Cannot verify pipeline " + config.pipeline().name() + ": source.tables matches"
                    + " no table with a primary key in keyspaces " + config.source().keyspaces() + ".");
        }
        return selected;
    }

    private void print(TableReport r) {
        String t = r.table().toString();
        if (r.targetMissing()) {
            out.println("DIFFERS " + t + ": the target has no table for it (source " + r.sourceRows() + " rows). Has"
                    + " the pipeline copied it yet? bin/replicator status shows the copy.");
            out.flush();
            return;
        }
        for (Difference d : r.differences()) {
            out.println("DIFF  " + t + "  " + d.key() + "  " + d.kind().label()
                    + (d.columns().isEmpty() ? "" : " (columns " + String.join(", ", d.columns()) + ")"));
        }
        for (KeyRecheck.Unconfirmed u : r.unconfirmed()) {
            out.println("NOT CONFIRMED  " + t + "  " + u.key() + "  " + u.reason());
        }
        String counts = "source " + r.sourceRows() + " rows, target " + r.targetRows() + " rows";
        if (r.differs()) {
            out.println("DIFFERS " + t + ": " + r.differences().size() + " key" + (r.differences().size() == 1 ? "" : "s")
                    + " differ" + (r.notRechecked() > 0 ? " (and " + r.notRechecked() + " more differed at first sight"
                    + " and were not rechecked: --max-keys " + options.maxKeys() + ")" : "") + "; " + counts + ".");
        } else if (r.inconclusive()) {
            boolean onlyHot = r.unconfirmed().stream().allMatch(u -> u.reason().startsWith("changing"));
            out.println((onlyHot ? "EQUAL   " : "UNKNOWN ") + t + ": no difference confirmed; " + r.unconfirmed().size()
                    + " key" + (r.unconfirmed().size() == 1 ? "" : "s") + (onlyHot ? " kept changing at the source and"
                    : "") + " could not be confirmed (NOT CONFIRMED above); " + counts + ".");
        } else {
            out.println("EQUAL   " + t + ": " + r.compared() + " rows compared; " + counts
                    + (r.sourceRows() == r.targetRows() ? "" : " (counted at different moments while streaming)") + ".");
        }
        out.flush();
    }

    private Outcome summarize(List<TableReport> reports) {
        List<String> differing = reports.stream().filter(TableReport::differs).map(r -> r.table().toString()).toList();
        boolean unknown = reports.stream().anyMatch(r -> r.unconfirmed().stream()
                .anyMatch(u -> !u.reason().startsWith("changing")));
        if (!differing.isEmpty()) {
            out.println("verify: " + differing.size() + " of " + reports.size() + " tables differ: " + differing
                    + ". Copy them again to repair the target.");
            out.flush();
            return Outcome.DIFFERENT;
        }
        if (unknown) {
            out.println("verify: no difference confirmed, but some keys could not be rechecked (see NOT CONFIRMED);"
                    + " run verify again while the pipeline runs.");
            out.flush();
            return Outcome.INCONCLUSIVE;
        }
        out.println("verify: " + reports.size() + " table" + (reports.size() == 1 ? "" : "s") + " equal.");
        out.flush();
        return Outcome.EQUAL;
    }
}
