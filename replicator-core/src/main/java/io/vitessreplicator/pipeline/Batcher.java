package io.vitessreplicator.pipeline;

import io.vitessreplicator.config.BatchLimits;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.Sink;
import java.time.Duration;

/**
 * Takes source events off the queue, coalesces them and commits batches to the sink.
 *
 * <p>A batch ends only at a {@link SourceEvent.Boundary} (invariant: never inside a source
 * transaction). It ends at the first boundary after any limit of {@link BatchLimits} is reached,
 * when a stop was requested, or when the copy phase completes in {@code backfill} mode.
 *
 * <p>Memory stays bounded inside a huge transaction: once the changes held exceed
 * {@code maxBytes} before a boundary arrives, they are written into the sink's open batch
 * (uncommitted) and released; the batch commits at the transaction's end. If anything fails,
 * the open batch is rolled back and the exception propagates: the runtime restarts from the
 * sink's checkpoint, so nothing is lost or applied twice.
 */
public final class Batcher {
    /** How often an idle batcher wakes up to check for a stop request. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final ByteBoundedQueue queue;
    private final Sink sink;
    private final BatchLimits limits;
    private final BatchListener listener;
    private final boolean stopAfterCopy;
    private volatile boolean stopRequested;

    private final Coalescer coalescer = new Coalescer();
    private Position committed;
    private String committedState;
    private String pendingState;
    private java.util.List<io.vitessreplicator.model.TableId> tablesToAdd = java.util.List.of();
    private Position lastBoundary;
    private boolean atBoundary = true;
    private boolean copyCompleted;
    private BatchWriter writer;
    private int batchChanges;
    /** Schema changes applied in the open batch: reported to the listener once it commits. */
    private final java.util.List<io.vitessreplicator.model.SchemaChange> batchSchemaChanges = new java.util.ArrayList<>();
    private int writes;
    private long heldBytes;
    private long pendingSinceNanos = -1;

    /**
     * @param start         the sink's committed position (null for a fresh pipeline)
     * @param startState    the schema state committed with {@code start} (null if none)
     * @param stopAfterCopy backfill mode: return after committing the first position past the copy
     */
    public Batcher(ByteBoundedQueue queue, Sink sink, BatchLimits limits, BatchListener listener,
                   Position start, String startState, boolean stopAfterCopy) {
        this.committedState = startState;
        this.queue = requireNonNull(queue, "queue is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.committed = start;
        this.stopAfterCopy = stopAfterCopy;
    }

    /** Asks {@link #run} to commit at the next boundary and return. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** The last position committed by this batcher (or the start position). */
    public Position committed() {
        return committed;
    }

    /** The schema state committed with {@link #committed()}. */
    public String committedState() {
        return committedState;
    }

    /**
     * Tables that need a copy: when not empty, {@link #run} returned (after committing) so that
     * the stream restarts with their copy.
     */
    public java.util.List<io.vitessreplicator.model.TableId> tablesToAdd() {
        return tablesToAdd;
    }

    /**
     * Processes events until a stop is requested (or, in backfill mode, the copy is committed).
     *
     * @return the last committed position
     */
    public Position run() throws InterruptedException {
        try {
            while (true) {
                SourceEvent event = queue.poll(pollTimeout());
                if (event == null) {
                    if (atBoundary && lastBoundary != null && (stopRequested || latencyReached())) {
                        flush();
                    }
                    if (stopRequested && atBoundary) {
                        return committed;
                    }
                    continue;
                }
                if (handle(event)) {
                    return committed;
                }
            }
        } finally {
            if (writer != null) {
                writer.close(); // rolls back a batch that did not commit
                writer = null;
            }
        }
    }

    /** @return true when the batcher is done */
    private boolean handle(SourceEvent event) {
        if (event instanceof SourceEvent.Rows rows) {
            if (rows.changes().isEmpty()) {
                return false;
            }
            atBoundary = false;
            markPending();
            coalescer.addAll(rows.changes());
            batchChanges += rows.changes().size();
            heldBytes += rows.bytes();
            if (heldBytes >= limits.maxBytes()) {
                spill();
            }
            return false;
        }
        if (event instanceof SourceEvent.Boundary boundary) {
            atBoundary = true;
            lastBoundary = boundary.position();
            markPending();
            boolean copyDone = stopAfterCopy && copyCompleted && !lastBoundary.isCopying();
            boolean stop = stopRequested; // read once: a stop arriving now must not skip the flush
            boolean restart = !tablesToAdd.isEmpty();
            if (copyDone || stop || restart || limitReached()) {
                flush();
            }
            return copyDone || stop || restart;
        }
        if (event instanceof SourceEvent.TableSeen seen) {
            coalescer.touch(seen.schema());
            return false;
        }
        if (event instanceof SourceEvent.SchemaChanged changed) {
            markPending();
            if (!changed.changes().isEmpty()) {
                if (writer == null) {
                    writer = sink.begin(committed);
                }
                if (!(writer instanceof io.vitessreplicator.spi.SchemaEvolution evolution)) {
                    throw new io.vitessreplicator.spi.FatalSinkException("Cannot apply a schema change to "
                            + changed.changes().get(0).table() + " (" + changed.changes().get(0).describe() + "): this"
                            + " sink does not support schema changes. Exclude the table, or undo the change at the source.");
                }
                if (!coalescer.isEmpty()) {
                    writer.write(coalescer.drain()); // rows before the change keep the old shape
                    heldBytes = 0;
                }
                Position at = lastBoundary != null ? lastBoundary : committed;
                for (io.vitessreplicator.model.SchemaChange c : changed.changes()) {
                    evolution.apply(c, at);
                    batchSchemaChanges.add(c);
                }
                writes++;
            }
            if (changed.state() != null) {
                pendingState = changed.state();
            }
            return false;
        }
        if (event instanceof SourceEvent.AddTables add) {
            tablesToAdd = add.tables();
            if (atBoundary) {
                flush();
                return true;
            }
            return false;
        }
        if (event instanceof SourceEvent.CopyCompleted) {
            copyCompleted = true;
            if (stopAfterCopy && atBoundary && lastBoundary != null && !lastBoundary.isCopying()) {
                flush();
                return true;
            }
            return false;
        }
        throw ((SourceEvent.Failed) event).error();
    }

    private boolean limitReached() {
        return batchChanges >= limits.maxRows() || heldBytes >= limits.maxBytes() || writes > 0 || latencyReached();
    }

    private boolean latencyReached() {
        return pendingSinceNanos >= 0 && System.nanoTime() - pendingSinceNanos >= limits.maxLatency().toNanos();
    }

    private void markPending() {
        if (pendingSinceNanos < 0) {
            pendingSinceNanos = System.nanoTime();
        }
    }

    private Duration pollTimeout() {
        if (pendingSinceNanos < 0) {
            return IDLE_POLL;
        }
        long left = limits.maxLatency().toNanos() - (System.nanoTime() - pendingSinceNanos);
        return Duration.ofNanos(Math.max(1, Math.min(left, IDLE_POLL.toNanos())));
    }

    private void spill() {
        if (writer == null) {
            writer = sink.begin(committed);
        }
        listener.spilled(coalescer.changes(), heldBytes);
        writer.write(coalescer.drain());
        writes++;
        heldBytes = 0;
    }

    private void flush() {
        if (lastBoundary == null || (lastBoundary.equals(committed) && coalescer.isEmpty() && writer == null
                && pendingState == null)) {
            pendingSinceNanos = -1;
            return;
        }
        long t0 = System.nanoTime();
        if (writer == null) {
            writer = sink.begin(committed);
        }
        if (!coalescer.isEmpty()) {
            writer.write(coalescer.drain());
            writes++;
        }
        if (pendingState != null) {
            if (!(writer instanceof io.vitessreplicator.spi.SchemaEvolution evolution)) {
                throw new io.vitessreplicator.spi.FatalSinkException("Cannot save the pipeline's schema state: this sink"
                        + " does not support schema tracking.");
            }
            evolution.saveState(pendingState);
        }
        writer.commit(lastBoundary);
        writer.close();
        writer = null;
        committed = lastBoundary;
        if (pendingState != null) {
            committedState = pendingState;
            pendingState = null;
        }
        listener.committed(committed, batchChanges, writes, System.nanoTime() - t0);
        batchSchemaChanges.forEach(listener::schemaChanged);
        batchSchemaChanges.clear();
        batchChanges = 0;
        writes = 0;
        heldBytes = 0;
        pendingSinceNanos = -1;
    }
}
