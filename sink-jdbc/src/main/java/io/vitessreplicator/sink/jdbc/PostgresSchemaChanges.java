package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgIdentifier.quote;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The PostgreSQL statements that apply one {@link SchemaChange} to its target table. They all run
 * in the batch transaction (PostgreSQL's DDL is transactional), so a change commits with the rows
 * around it and the checkpoint, or not at all.
 */
final class PostgresSchemaChanges implements SqlDialect.SchemaChanges {

    @Override
    public SqlDialect.SchemaChangeStatements statements(SchemaChange change, String table, DeleteMode deleteMode,
                                                        Connection catalog) throws SQLException {
        return SqlDialect.SchemaChangeStatements.transactional(of(change, table, deleteMode, catalog));
    }

    /**
     * A table copied again: the keys table starts as the target's key columns with no rows.
     */
    @Override
    public List<String> copyStarted(String keysTable, String table, List<String> primaryKey) {
        StringJoiner cols = new StringJoiner(", ");
        primaryKey.forEach(k -> cols.add(quote(k)));
        return List.of("CREATE TABLE IF NOT EXISTS " + keysTable + " AS SELECT " + cols + " FROM " + table
                + " WITH NO DATA");
    }

    /** The rows the copy did not write (deleted at the source while vttablet copied) go. */
    @Override
    public List<String> copyCompleted(String keysTable, String table, List<String> primaryKey, DeleteMode deleteMode) {
        StringJoiner match = new StringJoiner(" AND ");
        primaryKey.forEach(k -> match.add("k." + quote(k) + " = t." + quote(k)));
        String absent = "NOT EXISTS (SELECT 1 FROM " + keysTable + " AS k WHERE " + match + ")";
        return List.of(deleteMode == DeleteMode.SOFT
                        ? "UPDATE " + table + " AS t SET " + quote(TargetTable.DELETED_COLUMN) + " = true, "
                        + quote(TargetTable.DELETED_AT_COLUMN) + " = now() WHERE " + absent + " AND NOT t."
                        + quote(TargetTable.DELETED_COLUMN)
                        : "DELETE FROM " + table + " AS t WHERE " + absent,
                "DROP TABLE " + keysTable);
    }

    @Override
    public String createHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id bigserial PRIMARY KEY, pipeline text NOT NULL,"
                + " source_table text NOT NULL, target_table text NOT NULL, change text NOT NULL, detail text NOT NULL,"
                + " source_ddl text NOT NULL, target_ddl text NOT NULL, position text, applied_at timestamptz NOT NULL"
                + " DEFAULT now())";
    }

    /**
     * @param table   the target table, "schema"."name"
     * @param catalog the batch connection, to read the current primary-key constraint's name
     */
    static List<String> of(SchemaChange change, String table, DeleteMode deleteMode, Connection catalog)
            throws SQLException {
        TableId id = change.table();
        List<String> out = new ArrayList<>();
        if (change instanceof SchemaChange.AddColumn a) {
            Column c = a.column();
            SqlType type = PostgresTypeMapping.of(id, c);
            String add = "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + quote(c.name()) + " " + type.ddl();
            if (a.fill() == null) {
                out.add(add);
            } else {
                // Existing rows get the source's default (a metadata-only change in PostgreSQL 11+);
                // the default is then removed, as every row written later carries its value.
                out.add(add + " DEFAULT " + literal(c, type, a.fill()));
                out.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(c.name()) + " DROP DEFAULT");
            }
        } else if (change instanceof SchemaChange.KeepColumn k) {
            out.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(k.column()) + " DROP NOT NULL");
        } else if (change instanceof SchemaChange.DropColumn d) {
            out.add("ALTER TABLE " + table + " DROP COLUMN IF EXISTS " + quote(d.column()));
        } else if (change instanceof SchemaChange.RenameColumn r) {
            out.add("ALTER TABLE " + table + " RENAME COLUMN " + quote(r.from()) + " TO " + quote(r.to()));
        } else if (change instanceof SchemaChange.WidenColumn w) {
            SqlType from = PostgresTypeMapping.of(id, w.from());
            SqlType to = PostgresTypeMapping.of(id, w.to());
            if (!from.catalogName().equals(to.catalogName())) {
                out.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(w.to().name()) + " TYPE " + to.ddl()
                        + " USING " + quote(w.to().name()) + "::" + to.ddl());
            }
        } else if (change instanceof SchemaChange.ChangePrimaryKey p) {
            StringJoiner cols = new StringJoiner(", ");
            p.to().forEach(c -> cols.add(quote(c)));
            String constraint = primaryKeyConstraint(catalog, table);
            out.add("ALTER TABLE " + table + (constraint == null ? "" : " DROP CONSTRAINT " + quote(constraint) + ",")
                    + " ADD PRIMARY KEY (" + cols + ")");
        } else if (change instanceof SchemaChange.DropTable d) {
            if (d.dropTarget()) {
                out.add("DROP TABLE IF EXISTS " + table);
            }
        } else if (change instanceof SchemaChange.TruncateTable) {
            out.add(deleteMode == DeleteMode.SOFT
                    ? "UPDATE " + table + " SET " + quote(TargetTable.DELETED_COLUMN) + " = true, "
                    + quote(TargetTable.DELETED_AT_COLUMN) + " = now() WHERE NOT " + quote(TargetTable.DELETED_COLUMN)
                    : "TRUNCATE " + table);
        }
        return out;
    }

    /** A SQL literal of a value, through the COPY text form the sink writes rows with. */
    static String literal(Column column, SqlType type, Object value) {
        CopyTextBuffer buffer = new CopyTextBuffer(64);
        CopyValueFormats.forType(column.type(), type).write(value, buffer);
        String copyText = new String(buffer.array(), 0, buffer.size(), java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < copyText.length(); i++) {
            char ch = copyText.charAt(i);
            if (ch == '\\' && i + 1 < copyText.length()) {
                char e = copyText.charAt(++i);
                plain.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                plain.append(ch);
            }
        }
        return "'" + plain.toString().replace("'", "''") + "'::" + type.ddl();
    }

    private static String primaryKeyConstraint(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = ?::regclass AND contype = 'p'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
