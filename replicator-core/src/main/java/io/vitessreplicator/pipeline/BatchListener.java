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

    /**
     * The target now holds every change of each shard ({@code keyspace/shard}) up to the given
     * source time (this host's clock, epoch ms): after a commit, or when a boundary brought nothing
     * new to commit.
     */
    default void caughtUp(java.util.Map<String, Long> sourceMillis) {}

    /**
     * Rows of the copy phase in a batch that has now committed, by table and shard
     * ({@code keyspace.table} → {@code shard} → rows).
     */
    default void copied(java.util.Map<String, java.util.Map<String, Long>> rowsByTableAndShard) {}
}
