package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import java.util.List;

/**
 * Where one source table's rows go: the target schema and table, the name as written in SQL, and
 * the target type of each source column (same order as {@link TableSchema#columns()}).
 *
 * @param qualifiedName {@code "schema"."table"}, quoted by the dialect
 */
public record TargetTable(TableSchema source, String schema, String name, String qualifiedName, List<SqlType> columnTypes,
                   DeleteMode deleteMode) {
    public static final String DELETED_COLUMN = "_vr_deleted";
    public static final String DELETED_AT_COLUMN = "_vr_deleted_at";
    /** Staging column: 'U' (upsert, full row) or 'D' (delete, key columns only). */
    public static final String OP_COLUMN = "_vr_op";
    /** Staging column: the order of rows within a batch; a key's highest is its last op. */
    public static final String SEQ_COLUMN = "_vr_seq";

    public TargetTable {
        requireNonNull(source, "source is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(qualifiedName, "qualifiedName is null");
        columnTypes = List.copyOf(requireNonNull(columnTypes, "columnTypes is null"));
        requireNonNull(deleteMode, "deleteMode is null");
        if (columnTypes.size() != source.columns().size()) {
            throw new IllegalArgumentException("one type per column expected");
        }
    }
}
