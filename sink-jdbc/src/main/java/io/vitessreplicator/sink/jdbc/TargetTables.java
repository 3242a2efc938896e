package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves each source table to its target table on first sight: names it with the
 * {@code table-name} pattern, maps its column types, then creates the table or checks the
 * existing one, once per {@link TableSchema}.
 *
 * <p>Creation runs on the sink's control connection in its own (autocommitted) statement, not in
 * the batch transaction: an empty table left behind by a batch that later rolls back is harmless,
 * while a table created inside a rolled-back transaction would vanish behind this cache's back.
 *
 * <p>A created table's comment names its source table, so two source tables mapped to one name
 * are caught even when they are first seen by different runs. An existing table must have every
 * source column with exactly the mapped type and a unique index on exactly the primary-key
 * columns; extra columns are left alone. Anything else is a
 * {@link FatalSinkException}: changing a live table is the schema-evolution feature's job.
 */
public final class TargetTables {
    /** Why two keyspaces' tables of one name meet: said in the refusals. */
    static final String MOVED_TABLES = " (a table moved by MoveTables appears in its new keyspace under the same name;"
            + " see docs/hard-cases.md, \"Topology changes\")";

    private static final Logger LOG = LoggerFactory.getLogger(TargetTables.class);
    private static final Set<String> STAGING_COLUMNS = Set.of(TargetTable.OP_COLUMN, TargetTable.SEQ_COLUMN);
    static final String SOURCE_COMMENT_PREFIX = "vitess-replicator source table: ";

    private final JdbcSinkSettings config;
    private final SqlDialect dialect;
    private final SqlDialect.Catalog catalog;
    private final Map<TableSchema, TargetTable> resolved = new HashMap<>();
    private final Map<String, TableId> sourceByTargetName = new HashMap<>();

    TargetTables(JdbcSinkSettings config, SqlDialect dialect) {
        this.config = requireNonNull(config, "config is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.catalog = dialect.catalog();
    }

    /** The comment a created table carries: which source table it belongs to. */
    public static String sourceComment(TableId source) {
        return SOURCE_COMMENT_PREFIX + source;
    }

    /**
     * The target of {@code source}, created or checked on first sight.
     *
     * @param control gives an autocommit connection for CREATE TABLE; asked only on first sight
     * @param catalog the batch's connection, for reading the existing table: it sees the schema
     *                changes the batch applied so far
     */
    TargetTable resolve(TableSchema source, Supplier<Connection> control, Connection catalog) {
        TargetTable known = resolved.get(source);
        if (known != null) {
            return known;
        }
        TargetTable table = describe(source);
        try {
            ensureExists(table, control.get(), catalog);
        } catch (SQLException e) {
            throw dialect.errors().toSinkException(e, "prepare target table " + table.qualifiedName() + " for "
                    + source.id(), "Check that the user may create and read tables in schema " + config.schema() + ".");
        }
        sourceByTargetName.put(table.name(), source.id());
        resolved.put(source, table);
        return table;
    }

    /** Naming, type mapping and the checks that need no database. */
    TargetTable describe(TableSchema source) {
        TableId id = source.id();
        if (!source.hasPrimaryKey()) {
            throw new FatalSinkException("Cannot replicate table " + id + ": it has no primary key, and the "
                    + dialect.name() + " sink merges changes by primary key. Add a primary key at the source or exclude the table.");
        }
        String name = config.tableName().targetName(id);
        dialect.identifierProblem(name).ifPresent(p -> {
            throw new FatalSinkException("Cannot name the target table of " + id + " (sink.table-name '"
                    + config.tableName() + "'): " + p + ". Choose a shorter sink.table-name pattern.");
        });
        TableId other = sourceByTargetName.get(name);
        if (other != null && !other.equals(id)) {
            throw new FatalSinkException("Cannot replicate both " + other + " and " + id + " into "
                    + dialect.qualify(config.schema(), name) + ": sink.table-name '" + config.tableName()
                    + "' gives them the same target table. Use a pattern with {keyspace}, e.g. {keyspace}_{table}"
                    + MOVED_TABLES + ".");
        }
        Set<String> reserved = new HashSet<>(STAGING_COLUMNS);
        if (config.deleteMode() == DeleteMode.SOFT) {
            reserved.add(TargetTable.DELETED_COLUMN);
            reserved.add(TargetTable.DELETED_AT_COLUMN);
        }
        List<SqlType> types = new ArrayList<>();
        for (Column c : source.columns()) {
            dialect.identifierProblem(c.name()).ifPresent(p -> {
                throw new FatalSinkException("Cannot replicate column " + id + "." + c.name() + ": " + p
                        + ". Rename the column at the source or exclude the table.");
            });
            if (reserved.contains(c.name())) {
                throw new FatalSinkException("Cannot replicate column " + id + "." + c.name() + ": the name is reserved"
                        + " for the sink's own bookkeeping (" + String.join(", ", reserved)
                        + "). Rename the column at the source or exclude the table.");
            }
            types.add(dialect.columnType(id, c));
        }
        return new TargetTable(source, config.schema(), name, dialect.qualify(config.schema(), name), types,
                config.deleteMode());
    }

    /** The target schema. */
    String schema() {
        return config.schema();
    }

    /** The target table's name (without schema) of a source table. */
    String targetName(TableId id) {
        return config.tableName().targetName(id);
    }

    /** "schema"."table" of a source table's target. */
    String qualifiedName(TableId id) {
        return dialect.qualify(config.schema(), config.tableName().targetName(id));
    }

    /**
     * Forgets what was resolved for a source table: after a schema change, its next rows are
     * checked against the changed target table (and after a rollback, against the unchanged one).
     */
    void forget(TableId id) {
        resolved.keySet().removeIf(s -> s.id().equals(id));
        copyKeys.remove(id);
    }

    /** Source table → its copy-keys table, when one exists (see {@link #copyKeysTable}). */
    private final Map<TableId, Optional<String>> copyKeys = new HashMap<>();

    /**
     * "schema"."_vr_copy_table": the keys written to a table while it is copied again (see
     * SchemaChange.CopyTable). Its existence is the marker, so a restart mid-copy goes on noting keys.
     */
    String copyKeysName(TableId id) {
        String name = "_vr_copy_" + config.tableName().targetName(id);
        int maxBytes = dialect.maxIdentifierBytes();
        if (name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            // too long for the target (the target's own name may be up to the limit): keep whole
            // characters up to the limit less 9 bytes and tell names apart by a hash ("_" and up to
            // 7 hex digits)
            name = truncate(name, maxBytes - 9) + "_" + Integer.toHexString(name.hashCode() & 0xfffffff);
        }
        return dialect.qualify(config.schema(), name);
    }

    /** The copy-keys table of a source table's target, if the table is being copied again. */
    Optional<String> copyKeysTable(TableId id, Connection catalog) throws SQLException {
        Optional<String> known = copyKeys.get(id);
        if (known != null) {
            return known;
        }
        String name = copyKeysName(id);
        Optional<String> found = this.catalog.relationExists(catalog, name) ? Optional.of(name) : Optional.empty();
        copyKeys.put(id, found);
        return found;
    }

    /** The longest prefix of {@code name} of whole characters that takes at most {@code maxBytes} in UTF-8. */
    static String truncate(String name, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return name.substring(0, end);
    }

    private void ensureExists(TargetTable table, Connection control, Connection catalog) throws SQLException {
        Optional<ExistingTable> existing = this.catalog.describe(catalog, table.schema(), table.name());
        if (existing.isEmpty()) {
            if (!config.createTables()) {
                throw new FatalSinkException("Cannot write " + table.source().id() + ": target table "
                        + table.qualifiedName() + " does not exist and sink.create-tables is false. Create it (see the"
                        + " type mapping in sink-jdbc/README.md) or set sink.create-tables: true.");
            }
            boolean autoCommit = control.getAutoCommit();
            control.setAutoCommit(false);
            try (Statement s = control.createStatement()) {
                for (String ddl : this.catalog.createTable(table)) {
                    s.execute(ddl);
                }
                control.commit();
            } catch (SQLException e) {
                control.rollback();
                throw e;
            } finally {
                control.setAutoCommit(autoCommit);
            }
            LOG.info("Created table {} for {}", table.qualifiedName(), table.source().id());
            existing = this.catalog.describe(catalog, table.schema(), table.name());
            if (existing.isEmpty()) {
                throw new FatalSinkException("Cannot create table " + table.qualifiedName() + " for "
                        + table.source().id() + ": another object (a view, sequence or index) has that name. Rename"
                        + " or drop it, or choose another sink.table-name.");
            }
        }
        verify(table, existing.get());
    }

    private void verify(TargetTable table, ExistingTable existing) {
        String where = "table " + table.qualifiedName() + " (target of " + table.source().id() + ")";
        String comment = existing.comment();
        if (comment != null && comment.startsWith(SOURCE_COMMENT_PREFIX)
                && !comment.equals(sourceComment(table.source().id()))) {
            throw new FatalSinkException("Cannot replicate " + table.source().id() + " into " + table.qualifiedName()
                    + ": the table was created for " + comment.substring(SOURCE_COMMENT_PREFIX.length())
                    + " (see its comment), and sink.table-name gives both the same target table. Use a pattern"
                    + " with {keyspace}, e.g. {keyspace}_{table}" + MOVED_TABLES + ".");
        }
        List<Column> columns = table.source().columns();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            SqlType expected = table.columnTypes().get(i);
            String actual = existing.columnTypes().get(name);
            if (actual == null) {
                throw new FatalSinkException("Cannot write " + where + ": it has no column " + dialect.quote(name)
                        + " (" + columns.get(i).type().sqlType() + " at the source). Adding columns to existing tables"
                        + " is the separate schema-evolution feature; add it with ALTER TABLE " + table.qualifiedName()
                        + " ADD COLUMN " + dialect.quote(name) + " " + expected.ddl() + ", or drop the table to"
                        + " have it recreated and copied again.");
            }
            if (!catalog.holds(actual, expected)) {
                throw new FatalSinkException("Cannot write " + where + ": column " + dialect.quote(name) + " is "
                        + actual + " but " + columns.get(i).type().sqlType() + " maps to " + expected.catalogName()
                        + " (see the type mapping in sink-jdbc/README.md). Alter the column to " + expected.ddl()
                        + " or drop the table to have it recreated.");
            }
        }
        if (table.deleteMode() == DeleteMode.SOFT) {
            catalog.softDeleteColumns().forEach((column, type) -> requireColumn(where, table, existing, column, type));
        }
        Set<String> key = new HashSet<>();
        for (int i : table.source().primaryKeyIndexes()) {
            key.add(columns.get(i).name());
        }
        if (!existing.uniqueKeys().contains(key)) {
            throw new FatalSinkException("Cannot write " + where + ": it has no primary key or unique index on exactly ("
                    + String.join(", ", key) + "), which the merge by primary key needs. Add one, e.g. ALTER TABLE "
                    + table.qualifiedName() + " ADD PRIMARY KEY (...), or drop the table to have it recreated.");
        }
    }

    private void requireColumn(String where, TargetTable table, ExistingTable existing, String column, SqlType type) {
        String actual = existing.columnTypes().get(column);
        if (!type.catalogName().equals(actual)) {
            throw new FatalSinkException("Cannot write " + where + " with sink.delete-mode soft: it "
                    + (actual == null ? "has no column " + column : "has column " + column + " of type " + actual)
                    + ". Add it with ALTER TABLE " + table.qualifiedName() + " ADD COLUMN " + dialect.quote(column)
                    + " " + type.ddl() + " (or use delete-mode hard).");
        }
    }
}
