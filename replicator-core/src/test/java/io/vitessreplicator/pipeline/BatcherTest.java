package io.vitessreplicator.pipeline;

import static io.vitessreplicator.pipeline.Rows.copyPos;
import static io.vitessreplicator.pipeline.Rows.delete;
import static io.vitessreplicator.pipeline.Rows.insert;
import static io.vitessreplicator.pipeline.Rows.pos;
import static io.vitessreplicator.pipeline.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.TableLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private final ByteBoundedQueue queue = new ByteBoundedQueue(1 << 20);
    private final RecordingSink sink = new RecordingSink();

    private static SourceEvent rows(RowChange... changes) {
        return new SourceEvent.Rows(List.of(changes), 100L * changes.length);
    }

    /** Runs the batcher until it has taken every queued event, then asks it to stop. */
    private void runUntilDrained(Batcher b) throws Exception {
        Thread t = new Thread(() -> {
            try {
                b.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitDrained();
        b.requestStop();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
    }

    private void awaitDrained() {
        long deadline = System.currentTimeMillis() + 5_000;
        while (queue.size() > 0 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
    }

    private Batcher batcher(BatchLimits limits, boolean backfill) {
        return new Batcher(queue, sink, limits, new BatchListener() {}, null, null, backfill);
    }

    @Test
    void cutsOnlyAtBoundariesWhenMaxRowsIsReached() throws Exception {
        Batcher b = batcher(new BatchLimits(2, 1 << 20, Duration.ofHours(1)), false);
        queue.put(rows(insert(1, "a"), insert(2, "b"), insert(3, "c"))); // one transaction of 3 rows
        queue.put(new SourceEvent.Boundary(pos("g1")));
        queue.put(rows(insert(4, "d")));
        queue.put(new SourceEvent.Boundary(pos("g2")));
        runUntilDrained(b);
        assertThat(sink.committed).hasSize(2);
        assertThat(sink.committed.get(0).end()).isEqualTo(pos("g1"));
        assertThat(sink.committed.get(0).writes().get(0).rowCount()).isEqualTo(3);
        assertThat(sink.committed.get(1).start()).isEqualTo(pos("g1"));
        assertThat(sink.committed.get(1).end()).isEqualTo(pos("g2"));
    }

    @Test
    void aTransactionLargerThanMaxBytesIsStagedInPiecesAndCommittedOnce() throws Exception {
        Batcher b = batcher(new BatchLimits(1_000_000, 250, Duration.ofHours(1)), false);
        for (int i = 0; i < 10; i++) {
            queue.put(rows(insert(i, "r" + i))); // 100 bytes each: spills every 3 events
        }
        queue.put(new SourceEvent.Boundary(pos("g1")));
        runUntilDrained(b);
        assertThat(sink.committed).hasSize(1);
        RecordingSink.Batch batch = sink.committed.get(0);
        assertThat(batch.writes()).hasSizeGreaterThan(1);
        assertThat(batch.writes().stream().mapToInt(w -> w.rowCount()).sum()).isEqualTo(10);
        assertThat(batch.end()).isEqualTo(pos("g1"));
    }

    @Test
    void aBatchLargerThanMaxMemoryIsStagedInPiecesAndGoesOnUntilALimitEndsIt() throws Exception {
        Batcher b = batcher(new BatchLimits(1_000_000, 1_000, Duration.ofHours(1), 250), false);
        for (int i = 0; i < 9; i++) { // nine transactions of 100 bytes: spills every 3, no limit reached
            queue.put(rows(insert(i, "r" + i)));
            queue.put(new SourceEvent.Boundary(pos("g" + i)));
        }
        queue.put(rows(insert(9, "r9"))); // 1000 bytes: max-bytes reached, the batch ends at the next boundary
        queue.put(new SourceEvent.Boundary(pos("g9")));
        queue.put(rows(insert(10, "r10")));
        queue.put(new SourceEvent.Boundary(pos("g10")));
        runUntilDrained(b);
        assertThat(sink.committed).extracting(RecordingSink.Batch::end).containsExactly(pos("g9"), pos("g10"));
        RecordingSink.Batch first = sink.committed.get(0);
        assertThat(first.writes()).hasSize(4);
        assertThat(first.writes().stream().mapToInt(w -> w.rowCount()).sum()).isEqualTo(10);
    }

    @Test
    void stopWaitsForTheTransactionInFlightToEnd() throws Exception {
        Batcher b = batcher(BatchLimits.DEFAULTS, false);
        queue.put(new SourceEvent.Boundary(pos("g1")));
        queue.put(rows(insert(1, "a")));
        Thread t = new Thread(() -> {
            try {
                b.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitDrained(); // the batcher is now inside the transaction
        b.requestStop();
        t.join(500);
        assertThat(t.isAlive()).as("still waiting for the COMMIT of the open transaction").isTrue();
        queue.put(new SourceEvent.Boundary(pos("g2")));
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(sink.committed).extracting(RecordingSink.Batch::end).containsExactly(pos("g2"));
    }

    @Test
    void latencyFlushesAnIdleBatch() throws Exception {
        Batcher b = batcher(new BatchLimits(1_000_000, 1 << 20, Duration.ofMillis(50)), false);
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        Thread stopper = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 5_000;
            while (sink.committed.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            b.requestStop();
        });
        stopper.start();
        b.run();
        stopper.join();
        assertThat(sink.committed).extracting(RecordingSink.Batch::end).containsExactly(pos("g1"));
    }

    @Test
    void backfillReturnsAfterCommittingThePositionPastTheCopy() throws Exception {
        Batcher b = batcher(BatchLimits.DEFAULTS, true);
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.Boundary(copyPos("g1", "t")));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        queue.put(new SourceEvent.CopyCompleted());
        queue.put(rows(insert(2, "streamed later"))); // must not be consumed
        var end = b.run();
        assertThat(end).isEqualTo(pos("g1"));
        assertThat(sink.committed).extracting(RecordingSink.Batch::end).containsExactly(pos("g1"));
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aSourceFailureRollsBackTheOpenBatchAndPropagates() throws Exception {
        Batcher b = batcher(new BatchLimits(1_000_000, 150, Duration.ofHours(1)), false);
        queue.put(rows(insert(1, "a"), insert(2, "b"))); // 200 bytes: staged in an open batch
        queue.put(new SourceEvent.Failed(new IllegalStateException("vtgate went away")));
        assertThatThrownBy(b::run).hasMessage("vtgate went away");
        assertThat(sink.committed).isEmpty();
        assertThat(sink.rolledBack).isEqualTo(1);
    }

    @Test
    void queueAdmitsAnOversizedEventWhenEmptyAndBlocksWhenFull() throws Exception {
        ByteBoundedQueue small = new ByteBoundedQueue(150);
        small.put(rows(insert(1, "a"), insert(2, "b"))); // 200 > 150, admitted because empty
        List<String> order = new ArrayList<>();
        Thread producer = new Thread(() -> {
            try {
                small.put(rows(insert(3, "c")));
                synchronized (order) {
                    order.add("put");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        producer.join(300);
        assertThat(producer.isAlive()).as("blocked while full").isTrue();
        assertThat(small.poll(Duration.ofSeconds(1))).isNotNull();
        producer.join(5_000);
        assertThat(order).containsExactly("put");
        assertThat(small.bytes()).isEqualTo(100);
    }

    @Test
    void schemaChangesReachTheListenerOnceTheirBatchCommitted() throws Exception {
        List<String> events = new ArrayList<>();
        sink.log = events;
        Batcher b = new Batcher(queue, sink, BatchLimits.DEFAULTS, new BatchListener() {
            @Override
            public void schemaChanged(io.vitessreplicator.model.SchemaChange change) {
                events.add("reported " + change.kind());
            }
        }, null, null, false);
        io.vitessreplicator.model.TableId t = new io.vitessreplicator.model.TableId("ks", "t");
        queue.put(new SourceEvent.SchemaChanged(List.of(new io.vitessreplicator.model.SchemaChange.TruncateTable(t, "")), null));
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        runUntilDrained(b);
        assertThat(events).containsExactly("apply truncate_table", "commit", "reported truncate_table");
    }

    @Test
    void aSinkThatKeepsEveryChangeGetsThemAllInStreamOrder() throws Exception {
        sink.capabilities = new SinkCapabilities(SinkCapabilities.ChangeForm.EVERY_CHANGE,
                SinkCapabilities.allSchemaChanges());
        Batcher b = batcher(BatchLimits.DEFAULTS, false);
        RowChange[] changes = {insert(1, "a"), update(1, 1, "b"), update(1, 2, "c"), delete(2)};
        queue.put(rows(changes));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        runUntilDrained(b);
        assertThat(sink.committed).hasSize(1);
        List<TableLog> logs = sink.committed.get(0).writes().get(0).logs();
        assertThat(sink.committed.get(0).writes().get(0).tables()).isEmpty();
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).changes()).containsExactly(changes);
    }

    @Test
    void theStateIsCommittedWithEveryBatchOnceThereIsOne() throws Exception {
        Batcher b = new Batcher(queue, sink, new BatchLimits(1, 1 << 20, Duration.ofHours(1)), new BatchListener() {},
                null, "{\"v\":1}", false);
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        queue.put(new SourceEvent.SchemaChanged(List.of(), "{\"v\":2}"));
        queue.put(rows(insert(2, "b")));
        queue.put(new SourceEvent.Boundary(pos("g2")));
        queue.put(rows(insert(3, "c")));
        queue.put(new SourceEvent.Boundary(pos("g3")));
        runUntilDrained(b);
        assertThat(sink.committed).extracting(RecordingSink.Batch::state)
                .containsExactly("{\"v\":1}", "{\"v\":2}", "{\"v\":2}");
        assertThat(b.committedState()).isEqualTo("{\"v\":2}");
    }

    @Test
    void aSchemaChangeTheSinkCannotApplyStopsTheBatchWithoutCommitting() throws Exception {
        EnumSet<SchemaChange.Kind> kinds = EnumSet.allOf(SchemaChange.Kind.class);
        kinds.remove(SchemaChange.Kind.TRUNCATE_TABLE);
        sink.capabilities = new SinkCapabilities(SinkCapabilities.ChangeForm.NET, kinds);
        Batcher b = batcher(BatchLimits.DEFAULTS, false);
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.SchemaChanged(List.of(new SchemaChange.TruncateTable(new TableId("ks", "t"), "")), null));
        queue.put(new SourceEvent.Boundary(pos("g1")));
        assertThatThrownBy(b::run).isInstanceOf(FatalSinkException.class)
                .hasMessage("Cannot apply a schema change to ks.t (truncate table): the sink does not support"
                        + " truncate_table.");
        assertThat(sink.committed).isEmpty();
    }

    /** Records what the batcher tells its listener about copied rows and source times. */
    private static final class Progress implements BatchListener {
        final List<java.util.Map<String, java.util.Map<String, Long>>> copied = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<java.util.Map<String, Long>> caughtUp = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void copied(java.util.Map<String, java.util.Map<String, Long>> rows) {
            copied.add(rows);
        }

        @Override
        public void caughtUp(java.util.Map<String, Long> sourceMillis) {
            caughtUp.add(sourceMillis);
        }
    }

    @Test
    void copiedRowsAreReportedByTableAndShardOnlyOnceTheirBatchCommits() throws Exception {
        Progress progress = new Progress();
        Batcher b = new Batcher(queue, sink, new BatchLimits(1_000_000, 1 << 20, Duration.ofHours(1)), progress,
                null, null, false);
        queue.put(rows(Rows.copied(1, "a"), Rows.copied(2, "b"), insert(3, "streamed, not copied")));
        queue.put(new SourceEvent.Boundary(copyPos("g1", "t")));
        runUntilDrained(b);
        assertThat(sink.committed).hasSize(1);
        assertThat(progress.copied).containsExactly(java.util.Map.of("ks.t", java.util.Map.of("0", 2L)));
    }

    @Test
    void sourceTimesReachTheListenerAfterTheCommitAndAgainWhenNothingNewArrives() throws Exception {
        Progress progress = new Progress();
        Batcher b = new Batcher(queue, sink, new BatchLimits(1_000_000, 1 << 20, Duration.ofMillis(10)), progress,
                null, null, false);
        queue.put(rows(insert(1, "a")));
        queue.put(new SourceEvent.Boundary(pos("g1"), java.util.Map.of("ks/0", 1_000L)));
        Thread t = new Thread(() -> {
            try {
                b.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (progress.caughtUp.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sink.committed).hasSize(1);
        assertThat(progress.caughtUp).containsExactly(java.util.Map.of("ks/0", 1_000L));
        // A heartbeat's boundary at the same position commits nothing, but the target is as far as the stream.
        queue.put(new SourceEvent.Boundary(pos("g1"), java.util.Map.of("ks/0", 9_000L)));
        while (progress.caughtUp.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        b.requestStop();
        t.join(5_000);
        assertThat(sink.committed).hasSize(1);
        assertThat(progress.caughtUp).last().isEqualTo(java.util.Map.of("ks/0", 9_000L));
    }
}
