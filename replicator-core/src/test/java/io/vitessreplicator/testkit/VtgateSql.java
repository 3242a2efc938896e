package io.vitessreplicator.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** SQL through vtgate's MySQL protocol port: how the tests write to Vitess, as an application would. */
public final class VtgateSql {
    private VtgateSql() {}

    /** A connection to {@code keyspace} through vtgate (the caller closes it). */
    public static Connection connect(String keyspace) throws SQLException {
        return connect(TestEnv.get("VTGATE_MYSQL"), keyspace);
    }

    /** A connection to {@code keyspace} through the vtgate MySQL port at {@code hostPort}. */
    public static Connection connect(String hostPort, String keyspace) throws SQLException {
        String url = "jdbc:mysql://" + hostPort + "/" + keyspace
                + "?useSSL=false&allowPublicKeyRetrieval=true&useServerPrepStmts=false"
                + "&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=false";
        return DriverManager.getConnection(url, "root", "");
    }

    /** Runs statements in order, each in autocommit mode. */
    public static void exec(String keyspace, String... statements) throws SQLException {
        execAt(TestEnv.get("VTGATE_MYSQL"), keyspace, statements);
    }

    /** Runs statements in order, each in autocommit mode, through the vtgate MySQL port at {@code hostPort}. */
    public static void execAt(String hostPort, String keyspace, String... statements) throws SQLException {
        try (Connection c = connect(hostPort, keyspace); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
