package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.sink.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline fence on Redshift, which has no advisory locks: a lease in the pipeline's checkpoint
 * row, bound to the control connection's session the way PostgreSQL binds an advisory lock to it.
 *
 * <p>The row's {@code lease_owner}, {@code lease_session} and {@code lease_session_start} name the
 * instance and the session (process id and start time, as {@code STV_SESSIONS} lists them) that hold
 * the pipeline. Taking the lease, under the checkpoint table's {@code LOCK}: free when no one holds
 * it, when this instance holds it, or when the holding session is no longer connected (its process
 * ended, was killed, or lost its connection: Redshift ends the session, and {@code STV_SESSIONS} stops
 * listing it). Otherwise another live instance has the pipeline, and the caller refuses to start.
 * There is no time-to-live: a holder that is alive but stuck keeps the lease until its session ends
 * (as with the advisory lock). The owner token in the row, checked under the lock by every commit,
 * stays the safety net; the lease only makes a second instance fail at once instead of later.
 *
 * <p>The process id and start time are compared together, so a process id reused by a later
 * session does not count as the holder.
 */
final class RedshiftSessionLease implements SqlDialect.PipelineFence {
    private final RedshiftCheckpointStatements sql;
    private final String pipeline;
    private final String owner;
    private Session held;

    /** A session as STV_SESSIONS names it. */
    private record Session(int process, LocalDateTime start) {}

    RedshiftSessionLease(RedshiftCheckpointStatements sql, String pipeline, String owner) {
        this.sql = requireNonNull(sql, "sql is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    @Override
    public boolean tryAcquire(Connection control) throws SQLException {
        boolean autoCommit = control.getAutoCommit();
        control.setAutoCommit(false);
        try {
            try (Statement s = control.createStatement()) {
                s.execute(sql.lock());
            }
            Session mine = currentSession(control);
            Optional<Lease> lease = readLease(control);
            if (lease.isPresent() && lease.get().owner() != null && !lease.get().owner().equals(owner)
                    && !mine.equals(lease.get().session()) && alive(control, lease.get().session())) {
                control.rollback();
                return false;
            }
            if (lease.isPresent()) {
                try (PreparedStatement ps = control.prepareStatement(sql.leaseTake())) {
                    ps.setString(1, owner);
                    ps.setInt(2, mine.process());
                    ps.setObject(3, mine.start());
                    ps.setString(4, pipeline);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = control.prepareStatement(sql.leaseInsert())) {
                    ps.setString(1, pipeline);
                    ps.setString(2, owner);
                    ps.setString(3, owner);
                    ps.setInt(4, mine.process());
                    ps.setObject(5, mine.start());
                    ps.executeUpdate();
                }
            }
            control.commit();
            held = mine;
            return true;
        } catch (SQLException | RuntimeException e) {
            control.rollback();
            throw e;
        } finally {
            control.setAutoCommit(autoCommit);
        }
    }

    @Override
    public boolean acquireWithin(Connection control, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (tryAcquire(control)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public Optional<String> holder(Connection c) throws SQLException {
        return readLease(c).filter(l -> l.owner() != null && l.session() != null).map(l -> "session " + l.session().process()
                + " (connected since " + l.session().start() + " UTC, owner " + l.owner() + ")");
    }

    @Override
    public void release(Connection control) throws SQLException {
        if (held == null) {
            return;
        }
        boolean autoCommit = control.getAutoCommit();
        control.setAutoCommit(true);
        try (PreparedStatement ps = control.prepareStatement(sql.leaseRelease())) {
            ps.setString(1, pipeline);
            ps.setString(2, owner);
            ps.setInt(3, held.process());
            ps.executeUpdate();
            held = null;
        } finally {
            control.setAutoCommit(autoCommit);
        }
    }

    private record Lease(String owner, Session session) {}

    private Optional<Lease> readLease(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.leaseSelect())) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int process = rs.getInt(2);
                Session session = rs.wasNull() ? null : new Session(process, rs.getObject(3, LocalDateTime.class));
                return Optional.of(new Lease(rs.getString(1), session));
            }
        }
    }

    private static Session currentSession(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(RedshiftCheckpointStatements.currentSession())) {
            if (!rs.next()) {
                throw new SQLException("STV_SESSIONS does not list this session (pg_backend_pid()); the sink cannot"
                        + " fence its pipeline without it");
            }
            return new Session(rs.getInt(1), rs.getObject(2, LocalDateTime.class));
        }
    }

    private static boolean alive(Connection c, Session session) throws SQLException {
        if (session == null) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(RedshiftCheckpointStatements.sessionAlive())) {
            ps.setInt(1, session.process());
            ps.setObject(2, session.start());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String toString() {
        return "RedshiftSessionLease{pipeline=" + pipeline + ", owner=" + owner + ", held=" + Objects.toString(held) + "}";
    }
}
