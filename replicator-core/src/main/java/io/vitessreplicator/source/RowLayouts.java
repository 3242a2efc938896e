package io.vitessreplicator.source;

import io.vitess.proto.Query;
import io.vitessreplicator.state.ReplicatorState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The column layout of each shard's binlog rows of each table, followed through the DDL the
 * stream delivers, so that a FIELD event's column <em>names</em> are not trusted blindly.
 *
 * <p>vttablet names the columns of a row event from the schema it has for that position: its
 * schema history when {@code --track-schema-versions} is on and has caught up, otherwise the
 * table's <em>current</em> schema. So rows written before an ALTER can arrive under the names the
 * ALTER gave (a stream resumed from before a RENAME COLUMN, or a live stream whose schema engine
 * reloaded before the stream reached the DDL), and when the current schema has fewer columns than
 * the row, or other types, the columns are just {@code @1, @2, ...} (the stream asks for that
 * instead of failing: {@code FieldEventMode.BEST_EFFORT}). What a row event does carry exactly is
 * its column count and binlog types; and the DDL events arrive in binlog order. So the layout is
 * the previous layout with the DDL seen since applied to it, and a FIELD event whose columns fit
 * it (same count, compatible types) is read with the layout's names; a column vttablet did name
 * as the layout does keeps what vttablet sent (its flags carry primary-key changes).
 */
final class RowLayouts {
    /** "keyspace/shard/table" → the columns of that shard's rows, as last accepted. */
    private final Map<String, List<Query.Field>> layouts = new HashMap<>();

    /** One expected column: the previous field it continues (null: added or redefined by DDL). */
    private record Expected(String name, Query.Field base, String typeText) {}

    /** The layout a shard's rows had at its last FIELD event; null when unknown. */
    List<Query.Field> get(String key) {
        return layouts.get(key);
    }

    /** Records the layout a FIELD event was read with; true when it differs from the last one. */
    boolean accept(String key, List<Query.Field> fields) {
        List<Query.Field> kept = fields.stream().map(RowLayouts::essential).toList();
        return !kept.equals(layouts.put(key, kept));
    }

    /** The attributes a field is decoded with: those saved in the state. */
    private static Query.Field essential(Query.Field f) {
        return fieldOf(stateOf(f));
    }

    private static ReplicatorState.FieldState stateOf(Query.Field f) {
        return ReplicatorState.FieldState.newBuilder().setName(f.getName()).setType(f.getType().name())
                .setColumnType(f.getColumnType()).setFlags(f.getFlags()).setCharset(f.getCharset())
                .setColumnLength(f.getColumnLength()).setDecimals(f.getDecimals()).build();
    }

    private static Query.Field fieldOf(ReplicatorState.FieldState f) {
        return Query.Field.newBuilder().setName(f.getName()).setType(Query.Type.valueOf(f.getType().toUpperCase(Locale.ROOT)))
                .setColumnType(f.getColumnType()).setFlags(f.getFlags()).setCharset(f.getCharset())
                .setColumnLength(f.getColumnLength()).setDecimals(f.getDecimals()).build();
    }

    void remove(String key) {
        layouts.remove(key);
    }

    /** The keys ("keyspace/shard/table") of the layouts known, a copy. */
    java.util.Set<String> keys() {
        return new java.util.TreeSet<>(layouts.keySet());
    }

    /** Records a layout as known (already in the state's form), e.g. one a shard inherits. */
    void put(String key, List<Query.Field> fields) {
        layouts.put(key, fields);
    }

    /**
     * The columns to read a FIELD event's rows with.
     *
     * @param ddls the ALTERs of this table seen on the shard since its last FIELD event
     * @return {@code incoming} itself when there is no known layout to check it against, or when it
     *         does not fit the expected layout and has real names (an ALTER this class did not follow)
     * @throws SourceException (transient) when the columns are nameless and fit nothing known
     */
    List<Query.Field> resolve(String key, String table, String shard, List<Query.Field> incoming, List<Ddl> ddls) {
        List<Query.Field> prev = layouts.get(key);
        List<Expected> expected = prev == null ? null : expected(prev, ddls);
        if (expected == null && isNameless(incoming)) {
            expected = otherShards(key, incoming);
        }
        if (expected != null && expected.size() == incoming.size() && fits(expected, incoming)) {
            List<Query.Field> out = new ArrayList<>(incoming.size());
            for (int i = 0; i < incoming.size(); i++) {
                Expected e = expected.get(i);
                Query.Field in = incoming.get(i);
                if (in.getName().equalsIgnoreCase(e.name())) {
                    out.add(in); // vttablet named it right: its flags (primary key) and column type are current
                } else if (e.base() != null) {
                    out.add(e.name().equals(e.base().getName()) ? e.base() : e.base().toBuilder().setName(e.name()).build());
                } else {
                    Query.Field.Builder b = in.toBuilder().setName(e.name());
                    if (b.getColumnType().isEmpty() && e.typeText() != null && !e.typeText().isEmpty()) {
                        b.setColumnType(e.typeText());
                    }
                    out.add(b.build());
                }
            }
            return out;
        }
        if (isNameless(incoming)) {
            throw new SourceException("vttablet could not name the columns of " + table + " on shard " + shard
                    + " at this position (its schema for the table does not fit the binlog row, and the replicator has"
                    + " no layout for it either: " + (prev == null ? "no earlier FIELD event" : "an ALTER it could not"
                    + " follow") + "); reading again from the checkpoint", null, true);
        }
        return incoming;
    }

    /**
     * The layout other shards' rows of the table have, when exactly one such layout fits: for a
     * shard whose own layout is unknown (a table replaced by an online DDL cut-over whose ALTER was
     * not seen), and whose vttablet cannot name the columns either, the shards that already went
     * through the same change tell the names. Null when none or several different ones fit.
     */
    private List<Expected> otherShards(String key, List<Query.Field> incoming) {
        String[] k = key.split("/", 3);
        List<List<Query.Field>> fitting = new ArrayList<>();
        for (Map.Entry<String, List<Query.Field>> e : layouts.entrySet()) {
            String[] o = e.getKey().split("/", 3);
            if (!o[0].equals(k[0]) || !o[2].equals(k[2]) || o[1].equals(k[1]) || isNameless(e.getValue())) {
                continue;
            }
            List<Expected> candidate = e.getValue().stream().map(f -> new Expected(f.getName(), f, null)).toList();
            if (candidate.size() == incoming.size() && fits(candidate, incoming)
                    && fitting.stream().noneMatch(f -> names(f).equals(names(e.getValue())))) {
                fitting.add(e.getValue());
            }
        }
        return fitting.size() != 1 ? null : fitting.get(0).stream().map(f -> new Expected(f.getName(), f, null)).toList();
    }

    private static List<String> names(List<Query.Field> fields) {
        return fields.stream().map(f -> f.getName().toLowerCase(Locale.ROOT)).toList();
    }

    /** The previous layout with the DDL applied; null when a DDL changed it in a way not followed. */
    private static List<Expected> expected(List<Query.Field> prev, List<Ddl> ddls) {
        List<Expected> cols = new ArrayList<>(prev.size());
        prev.forEach(f -> cols.add(new Expected(f.getName(), f, null)));
        for (Ddl d : ddls) {
            if (d.kind() == Ddl.Kind.RENAME_TABLE) {
                return null; // the table was replaced (online DDL's cut-over, its ALTER not seen): the FIELD tells
            }
            for (Ddl.ColumnOp op : d.columnOps()) {
                switch (op.op()) {
                    case UNKNOWN -> {
                        return null;
                    }
                    case ADD -> {
                        if (!insert(cols, new Expected(op.newName(), null, op.typeText()), op.after())) {
                            return null;
                        }
                    }
                    case DROP -> {
                        int i = indexOf(cols, op.column());
                        if (i < 0) {
                            return null;
                        }
                        cols.remove(i);
                    }
                    case RENAME -> {
                        int i = indexOf(cols, op.column());
                        if (i < 0) {
                            return null;
                        }
                        cols.set(i, new Expected(op.newName(), cols.get(i).base(), cols.get(i).typeText()));
                    }
                    case CHANGE, MODIFY -> {
                        int i = indexOf(cols, op.column());
                        if (i < 0) {
                            return null;
                        }
                        Expected e = new Expected(op.newName(), null, op.typeText());
                        if (op.after() == null) {
                            cols.set(i, e);
                        } else {
                            cols.remove(i);
                            if (!insert(cols, e, op.after())) {
                                return null;
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    private static boolean insert(List<Expected> cols, Expected e, String after) {
        if (after == null) {
            cols.add(e);
        } else if (after.isEmpty()) {
            cols.add(0, e);
        } else {
            int i = indexOf(cols, after);
            if (i < 0) {
                return false;
            }
            cols.add(i + 1, e);
        }
        return true;
    }

    private static int indexOf(List<Expected> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean fits(List<Expected> expected, List<Query.Field> incoming) {
        for (int i = 0; i < incoming.size(); i++) {
            Query.Field base = expected.get(i).base();
            if (base != null && !compatible(base.getType(), incoming.get(i).getType())) {
                return false;
            }
        }
        return true;
    }

    // Vitess type numbers carry flags (query.proto, enum Flag): the families vttablet itself
    // accepts as "compatible" between a binlog row and a schema (sqltypes.AreTypesCompatible).
    private static final int INTEGRAL = 256;
    private static final int FLOAT = 1024;
    private static final int QUOTED = 2048;

    static boolean compatible(Query.Type a, Query.Type b) {
        if (a == b) {
            return true;
        }
        int x = a.getNumber();
        int y = b.getNumber();
        return (x & INTEGRAL) != 0 && (y & INTEGRAL) != 0
                || (x & FLOAT) != 0 && (y & FLOAT) != 0
                || (x & QUOTED) != 0 && (y & QUOTED) != 0;
    }

    static boolean isNameless(List<Query.Field> fields) {
        return !fields.isEmpty() && fields.stream().allMatch(f -> f.getName().matches("@[0-9]+"));
    }

    // ------------------------------------------------------------------------------------ state

    void save(ReplicatorState.PipelineState.Builder b) {
        layouts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] k = e.getKey().split("/", 3);
            ReplicatorState.RowLayoutState.Builder l = ReplicatorState.RowLayoutState.newBuilder()
                    .setKeyspace(k[0]).setShard(k[1]).setTable(k[2]);
            e.getValue().forEach(f -> l.addFields(stateOf(f)));
            b.addRowLayouts(l);
        });
    }

    void restore(ReplicatorState.PipelineState s) {
        for (ReplicatorState.RowLayoutState l : s.getRowLayoutsList()) {
            layouts.put(l.getKeyspace() + "/" + l.getShard() + "/" + l.getTable(),
                    l.getFieldsList().stream().map(RowLayouts::fieldOf).toList());
        }
    }
}
