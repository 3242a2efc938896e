package io.vitessreplicator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recheck's decisions, with a source and a target in memory that change between reads as scripted. */
class KeyRecheckTest {
    private static final TableSchema TABLE = new TableSchema(new TableId("ks", "t"),
            List.of(new Column("id", ColumnType.of(ColumnType.Kind.BIGINT, "bigint"), false),
                    new Column("v", ColumnType.of(ColumnType.Kind.VARCHAR, "varchar(10)"), true),
                    new Column("doc", ColumnType.of(ColumnType.Kind.JSON, "json"), true)),
            List.of("id"));

    /** A side whose rows are replaced, read by read, from a script; a missing step keeps the last rows. */
    private static final class Scripted {
        final Map<Long, Object[]> rows = new HashMap<>();
        final List<Runnable> onRead = new ArrayList<>();
        int reads;

        List<Object[]> read(List<Object[]> keys) {
            if (reads < onRead.size()) {
                onRead.get(reads).run();
            }
            reads++;
            List<Object[]> out = new ArrayList<>();
            for (Object[] k : keys) {
                Object[] r = rows.get((Long) k[0]);
                if (r != null) {
                    out.add(r.clone());
                }
            }
            return out;
        }
    }

    private final Scripted source = new Scripted();
    private final Scripted target = new Scripted();
    private Optional<String> waitResult = Optional.empty();
    private int waits;

    private KeyRecheck.Result recheck(int rounds, long... ids) {
        List<Object[]> keys = new ArrayList<>();
        for (long id : ids) {
            keys.add(new Object[] {id});
        }
        return new KeyRecheck(TABLE, new KeyRecheck.Sides() {
            @Override
            public List<Object[]> sourceRows(List<Object[]> k) {
                return source.read(k);
            }

            @Override
            public List<Object[]> targetRows(List<Object[]> k) {
                return target.read(k);
            }

            @Override
            public Optional<String> awaitTargetPassesSource() {
                waits++;
                return waitResult;
            }
        }, rounds).run(keys);
    }

    private static Object[] row(long id, String v) {
        return new Object[] {id, v, null};
    }

    @Test
    void aKeyTheTargetHasCaughtUpWithIsEqual() {
        source.rows.put(1L, row(1, "new"));
        target.rows.put(1L, row(1, "new")); // the first look saw "old"; by the recheck the pipeline applied it
        KeyRecheck.Result r = recheck(5, 1);
        assertThat(r.differences()).isEmpty();
        assertThat(r.unconfirmed()).isEmpty();
        assertThat(r.equal()).isOne();
        assertThat(waits).isOne();
    }

    @Test
    void changedMissingAndExtraAreReportedAfterTwoSteadyRounds() {
        source.rows.put(1L, row(1, "a"));
        target.rows.put(1L, row(1, "edited"));
        source.rows.put(2L, row(2, "b"));
        target.rows.put(3L, row(3, "c"));
        KeyRecheck.Result r = recheck(5, 1, 2, 3);
        assertThat(r.differences()).containsExactly(
                new Difference("id=1", Difference.Kind.CHANGED, List.of("v")),
                new Difference("id=2", Difference.Kind.MISSING, List.of()),
                new Difference("id=3", Difference.Kind.EXTRA, List.of()));
        assertThat(waits).as("rounds").isEqualTo(KeyRecheck.CONFIRMATIONS);
    }

    @Test
    void aHotKeyIsNeverReportedButListedAsNotConfirmed() {
        source.rows.put(1L, row(1, "0"));
        target.rows.put(1L, row(1, "stale"));
        for (int i = 0; i < 20; i++) {
            int n = i;
            source.onRead.add(() -> source.rows.put(1L, row(1, Integer.toString(n)))); // every read sees a new value
        }
        KeyRecheck.Result r = recheck(4, 1);
        assertThat(r.differences()).isEmpty();
        assertThat(r.unconfirmed()).singleElement().satisfies(u -> {
            assertThat(u.key()).isEqualTo("id=1");
            assertThat(u.reason()).startsWith("changing at the source in 4 of 4 rechecks");
        });
    }

    @Test
    void aSourceThatGoesBackAndForthIsNotConfirmedTwice() {
        // Round 1: S1 = S2 = "A", the target caught at "B" (the source went A, B, A). Round 2: the
        // target shows "A": equal. Counting round 1 alone would report a difference that is not one.
        source.rows.put(1L, row(1, "A"));
        target.rows.put(1L, row(1, "B"));
        target.onRead.add(() -> { });
        target.onRead.add(() -> target.rows.put(1L, row(1, "A")));
        KeyRecheck.Result r = recheck(5, 1);
        assertThat(r.differences()).isEmpty();
        assertThat(r.equal()).isOne();
    }

    @Test
    void aTargetThatShowsAnotherWrongValueEachRoundIsConfirmedOnlyWhenSteady() {
        source.rows.put(1L, row(1, "A"));
        target.rows.put(1L, row(1, "B"));
        target.onRead.add(() -> { });
        target.onRead.add(() -> target.rows.put(1L, row(1, "C")));
        KeyRecheck.Result r = recheck(5, 1);
        assertThat(r.differences()).singleElement().isEqualTo(new Difference("id=1", Difference.Kind.CHANGED, List.of("v")));
        assertThat(waits).as("B, then C (starts again), then C").isEqualTo(3);
    }

    @Test
    void whenTheTargetDoesNotCatchUpNothingIsReported() {
        source.rows.put(1L, row(1, "a"));
        waitResult = Optional.of("the pipeline is not running");
        KeyRecheck.Result r = recheck(5, 1);
        assertThat(r.differences()).isEmpty();
        assertThat(r.unconfirmed()).containsExactly(new KeyRecheck.Unconfirmed("id=1", "the pipeline is not running"));
        assertThat(target.reads).as("the target is not read before it caught up").isZero();
    }

    @Test
    void jsonComparesAsDocumentsNotText() {
        source.rows.put(1L, new Object[] {1L, "x", "{\"b\": 1, \"a\": [1, 2.50]}"});
        target.rows.put(1L, new Object[] {1L, "x", "{\"a\": [1, 2.5], \"b\": 1.0}"});
        assertThat(recheck(5, 1).equal()).isOne();
        assertThat(Values.sameJson("{\"a\": \"1\"}", "{\"a\": 1}")).as("a string is not a number").isFalse();
        assertThat(Values.sameJson("[1, 2]", "[2, 1]")).as("arrays keep their order").isFalse();
        assertThat(Values.sameJson("12345678901234567890", "12345678901234567891")).as("big numbers exactly").isFalse();
    }
}
