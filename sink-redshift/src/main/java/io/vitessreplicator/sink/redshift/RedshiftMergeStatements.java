package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.sink.redshift.RedshiftIdentifiers.quote;
import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Redshift's SQL for one table's staged changes: the staging table, and the set-based statements
 * that merge it into the target. Redshift has neither {@code DISTINCT ON} nor
 * {@code INSERT ... ON CONFLICT}, and its primary keys are not enforced, so:
 *
 * <ol>
 *   <li><b>Deduplicate</b> the staging table in place: every row that is not its key's last one
 *       (highest {@link TargetTable#SEQ_COLUMN} by {@code ROW_NUMBER() OVER (PARTITION BY key ORDER
 *       BY seq DESC)}) is deleted. The sequence is unique across the batch, so it identifies a staged
 *       row. Idempotent; it opens both lists, so whichever runs first does the work.</li>
 *   <li><b>Deletes</b>: {@code DELETE FROM target USING staging WHERE op = 'D' AND keys match} (soft
 *       mode: an {@code UPDATE ... FROM} that marks rows not yet marked).</li>
 *   <li><b>Upserts</b>: {@code UPDATE target SET <non-key columns> FROM staging WHERE op = 'U' AND keys
 *       match}, then {@code INSERT INTO target SELECT ... FROM staging LEFT JOIN target ... WHERE op =
 *       'U' AND target key IS NULL} (the keys the target lacks).</li>
 * </ol>
 *
 * <p>Why UPDATE + INSERT rather than DELETE + INSERT for upserts: a delete-and-reinsert writes only
 * the columns the source has now, so a target column the source no longer writes (a column kept
 * after a drop at the source, the default drop-column policy) and the soft-delete time of a revived
 * row would be reset to NULL on every update of the row. An UPDATE leaves the columns it does not
 * name alone, which is what PostgreSQL's {@code ON CONFLICT DO UPDATE} does. (Redshift's MERGE needs
 * a source holding only the upserts, which would mean a second staging table.)
 *
 * <p>The target is named {@code "schema"."table"}; Redshift's DELETE and UPDATE take no alias for it,
 * so conditions refer to it by its bare name {@code "table"}. The staging table is a temporary table,
 * unqualified (Redshift searches the session's temporary schema first), aliased {@code "_vr_s"}; the
 * {@code _vr_} prefix is reserved, so no target table has that name.
 *
 * <p>A key is in exactly one of the two sets after deduplication, so the two lists may run in either
 * order. The statements' update counts: the deduplication adds the superseded rows to the count the
 * writer logs as deleted.
 */
public final class RedshiftMergeStatements implements SqlDialect.Merge {
    static final String STAGING_ALIAS = "_vr_s";
    static final String TARGET_ALIAS = "_vr_t";
    private static final String ROW_NUMBER = "_vr_rn";

    private final TargetTable table;
    private final String staging;
    private final String target;
    private final String s = quote(STAGING_ALIAS);

    /** @param stagingName the staging table's name, unique within the session */
    public RedshiftMergeStatements(TargetTable table, String stagingName) {
        this.table = requireNonNull(table, "table is null");
        this.staging = quote(requireNonNull(stagingName, "stagingName is null"));
        this.target = quote(RedshiftIdentifiers.unqualifiedName(table.qualifiedName()));
    }

    /**
     * The staging table: a temporary table (visible to this session only; created in the batch
     * transaction, so a rollback removes it) with the source columns, all nullable (deletes carry
     * only the key), then the op and the sequence.
     */
    public String createStaging() {
        List<Column> columns = table.source().columns();
        StringJoiner defs = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + staging + " (", ")");
        for (int i = 0; i < columns.size(); i++) {
            defs.add(quote(columns.get(i).name()) + " " + table.columnTypes().get(i).ddl());
        }
        defs.add(quote(TargetTable.OP_COLUMN) + " char(1) NOT NULL");
        defs.add(quote(TargetTable.SEQ_COLUMN) + " bigint NOT NULL");
        return defs.toString();
    }

    /**
     * Drops the staging table after the merge: Redshift keeps temporary tables until the session ends
     * (no ON COMMIT DROP), and pooled sessions live long.
     */
    public String dropStaging() {
        return "DROP TABLE IF EXISTS " + staging;
    }

    /** The staging table as written in SQL (quoted, unqualified: a temporary table). */
    public String stagingTable() {
        return staging;
    }

    /** The staging table's columns in load order, for the COPY column list. */
    public List<String> stagingColumns() {
        List<String> out = new ArrayList<>();
        table.source().columns().forEach(c -> out.add(quote(c.name())));
        out.add(quote(TargetTable.OP_COLUMN));
        out.add(quote(TargetTable.SEQ_COLUMN));
        return out;
    }

    /** Keeps only each key's last staged row. */
    public String deduplicate() {
        String seq = quote(TargetTable.SEQ_COLUMN);
        return "DELETE FROM " + staging + " WHERE " + seq + " IN (SELECT " + seq + " FROM (SELECT " + seq
                + ", ROW_NUMBER() OVER (PARTITION BY " + keyList("") + " ORDER BY " + seq + " DESC) AS "
                + quote(ROW_NUMBER) + " FROM " + staging + ") AS " + quote("_vr_ranked") + " WHERE "
                + quote("_vr_ranked") + "." + quote(ROW_NUMBER) + " > 1)";
    }

    @Override
    public List<String> deletes() {
        return List.of(deduplicate(), table.deleteMode() == DeleteMode.SOFT ? softDelete() : delete());
    }

    @Override
    public List<String> upserts() {
        List<String> out = new ArrayList<>();
        out.add(deduplicate());
        String update = update();
        if (update != null) {
            out.add(update);
        }
        out.add(insert());
        return out;
    }

    /** Run after {@link #upserts()} (the staging table is deduplicated by then). */
    @Override
    public String noteUpsertedKeys(String keysTable) {
        return "INSERT INTO " + keysTable + " (" + keyList("") + ") SELECT " + keyList(s + ".") + " FROM " + staging
                + " AS " + s + " WHERE " + s + "." + quote(TargetTable.OP_COLUMN) + " = 'U'";
    }

    String delete() {
        return "DELETE FROM " + table.qualifiedName() + " USING " + staging + " AS " + s + " WHERE " + s + "."
                + quote(TargetTable.OP_COLUMN) + " = 'D' AND " + keyMatch(target);
    }

    String softDelete() {
        String deleted = quote(TargetTable.DELETED_COLUMN);
        return "UPDATE " + table.qualifiedName() + " SET " + deleted + " = true, "
                + quote(TargetTable.DELETED_AT_COLUMN) + " = SYSDATE FROM " + staging + " AS " + s + " WHERE " + s
                + "." + quote(TargetTable.OP_COLUMN) + " = 'D' AND " + keyMatch(target) + " AND NOT " + target + "."
                + deleted;
    }

    /** Overwrites the non-key columns of rows the target has (reviving marked rows); null when there are none to set. */
    String update() {
        TableSchema source = table.source();
        List<String> sets = new ArrayList<>();
        for (Column c : source.columns()) {
            if (!isKey(c.name())) {
                sets.add(quote(c.name()) + " = " + s + "." + quote(c.name()));
            }
        }
        if (table.deleteMode() == DeleteMode.SOFT) {
            sets.add(quote(TargetTable.DELETED_COLUMN) + " = false");
            sets.add(quote(TargetTable.DELETED_AT_COLUMN) + " = NULL");
        }
        if (sets.isEmpty()) {
            return null; // only key columns, hard delete mode: an existing row is already right
        }
        return "UPDATE " + table.qualifiedName() + " SET " + String.join(", ", sets) + " FROM " + staging + " AS " + s
                + " WHERE " + s + "." + quote(TargetTable.OP_COLUMN) + " = 'U' AND " + keyMatch(target);
    }

    /** Inserts the upserted keys the target does not have. */
    String insert() {
        String t = quote(TARGET_ALIAS);
        int firstKey = table.source().primaryKeyIndexes()[0];
        return "INSERT INTO " + table.qualifiedName() + " (" + columnList("") + ") SELECT " + columnList(s + ".")
                + " FROM " + staging + " AS " + s + " LEFT JOIN " + table.qualifiedName() + " AS " + t + " ON "
                + keyMatch(t) + " WHERE " + s + "." + quote(TargetTable.OP_COLUMN) + " = 'U' AND " + t + "."
                + quote(table.source().columns().get(firstKey).name()) + " IS NULL";
    }

    private String keyMatch(String targetName) {
        StringJoiner match = new StringJoiner(" AND ");
        TableSchema source = table.source();
        for (int i : source.primaryKeyIndexes()) {
            String k = quote(source.columns().get(i).name());
            match.add(targetName + "." + k + " = " + s + "." + k);
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

    private String keyList(String prefix) {
        StringJoiner list = new StringJoiner(", ");
        TableSchema source = table.source();
        for (int i : source.primaryKeyIndexes()) {
            list.add(prefix + quote(source.columns().get(i).name()));
        }
        return list.toString();
    }

    private boolean isKey(String column) {
        TableSchema source = table.source();
        for (int i : source.primaryKeyIndexes()) {
            if (source.columns().get(i).name().equals(column)) {
                return true;
            }
        }
        return false;
    }
}
