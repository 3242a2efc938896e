package io.vitessreplicator.source;

import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.TypeWidening;
import java.util.List;

/**
 * Maps the rows of one shard (as its FIELD event describes them) onto the target table's columns:
 * reorders, fills columns the shard does not have yet, widens narrower values. The identity when
 * the shard and the target agree, which is the usual case.
 */
public final class Projection {
    private final TableSchema field;
    private final TableSchema target;
    private final int[] from;
    private final Object[] fills;
    private final ColumnType[] fromTypes;
    private final boolean identity;
    private final int version;

    private Projection(TableSchema field, TableSchema target, int[] from, Object[] fills, boolean identity, int version) {
        this.field = field;
        this.target = target;
        this.from = from;
        this.fills = fills;
        this.identity = identity;
        this.version = version;
        this.fromTypes = new ColumnType[from.length];
        for (int i = 0; i < from.length; i++) {
            fromTypes[i] = from[i] < 0 ? null : field.columns().get(from[i]).type();
        }
    }

    static Projection of(TableSchema field, TableSchema target, List<Integer> from, List<Object> fills, int version) {
        int[] f = from.stream().mapToInt(Integer::intValue).toArray();
        boolean identity = f.length == field.columns().size();
        for (int i = 0; identity && i < f.length; i++) {
            identity = f[i] == i && field.columns().get(i).type().equals(target.columns().get(i).type())
                    && field.columns().get(i).name().equals(target.columns().get(i).name());
        }
        // Rows of an identical shape carry the target schema object, so the batch groups them together.
        return new Projection(field, target, f, fills.toArray(), identity, version);
    }

    /** The shard's FIELD schema this projection reads. */
    public TableSchema field() {
        return field;
    }

    /** The target columns rows are written with. */
    public TableSchema target() {
        return target;
    }

    int version() {
        return version;
    }

    /** A row image in {@link #field()} order → values in {@link #target()} order. */
    public Object[] apply(Object[] row) {
        if (row == null || identity) {
            return row;
        }
        Object[] out = new Object[from.length];
        List<io.vitessreplicator.model.Column> cols = target.columns();
        for (int i = 0; i < from.length; i++) {
            out[i] = from[i] < 0 ? fills[i] : TypeWidening.convert(row[from[i]], fromTypes[i], cols.get(i).type());
        }
        return out;
    }
}
