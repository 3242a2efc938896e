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
public record TableChanges(TableSchema schema, List<Object[]> upserts, List<Object[]> deletes) {
    public TableChanges {
        requireNonNull(schema, "schema is null");
        requireNonNull(upserts, "upserts is null");
        requireNonNull(deletes, "deletes is null");
    }

    public int size() {
        return upserts.size() + deletes.size();
    }
}
