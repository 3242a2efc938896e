package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.TableChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces a run of row changes to the net effect per primary key, so the sink writes each row
 * at most once per batch:
 * <ul>
 *   <li>insert, then any updates → one upsert of the last after-image;</li>
 *   <li>anything, then delete → one delete;</li>
 *   <li>an update that changes the primary key → a delete of the old key and an upsert of the
 *       new row (a later change to either key overrides it as usual).</li>
 * </ul>
 * Keys are coalesced per table across its schema versions: when rows of one table arrive in two
 * shapes in one batch (two shards on either side of an ALTER, or a shard replayed after a
 * restart), a key ends up once, in the shape of its last change. Grouping per version instead
 * applied an older version's change after a newer one of the same key whenever the versions
 * interleaved (A, B, then A again), which lost the newer change.
 */
public final class Coalescer implements ChangeBuffer {
    private static final Object[] DELETED = new Object[0];

    /** Per table, in first-change order. */
    private final Map<TableId, TableRows> tables = new LinkedHashMap<>();
    private int changes;
    /** The schema of the previous change and its table's rows: consecutive changes are mostly of one table. */
    private TableSchema lastSchema;
    private TableRows lastRows;

    /**
     * One table's rows: key ({@link PrimaryKey#of}) → last after-image or {@link #DELETED}, in
     * first-change order. A key's image is in {@link #schema}'s shape unless {@link #otherShapes}
     * names another.
     */
    private static final class TableRows extends LinkedHashMap<Object, Object[]> {
        private static final long serialVersionUID = 1L;
        /** The first schema version of the table seen in this batch. */
        final TableSchema schema;
        /** Every version seen, in order; null while there is only {@link #schema}. */
        java.util.LinkedHashSet<TableSchema> shapes;
        /** Keys whose last image is of another version than {@link #schema}; null while there are none. */
        Map<Object, TableSchema> otherShapes;
        /** Every change so far inserted a copy-phase row under a key not seen before (see TableChanges). */
        boolean copiedRowsOnly = true;

        TableRows(TableSchema schema) {
            this.schema = schema;
        }

        /** Records that {@code key}'s last image is in {@code shape}. */
        void shape(Object key, TableSchema shape) {
            if (shape == schema) {
                if (otherShapes != null) {
                    otherShapes.remove(key);
                }
                return;
            }
            see(shape);
            if (!shape.equals(schema)) {
                otherShapes.put(key, shape);
            } else {
                otherShapes.remove(key);
            }
        }

        void see(TableSchema shape) {
            if (shape == schema) {
                return;
            }
            if (shapes == null) {
                shapes = new java.util.LinkedHashSet<>();
                shapes.add(schema);
                otherShapes = new java.util.HashMap<>();
            }
            shapes.add(shape);
        }
    }

    private TableRows rowsOf(TableSchema schema) {
        if (schema == lastSchema) {
            return lastRows;
        }
        TableRows rows = tables.computeIfAbsent(schema.id(), id -> new TableRows(schema));
        lastSchema = schema;
        lastRows = rows;
        return rows;
    }

    public void add(RowChange change) {
        TableSchema schema = change.schema();
        TableRows rows = rowsOf(schema);
        changes++;
        if (change.isInsert()) {
            Object key = PrimaryKey.of(schema, change.after());
            Object[] replaced = rows.put(key, change.after());
            rows.shape(key, schema);
            if (replaced != null || !change.origin().copied()) {
                rows.copiedRowsOnly = false;
            }
        } else if (change.isDelete()) {
            rows.copiedRowsOnly = false;
            Object key = PrimaryKey.of(schema, change.before());
            rows.put(key, DELETED);
            rows.shape(key, schema);
        } else {
            rows.copiedRowsOnly = false;
            Object oldKey = PrimaryKey.of(schema, change.before());
            Object newKey = PrimaryKey.of(schema, change.after());
            if (!oldKey.equals(newKey)) {
                rows.put(oldKey, DELETED);
                rows.shape(oldKey, schema);
                // Re-insert so the new key sits after the old key's delete in iteration order.
                rows.remove(newKey);
            }
            rows.put(newKey, change.after());
            rows.shape(newKey, schema);
        }
    }

    /** Makes the table part of the next drain even if no row of it arrives (empty TableChanges). */
    @Override
    public void touch(TableSchema schema) {
        rowsOf(schema).see(schema);
    }

    @Override
    public void addAll(List<RowChange> list) {
        for (RowChange c : list) {
            add(c);
        }
    }

    /** Row changes added since the last drain (before coalescing). */
    @Override
    public int changes() {
        return changes;
    }

    @Override
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /**
     * The net changes so far, and a fresh start: per table, one {@link TableChanges} per schema
     * version seen, in the order the versions appeared (each key in exactly one of them).
     */
    @Override
    public ChangeSet drain() {
        List<TableChanges> out = new ArrayList<>(tables.size());
        for (TableRows t : tables.values()) {
            if (t.shapes == null || t.otherShapes.isEmpty() && t.shapes.size() == 1) {
                out.add(changesOf(t, t.schema, t.entrySet()));
                continue;
            }
            Map<TableSchema, List<Map.Entry<Object, Object[]>>> byShape = new LinkedHashMap<>();
            for (TableSchema shape : t.shapes) {
                byShape.put(shape, new ArrayList<>());
            }
            for (Map.Entry<Object, Object[]> row : t.entrySet()) {
                byShape.get(t.otherShapes.getOrDefault(row.getKey(), t.schema)).add(row);
            }
            byShape.forEach((shape, rows) -> out.add(changesOf(t, shape, rows)));
        }
        tables.clear();
        lastSchema = null;
        lastRows = null;
        changes = 0;
        return new ChangeSet(out);
    }

    private static TableChanges changesOf(TableRows t, TableSchema shape, java.util.Collection<Map.Entry<Object, Object[]>> rows) {
        List<Object[]> upserts = new ArrayList<>(rows.size());
        List<Object[]> deletes = new ArrayList<>();
        for (Map.Entry<Object, Object[]> row : rows) {
            if (row.getValue() == DELETED) {
                deletes.add(PrimaryKey.values(row.getKey()));
            } else {
                upserts.add(row.getValue());
            }
        }
        return new TableChanges(shape, upserts, deletes, t.copiedRowsOnly && deletes.isEmpty());
    }
}
