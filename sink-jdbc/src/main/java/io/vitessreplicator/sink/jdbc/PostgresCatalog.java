package io.vitessreplicator.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What PostgreSQL's catalog says about a table: whether it exists, its columns with their types as
 * {@code format_type()} prints them, the column sets of its unique indexes (what
 * {@code ON CONFLICT (key)} can use) and its comment; plus the DDL that creates target tables and
 * the server checks of {@link PostgresPreconditions}.
 */
final class PostgresCatalog implements SqlDialect.Catalog {
    private static final Map<String, SqlType> SOFT_DELETE_COLUMNS = softDeleteColumnTypes();

    @Override
    public void checkServer(Connection c, String hostPort) throws SQLException {
        PostgresPreconditions.requireUtf8(c, hostPort);
        PostgresPreconditions.requireWritable(c, hostPort);
    }

    @Override
    public void checkPrivileges(Connection c, String schema, String checkpointTable) throws SQLException {
        PostgresPreconditions.requirePrivileges(c, schema, checkpointTable);
    }

    @Override
    public void ensureSchema(Connection control, String schema) throws SQLException {
        PostgresPreconditions.ensureSchema(control, schema);
    }

    @Override
    public boolean tableExists(Connection c, String schema, String table) throws SQLException {
        return hasTable(c, schema, table);
    }

    @Override
    public boolean relationExists(Connection c, String qualifiedName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualifiedName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public List<String> createTable(TargetTable table) {
        return List.of(PostgresMergeStatements.createTable(table), PostgresMergeStatements.commentOn(table));
    }

    @Override
    public Map<String, SqlType> softDeleteColumns() {
        return SOFT_DELETE_COLUMNS;
    }

    private static Map<String, SqlType> softDeleteColumnTypes() {
        Map<String, SqlType> m = new LinkedHashMap<>();
        m.put(TargetTable.DELETED_COLUMN, new SqlType("boolean NOT NULL DEFAULT false", "boolean"));
        m.put(TargetTable.DELETED_AT_COLUMN, new SqlType("timestamptz", "timestamp with time zone"));
        return Collections.unmodifiableMap(m);
    }

    static boolean hasTable(Connection c, String schema, String table) throws SQLException {
        return oid(c, schema, table).isPresent();
    }

    static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The table's columns and unique keys, or empty when there is no table (or view) of that name. */
    @Override
    public Optional<ExistingTable> describe(Connection c, String schema, String table) throws SQLException {
        Optional<Long> oid = oid(c, schema, table);
        if (oid.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, pg_catalog.format_type(atttypid, atttypmod)"
                + " FROM pg_catalog.pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<Set<String>> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT array_agg(a.attname::text) FROM pg_catalog.pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) AS k(attnum)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL"
                + " GROUP BY i.indexrelid")) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new HashSet<>(List.of((String[]) rs.getArray(1).getArray())));
                }
            }
        }
        String comment;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.obj_description(?, 'pg_class')")) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                comment = rs.getString(1);
            }
        }
        return Optional.of(new ExistingTable(columns, keys, comment));
    }

    private static Optional<Long> oid(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
