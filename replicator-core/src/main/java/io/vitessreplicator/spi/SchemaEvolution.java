package io.vitessreplicator.spi;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;

/**
 * A {@link BatchWriter} that applies schema changes inside its batch. The batcher calls it in
 * stream order: every row written before a change has the old shape, every row after it the new
 * one, and the change commits (or rolls back) with the batch's data and checkpoint.
 *
 * <p>A sink whose writers do not implement this cannot follow schema changes: the pipeline stops
 * at the first one with a message saying so.
 */
public interface SchemaEvolution {

    /**
     * Applies one change after the rows written so far, and records it in the target's schema
     * history.
     *
     * @param at the stream position where the change was seen (the batch's last boundary)
     */
    void apply(SchemaChange change, Position at);

    /**
     * Stores the core's schema state (JSON) with the checkpoint when this batch commits; the sink
     * returns it in {@link Checkpoint#state()}.
     */
    void saveState(String state);
}
