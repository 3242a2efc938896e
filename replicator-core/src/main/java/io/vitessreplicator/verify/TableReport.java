package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableId;
import java.util.List;

/**
 * What {@code verify} found for one table.
 *
 * @param table          the source table
 * @param sourceRows     the source's row count (read at one moment)
 * @param targetRows     the target's row count (read at another), -1 when the target has no table
 * @param compared       source rows compared with the target
 * @param targetKeys     target keys looked up at the source
 * @param firstSight     keys that differed when first compared (most are writes in flight)
 * @param differences    confirmed differences, at most the limit
 * @param unconfirmed    keys that could be confirmed neither way
 * @param notRechecked   keys that differed at first sight but were not rechecked (limit reached)
 */
record TableReport(TableId table, long sourceRows, long targetRows, long compared, long targetKeys,
                          long firstSight, List<Difference> differences, List<KeyRecheck.Unconfirmed> unconfirmed,
                          long notRechecked) {
    TableReport {
        requireNonNull(table, "table is null");
        differences = List.copyOf(differences);
        unconfirmed = List.copyOf(unconfirmed);
    }

    /** The target has no table for it. */
    boolean targetMissing() {
        return targetRows < 0;
    }

    boolean differs() {
        return targetMissing() || !differences.isEmpty();
    }

    boolean inconclusive() {
        return !unconfirmed.isEmpty();
    }
}
