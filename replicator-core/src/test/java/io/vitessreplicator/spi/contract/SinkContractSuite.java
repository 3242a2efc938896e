package io.vitessreplicator.spi.contract;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.INT;
import static io.vitessreplicator.spi.contract.TestTables.TEXT;
import static io.vitessreplicator.spi.contract.TestTables.VARCHAR_20;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.pipeline.ChangeBuffer;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.CommitObserver;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.SinkException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;

/**
 * What every sink promises, run against its real target: exactly-once commits (replays, gaps, a
 * checkpoint that never moves back, fencing, crashes at every commit step), per-key results,
 * huge transactions, every column type and each schema change the sink declares.
 *
 * <p>A sink's module subclasses it and supplies a {@link SinkTarget}; the results are read with
 * the target's own reader, never with the sink's code. Changes reach the sink as the batcher
 * hands them over: through {@link ChangeBuffer} in the form the sink declares.
 */
public abstract class SinkContractSuite {
    private static final String SERVER = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562";
    protected static final String KEYSPACE = "ks";
    protected static final TableSchema ITEMS = TestTables.table(KEYSPACE, "items", List.of("id"),
            key("id", BIGINT), col("note", TEXT));
    private static final String STATE = "{\"tables\":[\"ks.items\"]}";

    private SinkTarget target;
    /** The test's pipeline name; dynamic tests use one of their own each, derived from {@link #basePipeline}. */
    private String pipeline;
    private String basePipeline;
    private final List<Sink> sinks = new ArrayList<>();

    /** A new, empty target for one test; {@code name} is unique per test and short. */
    protected abstract SinkTarget newTarget(String name);

    @BeforeEach
    void createTarget(TestInfo test) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
        pipeline = "contract_" + method.substring(0, Math.min(40, method.length()));
        basePipeline = pipeline;
        target = newTarget(pipeline.toLowerCase(java.util.Locale.ROOT));
    }

    @AfterEach
    void closeAll() {
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closed or killed already
            }
        }
        sinks.clear();
        target.close();
    }

    // ------------------------------------------------------------------------------- helpers

    protected static Position at(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder()
                .setKeyspace(KEYSPACE).setShard("0").setGtid(SERVER + ":1-" + n)).build());
    }

    /** A copy-phase position: still copying table {@code items}. */
    protected static Position copying(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder()
                .setKeyspace(KEYSPACE).setShard("0").setGtid(SERVER + ":1-" + n)
                .addTablePKs(TableLastPK.newBuilder().setTableName("items"))).build());
    }

    private Sink open(String owner, CommitObserver observer) {
        Sink s = target.newSink();
        sinks.add(s);
        s.open(new SinkContext(pipeline, owner, false, observer));
        return s;
    }

    private Sink open(String owner) {
        return open(owner, CommitObserver.NONE);
    }

    private static final RowOrigin ORIGIN = new RowOrigin("0", Instant.parse("2026-12-01T10:00:00Z"), false);

    protected static RowChange insert(TableSchema t, Object... after) {
        return new RowChange(t, null, after, ORIGIN);
    }

    private static final RowOrigin COPIED = new RowOrigin("0", Instant.parse("2026-12-01T10:00:00Z"), true);

    /** A row the copy phase read (sinks may write such rows without their merge). */
    protected static RowChange copied(TableSchema t, Object... after) {
        return new RowChange(t, null, after, COPIED);
    }

    protected static RowChange update(TableSchema t, Object[] before, Object... after) {
        return new RowChange(t, before, after, ORIGIN);
    }

    protected static RowChange delete(TableSchema t, Object... before) {
        return new RowChange(t, before, null, ORIGIN);
    }

    protected static Object[] row(Object... values) {
        return values;
    }

    /** One batch: writes (each list goes through the batcher's buffer as one write call) and schema changes, in order. */
    private final class Batch {
        private final Sink sink;
        private final BatchWriter writer;

        Batch(Sink sink, Optional<Position> start) {
            this.sink = sink;
            this.writer = sink.begin(start);
        }

        Batch write(RowChange... changes) {
            ChangeBuffer buffer = ChangeBuffer.forForm(sink.capabilities().changeForm());
            buffer.addAll(List.of(changes));
            writer.write(buffer.drain());
            return this;
        }

        /** A table seen with no rows, as the batcher passes it on (FIELD before any ROW). */
        Batch touch(TableSchema table) {
            ChangeBuffer buffer = ChangeBuffer.forForm(sink.capabilities().changeForm());
            buffer.touch(table);
            writer.write(buffer.drain());
            return this;
        }

        Batch apply(SchemaChange change, Position at) {
            writer.apply(change, at);
            return this;
        }

        void commit(Position end) {
            try (writer) {
                writer.commit(new CommitRequest(end, STATE));
            }
        }
    }

    private Batch batch(Sink sink, Position start) {
        return new Batch(sink, Optional.ofNullable(start));
    }

    /** Creates ITEMS with rows at position 1 (a fresh pipeline's first batch). */
    private void firstBatch(Sink sink, RowChange... changes) {
        batch(sink, null).apply(new SchemaChange.AddTable(ITEMS, ""), at(0)).write(changes).commit(at(1));
    }

    private List<List<Object>> items() {
        return target.currentRows(ITEMS.id(), ITEMS.columns(), ITEMS.primaryKey());
    }

    private List<List<Object>> rows(TableSchema t) {
        return target.currentRows(t.id(), t.columns(), t.primaryKey());
    }

    private Optional<Checkpoint> storedCheckpoint() {
        try (Sink reader = target.newSink()) {
            return reader.readCheckpoint(pipeline);
        }
    }

    private Optional<Position> storedPosition() {
        return storedCheckpoint().map(Checkpoint::position);
    }

    // ------------------------------------------------------------------------ exactly once

    @Test
    void aFreshPipelineOpensEmptyAndResumesFromItsCheckpointWithTheState() {
        Sink first = target.newSink();
        sinks.add(first);
        assertThat(first.open(new SinkContext(pipeline, "owner-1", false))).isEmpty();
        firstBatch(first, insert(ITEMS, 1L, "one"));
        first.close();

        Sink second = target.newSink();
        sinks.add(second);
        Optional<Checkpoint> resumed = second.open(new SinkContext(pipeline, "owner-2", false));
        assertThat(resumed).hasValueSatisfying(cp -> {
            assertThat(cp.pipeline()).isEqualTo(pipeline);
            assertThat(cp.position()).isEqualTo(at(1));
            assertThat(cp.state()).isEqualTo(STATE);
        });
        batch(second, at(1)).write(insert(ITEMS, 2L, "two")).commit(copying(2));
        assertThat(storedPosition()).contains(copying(2));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "two"));
    }

    @Test
    void insertsUpdatesAndDeletesAreApplied() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "a"), insert(ITEMS, 2L, "b"), insert(ITEMS, 3L, "c"));
        batch(s, at(1)).write(update(ITEMS, row(2L, "b"), 2L, "b2"), insert(ITEMS, 4L, null), delete(ITEMS, 3L, "c"))
                .commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "a"), List.of(2L, "b2"), Arrays.asList(4L, null));
    }

    @Test
    void everyChangeOfAKeyInOneBatchEndsInItsLastState() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 5L, "will be deleted and come back"), insert(ITEMS, 6L, "will be deleted"));
        batch(s, at(1)).write(
                insert(ITEMS, 1L, "v1"), update(ITEMS, row(1L, "v1"), 1L, "v2"), update(ITEMS, row(1L, "v2"), 1L, "v3"),
                insert(ITEMS, 2L, "short-lived"), delete(ITEMS, 2L, "short-lived"),
                delete(ITEMS, 5L, "will be deleted and come back"), insert(ITEMS, 5L, "back"),
                delete(ITEMS, 6L, "will be deleted")).commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "v3"), List.of(5L, "back"));
    }

    @Test
    void laterWritesOfABatchOverrideEarlierOnes() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 3L, "old three"), insert(ITEMS, 5L, "five"));
        batch(s, at(1))
                .write(insert(ITEMS, 1L, "first"), insert(ITEMS, 2L, "x"), delete(ITEMS, 3L, "old three"),
                        delete(ITEMS, 5L, "five"))
                .write(insert(ITEMS, 3L, "back"), delete(ITEMS, 1L, "first"))
                .write(insert(ITEMS, 1L, "third"))
                .commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "third"), List.of(2L, "x"), List.of(3L, "back"));
    }

    @Test
    void aPrimaryKeyChangeMovesTheRow() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "moving"), insert(ITEMS, 2L, "stays"));
        batch(s, at(1)).write(update(ITEMS, row(1L, "moving"), 10L, "moving")).commit(at(2));
        batch(s, at(2)).write(update(ITEMS, row(10L, "moving"), 11L, "moved twice"),
                update(ITEMS, row(2L, "stays"), 1L, "into the old key")).commit(at(3));
        assertThat(items()).containsExactly(List.of(1L, "into the old key"), List.of(11L, "moved twice"));
    }

    @Test
    void aCompositeKeyKeepsRowsApart() {
        TableSchema pairs = TestTables.table(KEYSPACE, "pairs", List.of("b", "a"), col("a", BIGINT),
                col("b", VARCHAR_20), col("v", TEXT));
        Sink s = open("owner");
        batch(s, null).apply(new SchemaChange.AddTable(pairs, ""), at(0))
                .write(insert(pairs, 1L, "x", "1x"), insert(pairs, 1L, "y", "1y"), insert(pairs, 2L, "x", "2x"))
                .commit(at(1));
        batch(s, at(1)).write(update(pairs, row(1L, "y", "1y"), 1L, "y", "1y!"), delete(pairs, 1L, "x", "1x"))
                .commit(at(2));
        assertThat(target.currentRows(pairs.id(), pairs.columns(), List.of("a", "b")))
                .containsExactly(List.of(1L, "y", "1y!"), List.of(2L, "x", "2x"));
    }

    @Test
    void aReplayOfTheCommittedBatchAppliesNothing() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "original"));
        batch(s, at(1)).write(update(ITEMS, row(1L, "original"), 1L, "changed")).commit(at(2));

        // The stream replays from position 1 after a lost acknowledgement: same end, applies nothing.
        batch(s, at(1)).write(update(ITEMS, row(1L, "original"), 1L, "changed"), insert(ITEMS, 2L, "only in replay"))
                .commit(at(2));

        assertThat(items()).containsExactly(List.of(1L, "changed"));
        assertThat(storedPosition()).contains(at(2));
    }

    /**
     * A resumed copy can read rows the target already holds (vttablet copies a table again when
     * its position has no lastpk for it): they replace the target's rows, once each.
     */
    @Test
    void rowsACopyReadsAgainReplaceTheTargetRowsOnce() {
        Sink s = open("owner");
        batch(s, null).apply(new SchemaChange.AddTable(ITEMS, ""), at(0))
                .write(copied(ITEMS, 1L, "one"), copied(ITEMS, 2L, "two")).commit(copying(1));
        batch(s, copying(1)).write(copied(ITEMS, 2L, "two, read again"), copied(ITEMS, 3L, "three"))
                .write(copied(ITEMS, 4L, "four, in a later write of the batch")).commit(copying(2));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "two, read again"), List.of(3L, "three"),
                List.of(4L, "four, in a later write of the batch"));
    }

    /** Copied rows and streamed changes of one key in one batch apply in stream order, whatever the path. */
    @Test
    void copiedRowsAndStreamedChangesOfOneKeyKeepTheirOrderInABatch() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 5L, "five"));
        batch(s, at(1))
                .write(delete(ITEMS, 5L, "five"), insert(ITEMS, 7L, "seven"))   // staged first
                .write(copied(ITEMS, 5L, "five, copied after its delete"))      // then new rows of the copy
                .write(copied(ITEMS, 6L, "six"))
                .write(delete(ITEMS, 6L, "six"))                                 // a delete after the copied row
                .commit(at(2));
        batch(s, at(2)).write(copied(ITEMS, 8L, "eight")).write(delete(ITEMS, 8L, "eight"))
                .write(update(ITEMS, row(7L, "seven"), 7L, "seven, updated")).commit(at(3));
        assertThat(items()).containsExactly(List.of(5L, "five, copied after its delete"),
                List.of(7L, "seven, updated"));
    }

    /**
     * Regression: during the copy phase vtgate repeats a VGTID (the position after one table's
     * copy equals the one before the next table's rows), so a batch can end where it started.
     * PostgreSQL once took it for a replay and dropped its rows.
     */
    @Test
    void aBatchThatEndsWhereItStartedIsApplied() {
        Sink s = open("owner");
        batch(s, null).apply(new SchemaChange.AddTable(ITEMS, ""), at(0)).write(insert(ITEMS, 1L, "one"))
                .commit(copying(1));
        batch(s, copying(1)).write(insert(ITEMS, 2L, "copied under the same VGTID")).commit(copying(1));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "copied under the same VGTID"));
    }

    @Test
    void aBatchThatDoesNotStartAtTheCheckpointIsRefusedAndChangesNothing() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "one"));
        Batch gap = batch(s, at(5)).write(insert(ITEMS, 2L, "after a gap"));
        assertThatThrownBy(() -> gap.commit(at(6)))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("would skip or repeat changes");
        Batch fresh = batch(s, null).write(insert(ITEMS, 3L, "as if fresh"));
        assertThatThrownBy(() -> fresh.commit(at(7)))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("it starts at (none: a fresh pipeline)");
        assertThat(items()).containsExactly(List.of(1L, "one"));
        assertThat(storedPosition()).contains(at(1));
    }

    @Test
    void theCheckpointNeverMovesBack() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "one"));
        batch(s, at(1)).write(insert(ITEMS, 2L, "two")).commit(at(2));
        batch(s, at(2)).write(insert(ITEMS, 3L, "three")).commit(at(3));
        // A late batch from an older position, ending before the stored one.
        Batch late = batch(s, at(1)).write(delete(ITEMS, 3L, "three"));
        assertThatThrownBy(() -> late.commit(at(2))).isInstanceOf(FatalSinkException.class);
        assertThat(storedPosition()).contains(at(3));
        assertThat(items()).hasSize(3);
    }

    @Test
    void closingWithoutCommitLeavesNothing() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 1L, "one"));
        BatchWriter w = s.begin(Optional.of(at(1)));
        ChangeBuffer buffer = ChangeBuffer.forForm(s.capabilities().changeForm());
        buffer.addAll(List.of(insert(ITEMS, 2L, "never committed"), delete(ITEMS, 1L, "one")));
        w.write(buffer.drain());
        w.close();
        w.close(); // twice is harmless
        assertThat(items()).containsExactly(List.of(1L, "one"));
        batch(s, at(1)).write(insert(ITEMS, 3L, "next batch")).commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(3L, "next batch"));
    }

    @Test
    void aHugeTransactionWrittenInPiecesBecomesVisibleOnlyAtItsCommit() {
        Sink s = open("owner");
        firstBatch(s, insert(ITEMS, 0L, "before"));
        Batch huge = batch(s, at(1));
        int pieces = 20;
        int perPiece = 5_000;
        for (int p = 0; p < pieces; p++) {
            RowChange[] piece = new RowChange[perPiece];
            for (int i = 0; i < perPiece; i++) {
                long id = (long) p * perPiece + i + 1;
                piece[i] = insert(ITEMS, id, "piece " + p);
            }
            huge.write(piece);
        }
        // Later pieces change rows of earlier ones, as one transaction's statements would.
        huge.write(update(ITEMS, row(1L, "piece 0"), 1L, "updated in the last piece"), delete(ITEMS, 2L, "piece 0"));
        assertThat(items()).containsExactly(List.of(0L, "before"));
        assertThat(storedPosition()).contains(at(1));

        huge.commit(at(2));
        List<List<Object>> rows = items();
        assertThat(rows).hasSize(pieces * perPiece); // row 0, the inserted rows, minus the deleted row 2
        assertThat(rows.get(1)).isEqualTo(List.of(1L, "updated in the last piece"));
        assertThat(rows.get(2)).isEqualTo(List.of(3L, "piece 0"));
        assertThat(rows.get(rows.size() - 1)).isEqualTo(List.of((long) pieces * perPiece, "piece " + (pieces - 1)));
        assertThat(storedPosition()).contains(at(2));
    }

    // ------------------------------------------------------------------------------ fencing

    @Test
    void aSecondInstanceCannotOpenWhileTheFirstHoldsThePipeline() {
        Sink first = open("owner-1");
        firstBatch(first, insert(ITEMS, 1L, "one"));
        Sink second = target.newSink();
        sinks.add(second);
        assertThatThrownBy(() -> second.open(new SinkContext(pipeline, "owner-2", false)))
                .isInstanceOfSatisfying(FatalSinkException.class,
                        e -> assertThat(e.kind()).isEqualTo(FatalSinkException.Kind.PIPELINE_BUSY))
                .hasMessageContaining("owner-1");
        batch(first, at(1)).write(insert(ITEMS, 2L, "the first goes on")).commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "the first goes on"));
    }

    @Test
    void anInstanceThatLostItsClaimCannotCommit() {
        Sink first = open("owner-old");
        firstBatch(first, insert(ITEMS, 1L, "one"));
        Batch inFlight = batch(first, at(1)).write(insert(ITEMS, 3L, "from the replaced instance"));
        target.loseClaim(first);

        Sink second = open("owner-new");
        batch(second, at(1)).write(insert(ITEMS, 2L, "from the new owner")).commit(at(2));

        assertThatThrownBy(() -> inFlight.commit(at(2))).isInstanceOf(SinkException.class);
        // Its next batch is refused too, at begin or at commit.
        assertThatThrownBy(() -> batch(first, at(2)).write(insert(ITEMS, 4L, "still from the replaced instance"))
                .commit(at(3))).isInstanceOf(SinkException.class);
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "from the new owner"));
        assertThat(storedPosition()).contains(at(2));
    }

    @Test
    void theSuccessorOfAKilledInstanceOpensAtOnceAndResumes() {
        Sink first = open("owner-killed");
        firstBatch(first, insert(ITEMS, 1L, "one"));
        target.kill(first);
        long t0 = System.nanoTime();
        Sink second = target.newSink();
        sinks.add(second);
        Optional<Checkpoint> cp = second.open(new SinkContext(pipeline, "owner-next", false));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(cp).map(Checkpoint::position).contains(at(1));
        batch(second, at(1)).write(insert(ITEMS, 2L, "two")).commit(at(2));
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "two"));
    }

    @Test
    void readCheckpointReadsWithoutClaiming() {
        Sink owner = open("owner");
        firstBatch(owner, insert(ITEMS, 1L, "one"));
        assertThat(storedCheckpoint()).hasValueSatisfying(cp -> {
            assertThat(cp.position()).isEqualTo(at(1));
            assertThat(cp.owner()).isEqualTo("owner");
            assertThat(cp.state()).isEqualTo(STATE);
        });
        // The owner was not displaced by the read.
        batch(owner, at(1)).write(insert(ITEMS, 2L, "two")).commit(at(2));
        assertThat(storedPosition()).contains(at(2));
    }

    // ------------------------------------------------------------------------------- types

    @Test
    void everyColumnTypeRoundTripsExactly() {
        everyColumnType(SinkContractSuite::insert);
    }

    /** The same values as rows the copy phase read (the path without a merge, where a sink has one). */
    @Test
    void everyColumnTypeRoundTripsExactlyFromTheCopyPhase() {
        everyColumnType(SinkContractSuite::copied);
    }

    private void everyColumnType(java.util.function.BiFunction<TableSchema, Object[], RowChange> row) {
        TableSchema t = EveryType.table(KEYSPACE, "every_type");
        Sink s = open("owner");
        batch(s, null).apply(new SchemaChange.AddTable(t, ""), at(0))
                .write(row.apply(t, EveryType.maxima()), row.apply(t, EveryType.minima()),
                        row.apply(t, EveryType.specials()), row.apply(t, EveryType.nulls(4L)),
                        row.apply(t, EveryType.withFloats(5L, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
                .commit(at(1));
        List<List<Object>> rows = rows(t);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsExactly(EveryType.maxima());
        assertThat(rows.get(1)).containsExactly(EveryType.minima());
        assertThat(rows.get(2)).containsExactly(EveryType.specials());
        assertThat(rows.get(3)).containsExactly(EveryType.nulls(4L));
        assertThat(Float.floatToRawIntBits((Float) rows.get(2).get(EveryType.FLOAT)))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat((Double) rows.get(2).get(EveryType.DOUBLE)).isNaN();
        assertThat(rows.get(4).get(EveryType.FLOAT)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(rows.get(4).get(EveryType.DOUBLE)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void anEmptyTableTheStreamDescribedExists() {
        TableSchema empty = TestTables.table(KEYSPACE, "empty", List.of("id"), key("id", BIGINT), col("v", TEXT));
        Sink s = open("owner");
        batch(s, null).apply(new SchemaChange.AddTable(empty, ""), at(0)).touch(empty).commit(at(1));
        assertThat(target.tableExists(empty.id())).isTrue();
        assertThat(rows(empty)).isEmpty();
    }

    // ----------------------------------------------------------------------- schema changes

    /** One test per schema change the sink declares (a sink that declares none gets none). */
    @TestFactory
    Stream<DynamicTest> eachDeclaredSchemaChangeIsApplied() {
        Sink probe = target.newSink();
        List<SchemaChange.Kind> kinds = Arrays.stream(SchemaChange.Kind.values())
                .filter(k -> probe.capabilities().supports(k)).toList();
        probe.close();
        return kinds.stream().filter(k -> k != SchemaChange.Kind.COPY_COMPLETED)
                .map(k -> DynamicTest.dynamicTest(k.toString(), () -> {
                    // Each kind gets a table of its own in the test's target, and a pipeline of its own.
                    pipeline = basePipeline + "_" + k.ordinal();
                    schemaChange(k, TestTables.table(KEYSPACE, "sc_" + k, List.of("id"), key("id", BIGINT),
                            col("v", INT)));
                }));
    }

    private void schemaChange(SchemaChange.Kind kind, TableSchema t) {
        TableId id = t.id();
        Sink s = open("owner-" + kind);
        batch(s, null).apply(new SchemaChange.AddTable(t, ""), at(0))
                .write(insert(t, 1L, 10L), insert(t, 2L, 20L), insert(t, 3L, 30L)).commit(at(1));
        Batch b = batch(s, at(1));
        switch (kind) {
            case ADD_TABLE -> {
                b.commit(at(2));
                assertThat(target.tableExists(id)).isTrue();
                assertThat(rows(t)).hasSize(3);
            }
            case ADD_COLUMN -> {
                Column added = col("extra", VARCHAR_20);
                TableSchema after = TestTables.table(id, List.of("id"), List.of(key("id", BIGINT), col("v", INT), added));
                b.apply(new SchemaChange.AddColumn(id, added, "dflt", "alter table add extra"), at(1))
                        .write(insert(after, 4L, 40L, "given"), update(after, row(2L, 20L, "dflt"), 2L, 21L, "set"))
                        .commit(at(2));
                assertThat(target.columnNames(id)).containsExactlyInAnyOrder("id", "v", "extra");
                assertThat(rows(after)).containsExactly(List.of(1L, 10L, "dflt"), List.of(2L, 21L, "set"),
                        List.of(3L, 30L, "dflt"), List.of(4L, 40L, "given"));
            }
            case KEEP_COLUMN -> {
                TableSchema after = TestTables.table(id, List.of("id"), List.of(key("id", BIGINT)));
                b.apply(new SchemaChange.KeepColumn(id, "v", "dropped at the source", "alter table drop v"), at(1))
                        .write(insert(after, 4L)).commit(at(2));
                assertThat(target.columnNames(id)).containsExactlyInAnyOrder("id", "v");
                assertThat(rows(t)).containsExactly(List.of(1L, 10L), List.of(2L, 20L), List.of(3L, 30L),
                        Arrays.asList(4L, null));
            }
            case DROP_COLUMN -> {
                TableSchema after = TestTables.table(id, List.of("id"), List.of(key("id", BIGINT)));
                b.apply(new SchemaChange.DropColumn(id, "v", "alter table drop v"), at(1)).write(insert(after, 4L))
                        .commit(at(2));
                assertThat(target.columnNames(id)).containsExactly("id");
                assertThat(rows(after)).containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L));
            }
            case RENAME_COLUMN -> {
                TableSchema after = TestTables.table(id, List.of("id"), List.of(key("id", BIGINT), col("w", INT)));
                b.apply(new SchemaChange.RenameColumn(id, "v", "w", "alter table rename v to w"), at(1))
                        .write(insert(after, 4L, 40L), update(after, row(1L, 10L), 1L, 11L)).commit(at(2));
                assertThat(target.columnNames(id)).containsExactlyInAnyOrder("id", "w");
                assertThat(rows(after)).containsExactly(List.of(1L, 11L), List.of(2L, 20L), List.of(3L, 30L),
                        List.of(4L, 40L));
            }
            case WIDEN_COLUMN -> {
                Column wide = col("v", BIGINT);
                TableSchema after = TestTables.table(id, List.of("id"), List.of(key("id", BIGINT), wide));
                b.apply(new SchemaChange.WidenColumn(id, col("v", INT), wide, "alter table modify v bigint"), at(1))
                        .write(insert(after, 4L, Long.MAX_VALUE)).commit(at(2));
                assertThat(rows(after)).containsExactly(List.of(1L, 10L), List.of(2L, 20L), List.of(3L, 30L),
                        List.of(4L, Long.MAX_VALUE));
            }
            case CHANGE_PRIMARY_KEY -> {
                TableSchema after = TestTables.table(id, List.of("id", "v"), List.of(key("id", BIGINT), key("v", INT)));
                b.apply(new SchemaChange.ChangePrimaryKey(id, List.of("id"), List.of("id", "v"), "alter table pk"), at(1))
                        .write(insert(after, 1L, 11L), delete(after, 2L, 20L)).commit(at(2));
                assertThat(target.currentRows(id, after.columns(), List.of("id", "v")))
                        .containsExactly(List.of(1L, 10L), List.of(1L, 11L), List.of(3L, 30L));
            }
            case DROP_TABLE -> {
                b.apply(new SchemaChange.DropTable(id, true, "drop table"), at(1)).commit(at(2));
                assertThat(target.tableExists(id)).isFalse();
                Batch keep = batch(s, at(2));
                TableSchema other = TestTables.table(KEYSPACE, "sc_kept", List.of("id"), key("id", BIGINT));
                keep.apply(new SchemaChange.AddTable(other, ""), at(2)).write(insert(other, 1L))
                        .apply(new SchemaChange.DropTable(other.id(), false, "drop table, kept"), at(2)).commit(at(3));
                assertThat(rows(other)).containsExactly(List.of(1L));
            }
            case TRUNCATE_TABLE -> {
                b.write(insert(t, 4L, 40L)).apply(new SchemaChange.TruncateTable(id, "truncate"), at(1))
                        .write(insert(t, 5L, 50L)).commit(at(2));
                assertThat(rows(t)).containsExactly(List.of(5L, 50L));
            }
            case COPY_TABLE -> {
                // The table is copied again: rows 1 and 3 arrive again (3 changed), 2 was deleted at
                // the source meanwhile and never arrives; 4 is a change streamed during the copy.
                b.apply(new SchemaChange.CopyTable(id, List.of("id"), "a test", ""), at(1))
                        .write(insert(t, 1L, 10L)).commit(at(2));
                assertThat(rows(t)).hasSize(3);
                batch(s, at(2)).write(insert(t, 3L, 33L), insert(t, 4L, 40L))
                        .apply(new SchemaChange.CopyCompleted(id, List.of("id"), ""), at(2)).commit(at(3));
                assertThat(rows(t)).containsExactly(List.of(1L, 10L), List.of(3L, 33L), List.of(4L, 40L));
            }
            default -> throw new IllegalStateException("no scenario for " + kind);
        }
    }

    // ------------------------------------------------------------------------------ crashes

    /**
     * For each step of a commit: the commit stops there as in a crash, the process dies, a new
     * instance opens and the stream resends the batch from the stored position. The target ends
     * with the batch applied exactly once, and holds the batch or not according to whether the
     * step is before the sink's commit point.
     */
    @TestFactory
    Stream<DynamicTest> aCrashAtEveryCommitStepLosesNothingAndRepeatsNothing() {
        List<String> steps = target.commitSteps();
        int commitPoint = steps.indexOf(target.commitPoint());
        assertThat(commitPoint).as("commit point among the steps").isNotNegative();
        return steps.stream().map(step -> DynamicTest.dynamicTest("crash at " + step, () -> {
            pipeline = basePipeline + "_" + steps.indexOf(step);
            TableSchema t = TestTables.table(KEYSPACE, "crash_" + steps.indexOf(step), List.of("id"),
                    key("id", BIGINT), col("note", TEXT));
            boolean[] armed = {false};
            Sink doomed = open("owner-doomed", s -> {
                if (armed[0] && s.equals(step)) {
                    throw new SimulatedCrash(s);
                }
            });
            batch(doomed, null).apply(new SchemaChange.AddTable(t, ""), at(0))
                    .write(insert(t, 1L, "one"), insert(t, 2L, "two")).commit(at(1));
            RowChange[] second = {update(t, row(1L, "one"), 1L, "one, updated"), delete(t, 2L, "two"),
                    insert(t, 3L, "three")};
            armed[0] = true;
            Batch b = batch(doomed, at(1)).write(second);
            assertThatThrownBy(() -> b.commit(at(2))).isInstanceOf(SimulatedCrash.class);
            target.kill(doomed);

            Sink next = target.newSink();
            sinks.add(next);
            Optional<Position> resumed = next.open(new SinkContext(pipeline, "owner-next", false)).map(Checkpoint::position);
            List<List<Object>> before = List.of(List.of(1L, "one"), List.of(2L, "two"));
            List<List<Object>> after = List.of(List.of(1L, "one, updated"), List.of(3L, "three"));
            boolean durable = steps.indexOf(step) >= commitPoint;
            assertThat(resumed).as("checkpoint after a crash at " + step).contains(durable ? at(2) : at(1));
            assertThat(rows(t)).isEqualTo(durable ? after : before);

            // The stream resends the batch from position 1 (a replay when it was durable).
            batch(next, at(1)).write(second).commit(at(2));
            assertThat(rows(t)).isEqualTo(after);
            assertThat(storedPosition()).contains(at(2));
            batch(next, at(2)).write(insert(t, 4L, "four")).commit(at(3));
            assertThat(rows(t)).hasSize(3);
        }));
    }
}
