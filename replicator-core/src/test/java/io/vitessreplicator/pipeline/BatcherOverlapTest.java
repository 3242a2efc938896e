package io.vitessreplicator.pipeline;

import static io.vitessreplicator.pipeline.Rows.insert;
import static io.vitessreplicator.pipeline.Rows.pos;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.SinkContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * With commit overlap on ({@code -Dreplicator.commit-overlap=true}; off by default): the next batch is gathered while the previous one commits, and batches still reach the sink one
 * at a time, in order; a commit that fails in the background stops the batcher with its error.
 */
class BatcherOverlapTest {
    private final ByteBoundedQueue queue = new ByteBoundedQueue(1 << 20);
    private final RecordingSink recording = new RecordingSink();
    private final CountDownLatch commitEntered = new CountDownLatch(1);
    private final CountDownLatch releaseCommit = new CountDownLatch(1);
    private volatile RuntimeException failCommit;

    /** The recording sink, with a first commit that waits for {@link #releaseCommit}. */
    private final Sink sink = new Sink() {
        @Override
        public SinkCapabilities capabilities() {
            return recording.capabilities();
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
        public BatchWriter begin(Optional<Position> start) {
            BatchWriter w = recording.begin(start);
            return new BatchWriter() {
                @Override
                public void apply(io.vitessreplicator.model.SchemaChange change, Position at) {
                    w.apply(change, at);
                }

                @Override
                public void write(ChangeSet changes) {
                    w.write(changes);
                }

                @Override
                public void commit(CommitRequest request) {
                    commitEntered.countDown();
                    await(releaseCommit);
                    if (failCommit != null) {
                        throw failCommit;
                    }
                    w.commit(request);
                }

                @Override
                public void close() {
                    w.close();
                }
            };
        }

        @Override
        public void close() {}
    };

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private Thread start(Batcher b, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                b.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void theNextBatchIsGatheredWhileTheFirstCommitsAndTheyCommitInOrder() throws Exception {
        Batcher b = new Batcher(queue, sink, new BatchLimits(1, 1 << 20, Duration.ofHours(1)), new BatchListener() {},
                null, null, false, true);
        queue.put(new SourceEvent.Rows(List.of(insert(1, "a")), 100));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = start(b, failure);
        await(commitEntered); // batch 1 is committing, and stays so until released
        queue.put(new SourceEvent.Rows(List.of(insert(2, "b")), 100));
        queue.put(new SourceEvent.Boundary(pos("g2")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queue.size() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // The batcher took batch 2's events while batch 1's commit was still running.
        assertThat(queue.size()).isZero();
        assertThat(recording.committed).isEmpty();
        assertThat(b.committed()).isNull();
        releaseCommit.countDown();
        b.requestStop();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        // One at a time and in order: RecordingSink refuses a batch that begins before the previous commit.
        assertThat(recording.committed).extracting(RecordingSink.Batch::end).containsExactly(pos("g1"), pos("g2"));
        assertThat(recording.committed.get(1).start()).isEqualTo(pos("g1"));
        assertThat(b.committed()).isEqualTo(pos("g2"));
    }

    @Test
    void aCommitFailingInTheBackgroundStopsTheBatcherWithItsErrorAndCommitsNothingAfterIt() throws Exception {
        Batcher b = new Batcher(queue, sink, new BatchLimits(1, 1 << 20, Duration.ofHours(1)), new BatchListener() {},
                null, null, false, true);
        failCommit = new RetriableSinkException("target went away", null);
        queue.put(new SourceEvent.Rows(List.of(insert(1, "a")), 100));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = start(b, failure);
        await(commitEntered);
        queue.put(new SourceEvent.Rows(List.of(insert(2, "b")), 100));
        queue.put(new SourceEvent.Boundary(pos("g2")));
        releaseCommit.countDown();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isSameAs(failCommit);
        assertThat(recording.committed).isEmpty();
        assertThat(b.committed()).isNull();
        assertThat(recording.rolledBack).isEqualTo(1);
    }
}
