package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.SinkContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An in-memory sink for unit tests of the batcher: records what was written and committed. */
final class RecordingSink implements Sink {
    record Batch(Position start, List<ChangeSet> writes, Position end, String state) {}

    final List<Batch> committed = new ArrayList<>();
    /** When set, "apply <kind>" and "commit" are added in the order they happen. */
    List<String> log = new ArrayList<>();
    int rolledBack;
    Position stored;
    SinkCapabilities capabilities =
            new SinkCapabilities(SinkCapabilities.ChangeForm.NET, SinkCapabilities.allSchemaChanges());

    @Override
    public SinkCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<Checkpoint> open(SinkContext context) {
        return Optional.empty();
    }

    @Override
    public void check() {}

    @Override
    public Optional<Checkpoint> readCheckpoint(String pipelineName) {
        return Optional.empty();
    }

    @Override
    public BatchWriter begin(Optional<Position> startPosition) {
        Position start = startPosition.orElse(null);
        if (!Objects.equals(start, stored)) {
            throw new IllegalStateException("batch starts at " + start + " but stored is " + stored);
        }
        List<ChangeSet> writes = new ArrayList<>();
        return new BatchWriter() {
            boolean done;

            @Override
            public void apply(SchemaChange change, Position at) {
                log.add("apply " + change.kind());
            }

            @Override
            public void write(ChangeSet changes) {
                writes.add(changes);
            }

            @Override
            public void commit(CommitRequest request) {
                Position end = request.end();
                committed.add(new Batch(start, writes, end, request.state()));
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
