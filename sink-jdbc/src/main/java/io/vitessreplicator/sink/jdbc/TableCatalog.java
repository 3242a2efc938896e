package io.vitessreplicator.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What PostgreSQL's catalog says about a table: whether it exists, its columns with their types as
 * {@code format_type()} prints them, the column sets of its unique indexes (what
 * {@code ON CONFLICT (key)} can use) and its comment. Reads only.
 */
final class TableCatalog {
    /**
     * An existing table: column name → catalog type name, the column sets of its unique indexes,
     * and its comment (null when none).
     */
    record Existing(Map<String, String> columnTypes, List<Set<String>> uniqueKeys, String comment) {}

    private TableCatalog() {}

    static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean tableExists(Connection c, String schema, String table) throws SQLException {
        return oid(c, schema, table).isPresent();
    }

    /** The table's columns and unique keys, or empty when there is no table (or view) of that name. */
    static Optional<Existing> describe(Connection c, String schema, String table) throws SQLException {
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
        return Optional.of(new Existing(columns, keys, comment));
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
