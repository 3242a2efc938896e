package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongFunction;

/** Creates and fills test tables in Vitess through vtgate, as an application would. */
final class SourceTables {
    private SourceTables() {}

    /** (Re)creates {@code table} in {@code keyspace}; in the sharded keyspace with a hash vindex on {@code vindexColumn}. */
    static void create(String keyspace, String table, String columnsDdl, String vindexColumn) throws SQLException {
        VtgateSql.exec(keyspace, "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (" + columnsDdl + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        try {
            addVindex(keyspace, table, vindexColumn);
        } finally {
            reloadSchema(keyspace);
        }
    }

    /**
     * Makes every tablet of the keyspace load its schema now. Replica tablets otherwise learn of
     * a new table only at their next periodic reload, and a copy started before that fails with
     * "stream needs a position or a table to copy" (the replicator retries, slowly).
     */
    static void reloadSchema(String keyspace) {
        StackCommands.vtctld(TestEnv.get("VTCTLD_SERVER"), "ReloadSchemaKeyspace", keyspace);
    }

    private static void addVindex(String keyspace, String table, String vindexColumn) throws SQLException {
        if ("customer".equals(keyspace)) {
            addHashVindex(TestEnv.get("VTGATE_MYSQL"), keyspace, table, vindexColumn);
        }
    }

    /**
     * Gives {@code table} of a sharded keyspace a hash vindex on {@code column}, through the vtgate
     * MySQL port at {@code vtgateMysql}; a table of an earlier run keeps the one it has.
     */
    static void addHashVindex(String vtgateMysql, String keyspace, String table, String column) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                VtgateSql.execAt(vtgateMysql, keyspace, "ALTER VSCHEMA ON " + keyspace + "." + table
                        + " ADD VINDEX hash(" + column + ")");
                return;
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("already")) {
                    return;
                }
                // vtgate saves a keyspace's VSchema with a compare-and-swap: a test class running at
                // the same time that alters the same keyspace's VSchema makes this one stale.
                if (!message.contains("version was stale") || attempt == 10) {
                    throw e;
                }
                Pause.of(Duration.ofMillis(100L * attempt));
            }
        }
    }

    /**
     * Inserts rows {@code first..last} with multi-row INSERTs of {@code chunk} rows; {@code values}
     * renders one row of {@code columns} (vtgate needs the column list in a sharded keyspace).
     */
    static void insertRange(String keyspace, String table, String columns, long first, long last, int chunk,
                            LongFunction<String> values)
            throws SQLException {
        try (Connection c = VtgateSql.connect(keyspace); Statement s = c.createStatement()) {
            for (long start = first; start <= last; start += chunk) {
                StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(columns)
                        .append(") VALUES ");
                for (long id = start; id <= Math.min(last, start + chunk - 1); id++) {
                    sql.append(id == start ? "" : ",").append('(').append(values.apply(id)).append(')');
                }
                s.execute(sql.toString());
            }
        }
    }

    /**
     * Runs statements through the vtgate MySQL port at {@code hostPort}, retrying while vtgate
     * does not know a table or column yet: it learns of them from its schema tracker a moment
     * after the DDL.
     */
    static void execWhenVtgateKnows(String hostPort, String keyspace, String... statements) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                VtgateSql.execAt(hostPort, keyspace, statements);
                return;
            } catch (SQLException e) {
                String m = String.valueOf(e.getMessage());
                if (System.nanoTime() > deadline || !m.contains("not found") && !m.contains("Unknown column")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
