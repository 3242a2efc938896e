package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's staging loader: a temporary table per target table, filled by {@code COPY ... FROM
 * STDIN} through pgjdbc's {@link CopyManager} (one COPY per {@code write} call), and the direct
 * COPY into the target table for rows of the copy phase.
 *
 * <p>The COPY streams: rows are encoded into a buffer that is sent whenever it passes
 * {@link #FLUSH_BYTES}, so a write call's memory is about one flush plus its largest row. If
 * encoding fails mid-way the COPY is cancelled; the transaction is then rolled back by the writer.
 * One loader per batch: the buffer is shared by all its COPYs.
 */
final class PostgresCopyLoader implements SqlDialect.StagingLoader {
    static final int FLUSH_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCopyLoader.class);

    private final CopyTextBuffer buffer = new CopyTextBuffer(FLUSH_BYTES + 64 * 1024);
    private final Map<TargetTable, CopyTextEncoder> directEncoders = new HashMap<>();

    /** Creates the staging table (dropped at the end of the transaction). */
    @Override
    public SqlDialect.Staging create(Connection batch, TargetTable table, String stagingName) throws SQLException {
        PostgresMergeStatements sql = new PostgresMergeStatements(requireNonNull(table, "table is null"), stagingName);
        try (Statement s = batch.createStatement()) {
            s.execute(sql.createStaging());
        }
        return new CopyStaging(table, sql.copy());
    }

    @Override
    public boolean loadsDirectly() {
        return true;
    }

    /**
     * COPYs {@code rows} straight into the target table (see JdbcBatchWriter#insertDirectly); a
     * failure cancels the COPY and is thrown to the caller, who rolls back to its savepoint.
     */
    @Override
    public void loadDirectly(Connection batch, TargetTable table, List<Object[]> rows) throws SQLException {
        CopyTextEncoder encoder = directEncoders.computeIfAbsent(table, CopyTextEncoder::new);
        streamCopy(batch, PostgresMergeStatements.copyIntoTarget(table), table.qualifiedName(), buffer, (copy, out) -> {
            for (Object[] row : rows) {
                encoder.writeRow(row, out);
                flushIfFull(copy, out);
            }
        });
    }

    /** One staging table: COPY appends rows with their op and sequence number. */
    private final class CopyStaging implements SqlDialect.Staging {
        private final TargetTable table;
        private final String copySql;
        private final CopyTextEncoder encoder;

        CopyStaging(TargetTable table, String copySql) {
            this.table = table;
            this.copySql = copySql;
            this.encoder = new CopyTextEncoder(table);
        }

        /** Deletes first (a key is never in both lists of one TableChanges, so their order is free). */
        @Override
        public long append(Connection batch, TableChanges changes, long seq) throws SQLException {
            long[] next = {seq};
            streamCopy(batch, copySql, "staging of " + table.qualifiedName(), buffer, (copy, out) -> {
                for (Object[] key : changes.deletes()) {
                    encoder.writeDelete(key, next[0]++, out);
                    flushIfFull(copy, out);
                }
                for (Object[] row : changes.upserts()) {
                    encoder.writeUpsert(row, next[0]++, out);
                    flushIfFull(copy, out);
                }
            });
            return next[0];
        }
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
