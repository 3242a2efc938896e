package io.vitessreplicator.spi;

import io.vitessreplicator.model.Position;

/**
 * One batch in flight: an open target transaction (or its equivalent) that receives change
 * sets and ends with {@link #commit}. Closing without commit discards everything written.
 */
public interface BatchWriter extends AutoCloseable {

    /**
     * Stages a change set. Called once per batch normally, several times when a source
     * transaction is too large to hold in memory; later change sets override earlier ones for
     * the same primary key.
     */
    void write(ChangeSet changes);

    /**
     * Makes everything written visible and stores {@code end} as the checkpoint, atomically.
     * Idempotent: if {@code end} is already the stored position, nothing is applied again.
     */
    void commit(Position end);

    /** Rolls back when not committed. */
    @Override
    void close();
}
