package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.sink.jdbc.ExistingTable;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.spi.FatalSinkException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Redshift's catalog: what exists, from {@code pg_catalog} (which Redshift keeps from PostgreSQL
 * 8.0: {@code pg_class}, {@code pg_namespace}, {@code pg_attribute}, {@code pg_description},
 * {@code format_type}) and {@code information_schema} (constraints). Every query is a constant here,
 * in the golden files and through the Redshift parser check; they run on PostgreSQL through the test
 * emulator, not yet on a cluster.
 */
final class RedshiftCatalog implements SqlDialect.Catalog {
    /** Parameters: schema, table. The ordinary table's oid. */
    static final String TABLE_OID = "SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r'";
    /** Parameters: schema, name. Any relation (table, view, ...) of that name. */
    static final String RELATION_EXISTS = "SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
    /** Parameter: table oid. */
    static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute AS a"
            + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    /** Parameters: schema, table. Primary-key and unique constraints' columns. */
    static final String UNIQUE_KEYS = "SELECT tc.constraint_name, kcu.column_name FROM information_schema.table_constraints AS tc"
            + " JOIN information_schema.key_column_usage AS kcu ON kcu.constraint_schema = tc.constraint_schema"
            + " AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name"
            + " WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')";
    /** Parameter: table oid. */
    static final String COMMENT = "SELECT d.description FROM pg_catalog.pg_description AS d"
            + " WHERE d.objoid = ? AND d.objsubid = 0";
    /** Parameter: schema. */
    static final String SCHEMA_EXISTS = "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ?";
    static final String TIME_ZONE = "SELECT current_setting('timezone')";
    static final String TEMP_PRIVILEGE = "SELECT has_database_privilege(current_database(), 'TEMP')";
    static final String CREATE_PRIVILEGE = "SELECT has_database_privilege(current_database(), 'CREATE')";
    /** Parameter: schema (twice). */
    static final String SCHEMA_PRIVILEGE = "SELECT has_schema_privilege(?, 'CREATE') AND has_schema_privilege(?, 'USAGE')";
    /** Parameter: the checkpoint table, qualified (three times). */
    static final String TABLE_PRIVILEGE = "SELECT has_table_privilege(?, 'SELECT') AND has_table_privilege(?, 'INSERT')"
            + " AND has_table_privilege(?, 'UPDATE')";
    static final String CURRENT_USER = "SELECT current_user";
    static final String CURRENT_DATABASE = "SELECT current_database()";

    private final RedshiftSchemaChanges ddl;

    RedshiftCatalog(RedshiftSchemaChanges ddl) {
        this.ddl = requireNonNull(ddl, "ddl is null");
    }

    /**
     * The session must be in UTC ({@link RedshiftIdentifiers#SESSION_SETUP} sets it): SYSDATE and
     * TIMESTAMPTZ values are written as UTC. Redshift stores UTF-8 always and has no read-only standby.
     */
    @Override
    public void checkServer(Connection c, String hostPort) throws SQLException {
        String zone = single(c, TIME_ZONE);
        if (!"UTC".equalsIgnoreCase(zone)) {
            throw new FatalSinkException("Cannot use Redshift at " + hostPort + ": the session's time zone is " + zone
                    + " although the sink set it to UTC. Check that no connection option or user default overrides"
                    + " timezone.");
        }
    }

    @Override
    public void checkPrivileges(Connection c, String schema, String checkpointTable) throws SQLException {
        String user = single(c, CURRENT_USER);
        String db = single(c, CURRENT_DATABASE);
        if (!bool(c, TEMP_PRIVILEGE)) {
            throw new FatalSinkException("Cannot stage batches in database " + db + ": user " + user + " may not create"
                    + " temporary tables, which COPY loads each batch into. Run GRANT TEMP ON DATABASE "
                    + RedshiftIdentifiers.quote(db) + " TO " + RedshiftIdentifiers.quote(user) + ".");
        }
        if (schemaExists(c, schema)) {
            if (!bool(c, SCHEMA_PRIVILEGE, schema, schema)) {
                throw new FatalSinkException("Cannot use schema " + schema + ": user " + user + " may not create tables"
                        + " in it. Run GRANT USAGE, CREATE ON SCHEMA " + RedshiftIdentifiers.quote(schema) + " TO "
                        + RedshiftIdentifiers.quote(user) + ", or choose another sink.schema.");
            }
            String cp = RedshiftIdentifiers.qualified(schema, checkpointTable);
            if (tableExists(c, schema, checkpointTable) && !bool(c, TABLE_PRIVILEGE, cp, cp, cp)) {
                throw new FatalSinkException("Cannot use checkpoint table " + cp + ": user " + user + " may not read"
                        + " and update it. Run GRANT SELECT, INSERT, UPDATE ON " + cp + " TO "
                        + RedshiftIdentifiers.quote(user) + ".");
            }
        } else if (!bool(c, CREATE_PRIVILEGE)) {
            throw new FatalSinkException("Cannot create schema " + schema + ": it does not exist and user " + user
                    + " may not create schemas in database " + db + ". Create it (CREATE SCHEMA "
                    + RedshiftIdentifiers.quote(schema) + " AUTHORIZATION " + RedshiftIdentifiers.quote(user)
                    + ") or choose an existing sink.schema.");
        }
    }

    @Override
    public void ensureSchema(Connection control, String schema) throws SQLException {
        if (!schemaExists(control, schema)) {
            try (Statement s = control.createStatement()) {
                s.execute(createSchema(schema));
            }
        }
    }

    static String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + RedshiftIdentifiers.quote(schema);
    }

    @Override
    public boolean tableExists(Connection c, String schema, String table) throws SQLException {
        return oid(c, schema, table).isPresent();
    }

    @Override
    public boolean relationExists(Connection c, String qualifiedName) throws SQLException {
        List<String> parts = RedshiftIdentifiers.unquoteParts(qualifiedName);
        try (PreparedStatement ps = c.prepareStatement(RELATION_EXISTS)) {
            ps.setString(1, parts.get(0));
            ps.setString(2, parts.get(1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<ExistingTable> describe(Connection c, String schema, String table) throws SQLException {
        Optional<Long> oid = oid(c, schema, table);
        if (oid.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<String, Set<String>> constraints = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(UNIQUE_KEYS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    constraints.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        String comment = null;
        try (PreparedStatement ps = c.prepareStatement(COMMENT)) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    comment = rs.getString(1);
                }
            }
        }
        return Optional.of(new ExistingTable(columns, new ArrayList<>(constraints.values()), comment));
    }

    @Override
    public List<String> createTable(TargetTable table) {
        return ddl.createTable(table);
    }

    /**
     * The same type, or a VARCHAR at least as long: a widening runs outside the batch transaction
     * (Redshift alters column types in no transaction block), so a batch that then rolls back leaves
     * the column wider than the source's type, and the retried batch must accept it.
     */
    @Override
    public boolean holds(String actual, SqlType expected) {
        if (actual.equals(expected.catalogName())) {
            return true;
        }
        java.util.regex.Matcher a = VARCHAR.matcher(actual);
        java.util.regex.Matcher e = VARCHAR.matcher(expected.catalogName());
        return a.matches() && e.matches() && Integer.parseInt(a.group(1)) >= Integer.parseInt(e.group(1));
    }

    private static final java.util.regex.Pattern VARCHAR = java.util.regex.Pattern.compile("character varying\\((\\d+)\\)");

    @Override
    public Map<String, SqlType> softDeleteColumns() {
        return RedshiftSchemaChanges.softDeleteColumns();
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SCHEMA_EXISTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Long> oid(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_OID)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static boolean bool(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
