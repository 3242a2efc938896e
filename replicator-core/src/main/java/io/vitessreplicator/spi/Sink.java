package io.vitessreplicator.spi;

import io.vitessreplicator.model.Position;
import java.util.Optional;

/**
 * A target that stores row changes together with the stream position they end at, so that a
 * crash at any instant neither loses nor repeats a change.
 *
 * <h2>Lifecycle</h2>
 * The runtime drives a sink from one thread:
 * <ol>
 *   <li>{@link #capabilities()} may be called at any time, also before {@code open}: the runtime
 *       and {@code validate} check the schema-change policies against it.</li>
 *   <li>{@link #open} once: connect, create the checkpoint storage, claim the pipeline for
 *       {@link SinkContext#ownerToken()} (see <em>Fencing</em>) and return the committed checkpoint,
 *       or empty for a fresh pipeline.</li>
 *   <li>For each batch, {@link #begin} with the position the last commit ended at (empty for a
 *       fresh pipeline), then on the returned {@link BatchWriter}: {@code write} and {@code apply}
 *       in stream order, any number of times, then one {@code commit}, then {@code close}. At most
 *       one writer is open at a time.</li>
 *   <li>After a failure the runtime closes the writer (which discards what it staged), may call
 *       {@link #readCheckpoint} to learn what the target holds, and begins again from there.</li>
 *   <li>{@link #close} at shutdown; it releases the claim.</li>
 * </ol>
 *
 * <h2>Exactly once</h2>
 * <ol>
 *   <li><b>Atomic.</b> A batch's data, the schema changes applied in it, its end position and the
 *       core's state become visible together or not at all (one database transaction, one manifest
 *       object).</li>
 *   <li><b>A fresh pipeline</b> has no stored position; its first batch begins with
 *       {@code Optional.empty()}.</li>
 *   <li><b>Replays are no-ops.</b> A batch that does not start at the stored position but ends at
 *       it was committed before (the acknowledgement was lost): the commit applies nothing and
 *       returns normally. The start is compared first, because copy-phase positions repeat: a batch
 *       may end where it started and still carry rows.</li>
 *   <li><b>Gaps are refused.</b> Any other batch that does not start at the stored position would
 *       skip or repeat changes: the commit throws {@link FatalSinkException} and stores nothing. So
 *       the stored position never moves backwards.</li>
 *   <li>{@link CommitDecision#decide} makes these decisions; every sink calls it on the
 *       checkpoint it reads inside the commit, so that they are made the same way everywhere.</li>
 * </ol>
 *
 * <h2>Fencing (one writer per pipeline)</h2>
 * <ol>
 *   <li>{@code open} records the owner token with the checkpoint. If another live instance holds
 *       the pipeline, {@code open} fails with {@link FatalSinkException.Kind#PIPELINE_BUSY}, or, with
 *       {@link SinkContext#takeOver()}, waits a bounded time for it to let go.</li>
 *   <li>An instance that crashed holds nothing: its successor opens without waiting long.</li>
 *   <li>A commit by an instance whose claim was taken over is refused
 *       ({@link CommitDecision.Outcome#NOT_OWNER}); it never overwrites the new owner's data.</li>
 * </ol>
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} through {@link SinkFactory}
 * and are not thread-safe.
 */
public interface Sink extends AutoCloseable {

    /** What this sink can take: which form of changes, which schema changes. Constant. */
    SinkCapabilities capabilities();

    /** Prepares the target and returns the committed checkpoint, or empty for a fresh pipeline. */
    Optional<Checkpoint> open(SinkContext context);

    /**
     * Starts a batch that continues from {@code start}: the position the last committed batch
     * ended at, or empty when none has committed (a fresh pipeline).
     */
    BatchWriter begin(Optional<Position> start);

    /**
     * Connects with the configured credentials and checks that the pipeline could run (it may
     * create tables or objects where it writes), changing nothing. Used by {@code validate}.
     *
     * @throws FatalSinkException naming what is wrong and what to do
     */
    void check();

    /**
     * The checkpoint as stored now, read without claiming the pipeline: for {@code status}, and by
     * the runtime after a failure, to resume from what the target durably holds.
     */
    Optional<Checkpoint> readCheckpoint(String pipelineName);

    @Override
    void close();
}
