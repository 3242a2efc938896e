package io.vitessreplicator.verify;

import io.vitessreplicator.model.TableSchema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * A primary key as a map key: the key's values in {@link TableSchema#primaryKey()} order, with
 * equality by value ({@code byte[]} by content, decimals by numeric value), so that a key read from
 * the source and the same key read back from the target are equal.
 */
final class RowKey {
    private final Object[] values;
    private final int hash;

    RowKey(Object[] values) {
        this.values = values.clone();
        int h = 1;
        for (Object v : values) {
            h = 31 * h + hashOf(v);
        }
        this.hash = h;
    }

    static RowKey of(TableSchema table, Object[] row) {
        return new RowKey(table.keyOf(row));
    }

    Object[] values() {
        return values.clone();
    }

    private static int hashOf(Object v) {
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
        }
        return v == null ? 0 : v.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RowKey k) || k.hash != hash || k.values.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Values.sameKeyValue(values[i], k.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code id=5}, or {@code (a=1, b='x')} for a composite key; what the operator can paste in a WHERE. */
    String describe(List<String> columns) {
        StringBuilder b = new StringBuilder(values.length > 1 ? "(" : "");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(columns.get(i)).append('=').append(Values.literal(values[i]));
        }
        return b.append(values.length > 1 ? ")" : "").toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Values.literal(values[i]));
        }
        return b.append(')').toString();
    }
}
