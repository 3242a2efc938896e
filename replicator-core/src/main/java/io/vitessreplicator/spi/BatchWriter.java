package io.vitessreplicator.spi;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;

/**
 * One batch in flight. Everything it receives stays invisible to readers of the target until
 * {@link #commit}; closing it without a commit discards all of it.
 *
 * <h2>States</h2>
 * <ol>
 *   <li><b>OPEN</b> after {@link Sink#begin}: {@link #write} and {@link #apply} may be called, in
 *       stream order, any number of times.</li>
 *   <li><b>COMMITTED</b> after {@link #commit} returned (applied, or recognised as a replay).</li>
 *   <li><b>FAILED</b> after any method threw: nothing of the batch is visible, and only
 *       {@link #close} may follow. The runtime begins the batch again from the stored position.</li>
 *   <li><b>CLOSED</b> after {@link #close}, from any state; closing twice does nothing.</li>
 * </ol>
 *
 * <p>Size: the runtime calls {@code write} once per batch normally, and several times when one
 * source transaction is larger than its memory budget, so a writer must not keep what it was
 * given in memory until the commit (stage it in the target, or spill it to disk).
 */
public interface BatchWriter extends AutoCloseable {

    /**
     * Stages a change set, in the form the sink's {@link SinkCapabilities#changeForm()} asks for.
     * For {@link SinkCapabilities.ChangeForm#NET} sinks, a later change set overrides earlier ones
     * for the same primary key.
     */
    void write(ChangeSet changes);

    /**
     * Applies one schema change after everything written so far: rows written before it have the
     * old shape, rows written after it the new one. Called only with kinds the sink declares in
     * {@link SinkCapabilities#schemaChanges()} ({@link SchemaChange.Kind#ADD_TABLE} always).
     *
     * @param at the stream position where the change was seen (the batch's last boundary), for
     *           the target's schema history
     */
    void apply(SchemaChange change, Position at);

    /**
     * Makes everything written and applied visible, and stores the request's end position and
     * state as the checkpoint, atomically; or, for a replay, applies nothing (see {@link Sink}).
     *
     * @throws FatalSinkException for a gap or a lost claim ({@link CommitDecision}), or data the
     *         target cannot hold; {@link RetriableSinkException} when the target failed transiently
     *         and nothing of the batch became visible
     */
    void commit(CommitRequest request);

    /** Discards the batch unless it committed. Never throws. */
    @Override
    void close();
}
