package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.StoredCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The checkpoint table on Redshift: the JDBC around {@link RedshiftCheckpointStatements}. Redshift
 * has no row locks, so every read that decides something takes the table's {@code LOCK} first, held
 * to the end of the caller's transaction; the owner token in the row is checked again by
 * {@link #recordCommit}'s {@code WHERE owner = ?}.
 */
final class RedshiftCheckpointTable implements SqlDialect.CheckpointTable {
    private final RedshiftCheckpointStatements sql;

    /** @param table "schema"."name" */
    RedshiftCheckpointTable(String table) {
        this.sql = new RedshiftCheckpointStatements(requireNonNull(table, "table is null"));
    }

    RedshiftCheckpointStatements statements() {
        return sql;
    }

    @Override
    public String qualifiedName() {
        return sql.qualifiedName();
    }

    @Override
    public void createIfMissing(Connection control) throws SQLException {
        try (Statement s = control.createStatement()) {
            s.execute(sql.create());
        }
    }

    @Override
    public Optional<StoredCheckpoint> read(Connection c, String pipeline) throws SQLException {
        return select(c, pipeline);
    }

    @Override
    public Optional<StoredCheckpoint> readAndLock(Connection batch, String pipeline) throws SQLException {
        try (Statement s = batch.createStatement()) {
            s.execute(sql.lock());
        }
        return select(batch, pipeline);
    }

    @Override
    public Optional<StoredCheckpoint> claim(Connection c, String pipeline, String newOwner) throws SQLException {
        Optional<StoredCheckpoint> before = readAndLock(c, pipeline);
        if (before.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(sql.claimUpdate())) {
                ps.setString(1, newOwner);
                ps.setString(2, pipeline);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(sql.claimInsert())) {
                ps.setString(1, pipeline);
                ps.setString(2, newOwner);
                ps.executeUpdate();
            }
        }
        return before;
    }

    @Override
    public void recordCommit(Connection batch, String pipeline, String owner, Position end, long rowsStaged, String state)
            throws SQLException {
        try (PreparedStatement ps = batch.prepareStatement(sql.recordCommit())) {
            ps.setString(1, end.toJson());
            ps.setString(2, end.isCopying() ? "copy" : "stream");
            ps.setLong(3, rowsStaged);
            ps.setString(4, state);
            ps.setString(5, pipeline);
            ps.setString(6, owner);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("the checkpoint row of " + pipeline + " no longer names owner " + owner
                        + " although it was checked under the table lock");
            }
        }
    }

    private Optional<StoredCheckpoint> select(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.select())) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String json = rs.getString(1);
                return Optional.of(new StoredCheckpoint(pipeline,
                        json == null ? null : StoredCheckpoint.parsePosition(pipeline, sql.qualifiedName(), json),
                        rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getLong(5), rs.getString(6)));
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
