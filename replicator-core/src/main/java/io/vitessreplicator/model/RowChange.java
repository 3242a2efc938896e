package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

/**
 * One row event from the source: an insert (after only), a delete (before only) or an update
 * (both). Images hold one Java value per column of {@link #schema()}, typed as documented on
 * {@link ColumnType}. A row the copy phase read is an insert whose {@link #origin()} says so.
 */
public record RowChange(TableSchema schema, Object[] before, Object[] after, RowOrigin origin) {
    public RowChange {
        requireNonNull(schema, "schema is null");
        requireNonNull(origin, "origin is null");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a row change needs a before or an after image");
        }
    }

    /** A change whose origin is not known (tests, tools). */
    public RowChange(TableSchema schema, Object[] before, Object[] after) {
        this(schema, before, after, RowOrigin.UNKNOWN);
    }

    public boolean isInsert() {
        return before == null;
    }

    public boolean isDelete() {
        return after == null;
    }

    public boolean isUpdate() {
        return before != null && after != null;
    }
}
