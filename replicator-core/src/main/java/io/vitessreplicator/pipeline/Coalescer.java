package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.RowChange;
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
 * Changes are grouped per table schema version: if a table's columns change mid-batch, rows of
 * each version stay apart, in the order the versions appeared.
 */
public final class Coalescer implements ChangeBuffer {
    private static final Object[] DELETED = new Object[0];

    /** Per schema version, key ({@link PrimaryKey#of}) → last after-image, or {@link #DELETED}. */
    private final Map<TableSchema, TableRows> tables = new LinkedHashMap<>();
    private int changes;
    /** The table of the previous change: consecutive changes are mostly of one table. */
    private TableSchema lastSchema;
    private TableRows lastRows;

    /** One table's rows: key → last after-image or {@link #DELETED}, in first-change order. */
    private static final class TableRows extends LinkedHashMap<Object, Object[]> {
        private static final long serialVersionUID = 1L;
        /** Every change so far inserted a copy-phase row under a key not seen before (see TableChanges). */
        boolean copiedRowsOnly = true;
    }

    public void add(RowChange change) {
        TableSchema schema = change.schema();
        TableRows rows = lastRows;
        if (schema != lastSchema) {
            rows = tables.computeIfAbsent(schema, s -> new TableRows());
            lastSchema = schema;
            lastRows = rows;
        }
        changes++;
        if (change.isInsert()) {
            Object[] replaced = rows.put(PrimaryKey.of(schema, change.after()), change.after());
            if (replaced != null || !change.origin().copied()) {
                rows.copiedRowsOnly = false;
            }
        } else if (change.isDelete()) {
            rows.copiedRowsOnly = false;
            rows.put(PrimaryKey.of(schema, change.before()), DELETED);
        } else {
            rows.copiedRowsOnly = false;
            Object oldKey = PrimaryKey.of(schema, change.before());
            Object newKey = PrimaryKey.of(schema, change.after());
            if (!oldKey.equals(newKey)) {
                rows.put(oldKey, DELETED);
                // Re-insert so the new key sits after the old key's delete in iteration order.
                rows.remove(newKey);
            }
            rows.put(newKey, change.after());
        }
    }

    /** Makes the table part of the next drain even if no row of it arrives (empty TableChanges). */
    @Override
    public void touch(TableSchema schema) {
        tables.computeIfAbsent(schema, s -> new TableRows());
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

    /** The net changes so far, and a fresh start. */
    @Override
    public ChangeSet drain() {
        List<TableChanges> out = new ArrayList<>(tables.size());
        for (Map.Entry<TableSchema, TableRows> e : tables.entrySet()) {
            List<Object[]> upserts = new ArrayList<>(e.getValue().size());
            List<Object[]> deletes = new ArrayList<>();
            for (Map.Entry<Object, Object[]> row : e.getValue().entrySet()) {
                if (row.getValue() == DELETED) {
                    deletes.add(PrimaryKey.values(row.getKey()));
                } else {
                    upserts.add(row.getValue());
                }
            }
            out.add(new TableChanges(e.getKey(), upserts, deletes, e.getValue().copiedRowsOnly && deletes.isEmpty()));
        }
        tables.clear();
        lastSchema = null;
        lastRows = null;
        changes = 0;
        return new ChangeSet(out);
    }
}
