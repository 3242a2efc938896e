package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a source table as the stream last described it (a VStream FIELD event): the
 * columns in row-image order and the primary key.
 */
public final class TableSchema {
    private final TableId id;
    private final List<Column> columns;
    private final List<String> primaryKey;
    private final int[] primaryKeyIndexes;
    /** Cached: the batcher looks a table up by its schema for every row change. */
    private final int hash;

    public TableSchema(TableId id, List<Column> columns, List<String> primaryKey) {
        this.id = requireNonNull(id, "id is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.primaryKey = List.copyOf(requireNonNull(primaryKey, "primaryKey is null"));
        this.primaryKeyIndexes = new int[this.primaryKey.size()];
        for (int i = 0; i < primaryKeyIndexes.length; i++) {
            primaryKeyIndexes[i] = indexOf(this.primaryKey.get(i)).orElseThrow(() -> new IllegalArgumentException(
                    "Primary key column of " + id + " is not among its columns"));
        }
        this.hash = id.hashCode() * 31 + this.columns.hashCode();
    }

    public TableId id() {
        return id;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** Positions of the primary-key columns in a row image. Do not modify. */
    public int[] primaryKeyIndexes() {
        return primaryKeyIndexes;
    }

    public Optional<Integer> indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The primary-key values of a row image, in key order. */
    public Object[] keyOf(Object[] row) {
        Object[] key = new Object[primaryKeyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[primaryKeyIndexes[i]];
        }
        return key;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TableSchema t && hash == t.hash && id.equals(t.id) && columns.equals(t.columns)
                && primaryKey.equals(t.primaryKey);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return id + columns.toString() + " pk=" + primaryKey;
    }
}
