package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import java.util.List;

/**
 * Where one source table's rows go: the target schema and table, and the PostgreSQL type of each
 * source column (same order as {@link TableSchema#columns()}).
 */
record TargetTable(TableSchema source, String schema, String name, List<PgType> columnTypes, DeleteMode deleteMode) {
    static final String DELETED_COLUMN = "_vr_deleted";
    static final String DELETED_AT_COLUMN = "_vr_deleted_at";

    TargetTable {
        requireNonNull(source, "source is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        columnTypes = List.copyOf(requireNonNull(columnTypes, "columnTypes is null"));
        requireNonNull(deleteMode, "deleteMode is null");
        if (columnTypes.size() != source.columns().size()) {
            throw new IllegalArgumentException("one type per column expected");
        }
    }

    /** {@code "schema"."table"}. */
    String qualifiedName() {
        return PgIdentifier.qualified(schema, name);
    }
}
