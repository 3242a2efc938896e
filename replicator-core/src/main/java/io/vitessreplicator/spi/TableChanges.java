package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import java.util.List;

/**
 * The net effect of a batch on one table, already coalesced per primary key: each key appears
 * at most once, either in {@code upserts} (its last after-image) or in {@code deletes} (its
 * primary-key values, in {@link TableSchema#primaryKey()} order).
 *
 * <p>Rows are in {@code schema}'s column order. A primary-key change arrives as a delete of the
 * old key and an upsert of the new row.
 */
public record TableChanges(TableSchema schema, List<Object[]> upserts, List<Object[]> deletes, boolean copiedRowsOnly) {
    /**
     * @param copiedRowsOnly every upsert is a row the copy phase read, inserted once in this
     *                       batch, and there are no deletes: the rows are new to the target unless a
     *                       resumed copy reads some of them again. A sink may write such rows
     *                       straight into the table, provided it falls back to its merge when a key
     *                       already exists there; false promises nothing
     */
    public TableChanges {
        requireNonNull(schema, "schema is null");
        requireNonNull(upserts, "upserts is null");
        requireNonNull(deletes, "deletes is null");
        if (copiedRowsOnly && !deletes.isEmpty()) {
            throw new IllegalArgumentException("copied rows only, but with deletes");
        }
    }

    /** Changes that promise nothing about where their rows came from. */
    public TableChanges(TableSchema schema, List<Object[]> upserts, List<Object[]> deletes) {
        this(schema, upserts, deletes, false);
    }

    public int size() {
        return upserts.size() + deletes.size();
    }
}
