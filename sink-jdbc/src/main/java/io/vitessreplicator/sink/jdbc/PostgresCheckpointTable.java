package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * PostgreSQL's checkpoint table: one row per pipeline name, holding the position the target's data is
 * consistent with and the owner token of the instance that writes it.
 *
 * <pre>
 * pipeline     text PRIMARY KEY
 * position     text          -- Position JSON (the VGTID); NULL until the first batch commits
 * phase        text          -- 'copy' while any shard copies, else 'stream'; NULL before the first batch
 * owner        text NOT NULL -- token of the instance that claimed the pipeline last
 * batches      bigint        -- batches committed
 * rows_staged  bigint        -- rows written to staging by committed batches (before coalescing across writes)
 * claimed_at   timestamptz   -- when owner opened the pipeline
 * committed_at timestamptz   -- when the last batch committed
 * updated_at   timestamptz   -- last change of any kind
 * state        text          -- the core's schema state (JSON), written with the position when it changes
 * </pre>
 *
 * <p>The row is claimed (owner written) at open and updated inside every batch transaction after a
 * {@code SELECT ... FOR UPDATE}, so a batch's data and its position commit together. The row lock
 * is the in-transaction fence.
 */
final class PostgresCheckpointTable implements SqlDialect.CheckpointTable {
    private final String table;

    /** @param table the table, "schema"."name" */
    PostgresCheckpointTable(String table) {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public String qualifiedName() {
        return table;
    }

    @Override
    public void createIfMissing(Connection control) throws SQLException {
        try (Statement s = control.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (pipeline text PRIMARY KEY, position text, phase text,"
                    + " owner text NOT NULL, batches bigint NOT NULL DEFAULT 0, rows_staged bigint NOT NULL DEFAULT 0,"
                    + " claimed_at timestamptz NOT NULL, committed_at timestamptz, updated_at timestamptz NOT NULL,"
                    + " state text)");
            // Tables created before schema tracking existed lack the column.
            s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS state text");
        }
    }

    /** The row as stored now, without locking it. */
    @Override
    public Optional<StoredCheckpoint> read(Connection c, String pipeline) throws SQLException {
        return select(c, pipeline, "");
    }

    /** The row, locked until the calling transaction ends; the batch's own view of who owns what. */
    @Override
    public Optional<StoredCheckpoint> readAndLock(Connection batch, String pipeline) throws SQLException {
        return select(batch, pipeline, " FOR UPDATE");
    }

    /**
     * Writes {@code owner} as the pipeline's owner (creating the row for a fresh pipeline), in the
     * caller's transaction, and returns the row as it was before, if any.
     */
    @Override
    public Optional<StoredCheckpoint> claim(Connection c, String pipeline, String owner) throws SQLException {
        Optional<StoredCheckpoint> before = readAndLock(c, pipeline);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (pipeline, owner, claimed_at, updated_at) VALUES (?, ?, now(), now())"
                + " ON CONFLICT (pipeline) DO UPDATE SET owner = EXCLUDED.owner, claimed_at = now(), updated_at = now()")) {
            ps.setString(1, pipeline);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
        return before;
    }

    /**
     * Stores the batch's end position (and the schema state, when not null) in the caller's
     * (batch) transaction.
     */
    @Override
    public void recordCommit(Connection batch, String pipeline, String owner, Position end, long rowsStaged, String state)
            throws SQLException {
        try (PreparedStatement ps = batch.prepareStatement("UPDATE " + table + " SET position = ?, phase = ?,"
                + " batches = batches + 1, rows_staged = rows_staged + ?, committed_at = now(), updated_at = now(),"
                + " state = COALESCE(?, state) WHERE pipeline = ?")) {
            ps.setString(1, end.toJson());
            ps.setString(2, end.isCopying() ? "copy" : "stream");
            ps.setLong(3, rowsStaged);
            ps.setString(4, state);
            ps.setString(5, pipeline);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("checkpoint row of " + pipeline + " vanished while locked");
            }
        }
    }

    private Optional<StoredCheckpoint> select(Connection c, String pipeline, String lockClause) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position, owner, claimed_at, committed_at, batches, state FROM "
                + table + " WHERE pipeline = ?" + lockClause)) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String json = rs.getString(1);
                return Optional.of(new StoredCheckpoint(pipeline,
                        json == null ? null : StoredCheckpoint.parsePosition(pipeline, table, json),
                        rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getLong(5), rs.getString(6)));
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
