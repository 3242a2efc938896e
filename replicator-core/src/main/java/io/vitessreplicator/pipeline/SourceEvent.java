package io.vitessreplicator.pipeline;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import java.util.List;
import java.util.Map;

/**
 * What the source hands the pipeline, in stream order. Only {@link Boundary} carries a position:
 * a batch may end there and nowhere else.
 */
public sealed interface SourceEvent {

    /** Approximate heap bytes this event holds, for the buffer's byte bound. */
    long bytes();

    /** Row changes of one or more consecutive VStream ROW events, in stream order. */
    record Rows(List<RowChange> changes, long bytes) implements SourceEvent {
        public Rows {
            requireNonNull(changes, "changes is null");
        }
    }

    /**
     * A consistent point: everything before it forms whole source transactions (a COMMIT, or a
     * copy-phase VGTID carrying lastpks). {@code position} is where to resume after it.
     * {@code sourceMillis}: per {@code keyspace/shard}, the source time (this host's clock, epoch
     * ms) up to which the stream has delivered the shard's changes at this point; for the lag.
     */
    record Boundary(Position position, Map<String, Long> sourceMillis) implements SourceEvent {
        public Boundary {
            requireNonNull(position, "position is null");
            requireNonNull(sourceMillis, "sourceMillis is null");
        }

        /** A boundary that says nothing of source times (the copy phase, tests). */
        public Boundary(Position position) {
            this(position, Map.of());
        }

        /** Boundaries are the same when their positions are: the source times only inform the lag. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Boundary b && position.equals(b.position);
        }

        @Override
        public int hashCode() {
            return position.hashCode();
        }

        @Override
        public long bytes() {
            return 256;
        }
    }

    /**
     * A table was described by the stream (a FIELD event): the sink learns of it even before its
     * first row, so an empty source table still gets its target table.
     */
    record TableSeen(io.vitessreplicator.model.TableSchema schema) implements SourceEvent {
        public TableSeen {
            requireNonNull(schema, "schema is null");
        }

        @Override
        public long bytes() {
            return 64;
        }
    }

    /**
     * The source schema changed: apply {@code changes} (in order, possibly none) to the target
     * before any row that follows, and save {@code state} (the schema tracker's state, JSON;
     * null when unchanged) with the next commit.
     */
    record SchemaChanged(List<io.vitessreplicator.model.SchemaChange> changes, String state) implements SourceEvent {
        public SchemaChanged {
            changes = List.copyOf(requireNonNull(changes, "changes is null"));
        }

        @Override
        public long bytes() {
            return 256 + (state == null ? 0 : 2L * state.length());
        }
    }

    /**
     * Tables appeared that need a copy of their rows (new at the source, or newly matching the
     * include filter): commit what is held, then restart the stream with their copy.
     */
    record AddTables(List<io.vitessreplicator.model.TableId> tables) implements SourceEvent {
        public AddTables {
            tables = List.copyOf(requireNonNull(tables, "tables is null"));
        }

        @Override
        public long bytes() {
            return 64;
        }
    }

    /** The copy phase has finished on every shard: the positions that follow are streaming ones. */
    record CopyCompleted() implements SourceEvent {
        @Override
        public long bytes() {
            return 16;
        }
    }

    /** The source failed; the batcher rethrows this so the runtime restarts from the checkpoint. */
    record Failed(RuntimeException error) implements SourceEvent {
        public Failed {
            requireNonNull(error, "error is null");
        }

        @Override
        public long bytes() {
            return 16;
        }
    }
}
