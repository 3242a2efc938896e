package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.SchemaEvolution;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An in-memory sink for unit tests of the batcher: records what was written and committed. */
final class RecordingSink implements Sink {
    record Batch(Position start, List<ChangeSet> writes, Position end) {}

    final List<Batch> committed = new ArrayList<>();
    /** When set, "apply <kind>" and "commit" are added in the order they happen. */
    List<String> log = new ArrayList<>();
    int rolledBack;
    Position stored;

    @Override
    public Optional<Checkpoint> open(SinkContext context) {
        return Optional.empty();
    }

    @Override
    public void check() {}

    @Override
    public BatchWriter begin(Position start) {
        if (!Objects.equals(start, stored)) {
            throw new IllegalStateException("batch starts at " + start + " but stored is " + stored);
        }
        List<ChangeSet> writes = new ArrayList<>();
        abstract class Writer implements BatchWriter, SchemaEvolution {}
        return new Writer() {
            boolean done;

            @Override
            public void apply(SchemaChange change, Position at) {
                log.add("apply " + change.kind());
            }

            @Override
            public void saveState(String state) {}

            @Override
            public void write(ChangeSet changes) {
                writes.add(changes);
            }

            @Override
            public void commit(Position end) {
                committed.add(new Batch(start, writes, end));
                log.add("commit");
                stored = end;
                done = true;
            }

            @Override
            public void close() {
                if (!done) {
                    rolledBack++;
                }
            }
        };
    }

    @Override
    public void close() {}
}
