package io.vitessreplicator.source.decode;

import io.vitessreplicator.model.TableId;

/**
 * Which source columns to replicate. An excluded column never reaches the schema or the row
 * images: its values are skipped while decoding, so excluding a column whose type has no mapping
 * (GEOMETRY, VECTOR) is how such a table can still be replicated.
 */
@FunctionalInterface
public interface ColumnFilter {
    /** Replicates every column. */
    ColumnFilter ALL = (table, column) -> true;

    /** True to replicate {@code column} of {@code table}; false to drop it. */
    boolean include(TableId table, String column);
}
