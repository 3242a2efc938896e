package io.vitessreplicator.sink.redshift.emulator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's helper objects in schema {@code _vr_emulator} of each database: the {@code super}
 * domain over jsonb, {@code varbyte(n)} domains over bytea (made on demand), {@code format_type}
 * that prints those domains by their Redshift names, and {@code fail(text)} that aborts the current
 * transaction with the emulator's message. Created idempotently under a transaction-scoped advisory
 * lock, so concurrent first connections do not collide.
 */
final class EmulatorSchema {
    /** Advisory lock key for creating the helper objects ("VREM"). */
    private static final long LOCK = 0x5652_454dL;
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    private EmulatorSchema() {}

    /** Creates the schema, the super domain and the functions on a fresh connection (autocommit). */
    static void ensure(Connection c, String databaseKey) throws SQLException {
        if (READY.contains(databaseKey)) {
            return;
        }
        inTransaction(c, s -> {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlRewriter.SCHEMA);
            if (!domainExists(c, "super")) {
                s.execute("CREATE DOMAIN " + SqlRewriter.SCHEMA + ".\"super\" AS jsonb");
            }
            s.execute("CREATE OR REPLACE FUNCTION " + SqlRewriter.SCHEMA + ".format_type(oid, integer) RETURNS text"
                    + " LANGUAGE sql STABLE AS $f$ SELECT COALESCE((SELECT t.typname::text FROM pg_catalog.pg_type t"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = $1 AND t.typtype = 'd'"
                    + " AND n.nspname = '" + SqlRewriter.SCHEMA + "'), pg_catalog.format_type($1, $2)) $f$");
            // Redshift's STV_SESSIONS: one row per connected session, process = pg_backend_pid().
            s.execute("CREATE OR REPLACE VIEW " + SqlRewriter.SCHEMA + ".stv_sessions AS SELECT pid AS process,"
                    + " (backend_start AT TIME ZONE 'UTC') AS starttime, usename::text AS user_name,"
                    + " datname::text AS db_name FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend'");
            // Redshift's FROM_HEX(text) returns VARBYTE.
            s.execute("CREATE OR REPLACE FUNCTION " + SqlRewriter.SCHEMA + ".from_hex(text) RETURNS bytea"
                    + " LANGUAGE sql IMMUTABLE AS $f$ SELECT decode($1, 'hex') $f$");
            // Redshift's TO_HEX: of a VARBYTE (the hex of its bytes, lower case), and of an integer.
            s.execute("CREATE OR REPLACE FUNCTION " + SqlRewriter.SCHEMA + ".to_hex(bytea) RETURNS text"
                    + " LANGUAGE sql IMMUTABLE AS $f$ SELECT encode($1, 'hex') $f$");
            s.execute("CREATE OR REPLACE FUNCTION " + SqlRewriter.SCHEMA + ".to_hex(bigint) RETURNS text"
                    + " LANGUAGE sql IMMUTABLE AS $f$ SELECT pg_catalog.to_hex($1) $f$");
            s.execute("CREATE OR REPLACE FUNCTION " + SqlRewriter.SCHEMA + ".fail(message text) RETURNS void"
                    + " LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = message;"
                    + " END $f$");
        });
        READY.add(databaseKey);
    }

    /** Makes the {@code varbyte(n)} domains on {@code side}, a connection of its own (committed at once). */
    static void ensureVarbyte(Connection side, String databaseKey, Set<Integer> lengths) throws SQLException {
        inTransaction(side, s -> {
            for (int n : lengths) {
                String name = "varbyte(" + n + ")";
                if (!domainExists(side, name)) {
                    s.execute("CREATE DOMAIN " + SqlRewriter.SCHEMA + ".\"" + name + "\" AS bytea CHECK"
                            + " (octet_length(VALUE) <= " + n + ")");
                }
                READY.add(databaseKey + " " + name);
            }
        });
    }

    /** The lengths whose domains this process has not made or seen yet. */
    static Set<Integer> missingVarbyte(String databaseKey, Set<Integer> lengths) {
        return lengths.stream().filter(n -> !READY.contains(databaseKey + " varbyte(" + n + ")"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static boolean domainExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?")) {
            ps.setString(1, SqlRewriter.SCHEMA);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Statement s) throws SQLException;
    }

    private static void inTransaction(Connection c, Work work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            work.run(s);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
