package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.sink.redshift.RedshiftIdentifiers.quote;
import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.sink.jdbc.TargetTables;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * Redshift's DDL: created tables (with their distribution and sort keys), the statements of each
 * {@link SchemaChange}, the re-copy sweep and the schema-history table.
 *
 * <p>Redshift's DDL is transactional except where noted, so most changes run in the batch
 * transaction like PostgreSQL's. The differences (see the table in sink-redshift/README.md):
 * <ul>
 *   <li>ALTER TABLE takes one action per statement: one ADD COLUMN each; no {@code IF [NOT] EXISTS}
 *       on columns, no {@code DROP DEFAULT}, no {@code DROP NOT NULL} (a kept column needs none:
 *       created tables leave non-key columns nullable).</li>
 *   <li>{@code ALTER COLUMN ... TYPE varchar(n)} is the only in-place type change, and it cannot run in
 *       a transaction block: it goes to {@code outsideTransaction}, skipped when the column is already
 *       that wide (a retried batch), so it is idempotent. Other widenings follow
 *       {@link RedshiftSchemaOptions#typeRewrite()}; primary-key changes follow
 *       {@link RedshiftSchemaOptions#primaryKeyChange()}.</li>
 *   <li>TRUNCATE commits the transaction it runs in, so a truncate is a {@code DELETE FROM}.</li>
 * </ul>
 */
public final class RedshiftSchemaChanges implements SqlDialect.SchemaChanges {
    /** Suffix of the column a rewritten column is copied into before it takes the old name. */
    static final String REWRITE_SUFFIX = "__vr_rewrite";

    private final RedshiftTypeMapping types;
    private final RedshiftSchemaOptions options;
    private final RedshiftCatalogLookup lookup;

    public RedshiftSchemaChanges(RedshiftTypeMapping types, RedshiftSchemaOptions options, RedshiftCatalogLookup lookup) {
        this.types = requireNonNull(types, "types is null");
        this.options = requireNonNull(options, "options is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
    }

    // ---- created tables -----------------------------------------------------------------------

    /**
     * CREATE TABLE IF NOT EXISTS with the key columns NOT NULL and as the (informational) primary
     * key, the soft-delete columns when asked, and the layout; then the comment that records the
     * source table.
     */
    public List<String> createTable(TargetTable table) {
        List<Column> columns = table.source().columns();
        StringJoiner defs = new StringJoiner(",\n  ", "CREATE TABLE IF NOT EXISTS " + table.qualifiedName() + " (\n  ",
                "\n)");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            defs.add(quote(c.name()) + " " + table.columnTypes().get(i).ddl() + (isKey(table, c.name()) ? " NOT NULL" : ""));
        }
        if (table.deleteMode() == DeleteMode.SOFT) {
            defs.add(quote(TargetTable.DELETED_COLUMN) + " boolean NOT NULL DEFAULT false");
            defs.add(quote(TargetTable.DELETED_AT_COLUMN) + " timestamptz");
        }
        defs.add("PRIMARY KEY (" + quotedList(table.source().primaryKey()) + ")");
        String create = defs + layout(table);
        String comment = "COMMENT ON TABLE " + table.qualifiedName() + " IS "
                + stringLiteral(TargetTables.sourceComment(table.source().id()));
        return List.of(create, comment);
    }

    private String layout(TargetTable table) {
        RedshiftTableLayout l = options.layout();
        List<String> pk = table.source().primaryKey();
        StringBuilder out = new StringBuilder();
        out.append("\nDISTSTYLE ").append(l.distStyle().name());
        if (l.distStyle() == RedshiftTableLayout.DistStyle.KEY) {
            out.append(" DISTKEY (").append(quote(l.distKey() != null ? l.distKey() : pk.get(0))).append(')');
        }
        switch (l.sortKey()) {
            case AUTO -> { } // Redshift's default without a SORTKEY clause is SORTKEY AUTO
            case PRIMARY_KEY -> out.append(" COMPOUND SORTKEY (").append(quotedList(pk)).append(')');
            case COLUMNS -> out.append(" COMPOUND SORTKEY (").append(quotedList(l.sortKeyColumns())).append(')');
        }
        return out.toString();
    }

    /** The soft-delete columns' types, in the order {@link #createTable} adds them. */
    public static java.util.Map<String, SqlType> softDeleteColumns() {
        java.util.Map<String, SqlType> m = new java.util.LinkedHashMap<>();
        m.put(TargetTable.DELETED_COLUMN, SqlType.same("boolean"));
        m.put(TargetTable.DELETED_AT_COLUMN, new SqlType("timestamptz", "timestamp with time zone"));
        return java.util.Collections.unmodifiableMap(m);
    }

    // ---- schema changes -----------------------------------------------------------------------

    @Override
    public SqlDialect.SchemaChangeStatements statements(SchemaChange change, String table, DeleteMode deleteMode,
                                                        Connection catalog) throws SQLException {
        TableId id = change.table();
        List<String> inTx = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        List<String> fallback = new ArrayList<>();
        String alter = "ALTER TABLE " + table;
        if (change instanceof SchemaChange.AddColumn a) {
            Column c = a.column();
            SqlType type = types.of(id, c);
            // One column per statement. A fill becomes the column's default, which gives existing rows
            // the value; Redshift cannot drop a default afterwards, which is harmless: the merge names
            // every column it writes.
            inTx.add(alter + " ADD COLUMN " + quote(c.name()) + " " + type.ddl()
                    + (a.fill() == null ? "" : " DEFAULT " + literal(type, a.fill())));
        } else if (change instanceof SchemaChange.KeepColumn) {
            // Nothing: created tables keep non-key columns nullable, and the merge stops writing it.
        } else if (change instanceof SchemaChange.DropColumn d) {
            inTx.add(alter + " DROP COLUMN " + quote(d.column()));
        } else if (change instanceof SchemaChange.RenameColumn r) {
            inTx.add(alter + " RENAME COLUMN " + quote(r.from()) + " TO " + quote(r.to()));
        } else if (change instanceof SchemaChange.WidenColumn w) {
            widen(w, table, catalog, inTx, outside, fallback);
        } else if (change instanceof SchemaChange.ChangePrimaryKey p) {
            if (options.primaryKeyChange() == RedshiftSchemaOptions.PrimaryKeyChange.STOP) {
                throw new FatalSinkException("Cannot apply a schema change to " + table + " (source " + id + "): "
                        + p.describe() + ", and the Redshift option primary-key-change is stop. Set it to"
                        + " replace-constraint to replace the informational primary key (distribution and sort keys"
                        + " stay), or replicate the table again. Nothing of the batch was committed.");
            }
            lookup.primaryKeyConstraint(catalog, table)
                    .ifPresent(name -> inTx.add(alter + " DROP CONSTRAINT " + quote(name)));
            inTx.add(alter + " ADD PRIMARY KEY (" + quotedList(p.to()) + ")");
        } else if (change instanceof SchemaChange.DropTable d) {
            if (d.dropTarget()) {
                inTx.add("DROP TABLE IF EXISTS " + table);
            }
        } else if (change instanceof SchemaChange.TruncateTable) {
            // Not TRUNCATE: in Redshift it commits the transaction it runs in.
            inTx.add(deleteMode == DeleteMode.SOFT
                    ? "UPDATE " + table + " SET " + quote(TargetTable.DELETED_COLUMN) + " = true, "
                    + quote(TargetTable.DELETED_AT_COLUMN) + " = SYSDATE WHERE NOT " + quote(TargetTable.DELETED_COLUMN)
                    : "DELETE FROM " + table);
        }
        return new SqlDialect.SchemaChangeStatements(outside, inTx, fallback);
    }

    /**
     * VARCHAR(n) to VARCHAR(m): {@code ALTER COLUMN ... TYPE} outside the transaction (Redshift runs it
     * in no transaction block), skipped when already done; when the batch already holds the table,
     * the fallback copies the column into a wider one inside the transaction (it moves last). Other
     * widenings: the copy into a new column, when {@code type-change: rewrite-column}, else stop.
     */
    private void widen(SchemaChange.WidenColumn w, String table, Connection catalog, List<String> inTx,
                       List<String> outside, List<String> fallback) throws SQLException {
        TableId id = w.table();
        SqlType from = types.of(id, w.from());
        SqlType to = types.of(id, w.to());
        if (from.catalogName().equals(to.catalogName())) {
            return; // same Redshift type (e.g. DATETIME(0) to DATETIME(6), or a wider cap already reached)
        }
        String column = w.to().name();
        if (RedshiftTypeMapping.isVarchar(from) && RedshiftTypeMapping.isVarchar(to)) {
            int length = RedshiftTypeMapping.varcharLength(to);
            OptionalInt current = lookup.varcharLength(catalog, table, column);
            if (current.isPresent() && current.getAsInt() >= length) {
                return; // a retried batch: already widened
            }
            outside.add("ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " TYPE " + to.ddl());
            fallback.addAll(rewrite(table, column, to));
            return;
        }
        String why = "column " + column + " changed from " + w.from().type().sqlType() + " to "
                + w.to().type().sqlType() + ", which is " + from.ddl() + " to " + to.ddl()
                + " in Redshift, and Redshift changes only VARCHAR lengths in place";
        if (options.typeRewrite() == RedshiftSchemaOptions.TypeRewrite.STOP) {
            throw new FatalSinkException("Cannot apply a schema change to " + table + " (source " + id + "): " + why
                    + ", and the Redshift option sink.type-change is stop. Set it to rewrite-column to copy the column"
                    + " into one of the new type in the batch transaction (every row of the table is rewritten),"
                    + " or replicate the table again. Nothing of the batch was committed.");
        }
        inTx.addAll(rewrite(table, column, to));
    }

    /** The column copied into a new one of type {@code to}, in the transaction (every row is rewritten). */
    private static List<String> rewrite(String table, String column, SqlType to) {
        String tmp = quote(column + REWRITE_SUFFIX);
        return List.of("ALTER TABLE " + table + " ADD COLUMN " + tmp + " " + to.ddl(),
                "UPDATE " + table + " SET " + tmp + " = CAST(" + quote(column) + " AS " + to.ddl() + ")",
                "ALTER TABLE " + table + " DROP COLUMN " + quote(column),
                "ALTER TABLE " + table + " RENAME COLUMN " + tmp + " TO " + quote(column));
    }

    // ---- the re-copy sweep --------------------------------------------------------------------

    /**
     * The keys table is made {@code LIKE} the target (same distribution and sort keys, so the sweep's
     * join stays local); only its key columns are filled. {@code INCLUDING DEFAULTS}: LIKE keeps NOT
     * NULL but not defaults otherwise, and the soft-delete flag is NOT NULL with a default, so a row of
     * key columns alone would be refused. {@code IF NOT EXISTS} keeps a second copy of the same table
     * from failing.
     */
    @Override
    public List<String> copyStarted(String keysTable, String table, List<String> primaryKey) {
        return List.of("CREATE TABLE IF NOT EXISTS " + keysTable + " (LIKE " + table + " INCLUDING DEFAULTS)");
    }

    @Override
    public List<String> copyCompleted(String keysTable, String table, List<String> primaryKey, DeleteMode deleteMode) {
        String bare = quote(RedshiftIdentifiers.unqualifiedName(table));
        StringJoiner match = new StringJoiner(" AND ");
        primaryKey.forEach(k -> match.add(quote("_vr_k") + "." + quote(k) + " = " + bare + "." + quote(k)));
        String absent = "NOT EXISTS (SELECT 1 FROM " + keysTable + " AS " + quote("_vr_k") + " WHERE " + match + ")";
        return List.of(deleteMode == DeleteMode.SOFT
                        ? "UPDATE " + table + " SET " + quote(TargetTable.DELETED_COLUMN) + " = true, "
                        + quote(TargetTable.DELETED_AT_COLUMN) + " = SYSDATE WHERE " + absent + " AND NOT " + bare + "."
                        + quote(TargetTable.DELETED_COLUMN)
                        : "DELETE FROM " + table + " WHERE " + absent,
                "DROP TABLE " + keysTable);
    }

    @Override
    public String createHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id bigint IDENTITY(1,1), pipeline varchar(512) NOT NULL,"
                + " source_table varchar(1024) NOT NULL, target_table varchar(1024) NOT NULL, change varchar(64) NOT NULL,"
                + " detail varchar(65535) NOT NULL, source_ddl varchar(65535) NOT NULL,"
                + " target_ddl varchar(65535) NOT NULL, position varchar(65535),"
                + " applied_at timestamptz NOT NULL DEFAULT SYSDATE, PRIMARY KEY (id))";
    }

    // ---- literals -----------------------------------------------------------------------------

    /** A SQL literal of a source value, for a column default; cast to the column's type. */
    static String literal(SqlType type, Object value) {
        String text;
        if (value instanceof byte[] b) {
            return "FROM_HEX(" + stringLiteral(HexFormat.of().formatHex(b)) + ")";
        } else if (value instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            text = value.toString();
        } else if (value instanceof Float || value instanceof Double) {
            text = value.toString();
        } else if (value instanceof LocalDate d) {
            text = d.toString();
        } else if (value instanceof LocalDateTime t) {
            text = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").format(t);
        } else if (value instanceof Instant i) {
            text = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").format(i.atOffset(ZoneOffset.UTC)) + "+00";
        } else if (value instanceof Duration d) {
            text = durationText(d);
        } else if (value instanceof List<?> members) {
            StringJoiner set = new StringJoiner(",");
            members.forEach(m -> set.add(String.valueOf(m)));
            text = set.toString();
        } else {
            text = String.valueOf(value);
        }
        return "CAST(" + stringLiteral(text) + " AS " + type.ddl() + ")";
    }

    /** MySQL's TIME text: {@code [-]H:MM:SS.ffffff}. */
    static String durationText(Duration d) {
        boolean negative = d.isNegative();
        Duration a = d.abs();
        return String.format("%s%d:%02d:%02d.%06d", negative ? "-" : "", a.toHours(), a.toMinutesPart(),
                a.toSecondsPart(), a.toNanosPart() / 1000);
    }

    /**
     * A string literal: single quotes doubled, and backslashes doubled because Redshift reads a
     * backslash in a literal as an escape.
     */
    static String stringLiteral(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String quotedList(List<String> names) {
        StringJoiner list = new StringJoiner(", ");
        names.forEach(n -> list.add(quote(n)));
        return list.toString();
    }

    private static boolean isKey(TargetTable table, String column) {
        return table.source().primaryKey().contains(column);
    }
}
