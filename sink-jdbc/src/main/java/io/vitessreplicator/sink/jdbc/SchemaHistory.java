package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema-history table: one row per schema change applied to a target table, written in the
 * batch transaction that applies it, so it holds exactly the changes the target holds. The DDL is
 * the dialect's ({@link SqlDialect.SchemaChanges#createHistoryTable}); the insert is plain SQL.
 *
 * <pre>
 * id            bigserial PRIMARY KEY (or the target's identity column)
 * pipeline      text        -- the pipeline that applied it
 * source_table  text        -- keyspace.table
 * target_table  text        -- "schema"."table"
 * change        text        -- add_column, keep_column, drop_column, rename_column, widen_column,
 *                           -- change_primary_key, add_table, drop_table, truncate_table
 * detail        text        -- what changed, in words
 * source_ddl    text        -- the statement seen in the stream ('' when only a FIELD event showed it)
 * target_ddl    text        -- the statements run on the target ('' when none was needed)
 * position      text        -- the stream position (VGTID JSON) where the change was seen
 * applied_at    timestamptz -- the target's transaction time (a column default)
 * </pre>
 */
final class SchemaHistory {
    private final String table;
    private final SqlDialect.SchemaChanges ddl;

    SchemaHistory(SqlDialect dialect, String schema, String checkpointTable) {
        this.table = dialect.qualify(requireNonNull(schema, "schema is null"), checkpointTable + "_schema_history");
        this.ddl = dialect.schemaChanges();
    }

    String qualifiedName() {
        return table;
    }

    void createIfMissing(Connection control) throws SQLException {
        try (Statement s = control.createStatement()) {
            s.execute(ddl.createHistoryTable(table));
        }
    }

    void record(Connection batch, String pipeline, SchemaChange change, String targetTable, List<String> targetDdl,
                Position at) throws SQLException {
        try (PreparedStatement ps = batch.prepareStatement("INSERT INTO " + table + " (pipeline, source_table,"
                + " target_table, change, detail, source_ddl, target_ddl, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, pipeline);
            ps.setString(2, change.table().toString());
            ps.setString(3, targetTable);
            ps.setString(4, change.kind().toString());
            ps.setString(5, change.describe());
            ps.setString(6, change.sourceDdl());
            ps.setString(7, String.join(";\n", targetDdl));
            ps.setString(8, at == null ? null : at.toJson());
            ps.executeUpdate();
        }
    }

}
