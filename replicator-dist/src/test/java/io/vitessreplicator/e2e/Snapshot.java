package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Full contents of a table as normalized text rows, read from the source (through vtgate) or
 * from the target (PostgreSQL), so the two can be compared value for value.
 */
final class Snapshot {
    private Snapshot() {}

    static List<String> source(String keyspace, String table, String columns, String orderBy) throws SQLException {
        try (Connection c = VtgateSql.connect(keyspace)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET workload = 'olap'"); // streaming reads: vttablet's 10,000-row limit does not apply
            }
            return read(c, "SELECT " + columns + " FROM " + table + " ORDER BY " + orderBy);
        }
    }

    static List<String> target(String schema, String table, String columns, String orderBy) throws SQLException {
        try (Connection c = postgres()) {
            return read(c, "SELECT " + columns + " FROM " + schema + "." + table + " ORDER BY " + orderBy);
        }
    }

    static Connection postgres() throws SQLException {
        return DriverManager.getConnection(TestEnv.jdbcPostgresUrl(), TestEnv.get("PGUSER"), TestEnv.get("PGPASSWORD"));
    }

    static long targetCount(String schema, String table) {
        try (Connection c = postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the table does not exist yet
        }
    }

    /** How many rows of {@code schema.table} in the target match {@code where}. */
    static long targetCountWhere(String schema, String table, String where) throws SQLException {
        try (Connection c = postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + "." + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** "change: detail" rows of the pipeline's schema history in {@code schema}, in order. */
    static List<String> schemaHistory(String schema, String pipeline) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT change, detail FROM " + schema
                     + "._vitess_replicator_checkpoint_schema_history WHERE pipeline = '" + pipeline + "' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        return out;
    }

    static void dropSchema(String schema) throws SQLException {
        try (Connection c = postgres(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /**
     * Waits until {@code schema.table} in the target equals {@code expected} (rows of
     * {@code columns} ordered by id); fails with how they last differed.
     */
    static void awaitTargetEquals(ReplicatorProcess p, String what, String schema, String table, String columns,
                                  List<String> expected) {
        awaitTargetEquals(p, what, TargetProbe.postgres(schema), "", table, columns, expected,
                java.time.Duration.ofMinutes(2));
    }

    /**
     * Waits until the target's {@code keyspace.table} equals {@code expected} (rows of
     * {@code columns} ordered by id) as the probe reads it; fails with how they last differed.
     */
    static void awaitTargetEquals(ReplicatorProcess p, String what, TargetProbe target, String keyspace, String table,
                                  String columns, List<String> expected, java.time.Duration atMost) {
        java.util.concurrent.atomic.AtomicReference<String> diff = new java.util.concurrent.atomic.AtomicReference<>("");
        long start = System.nanoTime();
        long[] reported = {start};
        try {
            p.await(what, atMost, () -> {
                try {
                    List<String> rows = target.rows(keyspace, table, columns, "id");
                    if (rows.equals(expected)) {
                        return true;
                    }
                    diff.set(difference(expected, rows));
                    if (System.nanoTime() - reported[0] > 15_000_000_000L) {
                        reported[0] = System.nanoTime();
                        System.out.println(what + " (" + target.name() + "), after "
                                + (reported[0] - start) / 1_000_000_000L + " s: " + diff.get());
                    }
                    return rows.equals(expected);
                } catch (Exception e) {
                    diff.set(e.getMessage());
                    return false; // a column not there yet
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError("target differs from source: " + diff.get() + "\n" + e.getMessage(), e);
        }
    }

    /** The first rows only in the source and only in the target, for a failure message. */
    static String difference(List<String> source, List<String> target) {
        // Sets: List.removeAll over two 100,000-row lists is quadratic, minutes of CPU per call.
        java.util.Set<String> inTarget = new java.util.HashSet<>(target);
        java.util.Set<String> inSource = new java.util.HashSet<>(source);
        List<String> missing = source.stream().filter(r -> !inTarget.contains(r)).toList();
        List<String> extra = target.stream().filter(r -> !inSource.contains(r)).toList();
        return missing.size() + " source rows not in the target " + missing.subList(0, Math.min(5, missing.size()))
                + ", " + extra.size() + " target rows not in the source " + extra.subList(0, Math.min(5, extra.size()));
    }

    static List<String> read(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(normalize(rs.getObject(i)));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String normalize(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            return new BigDecimal(num.toString()).toPlainString();
        }
        return v.toString();
    }
}
