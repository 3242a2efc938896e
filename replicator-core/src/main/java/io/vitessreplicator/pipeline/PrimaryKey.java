package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.TableSchema;
import java.util.Arrays;

/**
 * Primary-key values usable as a hash key: byte arrays (VARBINARY keys) compare by content,
 * everything else by {@code equals}. Values are exact stored values from the binlog images, so
 * two keys are equal exactly when they name the same source row.
 */
final class PrimaryKey {
    private final Object[] values;
    private final int hash;

    PrimaryKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.deepHashCode(values);
    }

    /**
     * The hash-map key of a row image's primary key: the value itself for a one-column key that
     * is not binary (no wrapper and no array to allocate per row), else a {@link PrimaryKey}.
     * Keys of one table schema always take the same form, so they compare correctly.
     */
    static Object of(TableSchema schema, Object[] row) {
        int[] indexes = schema.primaryKeyIndexes();
        if (indexes.length == 1) {
            Object v = row[indexes[0]];
            if (v != null && !(v instanceof byte[])) {
                return v;
            }
        }
        return new PrimaryKey(schema.keyOf(row));
    }

    /** The key values of a map key made by {@link #of}. */
    static Object[] values(Object key) {
        return key instanceof PrimaryKey k ? k.values : new Object[] {key};
    }

    Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimaryKey k && hash == k.hash && Arrays.deepEquals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
