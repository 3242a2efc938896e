package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.spi.FatalSinkException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the sink needs from a PostgreSQL server and the user, checked before anything is written
 * (at open) or instead of writing (by {@code validate}).
 */
final class PostgresPreconditions {
    private PostgresPreconditions() {}

    /**
     * The database must store UTF-8: with any other server encoding, 4-byte characters and most of
     * Unicode could not be stored, and PostgreSQL would fail in the middle of a batch.
     */
    static void requireUtf8(Connection c, String hostPort) throws SQLException {
        String encoding = single(c, "SHOW server_encoding");
        if (!"UTF8".equalsIgnoreCase(encoding)) {
            throw new FatalSinkException("Cannot use database " + single(c, "SELECT current_database()") + " at "
                    + hostPort + ": its encoding is " + encoding + ", and the sink needs UTF8 to store every MySQL"
                    + " utf8mb4 value exactly. Create the target database WITH ENCODING 'UTF8'.");
        }
    }

    static void requireWritable(Connection c, String hostPort) throws SQLException {
        if (queryBoolean(c, "SELECT pg_catalog.pg_is_in_recovery()")) {
            throw new FatalSinkException("Cannot write to PostgreSQL at " + hostPort + ": it is a read-only standby"
                    + " (in recovery). Point sink.url at the primary.");
        }
    }

    /** Creates the schema unless it exists (checking first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even then). */
    static void ensureSchema(Connection control, String schema) throws SQLException {
        if (!PostgresCatalog.schemaExists(control, schema)) {
            try (Statement s = control.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + PgIdentifier.quote(schema));
            }
        }
    }

    /**
     * Whether the user could run the pipeline in {@code schema}: create temporary (staging)
     * tables, create the schema if missing, create tables in it, and read and write an existing
     * checkpoint table. Changes nothing.
     *
     * @throws FatalSinkException naming the missing privilege and the GRANT that gives it
     */
    static void requirePrivileges(Connection c, String schema, String checkpointTable) throws SQLException {
        String user = single(c, "SELECT current_user");
        if (!queryBoolean(c, "SELECT has_database_privilege(current_database(), 'TEMPORARY')")) {
            String db = single(c, "SELECT current_database()");
            throw new FatalSinkException("Cannot stage batches in database " + db + ": user " + user + " may not create"
                    + " temporary tables, which hold each batch before it is merged. Run GRANT TEMPORARY ON DATABASE "
                    + PgIdentifier.quote(db) + " TO " + PgIdentifier.quote(user) + ".");
        }
        if (PostgresCatalog.schemaExists(c, schema)) {
            if (!queryBoolean(c, "SELECT has_schema_privilege(?, 'CREATE') AND has_schema_privilege(?, 'USAGE')", schema, schema)) {
                throw new FatalSinkException("Cannot use schema " + schema + ": user " + user + " may not create tables"
                        + " in it. Run GRANT USAGE, CREATE ON SCHEMA " + PgIdentifier.quote(schema) + " TO "
                        + PgIdentifier.quote(user) + ", or choose another sink.schema.");
            }
            String cp = PgIdentifier.qualified(schema, checkpointTable);
            if (PostgresCatalog.hasTable(c, schema, checkpointTable)
                    && !queryBoolean(c, "SELECT has_table_privilege(?, 'SELECT, INSERT, UPDATE')", cp)) {
                throw new FatalSinkException("Cannot use checkpoint table " + cp + ": user " + user + " may not read"
                        + " and update it. Run GRANT SELECT, INSERT, UPDATE ON " + cp + " TO " + PgIdentifier.quote(user)
                        + ".");
            }
        } else if (!queryBoolean(c, "SELECT has_database_privilege(current_database(), 'CREATE')")) {
            throw new FatalSinkException("Cannot create schema " + schema + ": it does not exist and user " + user
                    + " may not create schemas in database " + single(c, "SELECT current_database()") + ". Create it"
                    + " (CREATE SCHEMA " + PgIdentifier.quote(schema) + " AUTHORIZATION " + PgIdentifier.quote(user)
                    + ") or choose an existing sink.schema.");
        }
    }

    /** A boolean query, its parameters bound to {@code args} in order. */
    private static boolean queryBoolean(Connection c, String sql, String... args) throws SQLException {
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
