package io.vitessreplicator.sink.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * PostgreSQL's pipeline fence: a session-level advisory lock held by the sink's
 * control connection for as long as the sink is open.
 *
 * <p>A session lock is released by the server when the session ends for any reason, including
 * {@code kill -9} of the JVM or a dropped network, so a crashed instance never leaves a stale lock
 * behind, and a live one cannot be overlooked. The lock only detects a live holder; the owner
 * column of the checkpoint row, checked inside every batch transaction, is what actually keeps a
 * stale instance from committing.
 *
 * <p>The 64-bit key is a hash of the checkpoint table and the pipeline name, so pipelines that
 * share a database but not a checkpoint table do not block each other.
 */
final class PostgresAdvisoryLock implements SqlDialect.PipelineFence {
    private final long key;

    PostgresAdvisoryLock(String schema, String checkpointTable, String pipeline) {
        this.key = keyOf(schema + '\0' + checkpointTable + '\0' + pipeline);
    }

    static long keyOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("vitess-replicator pipeline lock\0" + text).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    long key() {
        return key;
    }

    /** Takes the lock if free; true when this session holds it now. */
    @Override
    public boolean tryAcquire(Connection control) throws SQLException {
        try (PreparedStatement ps = control.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Lets go explicitly. Closing the connection would release the lock too, but only once the
     * server has noticed, which a successor opening right after {@code close()} may race.
     */
    @Override
    public void release(Connection control) throws SQLException {
        try (PreparedStatement ps = control.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    /**
     * Waits up to {@code timeout} for the holder to let go (PostgreSQL's lock_timeout bounds the
     * wait server-side); false when it did not.
     */
    @Override
    public boolean acquireWithin(Connection control, Duration timeout) throws SQLException {
        try (Statement s = control.createStatement()) {
            s.execute("SET lock_timeout = " + Math.max(1, timeout.toMillis()));
        }
        try (PreparedStatement ps = control.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            try (Statement s = control.createStatement()) {
                s.execute("RESET lock_timeout");
            }
        }
    }

    /** Who holds the lock, as far as this user may see: "pid 123 from 10.0.0.5 (vitess-replicator p1)". */
    @Override
    public Optional<String> holder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT l.pid, a.client_addr, a.application_name"
                + " FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"
                + " AND l.classid = (?::bigint)::oid AND l.objid = (?::bigint)::oid")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String addr = rs.getString(2);
                String app = rs.getString(3);
                return Optional.of("pid " + rs.getInt(1) + (addr == null ? "" : " from " + addr)
                        + (app == null || app.isEmpty() ? "" : " (" + app + ")"));
            }
        }
    }
}
