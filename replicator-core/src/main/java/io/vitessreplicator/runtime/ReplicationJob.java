package io.vitessreplicator.runtime;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.vitess.proto.Topodata;
import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.config.SourceConfig;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.pipeline.Batcher;
import io.vitessreplicator.pipeline.ByteBoundedQueue;
import io.vitessreplicator.pipeline.SourceEvent;
import io.vitessreplicator.source.EventTranslator;
import io.vitessreplicator.source.SchemaTracker;
import io.vitessreplicator.source.SourceException;
import io.vitessreplicator.source.SourceStatistics;
import io.vitessreplicator.source.TableBinder;
import io.vitessreplicator.source.PositionCheck;
import io.vitessreplicator.source.PositionLostException;
import io.vitessreplicator.source.TableDiscovery;
import io.vitessreplicator.source.TableSelection;
import io.vitessreplicator.source.VStreamReader;
import io.vitessreplicator.source.VStreamRequests;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.source.VtgateOptions;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.SinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline: resume from the sink's checkpoint (or copy first), stream, commit batches.
 *
 * <p>Recovery is crash-only: when the stream or the sink fails with a transient error, the
 * batch in flight is rolled back, the stream is reopened from the last committed position after
 * a backoff, and everything after that position is read again. The sink's compare-and-set on
 * the position makes that exact: nothing is lost, nothing is applied twice.
 */
public final class ReplicationJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationJob.class);

    /** What the job does after the copy phase. */
    public enum Mode {
        /** Keep streaming until stopped. */
        RUN,
        /** Return once the copy is committed with a consistent position. */
        BACKFILL
    }

    private final ReplicatorConfig config;
    private final Sink sink;
    private final Function<SourceConfig, TableBinder> binders;
    /** Waits for shards to start the copies they are asked for; lives across stream restarts. */
    private final io.vitessreplicator.source.CopyStartWatch copyStart;
    private final ReplicatorMetrics metrics;
    private final String owner = OwnerToken.create();
    private final CountDownLatch stopWake = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Batcher current;
    /** What the job is doing, for /health. */
    private volatile String state = "starting";
    /** Tables operators asked to copy again, taken by the stream's translator (outlives each stream). */
    private final java.util.Queue<TableId> resyncs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The tables this run replicates, for checking resync requests. */
    private volatile List<TableId> selected = List.of();

    ReplicationJob(ReplicatorConfig config, Sink sink, Function<SourceConfig, TableBinder> binders,
                   ReplicatorMetrics metrics) {
        this.config = requireNonNull(config, "config is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.binders = requireNonNull(binders, "binders is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.copyStart = new io.vitessreplicator.source.CopyStartWatch(metrics::copyStartMissed);
    }

    /** Asks the job to commit the batch in flight at its transaction's end and return. */
    void requestStop() {
        stopRequested = true;
        state = "stopping";
        Batcher b = current;
        if (b != null) {
            b.requestStop();
        }
        stopWake.countDown();
    }

    /**
     * {@code bin/replicator resync}: copies the tables again from the next transaction boundary
     * (after the running copy, if one runs) while the others stream, removing target rows the copy
     * does not deliver. The schema history records it once the batch that starts it commits.
     *
     * @return what happens, for the operator
     * @throws IllegalArgumentException for a name that is not a table this pipeline replicates
     * @throws IllegalStateException when the pipeline is not copying or streaming now
     */
    String requestResync(List<String> names) {
        List<TableId> ids = new ArrayList<>();
        for (String name : names) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            TableId id;
            try {
                id = TableId.parse(n);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Cannot resync " + n + ": not a table name. Give keyspace.table.");
            }
            if (!selected.contains(id)) {
                throw new IllegalArgumentException("Cannot resync " + id + ": pipeline " + config.pipeline().name()
                        + " does not replicate it. Its tables: " + selected + ".");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("Cannot resync: no table named. Give keyspace.table.");
        }
        String now = phase();
        if (!"streaming".equals(now) && !"copying".equals(now)) {
            throw new IllegalStateException("Cannot resync now: pipeline " + config.pipeline().name() + " is " + now
                    + ". Ask again once /health says UP.");
        }
        resyncs.addAll(ids);
        LOG.info("resync of {} requested", ids);
        return "resync of " + ids + " requested: copied again from the next transaction boundary"
                + ("copying".equals(now) ? ", once the running copy ends" : "") + ", while the other tables stream;"
                + " target rows the source no longer has are removed when it completes. The schema history records"
                + " it (copy_table: " + EventTranslator.RESYNC_REASON + ").";
    }

    HealthServer.Health health() {
        String now = phase();
        return new HealthServer.Health("streaming".equals(now) || "copying".equals(now), now);
    }

    /**
     * What the job does now: a stream that started with a copy says "copying" until every table's
     * copy has finished, then "streaming" (the same stream goes on).
     */
    private String phase() {
        String now = state;
        return "copying".equals(now) && !metrics.copyProgress().active() ? "streaming" : now;
    }

    /** @return the last committed position */
    Position run(Mode mode) throws InterruptedException {
        SourceConfig source = config.source();
        VtgateOptions vtgate = source.vtgateOptions();
        Optional<Checkpoint> checkpoint = sink.open(new SinkContext(config.pipeline().name(), owner,
                config.pipeline().takeover()));
        config.pipeline().schemaChanges().unsupportedBy(sink.capabilities().schemaChanges(), config.sinkType())
                .forEach(w -> LOG.warn("pipeline {}: {}", config.pipeline().name(), w));
        Position start = checkpoint.map(Checkpoint::position).orElse(null);
        String schemaState = checkpoint.map(Checkpoint::state).orElse(null);
        metrics.position(start);
        if (start == null) {
            LOG.info("pipeline {}: no checkpoint in the target, starting with a copy of the existing rows",
                    config.pipeline().name());
        } else {
            LOG.info("pipeline {}: resuming {} from {}", config.pipeline().name(),
                    start.isCopying() ? "the copy" : "streaming", start.gtidsByShard());
        }
        if (mode == Mode.BACKFILL && start != null && !start.isCopying()) {
            LOG.info("pipeline {}: the copy already completed; nothing to backfill", config.pipeline().name());
            return start;
        }
        ManagedChannel channel = VtgateChannels.open(vtgate);
        SourceStatistics statistics = new SourceStatistics(channel, vtgate, source.tabletType().configName());
        ProgressReporter reporter = new ProgressReporter(metrics.copyProgress(), statistics,
                config.metrics().progressInterval(), ProgressReporter.liveLine(mode));
        try {
            List<TableId> tables = selectTables(channel, vtgate);
            selected = tables;
            List<String> copied = keyspacesOf(tables);
            List<String> streamOnly = source.keyspaces().stream().filter(ks -> !copied.contains(ks)).toList();
            if (!streamOnly.isEmpty()) {
                LOG.info("keyspaces {} have no table to replicate yet: streamed from their current position, so that"
                        + " tables created there later (by MoveTables, say) are copied and replicated", streamOnly);
            }
            PositionCheck positionCheck = new PositionCheck(channel, vtgate, source.tabletType().configName());
            Backoff backoff = new Backoff(source.reconnect().initialBackoff(), source.reconnect().maxBackoff(),
                    source.reconnect().maxAttempts());
            while (!stopRequested) {
                Batcher batcher = null;
                try {
                    ByteBoundedQueue queue = new ByteBoundedQueue(config.pipeline().bufferMaxBytes());
                    metrics.bufferBytes(queue::bytes);
                    batcher = new Batcher(queue, sink, config.pipeline().batch(), metrics, start, schemaState,
                            mode == Mode.BACKFILL);
                    current = batcher;
                    if (stopRequested) {
                        batcher.requestStop();
                    }
                    SchemaTracker schemas = SchemaTracker.restore(config.pipeline().schemaChanges(), schemaState)
                            .limitTo(sink.capabilities().schemaChanges());
                    CopyPlan plan = copyPlan(start, schemaState, schemas, tables);
                    if (plan.start() != null) {
                        try {
                            positionCheck.verify(config.pipeline().name(), plan.start());
                        } catch (PositionLostException e) {
                            if (!source.resnapshotOnPositionLost()) {
                                throw e;
                            }
                            plan = resnapshot(e, plan, schemas, tables, queue);
                        }
                    }
                    if (plan.copying()) {
                        metrics.copyProgress().planned(copyParts(plan, schemas, tables, statistics));
                    }
                    var request = VStreamRequests.build(plan.start(), copied, streamOnly, source.shards(), tables,
                            source.includePatterns(), plan.tablesToCopy(),
                            Topodata.TabletType.valueOf(source.tabletType().name()),
                            (int) source.heartbeatInterval().toSeconds(), source.excludeKeyspaceFromTableName());
                    try (VStreamReader reader = new VStreamReader(channel, vtgate, request,
                            new EventTranslator(binders.apply(source), schemas, source::includesTable, plan.start(),
                                    plan.markerTables(), copyStart).streamOnly(streamOnly).resyncRequests(resyncs), queue)) {
                        reader.start();
                        state = plan.copying() ? "copying" : "streaming";
                        Position end = batcher.run();
                        if (batcher.tablesToAdd().isEmpty()) {
                            return end;
                        }
                        // A new table appeared: the stream restarts from what was just committed, with
                        // the table's copy (the saved state lists it), while the others stream on.
                        start = batcher.committed();
                        schemaState = batcher.committedState();
                        LOG.info("restarting the stream to copy tables {}", batcher.tablesToAdd());
                        continue;
                    }
                } catch (SourceException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    restart("source", e);
                } catch (RetriableSinkException e) {
                    restart("sink", e);
                } finally {
                    current = null;
                }
                // Resume from what the target durably holds: a commit whose acknowledgement was lost
                // is there even though the batcher does not know it.
                Position committed = batcher == null ? start : batcher.committed();
                try {
                    Optional<Checkpoint> stored = sink.readCheckpoint(config.pipeline().name());
                    committed = stored.map(Checkpoint::position).orElse(null);
                    schemaState = stored.map(Checkpoint::state).orElse(null);
                } catch (SinkException e) {
                    LOG.warn("cannot read the checkpoint now ({}); the next attempt starts from the last commit it saw",
                            e.getMessage());
                }
                if (!Objects.equals(committed, start)) {
                    backoff.progressed();
                }
                start = committed;
                if (!backoff.failed()) {
                    throw new SourceException("Cannot keep replicating: " + backoff.failures()
                            + " consecutive failures (source.reconnect.max-attempts). See the log for each.", null, false);
                }
                Duration delay = backoff.nextDelay();
                state = "restarting in " + delay.toMillis() + "ms";
                LOG.info("reconnecting in {} ms from {}", delay.toMillis(), start == null ? "the start" : start.gtidsByShard());
                stopWake.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return start;
        } finally {
            state = "stopped";
            reporter.close();
            channel.shutdownNow();
        }
    }

    /**
     * The tables the next stream copies and the shards each is copied on, for the progress
     * report: the shards the position names, or (a fresh copy) the keyspace's serving shards, as
     * far as {@code source.shards} keeps them.
     */
    private Map<TableId, List<String>> copyParts(CopyPlan plan, SchemaTracker schemas, List<TableId> tables,
                                                SourceStatistics statistics) {
        java.util.Set<TableId> copied = new java.util.LinkedHashSet<>(tables);
        schemas.copyingTables().stream().map(TableId::parse).forEach(copied::add);
        Map<String, List<String>> shards = new TreeMap<>();
        if (plan.start() != null) {
            plan.start().vgtid().getShardGtidsList().stream()
                    .filter(sg -> sg.getGtid().isEmpty() || sg.getTablePKsCount() > 0) // shards that copy
                    .forEach(sg -> shards.computeIfAbsent(sg.getKeyspace(), k -> new ArrayList<>()).add(sg.getShard()));
        } else {
            statistics.shards().forEach((ks, list) -> {
                List<String> pinned = config.source().shards().get(ks);
                shards.put(ks, pinned == null || pinned.isEmpty() ? list : pinned);
            });
        }
        Map<TableId, List<String>> parts = new java.util.LinkedHashMap<>();
        for (TableId t : copied) {
            if (plan.tablesToCopy().isEmpty() || plan.tablesToCopy().contains(t.name())) {
                parts.put(t, shards.getOrDefault(t.keyspace(), List.of()));
            }
        }
        return parts;
    }

    /**
     * The keyspaces that have selected tables, in config order: vttablet refuses a stream with
     * neither a position nor a table to copy, so a keyspace with nothing selected is left out.
     */
    private List<String> keyspacesOf(List<TableId> tables) {
        return config.source().keyspaces().stream()
                .filter(ks -> tables.stream().anyMatch(t -> t.keyspace().equals(ks))).toList();
    }

    /**
     * Where and what the next stream copies.
     *
     * @param start        the position to request (the committed one, plus a lastpk marker per
     *                     shard for each table added after the initial copy)
     * @param tablesToCopy the table names vttablet may copy (VStreamFlags.tables_to_copy)
     */
    record CopyPlan(Position start, List<String> tablesToCopy, Map<String, String> markerTables, boolean copying) {}

    /**
     * The initial copy copies every selected table. After it, tables that are selected but not in
     * the saved state (the config now includes them, or they appeared while streaming) are copied
     * on their own at the committed position, while the other tables stream.
     */
    private CopyPlan copyPlan(Position start, String state, SchemaTracker schemas, List<TableId> tables) {
        if (state == null && start != null && !start.isCopying()) {
            // A checkpoint saved before schema tracking existed: its copy is done, and the tables
            // are learned from their next FIELD events.
            schemas.copyCompleted();
        }
        if (!schemas.initialCopyDone()) {
            // The tables selected at start, and any that appeared during the copy and wait for
            // theirs (a RENAME into the selection): the restart for them is still this copy, and
            // vtgate copies only the tables it is asked for.
            java.util.Set<TableId> all = new java.util.LinkedHashSet<>(tables);
            schemas.copyingTables().stream().map(TableId::parse).forEach(all::add);
            List<TableId> copy = List.copyOf(all);
            return new CopyPlan(start, tablesLeftToCopy(start, schemas, copy), markerTables(copy), true);
        }
        if (state != null) {
            List<TableId> added = tables.stream().filter(t -> !schemas.knows(t)
                    && !schemas.copyingTables().contains(t.keyspace() + "." + t.name())).toList();
            if (!added.isEmpty()) {
                LOG.info("tables {} are selected but were never replicated: copying them while the others stream", added);
                schemas.copying(added, "newly selected", ""); // no target tables yet: nothing to sweep
            }
        }
        List<TableId> copying = schemas.copyingTables().stream().map(TableId::parse).toList();
        if (copying.isEmpty()) {
            return new CopyPlan(start, List.of(), Map.of(), false);
        }
        binlogdata.Binlogdata.VGtid.Builder vgtid = start.vgtid().toBuilder();
        for (int i = 0; i < vgtid.getShardGtidsCount(); i++) {
            binlogdata.Binlogdata.ShardGtid sg = vgtid.getShardGtids(i);
            if (sg.getTablePKsCount() > 0) {
                continue; // a copy in progress on this shard resumes from its lastpk
            }
            binlogdata.Binlogdata.ShardGtid.Builder b = sg.toBuilder();
            for (TableId t : copying) {
                if (t.keyspace().equals(sg.getKeyspace())) {
                    b.addTablePKs(binlogdata.Binlogdata.TableLastPK.newBuilder().setTableName(t.name()));
                }
            }
            vgtid.setShardGtids(i, b);
        }
        return new CopyPlan(Position.of(vgtid.build()), copying.stream().map(TableId::name).distinct().toList(),
                markerTables(copying), true);
    }

    /**
     * {@code source.on-position-lost: resnapshot}: the shards named in {@code lost} can no longer
     * serve the checkpoint's position, so the tables of their keyspaces are copied again from their
     * current state, on every shard of those keyspaces (a shard holds part of every table, and the
     * copy's sweep, which removes the target rows the copy does not deliver, needs the whole
     * table). Each such shard restarts at its current position with the tables to copy; the other
     * keyspaces go on from the checkpoint. The tables' CopyTable changes go first into the queue,
     * so the sink notes the keys the copy writes from the start.
     */
    private CopyPlan resnapshot(PositionLostException lost, CopyPlan plan, SchemaTracker schemas, List<TableId> tables,
                                ByteBoundedQueue queue) throws InterruptedException {
        java.util.Set<String> keyspaces = new java.util.TreeSet<>();
        lost.shards().forEach(sh -> keyspaces.add(sh.keyspace()));
        java.util.Set<TableId> recopy = new java.util.LinkedHashSet<>();
        tables.stream().filter(t -> keyspaces.contains(t.keyspace())).forEach(recopy::add);
        schemas.copyingTables().stream().map(TableId::parse).filter(t -> keyspaces.contains(t.keyspace()))
                .forEach(recopy::add);
        LOG.warn("pipeline {}: {} source.on-position-lost is resnapshot: copying {} again from their current state;"
                + " target rows no longer at the source are removed when the copy completes", config.pipeline().name(),
                lost.getMessage(), recopy);
        List<SchemaChange> changes = schemas.copying(recopy, "source.on-position-lost: resnapshot (the source no longer"
                + " has the changes after the checkpoint on " + lost.shards().stream()
                        .map(sh -> sh.keyspace() + "/" + sh.shard()).toList() + ")", "");
        schemas.requireSupported(changes);
        schemas.takeDirty();
        queue.put(new SourceEvent.SchemaChanged(changes, schemas.snapshot()));

        binlogdata.Binlogdata.VGtid.Builder vgtid = plan.start().vgtid().toBuilder();
        for (int i = 0; i < vgtid.getShardGtidsCount(); i++) {
            binlogdata.Binlogdata.ShardGtid sg = vgtid.getShardGtids(i);
            if (!keyspaces.contains(sg.getKeyspace())) {
                continue;
            }
            binlogdata.Binlogdata.ShardGtid.Builder b = sg.toBuilder().setGtid("current").clearTablePKs();
            recopy.stream().filter(t -> t.keyspace().equals(sg.getKeyspace())).map(TableId::name).distinct()
                    .forEach(name -> b.addTablePKs(binlogdata.Binlogdata.TableLastPK.newBuilder().setTableName(name)));
            vgtid.setShardGtids(i, b);
        }
        java.util.Set<String> toCopy = new java.util.TreeSet<>(plan.tablesToCopy());
        recopy.forEach(t -> toCopy.add(t.name()));
        java.util.Set<TableId> copying = new java.util.LinkedHashSet<>(recopy);
        schemas.copyingTables().stream().map(TableId::parse).forEach(copying::add);
        return new CopyPlan(Position.of(vgtid.build()), List.copyOf(toCopy), markerTables(List.copyOf(copying)), true);
    }

    /** keyspace → its first replicated table, for the translator's copy markers. */
    /**
     * The table names a (resumed) initial copy asks vtgate for. vttablet copies every table it is
     * asked for that has no lastpk in the position, from its first row: a table already copied on
     * every shard (the saved state says so) is left out, or a resume would copy it again. A table
     * with a lastpk on some shard (or a copy marker) is always asked for.
     */
    static List<String> tablesLeftToCopy(Position start, SchemaTracker schemas, List<TableId> tables) {
        List<String> all = tables.stream().map(TableId::name).distinct().toList();
        if (start == null) {
            return all;
        }
        Map<String, List<String>> shards = new TreeMap<>();
        java.util.Set<String> withLastpk = new java.util.HashSet<>();
        for (binlogdata.Binlogdata.ShardGtid sg : start.vgtid().getShardGtidsList()) {
            shards.computeIfAbsent(sg.getKeyspace(), k -> new ArrayList<>()).add(sg.getShard());
            sg.getTablePKsList().forEach(pk -> withLastpk.add(sg.getKeyspace() + "." + pk.getTableName()));
        }
        List<String> left = tables.stream()
                .filter(t -> withLastpk.contains(t.keyspace() + "." + t.name())
                        || !schemas.copiedOnEveryShard(t, shards.getOrDefault(t.keyspace(), List.of())))
                .map(TableId::name).distinct().toList();
        // An empty list would mean "every table" to vttablet: keep the full one then (a resume
        // right before the copy's end; vttablet finds nothing left but the marker's rows).
        return left.isEmpty() ? all : left;
    }

    private static Map<String, String> markerTables(List<TableId> tables) {
        Map<String, String> m = new TreeMap<>();
        for (TableId t : tables) {
            m.putIfAbsent(t.keyspace(), t.name());
        }
        return m;
    }

    private void restart(String reason, RuntimeException e) {
        metrics.restarts(reason).increment();
        state = "restarting";
        LOG.warn("{} failed, restarting from the last checkpoint: {}", reason, e.getMessage());
    }

    private List<TableId> selectTables(ManagedChannel channel, VtgateOptions vtgate) {
        SourceConfig source = config.source();
        TableSelection selection = TableSelection.discover(new TableDiscovery(channel, vtgate), source.keyspaces(),
                source::includesTable);
        if (!selection.withoutPrimaryKey().isEmpty()) {
            throw new ConfigException("Cannot replicate " + selection.withoutPrimaryKey().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")) + ": no primary key. Add a primary key, or exclude the table"
                    + " with source.tables.exclude.");
        }
        if (selection.matchesNothing()) {
            throw selection.noTableMatched(source.keyspaces());
        }
        LOG.info("replicating {} tables: {}", selection.selected().size(), selection.selected());
        return selection.selected();
    }
}
