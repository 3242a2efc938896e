package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.TableChanges;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a batch reaches Redshift: each table's rows are encoded as gzip CSV parts
 * ({@link RedshiftStagedFiles}), uploaded to the staging prefix as they fill, listed in a manifest,
 * and loaded with one {@code COPY} into a temporary staging table right before its merge.
 *
 * <p>Keys: {@code <staging prefix>/<pipeline>/<batch>/<n>/part-00000.csv.gz} and {@code .../manifest},
 * {@code <batch>} unique per batch attempt in this process ({@code <owner token>-<counter>}), so a
 * retried batch never reads a file of an earlier attempt. Memory stays at one part's buffer per
 * open table: a part is written to a local temporary file and uploaded when it is complete (at most
 * {@code sink.staging.max-part-size} of uncompressed CSV).
 *
 * <p>When the batch is over ({@link #finished}) the staging tables are dropped (Redshift keeps
 * temporary tables until the session ends, and pooled sessions live long) and the staged objects are
 * deleted, committed or not. Objects a crash leaves behind are deleted by the sweep at the next open
 * ({@link RedshiftSink}).
 */
final class RedshiftStagingLoader implements SqlDialect.StagingLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RedshiftStagingLoader.class);
    private static final AtomicLong BATCHES = new AtomicLong();
    /** {@code replicator_redshift_staged_bytes_total}: gzip CSV uploaded for COPY (committed or not). */
    private static final Counter STAGED_BYTES = Counter.builder("replicator.redshift.staged")
            .baseUnit("bytes").description("Bytes of gzip CSV uploaded to the staging bucket for COPY")
            .register(Metrics.globalRegistry);
    /** {@code replicator_redshift_staged_rows_total}: CSV records loaded by COPY. */
    private static final Counter STAGED_ROWS = Counter.builder("replicator.redshift.staged.rows")
            .description("Records staged and loaded by COPY").register(Metrics.globalRegistry);

    private final RedshiftStageStore store;
    private final String pipelinePrefix;
    private final String batchId;
    private final RedshiftCopyStatement.Authorization authorization;
    private final String copyRegion;
    private final long maxPartBytes;
    private final List<String> uploaded = new ArrayList<>();
    private final List<String> stagingTables = new ArrayList<>();
    private final List<FileStaging> open = new ArrayList<>();
    private long stagedBytes;

    /**
     * @param pipelinePrefix the pipeline's folder under the staging prefix: everything below it is
     *                       this pipeline's and may be swept
     * @param owner          this instance's owner token, for unique batch folders
     */
    RedshiftStagingLoader(RedshiftStageStore store, String pipelinePrefix, String owner,
                          RedshiftCopyStatement.Authorization authorization, String copyRegion, long maxPartBytes) {
        this.store = requireNonNull(store, "store is null");
        this.pipelinePrefix = requireNonNull(pipelinePrefix, "pipelinePrefix is null");
        this.batchId = "batch-" + fileSafe(owner) + "-" + BATCHES.incrementAndGet();
        this.authorization = requireNonNull(authorization, "authorization is null");
        this.copyRegion = copyRegion;
        this.maxPartBytes = maxPartBytes;
    }

    static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._=-]", "_");
    }

    @Override
    public SqlDialect.Staging create(Connection batch, TargetTable table, String stagingName) throws SQLException {
        RedshiftMergeStatements sql = new RedshiftMergeStatements(requireNonNull(table, "table is null"), stagingName);
        // No DROP before the CREATE: with no temporary table of that name, an unqualified DROP would
        // reach a permanent table of the name in the search path. A rollback removes the batch's
        // temporary tables and finished() drops them after a commit; should that drop fail on a
        // live connection, this CREATE fails and the batch stops, rather than guess.
        try (Statement s = batch.createStatement()) {
            s.execute(sql.createStaging());
        }
        stagingTables.add(sql.dropStaging());
        FileStaging staging = new FileStaging(table, stagingName, sql);
        open.add(staging);
        return staging;
    }

    /** Bytes of gzip CSV this batch uploaded so far. */
    long stagedBytes() {
        return stagedBytes;
    }

    /** One table's staged files: encoded as rows arrive, loaded by COPY at {@link #complete}. */
    private final class FileStaging implements SqlDialect.Staging {
        private final TargetTable table;
        private final RedshiftMergeStatements sql;
        private final RedshiftCsvEncoder encoder;
        private final RedshiftStagedFiles files;
        private boolean completed;
        /** Set when the batch ended before {@link #complete}: an open part is dropped, not uploaded. */
        private boolean abandoned;

        FileStaging(TargetTable table, String stagingName, RedshiftMergeStatements sql) {
            this.table = table;
            this.sql = sql;
            this.encoder = new RedshiftCsvEncoder(table);
            this.files = new RedshiftStagedFiles(this::partOutput, pipelinePrefix, batchId, stagingName, maxPartBytes);
        }

        @Override
        public long append(Connection batch, TableChanges changes, long seq) {
            long next = seq;
            try {
                for (Object[] key : changes.deletes()) {
                    encoder.writeDelete(key, next++, files.buffer());
                    files.endRecord();
                }
                for (Object[] row : changes.upserts()) {
                    encoder.writeUpsert(row, next++, files.buffer());
                    files.endRecord();
                }
            } catch (IOException e) {
                throw new RetriableSinkException("Cannot write the staged files of " + table.qualifiedName() + ": "
                        + e.getMessage() + ". Check free space in java.io.tmpdir.", e);
            }
            return next;
        }

        /** Uploads the last part and the manifest, then COPYs them into the staging table. */
        @Override
        public void complete(Connection batch) throws SQLException {
            if (completed) {
                return;
            }
            completed = true;
            List<RedshiftStagedFiles.Part> parts;
            try {
                parts = files.finish();
            } catch (IOException e) {
                throw new RetriableSinkException("Cannot write the staged files of " + table.qualifiedName() + ": "
                        + e.getMessage() + ". Check free space in java.io.tmpdir.", e);
            }
            if (parts.isEmpty()) {
                return;
            }
            String manifest = files.manifestKey();
            store.putText(manifest, RedshiftStagedFiles.manifest(store.bucket(), parts));
            uploaded.add(manifest);
            RedshiftCopyStatement copy = new RedshiftCopyStatement(sql.stagingTable(), sql.stagingColumns(),
                    store.url(manifest), authorization, copyRegion);
            try (Statement s = batch.createStatement()) {
                s.execute(copy.sql());
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + " (while running " + copy + "; look in Redshift's"
                        + " SYS_LOAD_ERROR_DETAIL or STL_LOAD_ERRORS for the row)", e.getSQLState(), e.getErrorCode(), e);
            }
            long records = parts.stream().mapToLong(RedshiftStagedFiles.Part::records).sum();
            STAGED_ROWS.increment(records);
            LOG.debug("COPY {} records ({} parts) into staging of {}", records, parts.size(), table.qualifiedName());
        }

        /** A part goes to a local temporary file first and is uploaded when the part is complete. */
        private OutputStream partOutput(String key) throws IOException {
            Path file = Files.createTempFile("vitess-replicator-redshift-", ".csv.gz");
            OutputStream out = Files.newOutputStream(file);
            return new FilterOutputStream(out) {
                private boolean closed;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        super.close();
                        if (!abandoned) {
                            long size = Files.size(file);
                            stagedBytes += size;
                            STAGED_BYTES.increment(size);
                            store.putFile(key, file);
                            uploaded.add(key);
                        }
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
            };
        }
    }

    /**
     * Drops the staging tables (after a commit; a rollback removed them) and deletes the staged
     * objects. Failures are logged: the next open sweeps what is left.
     */
    @Override
    public void finished(Connection batch, boolean committed) {
        for (FileStaging staging : open) {
            staging.abandoned = !staging.completed;
            try {
                staging.files.close();
            } catch (IOException e) {
                LOG.debug("Cannot close a staged part: {}", e.getMessage());
            }
        }
        open.clear();
        if (committed && !stagingTables.isEmpty()) {
            try (Statement s = batch.createStatement()) {
                for (String drop : stagingTables) {
                    s.execute(drop);
                }
                if (!batch.getAutoCommit()) {
                    batch.commit();
                }
            } catch (SQLException e) {
                LOG.debug("Cannot drop the staging tables after the batch: {}", e.getMessage());
            }
        }
        if (!uploaded.isEmpty()) {
            try {
                store.delete(uploaded);
            } catch (RuntimeException e) {
                LOG.warn("Cannot delete {} staged objects under {}: {}. The next start deletes them.", uploaded.size(),
                        store.url(pipelinePrefix + "/"), e.getMessage());
            }
            uploaded.clear();
        }
    }
}
