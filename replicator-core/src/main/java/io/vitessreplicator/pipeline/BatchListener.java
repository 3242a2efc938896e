package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.Position;

/** Hooks for metrics and logs; every method defaults to doing nothing. */
public interface BatchListener {
    /** A batch was committed in the sink. */
    default void committed(Position end, int changes, int writes, long nanos) {}

    /** A transaction larger than the memory budget was staged in the sink before its end. */
    default void spilled(int changes, long bytes) {}

    /** A schema change was applied to the target, in a batch that has now committed. */
    default void schemaChanged(io.vitessreplicator.model.SchemaChange change) {}
}
