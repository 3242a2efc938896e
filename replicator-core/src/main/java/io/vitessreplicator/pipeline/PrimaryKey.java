package io.vitessreplicator.pipeline;

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
