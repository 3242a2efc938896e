package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata.FieldEvent;
import binlogdata.Binlogdata.RowChange;
import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import io.vitess.proto.Query;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.pipeline.SourceEvent;
import io.vitessreplicator.source.decode.FieldDecoder;
import io.vitessreplicator.source.decode.RowDecoder;
import io.vitessreplicator.source.wire.WireResponse;
import io.vitessreplicator.source.wire.WireResponseParser;
import io.vitessreplicator.source.wire.WireRowEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import io.vitessreplicator.model.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns vtgate's VEvents into {@link SourceEvent}s: decoded rows, and boundaries where a batch may
 * end.
 *
 * <p>What vtgate sends (seen on v24): each shard transaction is {@code BEGIN, [FIELD], ROW...,
 * VGTID, COMMIT}; copy-phase chunks have the same shape, their VGTID carrying the table lastpks.
 * vtgate may split one transaction over several responses, and transactions of different shards
 * arrive one after another, never interleaved. So a boundary is: a COMMIT (at the VGTID seen
 * just before it), or, outside any transaction, a DDL (after the schema changes it causes: the
 * VGTID vtgate sends before a DDL already counts it) or a VGTID the next event shows is not a
 * DDL's. Every VGTID names all shards, so the position at a boundary is complete.
 *
 * <p>Copy-phase hazard (Vitess v24 {@code uvstreamer.buildTablePlan}): between two tables of a
 * shard's copy, vtgate's VGTID has the shard's GTID and no table lastpks, which looks exactly like
 * a finished copy; resuming there would never copy the tables not yet started. So until a shard's
 * COPY_COMPLETED arrives, every boundary position carries a marker for that shard (a table entry
 * without a lastpk), which makes vttablet resume the shard's copy. The price: tables of that shard
 * already copied are copied again on such a resume (vttablet copies every filtered table that has
 * no entry); the rows are the same, so the target does not change.
 */
public final class EventTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(EventTranslator.class);

    private final TableBinder binder;
    private final SchemaTracker schemas;
    private final Predicate<TableId> selected;
    /** "keyspace/shard/table" → binding from that shard's last FIELD event; empty = not replicated. */
    private final Map<String, Optional<ShardTable>> bindings = new HashMap<>();
    /** keyspace → a replicated table of it, named in copy markers. */
    private final Map<String, String> markerTables;
    /** "keyspace/shard" whose copy has not completed. */
    private final Set<String> copying = new HashSet<>();
    /** Tables that appeared while streaming, waiting for every shard's DDL (see copyNewTables). */
    private final Map<TableId, NewTable> newTables = new java.util.LinkedHashMap<>();
    /** Tables to copy again once the transaction that showed their type change ends (→ the DDL). */
    private final Map<TableId, String> copyAtBoundary = new java.util.LinkedHashMap<>();
    /** Tables an operator asked to copy again (bin/replicator resync), from any thread. */
    private java.util.Queue<TableId> resyncRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Resyncs taken from {@link #resyncRequests}, started at the next boundary. */
    private final Set<TableId> resyncAtBoundary = new java.util.LinkedHashSet<>();
    /** Shards asked to copy at a position whose copy has not visibly started (see CopyStartWatch). */
    private final Map<String, AwaitedCopy> awaitedCopies = new java.util.LinkedHashMap<>();
    private final CopyStartWatch copyStart;
    /**
     * vtgate sends the stream's final COPY_COMPLETED only when every shard of the stream sent its
     * own, so only when every shard copies in this stream. A copy resumed after some shards had
     * completed (their position has no lastpk) ends when the copying ones complete.
     */
    private boolean vtgateSendsFinalCopyCompleted;
    /** Keyspaces streamed without a copy (no table to replicate yet); see {@link #streamOnly}. */
    private Set<String> streamOnly = Set.of();
    /** "keyspace/shard" that sent their COPY_COMPLETED in this stream. */
    private final Set<String> completedShards = new HashSet<>();
    /** Every shard had completed before this stream, but the copy's end was not recorded. */
    private boolean completeAtFirstEvent;
    private boolean copyCompleted;
    private final Position start;
    private boolean inTransaction;
    /** A VGTID outside a transaction arrived; its boundary is emitted with the next event. */
    private boolean boundaryPending;
    private VGtid lastVgtid;
    /** How far the stream has reached at the source, per shard, for the lag (see {@link SourceClock}). */
    private final SourceClock clock = new SourceClock(SHARD_IDLE_AFTER_MILLIS);
    /** A shard that delivered nothing for this long while the stream went on counts as idle. */
    static final long SHARD_IDLE_AFTER_MILLIS = 5_000;
    /** Boundaries handed on so far. */
    private long boundaries;

    /**
     * @param schemas      the schema state as committed with {@code start}
     * @param selected     whether a table is replicated (for tables that appear while streaming)
     * @param start        the position the stream starts from (null: fresh), to know which shards copy
     * @param markerTables keyspace → one of its replicated tables (see the class doc)
     * @param copyStart    how long a shard may take to start a copy asked at a position
     */
    public EventTranslator(TableBinder binder, SchemaTracker schemas, Predicate<TableId> selected, Position start,
                           Map<String, String> markerTables, CopyStartWatch copyStart) {
        this.binder = requireNonNull(binder, "binder is null");
        this.schemas = requireNonNull(schemas, "schemas is null");
        this.selected = requireNonNull(selected, "selected is null");
        this.markerTables = Map.copyOf(requireNonNull(markerTables, "markerTables is null"));
        this.copyStart = requireNonNull(copyStart, "copyStart is null");
        this.start = start;
        if (start != null) {
            trackCopying(start.vgtid());
            trackCopiedTables(start.vgtid());
            for (ShardGtid sg : start.vgtid().getShardGtidsList()) {
                if (!sg.getGtid().isEmpty() && sg.getTablePKsCount() > 0) {
                    awaitedCopies.put(sg.getKeyspace() + "/" + sg.getShard(),
                            new AwaitedCopy(sg.getTablePKsList(), copyStart.nanoTime()));
                }
            }
        }
        resumeAwaitingCopies = start != null && !schemas.awaitingCopy().isEmpty();
        vtgateSendsFinalCopyCompleted = start == null || copying.size() == start.vgtid().getShardGtidsCount();
        completeAtFirstEvent = start != null && copying.isEmpty()
                && (!schemas.initialCopyDone() || !schemas.copyingTables().isEmpty());
    }

    /** Why a table is copied again on request, as the schema history records it. */
    public static final String RESYNC_REASON = "resync requested (bin/replicator resync)";

    /**
     * Where operators' resync requests arrive (the job's queue, which outlives each stream): a
     * requested table is copied again from the next transaction boundary once no copy runs, like
     * a table added to the selection, including the removal of target rows the copy does not
     * deliver.
     */
    public EventTranslator resyncRequests(java.util.Queue<TableId> requests) {
        this.resyncRequests = requireNonNull(requests, "requests is null");
        return this;
    }

    /** Moves requested resyncs to the next boundary; they wait while a copy runs. */
    private void takeResyncs() {
        if (!resyncRequests.isEmpty() && copying.isEmpty() && newTables.isEmpty()) {
            for (TableId t; (t = resyncRequests.poll()) != null; ) {
                resyncAtBoundary.add(t);
            }
        }
    }

    /**
     * The stream also holds these keyspaces, from their current position and without a copy. vtgate
     * sends the stream's final COPY_COMPLETED only when every shard of the stream copied, so a fresh
     * copy then ends when every shard of the other keyspaces has sent its own.
     */
    public EventTranslator streamOnly(java.util.Collection<String> keyspaces) {
        this.streamOnly = Set.copyOf(keyspaces);
        if (start == null && !streamOnly.isEmpty()) {
            vtgateSendsFinalCopyCompleted = false;
        }
        return this;
    }

    /** Whether every shard of the copied keyspaces, as the last VGTID names them, sent COPY_COMPLETED. */
    private boolean everyCopiedShardCompleted() {
        if (lastVgtid == null) {
            return false;
        }
        for (ShardGtid sg : lastVgtid.getShardGtidsList()) {
            if (!streamOnly.contains(sg.getKeyspace()) && !completedShards.contains(sg.getKeyspace() + "/" + sg.getShard())) {
                return false;
            }
        }
        return true;
    }

    /** The copy ended on every shard: its schema changes (the sweep), a boundary, and the event. */
    private void copyCompleted(Consumer<SourceEvent> out) {
        if (copyCompleted) {
            return;
        }
        copyCompleted = true;
        copyStart.completed();
        copying.clear();
        if (lastVgtid == null && start != null) {
            lastVgtid = start.vgtid(); // nothing arrived yet: the end is recorded at the start position
        }
        schemaChanged(schemas.copyCompleted(), out);
        boundary(out);
        out.accept(new SourceEvent.CopyCompleted());
    }

    /**
     * Translates the events of one VStream response. Row changes of consecutive ROW events are
     * handed on together (one {@link SourceEvent.Rows}, up to {@link #ROWS_PER_HANDOFF}): the copy
     * phase sends one ROW event per row, and a hand-off per row cost more than decoding it.
     */
    public void translate(List<VEvent> events, Consumer<SourceEvent> out) {
        downstream = out;
        for (VEvent event : events) {
            translateOne(event);
        }
        flushRows();
    }

    /**
     * Translates one VStream response as {@link WireResponseParser} read it: the same as
     * {@link #translate(List, Consumer)} on the protobuf messages of the same bytes. Its ROW events
     * are decoded straight from the message's bytes, unless this event has work to do first (a
     * pending boundary, a copy to start or to wait for): then it takes the usual path.
     */
    public void translate(WireResponse response, Consumer<SourceEvent> out) {
        downstream = out;
        for (int i = 0, n = response.eventCount(); i < n; i++) {
            Object event = response.event(i);
            if (event instanceof WireRowEvent row) {
                if (boundaryPending || completeAtFirstEvent || resumeAwaitingCopies || !awaitedCopies.isEmpty()) {
                    translateOne(row.toVEvent());
                } else {
                    rows(row);
                }
            } else {
                translateOne((VEvent) event);
            }
        }
        flushRows();
    }

    /** Translates one event; its rows are handed on before this returns. */
    public void translate(VEvent event, Consumer<SourceEvent> out) {
        downstream = out;
        translateOne(event);
        flushRows();
    }

    /** Where events go; set by {@link #translate}. Rows wait in {@link #pendingRows}. */
    private Consumer<SourceEvent> downstream;
    /** Every event but rows goes out here, after the rows held before it: order is kept. */
    private final Consumer<SourceEvent> ordered = e -> {
        flushRows();
        downstream.accept(e);
    };
    /** The most row changes one {@link SourceEvent.Rows} carries from consecutive ROW events. */
    static final int ROWS_PER_HANDOFF = 4096;
    private ArrayList<io.vitessreplicator.model.RowChange> pendingRows = new ArrayList<>();
    private long pendingBytes;

    private void flushRows() {
        if (!pendingRows.isEmpty()) {
            var rows = new SourceEvent.Rows(pendingRows, pendingBytes);
            pendingRows = new ArrayList<>();
            pendingBytes = 0;
            downstream.accept(rows);
        }
    }

    private void translateOne(VEvent event) {
        Consumer<SourceEvent> out = ordered;
        long boundariesBefore = boundaries;
        if (event.getType() == VEventType.HEARTBEAT) {
            clock.heartbeat(); // before a pending boundary goes out, so that it carries the news
        }
        if (boundaryPending && event.getType() != VEventType.DDL) {
            boundaryPending = false;
            boundary(out);
        }
        if (completeAtFirstEvent) {
            completeAtFirstEvent = false;
            LOG.info("copy completed on every shard before this stream; recording its end");
            copyCompleted(out);
        }
        if (resumeAwaitingCopies) {
            resumeAwaitingCopies = false;
            copyAwaitingTables(out);
        }
        if (!awaitedCopies.isEmpty()) {
            awaitCopyStart(event, out);
        }
        switch (event.getType()) {
            case BEGIN -> inTransaction = true;
            case FIELD -> {
                var fe = event.getFieldEvent();
                TableId id = tableId(event.getKeyspace(), fe.getTableName());
                Optional<ShardTable> table = Optional.empty();
                if (selected.test(id)) {
                    table = field(event.getKeyspace(), event.getShard(), id, fe, out);
                }
                bindings.put(key(event.getKeyspace(), event.getShard(), id.name()), table);
                bindingsVersion++;
            }
            case ROW -> rows(event);
            case VGTID -> {
                VGtid before = lastVgtid != null ? lastVgtid : start != null ? start.vgtid() : null;
                boolean moved = before != null && !sameShards(before, event.getVgtid());
                if (moved) {
                    shardsMoved(before, event.getVgtid(), out);
                }
                if (moved || lastVgtid == null) {
                    List<String> shards = new ArrayList<>();
                    event.getVgtid().getShardGtidsList().forEach(sg -> shards.add(sg.getKeyspace() + "/" + sg.getShard()));
                    clock.retain(shards);
                    shards.forEach(clock::shard);
                }
                lastVgtid = event.getVgtid();
                trackCopying(lastVgtid);
                if (trackCopiedTables(lastVgtid)) {
                    schemaChanged(List.of(), out); // the tracker's state now lists the finished table
                }
                if (!inTransaction) {
                    // Outside a transaction this VGTID may be a DDL's (vtgate sends it first, and it
                    // already counts the DDL): the boundary waits for the next event, so a DDL's
                    // schema state is committed with the position that includes it.
                    boundaryPending = true;
                }
            }
            case COMMIT -> {
                inTransaction = false;
                takeResyncs();
                clock.binlogEvent(event.getKeyspace() + "/" + event.getShard(), event.getTimestamp(), event.getCurrentTime());
                boundary(out);
            }
            case DDL -> {
                // Column changes take effect at the FIELD event that follows (with the table's next
                // rows); table-level ones (drop, truncate, new table) take effect here.
                LOG.info("DDL on {}/{}: {}", event.getKeyspace(), event.getShard(), event.getStatement());
                inTransaction = false;
                clock.binlogEvent(event.getKeyspace() + "/" + event.getShard(), event.getTimestamp(), event.getCurrentTime());
                boundaryPending = false;
                SchemaTracker.DdlResult r = schemas.onDdl(event.getKeyspace(), event.getShard(), event.getStatement(),
                        shardsOf(event.getKeyspace()), selected);
                schemaChanged(r.changes(), out);
                // Only now: the position after the DDL ends a batch together with the DDL's effects
                // and state. A boundary before them let a batch commit past the DDL without them; a
                // crash then lost the DDL (its default, a truncate) on restart.
                boundary(out);
                for (TableId t : r.tablesToCopy()) {
                    newTables.computeIfAbsent(t, k -> new NewTable(event.getStatement(), System.nanoTime(), new HashSet<>()))
                            .shards().add(event.getShard());
                }
                copyNewTables(out);
            }
            case COPY_COMPLETED -> {
                if (event.getKeyspace().isEmpty()) {
                    copyCompleted(out);
                } else {
                    LOG.info("copy completed on {}/{}", event.getKeyspace(), event.getShard());
                    copying.remove(event.getKeyspace() + "/" + event.getShard());
                    completedShards.add(event.getKeyspace() + "/" + event.getShard());
                    if (!inTransaction) {
                        boundary(out); // the same position, now without this shard's copy marker
                    }
                    boolean allDone = start == null && !streamOnly.isEmpty() ? everyCopiedShardCompleted()
                            : copying.isEmpty();
                    if (allDone && !vtgateSendsFinalCopyCompleted) {
                        LOG.info("copy completed on every shard that copies in this stream");
                        copyCompleted(out);
                    }
                }
            }
            case JOURNAL -> throw new SourceException("Cannot follow a reshard: vtgate sent a JOURNAL event on "
                    + event.getKeyspace() + "/" + event.getShard() + ". Restart the replicator after the reshard"
                    + " completes; it resumes from its checkpoint.", null, true);
            case HEARTBEAT -> {
                if (!newTables.isEmpty() && !inTransaction) {
                    copyNewTables(out);
                }
                takeResyncs();
                if (!inTransaction && copying.isEmpty() && newTables.isEmpty()
                        && (boundaries == boundariesBefore || !resyncAtBoundary.isEmpty())) {
                    // vtgate had nothing to send: a boundary at the same position, which commits
                    // nothing, tells the batcher that every shard is caught up (the lag), and starts
                    // a resync asked for while the source is idle.
                    boundary(out);
                }
            }
            default -> { // OTHER, GTID-less bookkeeping: nothing to apply
                if (!newTables.isEmpty() && !inTransaction) {
                    copyNewTables(out);
                }
            }
        }
    }

    /** Whether two VGTIDs name the same shards in the same order (vtgate keeps the order until a reshard). */
    private static boolean sameShards(VGtid a, VGtid b) {
        int n = a.getShardGtidsCount();
        if (n != b.getShardGtidsCount()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            ShardGtid x = a.getShardGtids(i);
            ShardGtid y = b.getShardGtids(i);
            if (!x.getShard().equals(y.getShard()) || !x.getKeyspace().equals(y.getKeyspace())) {
                return false;
            }
        }
        return true;
    }

    /**
     * vtgate followed a reshard: the VGTID names the new shards instead of the old ones. The old
     * shards' state goes ({@link SchemaTracker#shardsMoved}); the new ones start at the journal's
     * positions. A shard still copying when its keyspace was resharded cannot go on: vtgate starts
     * the new shards at the cut-over without the rows the copy had not read.
     */
    private void shardsMoved(VGtid before, VGtid now, Consumer<SourceEvent> out) {
        Map<String, Set<String>> goneByKeyspace = new java.util.TreeMap<>();
        Map<String, Set<String>> addedByKeyspace = new java.util.TreeMap<>();
        Set<String> was = new java.util.TreeSet<>();
        Set<String> is = new java.util.TreeSet<>();
        before.getShardGtidsList().forEach(sg -> was.add(sg.getKeyspace() + "/" + sg.getShard()));
        now.getShardGtidsList().forEach(sg -> is.add(sg.getKeyspace() + "/" + sg.getShard()));
        for (String k : was) {
            if (!is.contains(k)) {
                goneByKeyspace.computeIfAbsent(k.substring(0, k.indexOf('/')), x -> new java.util.TreeSet<>())
                        .add(k.substring(k.indexOf('/') + 1));
            }
        }
        for (String k : is) {
            if (!was.contains(k)) {
                addedByKeyspace.computeIfAbsent(k.substring(0, k.indexOf('/')), x -> new java.util.TreeSet<>())
                        .add(k.substring(k.indexOf('/') + 1));
            }
        }
        for (Map.Entry<String, Set<String>> e : goneByKeyspace.entrySet()) {
            String keyspace = e.getKey();
            Set<String> gone = e.getValue();
            Set<String> added = addedByKeyspace.getOrDefault(keyspace, Set.of());
            List<String> stillCopying = gone.stream().filter(sh -> copying.contains(keyspace + "/" + sh)).toList();
            if (!stillCopying.isEmpty()) {
                throw new SourceException("Keyspace " + keyspace + " was resharded (shards " + gone + " became " + added
                        + ") while the copy of its existing rows ran on shards " + stillCopying + ". vtgate starts the"
                        + " new shards at the cut-over, without the rows the copy had not read yet, so the target would"
                        + " miss them. Copy again once the reshard is complete: give the pipeline a new sink schema (or"
                        + " drop its target tables and checkpoint) and start it.", null, false);
            }
            LOG.info("keyspace {} was resharded: streaming shards {} from the cut-over on, instead of {}; their schema"
                    + " state moves to the new shards", keyspace, added, gone);
            schemas.shardsMoved(keyspace, gone, added);
            for (String shard : gone) {
                String prefix = keyspace + "/" + shard + "/";
                bindings.keySet().removeIf(k -> k.startsWith(prefix));
                lastTablePks.remove(keyspace + "/" + shard);
                awaitedCopies.remove(keyspace + "/" + shard);
                newTables.forEach((t, n) -> {
                    if (t.keyspace().equals(keyspace)) {
                        n.shards().remove(shard);
                    }
                });
            }
            bindingsVersion++;
        }
        schemaChanged(List.of(), out); // the state without the old shards, saved with the next commit
    }

    /**
     * Reads a FIELD event of a selected table: its columns as the shard's row layout says (see
     * {@link RowLayouts}), then what changed.
     */
    private Optional<ShardTable> field(String keyspace, String shard, TableId id, FieldEvent fe,
                                       Consumer<SourceEvent> out) {
        List<Query.Field> layout = schemas.resolveFields(keyspace, shard, id, fe.getFieldsList());
        if (!layout.equals(fe.getFieldsList())) {
            LOG.debug("FIELD {}/{} {}: read {} as {}", keyspace, shard, id, names(fe.getFieldsList()), names(layout));
        }
        Optional<TableBinding> binding = binder.bind(id, fe.toBuilder().clearFields().addAllFields(layout).build());
        if (binding.isEmpty()) {
            return Optional.empty();
        }
        List<Query.Field> previous = schemas.previousLayout(keyspace, shard, id);
        TableSchema prev = previous == null ? null
                : binder.bind(id, fe.toBuilder().clearFields().addAllFields(previous).build())
                        .map(TableBinding::schema).orElse(null);
        LOG.debug("FIELD {}/{}: {}", keyspace, shard, binding.get().schema());
        SchemaTracker.FieldResult r = schemas.onField(keyspace, shard, binding.get().schema(), prev, layout);
        schemaChanged(r.changes(), out);
        if (r.recopy()) {
            // At the end of this transaction: the stream then restarts past it, with the new state.
            LOG.info("{}: copying the table again to fill the column added for a type change", id);
            copyAtBoundary.put(id, r.recopyDdl());
        }
        if (r.projection() == null) {
            return Optional.empty();
        }
        out.accept(new SourceEvent.TableSeen(r.projection().target()));
        return Optional.of(new ShardTable(binding.get(), r.projection()));
    }

    private static List<String> names(List<Query.Field> fields) {
        return fields.stream().map(Query.Field::getName).toList();
    }

    /**
     * Follows the shards asked to copy at a position (see {@link CopyStartWatch}): a shard has
     * started when vtgate's VGTID shows its table lastpks moving, or when it completes. One that
     * is caught up with the binlog (its events are recent, or it sends none) and has not started
     * within the wait has skipped the copy: the stream restarts to ask again.
     */
    private void awaitCopyStart(VEvent event, Consumer<SourceEvent> out) {
        String shard = event.getKeyspace() + "/" + event.getShard();
        AwaitedCopy awaited = awaitedCopies.get(shard);
        if (awaited != null && copyStart.catchingUp(event.getTimestamp())) {
            awaitedCopies.put(shard, new AwaitedCopy(awaited.asked(), copyStart.nanoTime()));
        }
        if (event.getType() == binlogdata.Binlogdata.VEventType.COPY_COMPLETED) {
            awaitedCopies.remove(shard);
        } else if (event.getType() == binlogdata.Binlogdata.VEventType.VGTID) {
            for (ShardGtid sg : event.getVgtid().getShardGtidsList()) {
                AwaitedCopy a = awaitedCopies.get(sg.getKeyspace() + "/" + sg.getShard());
                if (a != null && !a.asked().equals(sg.getTablePKsList())) {
                    awaitedCopies.remove(sg.getKeyspace() + "/" + sg.getShard());
                }
            }
        }
        if (inTransaction) {
            return; // a restart asked for mid-transaction would wait for its end anyway
        }
        java.time.Duration wait = copyStart.timeout();
        long now = copyStart.nanoTime();
        Set<TableId> tables = new java.util.LinkedHashSet<>();
        List<String> late = new ArrayList<>();
        awaitedCopies.forEach((s, a) -> {
            if (now - a.since() >= wait.toNanos()) {
                late.add(s);
                String keyspace = s.substring(0, s.indexOf('/'));
                a.asked().forEach(pk -> tables.add(new TableId(keyspace, pk.getTableName())));
            }
        });
        if (late.isEmpty()) {
            return;
        }
        copyStart.missed();
        LOG.warn("Shards {} were asked to copy {} and have not started within {} of being caught up with the"
                + " binlog. vttablet plans a copy from its schema cache, and skips a table the cache does not list"
                + " yet: it refreshes on the shard's next DDL, every --queryserver-config-schema-reload-time"
                + " (30 min by default), or now with"
                + " `vtctldclient ReloadSchemaShard --include-primary <keyspace/shard>` ({})."
                + " Restarting the stream to ask again (next wait {}); the tables' new changes keep streaming.",
                late, tables, wait, String.join(", ", late), copyStart.timeout());
        awaitedCopies.clear();
        out.accept(new SourceEvent.AddTables(List.copyOf(tables)));
    }

    private record AwaitedCopy(List<TableLastPK> asked, long since) {}

    /**
     * A table that appeared while streaming is copied once every shard of its keyspace has
     * delivered the DDL that created it: the stream restarts at the committed position, and a
     * shard still before that DDL would find nothing to copy (vttablet plans the copy from the
     * tables it has) and then stream only the table's new rows. A shard that never delivers it
     * (the DDL ran on some shards only) does not hold the copy up for more than
     * {@link #NEW_TABLE_WAIT}.
     */
    private void copyNewTables(Consumer<SourceEvent> out) {
        List<TableId> ready = new ArrayList<>();
        for (Map.Entry<TableId, NewTable> e : newTables.entrySet()) {
            List<String> shards = shardsOf(e.getKey().keyspace());
            boolean all = e.getValue().shards().containsAll(shards);
            if (all || System.nanoTime() - e.getValue().firstSeen() > NEW_TABLE_WAIT.toNanos()) {
                if (!all) {
                    LOG.warn("new table {}: only shards {} of {} delivered its DDL within {}; copying it now",
                            e.getKey(), e.getValue().shards(), shards, NEW_TABLE_WAIT);
                }
                ready.add(e.getKey());
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<io.vitessreplicator.model.SchemaChange> changes = new ArrayList<>();
        for (TableId t : ready) {
            // A table the tracker knows is one an online DDL cut-over replaced with a migration it did not see.
            String reason = schemas.knows(t) ? "an online DDL replaced it, and the stream did not carry the migration's ALTER"
                    : "it appeared while streaming";
            changes.addAll(schemas.copying(List.of(t), reason, newTables.remove(t).ddl()));
        }
        schemaChanged(changes, out);
        LOG.info("new tables {}: restarting the stream to copy them", ready);
        out.accept(new SourceEvent.AddTables(ready));
    }

    /**
     * Tables that appeared while streaming and waited for every shard's DDL when the previous
     * stream ended (the saved state lists them): their copy starts now, however many shards have
     * delivered the DDL, since what the previous stream had seen is gone. A shard that has not
     * delivered it yet skips the copy, and {@link #awaitCopyStart} asks again.
     */
    private void copyAwaitingTables(Consumer<SourceEvent> out) {
        List<TableId> awaiting = schemas.awaitingCopy();
        if (lastVgtid == null) {
            lastVgtid = start.vgtid(); // recorded at the start position
        }
        List<io.vitessreplicator.model.SchemaChange> changes = new ArrayList<>();
        for (TableId t : awaiting) {
            changes.addAll(schemas.copying(List.of(t), "it appeared while streaming, and the stream restarted before"
                    + " its copy began", ""));
        }
        schemaChanged(changes, out);
        boundary(out);
        LOG.info("new tables {} (seen before the stream restarted): restarting the stream to copy them", awaiting);
        out.accept(new SourceEvent.AddTables(awaiting));
    }

    /** Set when the saved state lists tables awaiting their copy; see {@link #copyAwaitingTables}. */
    private boolean resumeAwaitingCopies;

    /** How long a new table's copy waits for every shard to deliver the DDL that created it. */
    static final java.time.Duration NEW_TABLE_WAIT = java.time.Duration.ofSeconds(30);

    private record NewTable(String ddl, long firstSeen, Set<String> shards) {}

    /** Emits the changes, and the tracker's state when it changed, for the next commit. */
    private void schemaChanged(List<io.vitessreplicator.model.SchemaChange> changes, Consumer<SourceEvent> out) {
        schemas.requireSupported(changes);
        boolean dirty = schemas.takeDirty();
        if (!changes.isEmpty() || dirty) {
            changes.forEach(c -> LOG.info("schema change on {}: {}", c.table(), c.describe()));
            out.accept(new SourceEvent.SchemaChanged(changes, dirty ? schemas.snapshot() : null));
        }
    }

    /** The shards of a keyspace, as the last VGTID names them. */
    private List<String> shardsOf(String keyspace) {
        List<String> shards = new ArrayList<>();
        if (lastVgtid != null) {
            for (ShardGtid sg : lastVgtid.getShardGtidsList()) {
                if (sg.getKeyspace().equals(keyspace)) {
                    shards.add(sg.getShard());
                }
            }
        }
        return shards;
    }

    private void boundary(Consumer<SourceEvent> out) {
        if (lastVgtid != null) {
            boundaries++;
            if (LOG.isTraceEnabled()) {
                LOG.trace("transaction boundary at {}", Position.of(lastVgtid).gtidsByShard());
            }
            out.accept(new SourceEvent.Boundary(Position.of(withCopyMarkers(lastVgtid)),
                    copying.isEmpty() ? clock.snapshot() : Map.of()));
            if (!copyAtBoundary.isEmpty() || !resyncAtBoundary.isEmpty()) {
                // After the transaction's rows: the copy's key sweep counts keys written from here.
                List<io.vitessreplicator.model.SchemaChange> changes = new ArrayList<>(
                        schemas.copyingForTypeChange(copyAtBoundary));
                changes.addAll(schemas.copying(resyncAtBoundary, RESYNC_REASON, ""));
                Set<TableId> tables = new java.util.LinkedHashSet<>(copyAtBoundary.keySet());
                tables.addAll(resyncAtBoundary);
                if (!resyncAtBoundary.isEmpty()) {
                    LOG.info("resync: copying {} again while the other tables stream; target rows the copy does"
                            + " not deliver are removed when it completes", resyncAtBoundary);
                }
                schemaChanged(changes, out);
                out.accept(new SourceEvent.AddTables(List.copyOf(tables)));
                copyAtBoundary.clear();
                resyncAtBoundary.clear();
            }
        }
    }

    private void trackCopying(VGtid vgtid) {
        for (ShardGtid sg : vgtid.getShardGtidsList()) {
            if (sg.getGtid().isEmpty() || sg.getTablePKsCount() > 0) {
                copying.add(sg.getKeyspace() + "/" + sg.getShard());
            }
        }
    }

    /** Each shard's tables with a lastpk in the last VGTID ("keyspace/shard" → table names). */
    private final Map<String, Set<String>> lastTablePks = new HashMap<>();

    /**
     * Notes the tables whose copy finished on a shard since the last VGTID: vtgate drops a table
     * from the shard's lastpks when its copy completes there. True when one did.
     */
    private boolean trackCopiedTables(VGtid vgtid) {
        boolean any = false;
        for (ShardGtid sg : vgtid.getShardGtidsList()) {
            String key = sg.getKeyspace() + "/" + sg.getShard();
            Set<String> before = lastTablePks.get(key);
            if (sg.getTablePKsCount() == 0 && (before == null || before.isEmpty())) {
                continue; // streaming, or nothing copying on this shard: the common case, no allocation
            }
            Set<String> now = new HashSet<>();
            sg.getTablePKsList().forEach(pk -> now.add(pk.getTableName()));
            if (before != null) {
                for (String table : before) {
                    if (!now.contains(table)) {
                        schemas.tableCopiedOnShard(sg.getKeyspace(), sg.getShard(), table);
                        any = true;
                    }
                }
            }
            lastTablePks.put(key, now);
        }
        return any;
    }

    /** Adds a marker to each shard still copying whose VGTID looks finished (GTID, no lastpks). */
    private VGtid withCopyMarkers(VGtid vgtid) {
        VGtid.Builder b = null;
        for (int i = 0; i < vgtid.getShardGtidsCount(); i++) {
            ShardGtid sg = vgtid.getShardGtids(i);
            String marker = markerTables.get(sg.getKeyspace());
            if (marker != null && !sg.getGtid().isEmpty() && sg.getTablePKsCount() == 0
                    && copying.contains(sg.getKeyspace() + "/" + sg.getShard())) {
                if (b == null) {
                    b = vgtid.toBuilder();
                }
                b.setShardGtids(i, sg.toBuilder().addTablePKs(TableLastPK.newBuilder().setTableName(marker)));
            }
        }
        return b == null ? vgtid : b.build();
    }

    private void rows(VEvent event) {
        var re = event.getRowEvent();
        if (!bindRows(event.getKeyspace(), event.getShard(), re.getTableName())) {
            return;
        }
        TableBinding b = rowsBinding;
        Projection projection = rowsProjection;
        TableSchema target = projection.target();
        RowOrigin origin = origin(event.getTimestamp(), event.getCurrentTime(), event.getShard());
        long bytes = 0;
        for (int i = 0, n = re.getRowChangesCount(); i < n; i++) {
            RowChange rc = re.getRowChanges(i);
            if (isPartialImage(rc)) {
                throw new SourceException("Cannot replicate " + target.id() + ": the binlog holds partial row images."
                        + " Set binlog_row_image=FULL on the source MySQL servers.", null, false);
            }
            if (RowDecoder.hasPartialJson(rc)) {
                throw new SourceException("Cannot replicate " + target.id() + ": vttablet sent a partial JSON update"
                        + " instead of the JSON value. Set binlog_row_value_options='' (not PARTIAL_JSON) on the"
                        + " source MySQL servers.", null, false);
            }
            Object[] before = null;
            Object[] after = null;
            if (rc.hasBefore()) {
                before = projection.apply(b.decode(rc.getBefore()));
                bytes += rc.getBefore().getValues().size();
            }
            if (rc.hasAfter()) {
                after = projection.apply(b.decode(rc.getAfter()));
                bytes += rc.getAfter().getValues().size();
            }
            addRow(target, before, after, origin);
        }
        rowsAdded(bytes, re.getRowChangesCount());
    }

    /** A ROW event read from the wire (full images only: see {@link WireResponseParser}). */
    private void rows(WireRowEvent event) {
        if (!bindRows(event.keyspace(), event.shard(), event.tableName())) {
            return;
        }
        TableBinding b = rowsBinding;
        Projection projection = rowsProjection;
        TableSchema target = projection.target();
        RowOrigin origin = origin(event.timestamp(), event.currentTime(), event.shard());
        WireResponse response = event.response();
        long bytes = 0;
        for (int i = 0, n = event.changeCount(); i < n; i++) {
            int beforeImage = event.before(i);
            int afterImage = event.after(i);
            Object[] before = null;
            Object[] after = null;
            if (beforeImage >= 0) {
                before = projection.apply(b.decode(response, beforeImage));
                bytes += response.valuesSize(beforeImage);
            }
            if (afterImage >= 0) {
                after = projection.apply(b.decode(response, afterImage));
                bytes += response.valuesSize(afterImage);
            }
            addRow(target, before, after, origin);
        }
        rowsAdded(bytes, event.changeCount());
    }

    /** Set by {@link #bindRows}: how the current ROW event's rows are decoded and projected. */
    private TableBinding rowsBinding;
    private Projection rowsProjection;

    /** Finds the binding of a ROW event's table; false when its rows are not replicated. */
    private boolean bindRows(String keyspace, String shard, String tableName) {
        ShardTableRef ref = rowTable(keyspace, shard, tableName);
        Optional<ShardTable> binding = ref.bindingVersion == bindingsVersion ? ref.binding : null;
        if (binding == null) {
            binding = bindings.get(ref.key());
            ref.binding = binding;
            ref.bindingVersion = bindingsVersion;
        }
        if (binding == null) {
            throw new SourceException("Cannot decode rows of " + ref.id() + " on shard " + shard
                    + ": no FIELD event described the table first. This is a VStream protocol error; "
                    + "restart the replicator.", null, true);
        }
        if (binding.isEmpty() || !schemas.acceptsRows(ref.id(), ref.shard())) {
            return false;
        }
        TableBinding b = binding.get().binding();
        Projection projection = schemas.projection(ref.id(), ref.shard(), binding.get().projection());
        if (projection != binding.get().projection()) {
            bindings.put(ref.key(), Optional.of(new ShardTable(b, projection)));
            bindingsVersion++;
        }
        rowsBinding = b;
        rowsProjection = projection;
        return true;
    }

    private void addRow(TableSchema target, Object[] before, Object[] after, RowOrigin origin) {
        pendingRows.add(new io.vitessreplicator.model.RowChange(target, before, after, origin));
        if (LOG.isTraceEnabled()) {
            LOG.trace("row {}/{}: {} -> {}", origin.shard(), target.id(), java.util.Arrays.toString(before),
                    java.util.Arrays.toString(after));
        }
    }

    private void rowsAdded(long bytes, int changes) {
        // Decoded Java objects take several times their wire size; this estimate drives the byte bounds.
        pendingBytes += 4 * bytes + 96L * changes;
        if (pendingRows.size() >= ROWS_PER_HANDOFF) {
            flushRows();
        }
    }

    /**
     * The table of a ROW event, named as {@link #bindings} keys it. Consecutive ROW events of one
     * table and shard (the copy phase sends a row per event) reuse the last answer.
     */
    private ShardTableRef rowTable(String keyspace, String shard, String tableName) {
        ShardTableRef last = lastRowTable;
        if (last != null && last.tableName().equals(tableName) && last.shard().equals(shard)
                && last.keyspace().equals(keyspace)) {
            return last;
        }
        TableId id = tableId(keyspace, tableName);
        last = new ShardTableRef(keyspace, shard, tableName, id, key(keyspace, shard, id.name()));
        lastRowTable = last;
        return last;
    }

    private ShardTableRef lastRowTable;

    /** Bumped whenever {@link #bindings} changes: a {@link ShardTableRef}'s cached binding is then stale. */
    private long bindingsVersion;

    /** A ROW event's keyspace, shard and table name as sent, what they resolve to, and the binding last looked up. */
    private static final class ShardTableRef {
        private final String keyspace;
        private final String shard;
        private final String tableName;
        private final TableId id;
        private final String key;
        private Optional<ShardTable> binding;
        private long bindingVersion = -1;

        ShardTableRef(String keyspace, String shard, String tableName, TableId id, String key) {
            this.keyspace = keyspace;
            this.shard = shard;
            this.tableName = tableName;
            this.id = id;
            this.key = key;
        }

        String keyspace() {
            return keyspace;
        }

        String shard() {
            return shard;
        }

        String tableName() {
            return tableName;
        }

        TableId id() {
            return id;
        }

        String key() {
            return key;
        }
    }

    /**
     * Where a ROW event's changes come from. vttablet sends copy-phase rows as ROW events without a
     * timestamp (uvstreamer.sendEventsForRows); binlog events carry their transaction's commit time
     * in seconds. A copied row is stamped with the time vtgate sent it, or now.
     */
    private RowOrigin origin(long timestamp, long currentTime, String shard) {
        // Neither time set (vtgate leaves copy-phase rows without both): stamped now, to the millisecond.
        long nowMillis = timestamp == 0 && currentTime == 0 ? System.currentTimeMillis() : 0;
        RowOrigin last = lastOrigin;
        if (last != null && timestamp == lastOriginTimestamp && currentTime == lastOriginCurrentTime
                && nowMillis == lastOriginMillis && last.shard().equals(shard)) {
            return last; // the rows of a transaction, or of one response of the copy phase
        }
        RowOrigin origin;
        if (timestamp != 0) {
            origin = new RowOrigin(shard, Instant.ofEpochSecond(timestamp), false);
        } else if (currentTime != 0) {
            origin = new RowOrigin(shard, Instant.ofEpochSecond(0, currentTime), true);
        } else {
            origin = new RowOrigin(shard, Instant.ofEpochMilli(nowMillis), true);
        }
        lastOrigin = origin;
        lastOriginTimestamp = timestamp;
        lastOriginCurrentTime = currentTime;
        lastOriginMillis = nowMillis;
        return origin;
    }

    private RowOrigin lastOrigin;
    private long lastOriginTimestamp;
    private long lastOriginCurrentTime;
    private long lastOriginMillis;

    /** True when the data-columns bitmap says some columns are missing from the after image. */
    private static boolean isPartialImage(RowChange rc) {
        if (!rc.hasDataColumns() || rc.getDataColumns().getCount() == 0) {
            return false;
        }
        long set = 0;
        for (byte b : rc.getDataColumns().getCols().toByteArray()) {
            set += Integer.bitCount(b & 0xff);
        }
        return set != rc.getDataColumns().getCount();
    }

    /** A shard's binding of a table and how its rows map onto the target columns. */
    private record ShardTable(TableBinding binding, Projection projection) {}

    /** The same reading of an event's table name as {@link FieldDecoder#decode}'s. */
    private static TableId tableId(String keyspace, String tableName) {
        return new TableId(keyspace, FieldDecoder.unqualified(keyspace, tableName));
    }

    private static String key(String keyspace, String shard, String table) {
        return keyspace + "/" + shard + "/" + table;
    }
}
