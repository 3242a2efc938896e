package io.vitessreplicator.pipeline;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Takes source events off the queue, gathers them in the form the sink takes (net per key, or
 * every change) and commits batches to the sink.
 *
 * <p>A batch ends only at a {@link SourceEvent.Boundary} (invariant: never inside a source
 * transaction). It ends at the first boundary after any limit of {@link BatchLimits} is reached,
 * when a stop was requested, or when the copy phase completes in {@code backfill} mode.
 *
 * <p>Memory stays bounded, also inside a huge transaction: once the changes held exceed
 * {@code maxMemory}, they are written into the sink's open batch (uncommitted) and released; the
 * batch commits at the first boundary after a limit is reached. If anything fails,
 * the open batch is rolled back and the exception propagates: the runtime restarts from the
 * sink's checkpoint, so nothing is lost or applied twice.
 *
 * <p>Commits overlap with building: a finished batch's last write and its commit run on a
 * {@code batch-commit} thread while this thread gathers the next batch. Batches still commit one
 * at a time and in order: before anything else touches the sink (the next commit, a spill, a
 * schema change) the batcher waits for the commit in flight, and a failure there propagates at
 * that point or at the next poll. So at most two batches are in memory: the one committing and
 * the one being built. {@code -Dreplicator.commit-overlap=false} commits inline instead. (It was
 * off for a while: {@code OnlineDdlShardedIT} lost changes with it on under load. The cause was
 * the buffer's grouping of a table's rows per shape, fixed in {@link Coalescer}; bigger batches
 * only made a batch with interleaved shapes likelier.)
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

    private final SinkCapabilities capabilities;
    private final ChangeBuffer buffer;
    /** What the sink has committed (updated by the commit thread). */
    private volatile Position committed;
    private volatile String committedState;
    /** The position and state of the last commit handed over; equal to the committed ones when none is in flight. */
    private Position submitted;
    private String submittedState;
    private final boolean overlap;
    private ExecutorService committer;
    private Future<?> inFlight;
    private String pendingState;
    private List<TableId> tablesToAdd = List.of();
    private Position lastBoundary;
    /** The source times of {@link #lastBoundary} (see {@link SourceEvent.Boundary#sourceMillis}). */
    private Map<String, Long> lastBoundaryTimes = Map.of();
    /** Copy-phase rows in the open batch: {@code keyspace.table} → shard → rows. */
    private Map<String, Map<String, Long>> batchCopied = new HashMap<>();
    private boolean atBoundary = true;
    private boolean copyCompleted;
    private BatchWriter writer;
    private int batchChanges;
    /** Schema changes applied in the open batch: reported to the listener once it commits. */
    private final List<SchemaChange> batchSchemaChanges = new ArrayList<>();
    private int writes;
    /** A schema change was applied in the open batch: it commits at the next boundary. */
    private boolean schemaChangeApplied;
    private long heldBytes;
    private long batchBytes;
    private long pendingSinceNanos = -1;

    /**
     * @param start         the sink's committed position (null for a fresh pipeline)
     * @param startState    the schema state committed with {@code start} (null if none)
     * @param stopAfterCopy backfill mode: return after committing the first position past the copy
     */
    public Batcher(ByteBoundedQueue queue, Sink sink, BatchLimits limits, BatchListener listener,
                   Position start, String startState, boolean stopAfterCopy) {
        this(queue, sink, limits, listener, start, startState, stopAfterCopy,
                Boolean.parseBoolean(System.getProperty("replicator.commit-overlap", "true")));
    }

    /** @param overlapCommits commit on the {@code batch-commit} thread while the next batch is gathered */
    public Batcher(ByteBoundedQueue queue, Sink sink, BatchLimits limits, BatchListener listener,
                   Position start, String startState, boolean stopAfterCopy, boolean overlapCommits) {
        this.overlap = overlapCommits;
        this.committedState = startState;
        this.queue = requireNonNull(queue, "queue is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.committed = start;
        this.submitted = start;
        this.submittedState = startState;
        this.stopAfterCopy = stopAfterCopy;
        this.capabilities = sink.capabilities();
        this.buffer = ChangeBuffer.forForm(capabilities.changeForm());
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
    public List<TableId> tablesToAdd() {
        return tablesToAdd;
    }

    /**
     * Processes events until a stop is requested (or, in backfill mode, the copy is committed).
     *
     * @return the last committed position
     */
    public Position run() throws InterruptedException {
        if (overlap) {
            committer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "batch-commit");
                t.setDaemon(true);
                return t;
            });
        }
        boolean completed = false;
        try {
            while (true) {
                SourceEvent event = queue.poll(pollTimeoutNanos());
                if (inFlight != null && inFlight.isDone()) {
                    awaitInFlight(); // a failed commit stops the batcher now, not at the next flush
                }
                if (event == null) {
                    if (atBoundary && lastBoundary != null && (stopRequested || latencyReached())) {
                        flush();
                    }
                    if (stopRequested && atBoundary) {
                        awaitInFlight();
                        completed = true;
                        return committed;
                    }
                    continue;
                }
                if (handle(event)) {
                    awaitInFlight();
                    completed = true;
                    return committed;
                }
            }
        } finally {
            if (!completed && inFlight != null) {
                try {
                    awaitInFlight(); // its outcome is in committed(); the first failure is what propagates
                } catch (RuntimeException | Error ignored) {
                    // reported by the exception already on its way
                }
            }
            if (writer != null) {
                writer.close(); // rolls back a batch that did not commit
                writer = null;
            }
            if (committer != null) {
                committer.shutdownNow();
                committer = null;
            }
        }
    }

    /** Waits for the commit in flight, if any; its failure is rethrown as it was thrown. */
    private void awaitInFlight() {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // a commit is bounded by the sink's timeouts: let it end
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
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
            countCopied(rows.changes());
            buffer.addAll(rows.changes());
            batchChanges += rows.changes().size();
            heldBytes += rows.bytes();
            batchBytes += rows.bytes();
            if (heldBytes >= limits.maxMemory()) {
                spill();
            }
            return false;
        }
        if (event instanceof SourceEvent.Boundary boundary) {
            atBoundary = true;
            lastBoundary = boundary.position();
            lastBoundaryTimes = boundary.sourceMillis();
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
            buffer.touch(seen.schema());
            return false;
        }
        if (event instanceof SourceEvent.SchemaChanged changed) {
            markPending();
            if (!changed.changes().isEmpty()) {
                for (SchemaChange c : changed.changes()) {
                    if (!capabilities.supports(c.kind())) {
                        // The schema tracker stops earlier, naming the policy; this guards the SPI.
                        throw new FatalSinkException("Cannot apply a schema change to " + c.table() + " ("
                                + c.describe() + "): the sink does not support " + c.kind() + ".");
                    }
                }
                if (writer == null) {
                    writer = begin();
                }
                if (!buffer.isEmpty()) {
                    writer.write(buffer.drain()); // rows before the change keep the old shape
                    heldBytes = 0;
                }
                Position at = lastBoundary != null ? lastBoundary : submitted;
                for (SchemaChange c : changed.changes()) {
                    writer.apply(c, at);
                    batchSchemaChanges.add(c);
                }
                writes++;
                schemaChangeApplied = true;
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

    /**
     * Counts copy-phase rows by table and shard. The changes of one ROW event share their origin
     * and schema objects, so this looks a map up once per run of them, not once per row.
     */
    private void countCopied(List<RowChange> changes) {
        RowOrigin origin = null;
        TableSchema schema = null;
        long run = 0;
        for (int i = 0, n = changes.size(); i < n; i++) {
            RowChange c = changes.get(i);
            if (c.origin() != origin || c.schema() != schema) {
                addCopied(schema, origin, run);
                origin = c.origin();
                schema = c.schema();
                run = 0;
            }
            run++;
        }
        addCopied(schema, origin, run);
    }

    private void addCopied(TableSchema schema, RowOrigin origin, long rows) {
        if (rows > 0 && origin.copied()) {
            batchCopied.computeIfAbsent(schema.id().toString(), k -> new HashMap<>()).merge(origin.shard(), rows, Long::sum);
        }
    }

    private boolean limitReached() {
        return batchChanges >= limits.maxRows() || batchBytes >= limits.maxBytes() || schemaChangeApplied
                || latencyReached();
    }

    private boolean latencyReached() {
        return pendingSinceNanos >= 0 && System.nanoTime() - pendingSinceNanos >= limits.maxLatency().toNanos();
    }

    private void markPending() {
        if (pendingSinceNanos < 0) {
            pendingSinceNanos = System.nanoTime();
        }
    }

    private long pollTimeoutNanos() {
        if (pendingSinceNanos < 0) {
            return IDLE_POLL.toNanos();
        }
        long left = limits.maxLatency().toNanos() - (System.nanoTime() - pendingSinceNanos);
        return Math.max(1, Math.min(left, IDLE_POLL.toNanos()));
    }

    /** Opens the next batch once the one in flight has committed (so the sink sees one at a time). */
    private BatchWriter begin() {
        awaitInFlight();
        return sink.begin(Optional.ofNullable(submitted));
    }

    private void spill() {
        if (writer == null) {
            writer = begin();
        }
        listener.spilled(buffer.changes(), heldBytes);
        writer.write(buffer.drain());
        writes++;
        heldBytes = 0;
    }

    private void flush() {
        if (lastBoundary == null || (lastBoundary.equals(submitted) && buffer.isEmpty() && writer == null
                && pendingState == null)) {
            pendingSinceNanos = -1;
            if (inFlight == null && lastBoundary != null && lastBoundary.equals(committed) && !lastBoundaryTimes.isEmpty()) {
                listener.caughtUp(lastBoundaryTimes); // nothing new since the commit: the target is as far as the stream
            }
            return;
        }
        long t0 = System.nanoTime();
        BatchWriter w = writer != null ? writer : begin();
        writer = null;
        ChangeSet last = buffer.isEmpty() ? null : buffer.drain();
        Position end = lastBoundary;
        String state = pendingState != null ? pendingState : submittedState;
        int changes = batchChanges;
        int writeCount = writes + (last != null ? 1 : 0);
        List<SchemaChange> applied = List.copyOf(batchSchemaChanges);
        Map<String, Long> times = lastBoundaryTimes;
        Map<String, Map<String, Long>> copiedRows = batchCopied;
        batchCopied = new HashMap<>();
        Runnable commit = () -> {
            try {
                if (last != null) {
                    w.write(last);
                }
                testCommitDelay();
                w.commit(new CommitRequest(end, state));
            } finally {
                w.close(); // after a failed commit: rolls back
            }
            committed = end;
            committedState = state;
            listener.committed(end, changes, writeCount, System.nanoTime() - t0);
            applied.forEach(listener::schemaChanged);
            if (!copiedRows.isEmpty()) {
                listener.copied(copiedRows);
            }
            if (!times.isEmpty()) {
                listener.caughtUp(times);
            }
        };
        submitted = end;
        submittedState = state;
        pendingState = null;
        batchSchemaChanges.clear();
        batchChanges = 0;
        writes = 0;
        schemaChangeApplied = false;
        heldBytes = 0;
        batchBytes = 0;
        pendingSinceNanos = -1;
        if (committer == null) {
            commit.run();
        } else {
            inFlight = committer.submit(commit);
        }
    }

    /**
     * For end-to-end tests only: {@code -Dreplicator.test.commit-delay-ms=N} waits N ms before each
     * commit, so a test can act while a copy is still running (a rename during the initial copy).
     * Not a setting; unset, it does nothing.
     */
    static final String TEST_COMMIT_DELAY_PROPERTY = "replicator.test.commit-delay-ms";
    private static final long TEST_COMMIT_DELAY_MS = Long.getLong(TEST_COMMIT_DELAY_PROPERTY, 0);

    private static void testCommitDelay() {
        if (TEST_COMMIT_DELAY_MS > 0) {
            try {
                Thread.sleep(TEST_COMMIT_DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
