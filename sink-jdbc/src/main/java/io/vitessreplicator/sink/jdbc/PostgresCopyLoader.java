package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>The COPY is in PostgreSQL's binary format ({@link CopyBinaryEncoder}), which the server
 * ingests with less CPU per row than text. A table with a column whose target type the binary
 * form is not written for falls back to the text format ({@link CopyTextEncoder}) for all its
 * COPYs; both write the same values and refuse the same ones.
 *
 * <p>The COPY streams: rows are encoded into a buffer that is sent whenever it passes
 * {@link #FLUSH_BYTES}, so a write call's memory is about one flush plus its largest row. If
 * encoding fails mid-way the COPY is cancelled; the transaction is then rolled back by the writer.
 * One loader per batch: its buffer of each format (made when first needed) is shared by all its
 * COPYs.
 */
final class PostgresCopyLoader implements SqlDialect.StagingLoader {
    static final int FLUSH_BYTES = 256 * 1024;
    private static final int BUFFER_BYTES = FLUSH_BYTES + 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCopyLoader.class);
    /** Tables already said to be written in text: said once per process, not once per batch. */
    private static final Set<String> TEXT_TABLES_LOGGED = ConcurrentHashMap.newKeySet();

    private final boolean binary;
    private CopyTextBuffer textBuffer;
    private CopyBinaryBuffer binaryBuffer;
    private final Map<TargetTable, TableRows> directRows = new HashMap<>();

    PostgresCopyLoader() {
        this(true);
    }

    /**
     * @param binary whether tables whose columns all have a binary form are written in binary;
     *               false writes every table in text (the integration tests compare the two)
     */
    PostgresCopyLoader(boolean binary) {
        this.binary = binary;
    }

    /** Creates the staging table (dropped at the end of the transaction). */
    @Override
    public SqlDialect.Staging create(Connection batch, TargetTable table, String stagingName) throws SQLException {
        PostgresMergeStatements sql = new PostgresMergeStatements(requireNonNull(table, "table is null"), stagingName);
        try (Statement s = batch.createStatement()) {
            s.execute(sql.createStaging());
        }
        TableRows rows = rowsOf(table);
        return new CopyStaging(table, rows, sql.copy(rows.binary()));
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
        TableRows out = directRows.computeIfAbsent(table, this::rowsOf);
        streamCopy(batch, PostgresMergeStatements.copyIntoTarget(table, out.binary()), table.qualifiedName(), out,
                copy -> {
                    for (Object[] row : rows) {
                        out.writeRow(row);
                        flushIfFull(copy, out);
                    }
                });
    }

    /** The table's rows in binary when every column has a binary form, else in text. */
    private TableRows rowsOf(TargetTable table) {
        if (binary) {
            Optional<CopyBinaryEncoder> encoder = CopyBinaryEncoder.of(table);
            if (encoder.isPresent()) {
                if (binaryBuffer == null) {
                    binaryBuffer = new CopyBinaryBuffer(BUFFER_BYTES);
                }
                return new BinaryRows(encoder.get(), binaryBuffer);
            }
            if (TEXT_TABLES_LOGGED.add(table.qualifiedName())) {
                LOG.info("COPY into {} uses the text format: column {} has no binary form in this sink",
                        table.qualifiedName(), CopyBinaryEncoder.textOnlyColumn(table).orElse("?"));
            }
        }
        if (textBuffer == null) {
            textBuffer = new CopyTextBuffer(BUFFER_BYTES);
        }
        return new TextRows(new CopyTextEncoder(table), textBuffer);
    }

    /** One staging table: COPY appends rows with their op and sequence number. */
    private final class CopyStaging implements SqlDialect.Staging {
        private final TargetTable table;
        private final TableRows out;
        private final String copySql;

        CopyStaging(TargetTable table, TableRows out, String copySql) {
            this.table = table;
            this.out = out;
            this.copySql = copySql;
        }

        /** Deletes first (a key is never in both lists of one TableChanges, so their order is free). */
        @Override
        public long append(Connection batch, TableChanges changes, long seq) throws SQLException {
            long[] next = {seq};
            streamCopy(batch, copySql, "staging of " + table.qualifiedName(), out, copy -> {
                for (Object[] key : changes.deletes()) {
                    out.writeDelete(key, next[0]++);
                    flushIfFull(copy, out);
                }
                for (Object[] row : changes.upserts()) {
                    out.writeUpsert(row, next[0]++);
                    flushIfFull(copy, out);
                }
            });
            return next[0];
        }
    }

    /** One table's rows in one COPY format, written into the loader's buffer of that format. */
    private interface TableRows {
        boolean binary();

        /** What the COPY data starts with, once per COPY. */
        void start();

        /** What the COPY data ends with. */
        void finish();

        void writeRow(Object[] row);

        void writeUpsert(Object[] row, long seq);

        void writeDelete(Object[] key, long seq);

        /** The buffer the rows are written into. */
        CopyBytes bytes();
    }

    private record TextRows(CopyTextEncoder encoder, CopyTextBuffer buffer) implements TableRows {
        @Override
        public boolean binary() {
            return false;
        }

        @Override
        public void start() {}

        @Override
        public void finish() {}

        @Override
        public void writeRow(Object[] row) {
            encoder.writeRow(row, buffer);
        }

        @Override
        public void writeUpsert(Object[] row, long seq) {
            encoder.writeUpsert(row, seq, buffer);
        }

        @Override
        public void writeDelete(Object[] key, long seq) {
            encoder.writeDelete(key, seq, buffer);
        }

        @Override
        public CopyBytes bytes() {
            return buffer;
        }
    }

    private record BinaryRows(CopyBinaryEncoder encoder, CopyBinaryBuffer buffer) implements TableRows {
        @Override
        public boolean binary() {
            return true;
        }

        @Override
        public void start() {
            buffer.header();
        }

        @Override
        public void finish() {
            buffer.trailer();
        }

        @Override
        public void writeRow(Object[] row) {
            encoder.writeRow(row, buffer);
        }

        @Override
        public void writeUpsert(Object[] row, long seq) {
            encoder.writeUpsert(row, seq, buffer);
        }

        @Override
        public void writeDelete(Object[] key, long seq) {
            encoder.writeDelete(key, seq, buffer);
        }

        @Override
        public CopyBytes bytes() {
            return buffer;
        }
    }

    /** Writes rows into an open COPY; {@link #flushIfFull} after each keeps memory at one flush. */
    @FunctionalInterface
    private interface CopyBody {
        void write(CopyIn copy) throws SQLException;
    }

    /**
     * One COPY ... FROM STDIN: the start, the rows, the end, the rest of the buffer. If anything
     * fails the COPY is cancelled (the caller rolls back) and the failure propagates.
     */
    private static void streamCopy(Connection batch, String copySql, String into, TableRows out, CopyBody body)
            throws SQLException {
        CopyManager copyApi = batch.unwrap(PGConnection.class).getCopyAPI();
        CopyBytes bytes = out.bytes();
        bytes.clear();
        CopyIn copy = copyApi.copyIn(copySql);
        boolean done = false;
        try {
            out.start();
            body.write(copy);
            out.finish();
            if (bytes.size() > 0) {
                copy.writeToCopy(bytes.array(), 0, bytes.size());
                bytes.clear();
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
            bytes.clear();
        }
    }

    private static void flushIfFull(CopyIn copy, TableRows out) throws SQLException {
        CopyBytes bytes = out.bytes();
        if (bytes.size() >= FLUSH_BYTES) {
            copy.writeToCopy(bytes.array(), 0, bytes.size());
            bytes.clear();
        }
    }
}
