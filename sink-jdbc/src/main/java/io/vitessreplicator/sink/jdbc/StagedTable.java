package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target table's staging within one batch transaction: a temporary table filled by COPY (one
 * COPY per {@code write} call) and merged into the target once, at commit.
 *
 * <p>The COPY streams: rows are encoded into a buffer that is sent whenever it passes
 * {@link #FLUSH_BYTES}, so a write call's memory is about one flush plus its largest row. If
 * encoding fails mid-way the COPY is cancelled; the transaction is then rolled back by the writer.
 */
final class StagedTable {
    static final int FLUSH_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(StagedTable.class);

    private final TargetTable table;
    private final MergeStatements sql;
    private final CopyTextEncoder encoder;
    private long upsertsStaged;
    private long deletesStaged;

    private StagedTable(TargetTable table, MergeStatements sql) {
        this.table = table;
        this.sql = sql;
        this.encoder = new CopyTextEncoder(table);
    }

    /** Creates the staging table (dropped at the end of the transaction). */
    static StagedTable create(Connection batch, TargetTable table, String stagingName) throws SQLException {
        MergeStatements sql = new MergeStatements(requireNonNull(table, "table is null"), stagingName);
        try (Statement s = batch.createStatement()) {
            s.execute(sql.createStaging());
        }
        return new StagedTable(table, sql);
    }

    TargetTable table() {
        return table;
    }

    /**
     * Appends {@code changes} to staging; each row gets the next sequence number from {@code seq},
     * deletes first (a key is never in both lists of one TableChanges, so their order is free).
     *
     * @return the next unused sequence number
     */
    long copy(Connection batch, TableChanges changes, long seq, CopyTextBuffer buffer) throws SQLException {
        long[] next = {seq};
        streamCopy(batch, sql.copy(), "staging of " + table.qualifiedName(), buffer, (copy, out) -> {
            for (Object[] key : changes.deletes()) {
                encoder.writeDelete(key, next[0]++, out);
                flushIfFull(copy, out);
            }
            for (Object[] row : changes.upserts()) {
                encoder.writeUpsert(row, next[0]++, out);
                flushIfFull(copy, out);
            }
        });
        deletesStaged += changes.deletes().size();
        upsertsStaged += changes.upserts().size();
        return next[0];
    }

    /**
     * The set-based DELETE (or soft-delete UPDATE) and INSERT ... ON CONFLICT; skipped when nothing
     * of that kind was staged. With {@code copyKeysTable} (the table is being copied again), the
     * upserted keys are noted there too.
     */
    void merge(Connection batch, String copyKeysTable) throws SQLException {
        long deleted = 0;
        long upserted = 0;
        try (Statement s = batch.createStatement()) {
            if (deletesStaged > 0) {
                deleted = s.executeUpdate(table.deleteMode() == DeleteMode.SOFT ? sql.softDelete() : sql.delete());
            }
            if (upsertsStaged > 0) {
                upserted = s.executeUpdate(sql.upsert());
                if (copyKeysTable != null) {
                    s.executeUpdate(sql.recordUpsertedKeys(copyKeysTable));
                }
            }
        }
        LOG.debug("Merged into {}: {} rows deleted{}, {} upserted (staged: {} deletes, {} upserts)",
                table.qualifiedName(), deleted, table.deleteMode() == DeleteMode.SOFT ? " (marked)" : "", upserted,
                deletesStaged, upsertsStaged);
    }

    /**
     * COPYs {@code rows} straight into the target table (see PostgresBatchWriter#insertDirectly);
     * a failure cancels the COPY and is thrown to the caller, who rolls back to its savepoint.
     */
    static void insertInto(Connection batch, TargetTable table, CopyTextEncoder encoder, List<Object[]> rows,
                           CopyTextBuffer buffer) throws SQLException {
        streamCopy(batch, MergeStatements.copyIntoTarget(table), table.qualifiedName(), buffer, (copy, out) -> {
            for (Object[] row : rows) {
                encoder.writeRow(row, out);
                flushIfFull(copy, out);
            }
        });
    }

    /** Writes rows into an open COPY; {@link #flushIfFull} after each keeps memory at one flush. */
    @FunctionalInterface
    private interface CopyRows {
        void write(CopyIn copy, CopyTextBuffer buffer) throws SQLException;
    }

    /**
     * One COPY ... FROM STDIN: the rows, the rest of the buffer, the end. If anything fails the COPY
     * is cancelled (the caller rolls back) and the failure propagates.
     */
    private static void streamCopy(Connection batch, String copySql, String into, CopyTextBuffer buffer, CopyRows rows)
            throws SQLException {
        CopyManager copyApi = batch.unwrap(PGConnection.class).getCopyAPI();
        buffer.clear();
        CopyIn copy = copyApi.copyIn(copySql);
        boolean done = false;
        try {
            rows.write(copy, buffer);
            if (buffer.size() > 0) {
                copy.writeToCopy(buffer.array(), 0, buffer.size());
                buffer.clear();
            }
            copy.endCopy();
            done = true;
        } finally {
            if (!done && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    LOG.debug("Cannot cancel COPY into {}: {}", into, e.getMessage());
                }
            }
            buffer.clear();
        }
    }

    private static void flushIfFull(CopyIn copy, CopyTextBuffer buffer) throws SQLException {
        if (buffer.size() >= FLUSH_BYTES) {
            copy.writeToCopy(buffer.array(), 0, buffer.size());
            buffer.clear();
        }
    }
}
