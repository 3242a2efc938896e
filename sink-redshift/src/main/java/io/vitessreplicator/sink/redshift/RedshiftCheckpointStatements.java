package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The SQL of Redshift's checkpoint table (the JDBC around it, the {@code CheckpointTable} of the
 * seam, comes with the sink). Same columns as PostgreSQL's; Redshift has no row locks
 * ({@code SELECT ... FOR UPDATE}) and no advisory locks, so the fence is the table lock:
 *
 * <ul>
 *   <li><b>readAndLock</b> (in the batch transaction, before anything else touches a shared table):
 *       {@code LOCK} the table, then {@code SELECT} the pipeline's row. The lock is held to commit or
 *       rollback, so no other transaction can claim the row or commit a batch of any pipeline stored
 *       in this table meanwhile (pipelines sharing a checkpoint table serialize their commits).</li>
 *   <li><b>claim</b> (at open, in its own transaction): {@code LOCK}, {@code SELECT}; then
 *       {@link #claimUpdate()} when the row exists, else {@link #claimInsert()}; commit.</li>
 *   <li><b>recordCommit</b>: {@link #recordCommit()}, guarded by the owner token as well (0 rows
 *       updated means the claim was lost: roll back).</li>
 * </ul>
 * A concurrent transaction that read the table before our LOCK may still fail with Redshift's
 * serializable-isolation error 1023; {@link RedshiftErrors} makes that retriable.
 *
 * <p>Timestamps come from {@code SYSDATE} (the transaction's start, UTC; the session time zone is
 * set to UTC by {@link RedshiftIdentifiers#SESSION_SETUP}). {@code position} and {@code state} hold up
 * to 65535 bytes (Redshift's longest VARCHAR); longer JSON fails the commit.
 */
public final class RedshiftCheckpointStatements {
    private final String table;

    /** @param table the checkpoint table, "schema"."name" */
    public RedshiftCheckpointStatements(String table) {
        this.table = requireNonNull(table, "table is null");
    }

    public String qualifiedName() {
        return table;
    }

    public String create() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (pipeline varchar(512) NOT NULL, position varchar(65535),"
                + " phase varchar(16), owner varchar(512) NOT NULL, batches bigint NOT NULL DEFAULT 0,"
                + " rows_staged bigint NOT NULL DEFAULT 0, claimed_at timestamptz NOT NULL, committed_at timestamptz,"
                + " updated_at timestamptz NOT NULL, state varchar(65535), lease_owner varchar(512),"
                + " lease_session integer, lease_session_start timestamp, PRIMARY KEY (pipeline)) DISTSTYLE ALL";
    }

    /** Held until the transaction ends. */
    public String lock() {
        return "LOCK " + table;
    }

    /** Parameter: pipeline. Columns: position, owner, claimed_at, committed_at, batches, state. */
    public String select() {
        return "SELECT position, owner, claimed_at, committed_at, batches, state FROM " + table + " WHERE pipeline = ?";
    }

    /** {@link #lock()} then {@link #select()}: the seam's readAndLock. */
    public List<String> readAndLock() {
        return List.of(lock(), select());
    }

    /** Parameters: owner, pipeline. After {@link #readAndLock()} found the row. */
    public String claimUpdate() {
        return "UPDATE " + table + " SET owner = ?, claimed_at = SYSDATE, updated_at = SYSDATE WHERE pipeline = ?";
    }

    /** Parameters: pipeline, owner. After {@link #readAndLock()} found no row (a fresh pipeline). */
    public String claimInsert() {
        return "INSERT INTO " + table + " (pipeline, owner, claimed_at, updated_at) VALUES (?, ?, SYSDATE, SYSDATE)";
    }

    // ---- the session lease (the pipeline fence): see RedshiftSessionLease -------------------------

    /** Parameter: pipeline. Columns: lease_owner, lease_session, lease_session_start. */
    public String leaseSelect() {
        return "SELECT lease_owner, lease_session, lease_session_start FROM " + table + " WHERE pipeline = ?";
    }

    /** This session's process id and start time, which together name it among the cluster's sessions. */
    public static String currentSession() {
        return "SELECT process, starttime FROM stv_sessions WHERE process = pg_backend_pid()";
    }

    /** Parameters: process, start time. One row when that session is still connected. */
    public static String sessionAlive() {
        return "SELECT process FROM stv_sessions WHERE process = ? AND starttime = ?";
    }

    /** Parameters: lease owner, session, session start, pipeline. After {@link #leaseSelect()} found the row. */
    public String leaseTake() {
        return "UPDATE " + table + " SET lease_owner = ?, lease_session = ?, lease_session_start = ?,"
                + " updated_at = SYSDATE WHERE pipeline = ?";
    }

    /**
     * Parameters: pipeline, owner, lease owner, session, session start. For a fresh pipeline: the row
     * the claim then updates.
     */
    public String leaseInsert() {
        return "INSERT INTO " + table + " (pipeline, owner, claimed_at, updated_at, lease_owner, lease_session,"
                + " lease_session_start) VALUES (?, ?, SYSDATE, SYSDATE, ?, ?, ?)";
    }

    /** Parameters: pipeline, lease owner, session. Lets go of a lease this session holds. */
    public String leaseRelease() {
        return "UPDATE " + table + " SET lease_owner = NULL, lease_session = NULL, lease_session_start = NULL"
                + " WHERE pipeline = ? AND lease_owner = ? AND lease_session = ?";
    }

    /**
     * Parameters: position JSON, phase, rows staged, state (null keeps it), pipeline, owner. Must
     * update exactly one row.
     */
    public String recordCommit() {
        return "UPDATE " + table + " SET position = ?, phase = ?, batches = batches + 1, rows_staged = rows_staged + ?,"
                + " committed_at = SYSDATE, updated_at = SYSDATE, state = COALESCE(?, state)"
                + " WHERE pipeline = ? AND owner = ?";
    }
}
