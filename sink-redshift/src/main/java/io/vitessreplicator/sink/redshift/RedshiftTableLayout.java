package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How tables the sink creates are distributed and sorted (Redshift's DISTSTYLE, DISTKEY and
 * SORTKEY; they cannot be changed in place on an existing table by this sink).
 *
 * @param distStyle   AUTO (default: Redshift chooses and adapts), EVEN, ALL, or KEY
 * @param distKey     for KEY: the column; null means the first primary-key column
 * @param sortKey     PRIMARY_KEY (default: a compound sort key on the primary key, which the merge's
 *                    key joins use), COLUMNS (the {@code sortKeyColumns}), or AUTO (no SORTKEY clause:
 *                    Redshift's default for a table created without one is SORTKEY AUTO; the clause
 *                    itself is left out because the parser check's sqlglot does not know it)
 * @param sortKeyColumns for COLUMNS: the compound sort key's columns, in order
 */
public record RedshiftTableLayout(DistStyle distStyle, String distKey, SortKey sortKey, List<String> sortKeyColumns) {

    public static final RedshiftTableLayout DEFAULTS =
            new RedshiftTableLayout(DistStyle.AUTO, null, SortKey.PRIMARY_KEY, List.of());

    public enum DistStyle { AUTO, EVEN, ALL, KEY }

    public enum SortKey { AUTO, PRIMARY_KEY, COLUMNS }

    public RedshiftTableLayout {
        requireNonNull(distStyle, "distStyle is null");
        requireNonNull(sortKey, "sortKey is null");
        sortKeyColumns = List.copyOf(requireNonNull(sortKeyColumns, "sortKeyColumns is null"));
        if (distKey != null && distStyle != DistStyle.KEY) {
            throw new IllegalArgumentException("a distribution key needs distribution style KEY");
        }
        if ((sortKey == SortKey.COLUMNS) == sortKeyColumns.isEmpty()) {
            throw new IllegalArgumentException("sort key columns are given exactly when the sort key is COLUMNS");
        }
    }
}
