package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which of the keys that looked different at first sight really differ, while the
 * pipeline keeps streaming. A first look compares a source row read at one moment with a target
 * row read at another, so any key written in between looks different; reporting it would be a
 * false alarm. So each key is checked again in rounds, in the spirit of VDiff's consistent
 * snapshot:
 * <ol>
 *   <li>read the source row (S1);</li>
 *   <li>wait until the target's checkpoint has passed the source's position read <em>after</em>
 *       S1 ({@link Sides#awaitTargetPassesSource}): every change S1 reflects is then in the target,
 *       unless it was lost;</li>
 *   <li>read the target row (T), then the source row again (S2).</li>
 * </ol>
 * If S1 and S2 differ, the key changed during the round: nothing can be concluded from it
 * (a <em>hot</em> key), and the round is repeated. If S1 = S2 = T, the key is equal after all and
 * dropped. If S1 = S2 and T differs, the target missed a change that happened before the position
 * it has passed. A key is reported only when that holds in {@link #CONFIRMATIONS} rounds in a row
 * with the same source row and the same target row each time: the second round's position is read
 * well after the first round's source reads, which closes the short window in which a transaction
 * is visible to a read but not yet in {@code gtid_executed}, and a source that went A, B, A between
 * the reads (the target caught at B) does not count twice.
 *
 * <p>The sides should read the source rows and the position where they are current: on the
 * primary. A replica that lags the one the pipeline streams from would show an older row than the
 * target already has.
 *
 * <p>A key that is still changing after the last round is reported as not confirmed, never as a
 * difference. When the target does not pass the position in time (the pipeline stopped or lags
 * more than the settle timeout), the keys left are not confirmed either, and the result says why.
 */
final class KeyRecheck {
    /** Rounds in a row in which a key must be found different before it is reported. */
    static final int CONFIRMATIONS = 2;

    /** What the recheck reads and waits for. */
    interface Sides {
        /** The source rows of these keys now (absent keys are left out). */
        List<Object[]> sourceRows(List<Object[]> keys);

        /** The target rows of these keys now (absent keys are left out). */
        List<Object[]> targetRows(List<Object[]> keys);

        /**
         * Reads the source's current position and waits until the target's checkpoint has passed it.
         *
         * @return empty when it has; otherwise why not (for the operator)
         */
        java.util.Optional<String> awaitTargetPassesSource();
    }

    /** A key that could not be confirmed either way, and why. */
    record Unconfirmed(String key, String reason) {}

    /** The outcome for a set of keys: confirmed differences, keys not confirmed, and keys found equal. */
    record Result(List<Difference> differences, List<Unconfirmed> unconfirmed, int equal) {}

    private final TableSchema table;
    private final Sides sides;
    private final int rounds;

    /** @param rounds at most this many rounds (at least {@link #CONFIRMATIONS}) */
    KeyRecheck(TableSchema table, Sides sides, int rounds) {
        this.table = requireNonNull(table, "table is null");
        this.sides = requireNonNull(sides, "sides is null");
        if (rounds < CONFIRMATIONS) {
            throw new IllegalArgumentException("rounds must be at least " + CONFIRMATIONS);
        }
        this.rounds = rounds;
    }

    private static final class State {
        final RowKey key;
        int confirmed;
        int changing;
        Object[] lastSource;
        Object[] lastTarget;

        State(RowKey key) {
            this.key = key;
        }
    }

    Result run(List<Object[]> keys) {
        Map<RowKey, State> pending = new LinkedHashMap<>();
        keys.forEach(k -> pending.putIfAbsent(new RowKey(k), new State(new RowKey(k))));
        List<Difference> differences = new ArrayList<>();
        List<Unconfirmed> unconfirmed = new ArrayList<>();
        int equal = 0;
        String stalled = null;
        for (int round = 0; round < rounds && !pending.isEmpty(); round++) {
            List<Object[]> asked = pending.keySet().stream().map(RowKey::values).toList();
            Map<RowKey, Object[]> s1 = byKey(sides.sourceRows(asked));
            var notPassed = sides.awaitTargetPassesSource();
            if (notPassed.isPresent()) {
                stalled = notPassed.get();
                break;
            }
            Map<RowKey, Object[]> t = byKey(sides.targetRows(asked));
            Map<RowKey, Object[]> s2 = byKey(sides.sourceRows(asked));
            for (var it = pending.values().iterator(); it.hasNext(); ) {
                State st = it.next();
                Object[] a = s1.get(st.key);
                Object[] b = s2.get(st.key);
                Object[] target = t.get(st.key);
                if (!Values.sameRow(table, a, b)) {
                    st.changing++;
                    st.confirmed = 0;
                } else if (Values.sameRow(table, a, target)) {
                    equal++;
                    it.remove();
                } else {
                    // Confirmed again only when neither side moved since the last round: a source
                    // that went A -> B -> A, with the target caught at B, is not a difference.
                    boolean steady = st.confirmed > 0 && Values.sameRow(table, a, st.lastSource)
                            && Values.sameRow(table, target, st.lastTarget);
                    st.confirmed = steady ? st.confirmed + 1 : 1;
                    st.lastSource = a;
                    st.lastTarget = target;
                    if (st.confirmed >= CONFIRMATIONS) {
                        differences.add(difference(st.key, a, target));
                        it.remove();
                    }
                }
            }
        }
        for (State st : pending.values()) {
            String key = st.key.describe(table.primaryKey());
            if (stalled != null) {
                unconfirmed.add(new Unconfirmed(key, stalled));
            } else if (st.changing > 0) {
                unconfirmed.add(new Unconfirmed(key, "changing at the source in " + st.changing + " of " + rounds
                        + " rechecks (a hot key); not a difference as far as verify can tell"));
            } else {
                unconfirmed.add(new Unconfirmed(key, "differed in " + st.confirmed + " of " + CONFIRMATIONS
                        + " rechecks needed"));
            }
        }
        return new Result(differences, unconfirmed, equal);
    }

    private Difference difference(RowKey key, Object[] source, Object[] target) {
        String k = key.describe(table.primaryKey());
        if (source == null) {
            return new Difference(k, Difference.Kind.EXTRA, List.of());
        }
        if (target == null) {
            return new Difference(k, Difference.Kind.MISSING, List.of());
        }
        return new Difference(k, Difference.Kind.CHANGED, Values.differingColumns(table, source, target));
    }

    private Map<RowKey, Object[]> byKey(List<Object[]> rows) {
        Map<RowKey, Object[]> m = new java.util.HashMap<>();
        rows.forEach(r -> m.put(RowKey.of(table, r), r));
        return m;
    }
}
