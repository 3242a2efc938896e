package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

/**
 * One row event from the source: an insert (after only), a delete (before only) or an update
 * (both). Images hold one Java value per column of {@link #schema()}, typed as documented on
 * {@link ColumnType}.
 */
public record RowChange(TableSchema schema, Object[] before, Object[] after) {
    public RowChange {
        requireNonNull(schema, "schema is null");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a row change needs a before or an after image");
        }
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
