package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgIdentifier.quote;
import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * PostgreSQL's SQL for one table's staged changes: the target and staging DDL, the COPY commands,
 * and the two set-based statements that merge the staging table into the target.
 *
 * <p>Staging may hold several rows per primary key (one per {@code BatchWriter.write} call that
 * touched it); {@code DISTINCT ON (key) ... ORDER BY key, _vr_seq DESC} keeps each key's last one,
 * so the later write wins. Keys whose last op is 'D' are deleted (or marked, in soft mode); keys
 * whose last op is 'U' are inserted or updated with {@code INSERT ... ON CONFLICT (key) DO UPDATE}.
 * A key is in exactly one of the two sets, so the order of the two statements does not matter.
 */
final class PostgresMergeStatements implements SqlDialect.Merge {
    private static final String OP_COLUMN = TargetTable.OP_COLUMN;
    private static final String SEQ_COLUMN = TargetTable.SEQ_COLUMN;

    private final TargetTable table;
    private final String staging;

    /**
     * @param stagingName the staging table's name, unique within the transaction; it lives in
     *                    {@code pg_temp} so a table of the same name elsewhere on the search path is
     *                    never touched
     */
    PostgresMergeStatements(TargetTable table, String stagingName) {
        this.table = requireNonNull(table, "table is null");
        this.staging = "pg_temp." + quote(requireNonNull(stagingName, "stagingName is null"));
    }

    /** CREATE TABLE IF NOT EXISTS for the target, key columns as the primary key. */
    static String createTable(TargetTable table) {
        List<Column> columns = table.source().columns();
        StringJoiner defs = new StringJoiner(",\n  ", "CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " (\n  ",
                "\n)");
        for (int i = 0; i < columns.size(); i++) {
            defs.add(quote(columns.get(i).name()) + " " + table.columnTypes().get(i).ddl());
        }
        if (table.deleteMode() == DeleteMode.SOFT) {
            defs.add(quote(TargetTable.DELETED_COLUMN) + " boolean NOT NULL DEFAULT false");
            defs.add(quote(TargetTable.DELETED_AT_COLUMN) + " timestamptz");
        }
        defs.add("PRIMARY KEY (" + keyList(table.source()) + ")");
        return defs.toString();
    }

    /**
     * The comment that records which source table a created table belongs to, so that a second
     * source table mapped to the same name is caught even after a restart.
     */
    static String commentOn(TargetTable table) {
        return "COMMENT ON TABLE " + table.qualifiedName() + " IS '"
                + TargetTables.sourceComment(table.source().id()).replace("'", "''") + "'";
    }

    /** A temporary table dropped at commit or rollback; every column nullable (deletes carry only keys). */
    String createStaging() {
        List<Column> columns = table.source().columns();
        StringJoiner defs = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + staging + " (", ") ON COMMIT DROP");
        for (int i = 0; i < columns.size(); i++) {
            defs.add(quote(columns.get(i).name()) + " " + table.columnTypes().get(i).ddl());
        }
        defs.add(quote(OP_COLUMN) + " \"char\" NOT NULL");
        defs.add(quote(SEQ_COLUMN) + " bigint NOT NULL");
        return defs.toString();
    }

    /** COPY into staging in the text format (see {@link #copy(boolean)}). */
    String copy() {
        return copy(false);
    }

    /** COPY into staging, in the binary format or the text format. */
    String copy(boolean binary) {
        return "COPY " + staging + " (" + columnList("") + ", " + quote(OP_COLUMN) + ", " + quote(SEQ_COLUMN)
                + ") FROM STDIN" + (binary ? BINARY : "");
    }

    /** COPY straight into the target table in the text format (see {@link #copyIntoTarget(TargetTable, boolean)}). */
    static String copyIntoTarget(TargetTable table) {
        return copyIntoTarget(table, false);
    }

    /**
     * COPY straight into the target table (rows new to it; soft-delete columns take their
     * defaults), in the binary format or the text format.
     */
    static String copyIntoTarget(TargetTable table, boolean binary) {
        StringJoiner list = new StringJoiner(", ");
        for (Column c : table.source().columns()) {
            list.add(quote(c.name()));
        }
        return "COPY " + table.qualifiedName() + " (" + list + ") FROM STDIN" + (binary ? BINARY : "");
    }

    private static final String BINARY = " WITH (FORMAT binary)";

    @Override
    public List<String> deletes() {
        return List.of(table.deleteMode() == DeleteMode.SOFT ? softDelete() : delete());
    }

    @Override
    public List<String> upserts() {
        return List.of(upsert());
    }

    @Override
    public String noteUpsertedKeys(String keysTable) {
        return recordUpsertedKeys(keysTable);
    }

    /** Deletes the target rows of keys whose last staged op is 'D'. */
    String delete() {
        return "DELETE FROM " + table.qualifiedName() + " AS t USING (" + latest() + ") AS s WHERE s."
                + quote(OP_COLUMN) + " = 'D' AND " + keyMatch();
    }

    /** Marks the target rows of keys whose last staged op is 'D'; rows already marked keep their time. */
    String softDelete() {
        return "UPDATE " + table.qualifiedName() + " AS t SET " + quote(TargetTable.DELETED_COLUMN) + " = true, "
                + quote(TargetTable.DELETED_AT_COLUMN) + " = now() FROM (" + latest() + ") AS s WHERE s."
                + quote(OP_COLUMN) + " = 'D' AND " + keyMatch() + " AND NOT t." + quote(TargetTable.DELETED_COLUMN);
    }

    /** Inserts or overwrites the rows of keys whose last staged op is 'U' (and revives them in soft mode). */
    String upsert() {
        TableSchema source = table.source();
        List<String> sets = new ArrayList<>();
        for (Column c : source.columns()) {
            if (!isKey(source, c.name())) {
                sets.add(quote(c.name()) + " = EXCLUDED." + quote(c.name()));
            }
        }
        if (table.deleteMode() == DeleteMode.SOFT) {
            sets.add(quote(TargetTable.DELETED_COLUMN) + " = false");
            sets.add(quote(TargetTable.DELETED_AT_COLUMN) + " = NULL");
        }
        String onConflict = sets.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", sets);
        return "INSERT INTO " + table.qualifiedName() + " AS t (" + columnList("") + ") SELECT " + columnList("s.")
                + " FROM (" + latest() + ") AS s WHERE s." + quote(OP_COLUMN) + " = 'U' ON CONFLICT ("
                + keyList(source) + ") " + onConflict;
    }

    /** Notes the keys of the rows upserted (see SchemaChange.CopyTable) in {@code keysTable}. */
    String recordUpsertedKeys(String keysTable) {
        String keys = keyList(table.source());
        return "INSERT INTO " + keysTable + " (" + keys + ") SELECT " + keys + " FROM (" + latest() + ") AS s WHERE s."
                + quote(OP_COLUMN) + " = 'U'";
    }

    private String latest() {
        String keys = keyList(table.source());
        return "SELECT DISTINCT ON (" + keys + ") * FROM " + staging + " ORDER BY " + keys + ", " + quote(SEQ_COLUMN)
                + " DESC";
    }

    private String keyMatch() {
        StringJoiner match = new StringJoiner(" AND ");
        TableSchema source = table.source();
        for (int i : source.primaryKeyIndexes()) {
            String k = quote(source.columns().get(i).name());
            match.add("t." + k + " = s." + k);
        }
        return match.toString();
    }

    private String columnList(String prefix) {
        StringJoiner list = new StringJoiner(", ");
        for (Column c : table.source().columns()) {
            list.add(prefix + quote(c.name()));
        }
        return list.toString();
    }

    /** Primary-key columns under their declared names (the schema's column spelling). */
    private static String keyList(TableSchema source) {
        StringJoiner list = new StringJoiner(", ");
        for (int i : source.primaryKeyIndexes()) {
            list.add(quote(source.columns().get(i).name()));
        }
        return list.toString();
    }

    private static boolean isKey(TableSchema source, String column) {
        for (int i : source.primaryKeyIndexes()) {
            if (source.columns().get(i).name().equals(column)) {
                return true;
            }
        }
        return false;
    }
}
