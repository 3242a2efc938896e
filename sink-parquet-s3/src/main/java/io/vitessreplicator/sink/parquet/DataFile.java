package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * A Parquet file being written on local disk (the spill directory) before it is uploaded: rows
 * stream into it, so the heap holds one row group at most.
 */
final class DataFile {
    private final Path local;
    private final String key;
    private final ParquetWriter<FileRow> writer;
    private long rows;
    private long minSeq = Long.MAX_VALUE;
    private long maxSeq = Long.MIN_VALUE;

    /**
     * @param key    where it goes, relative to the prefix
     * @param footer key/value metadata for the file footer
     */
    DataFile(Path local, String key, FileSchema schema, ParquetSinkConfig config, Map<String, String> footer) {
        this(local, key, schema, config, footer, config.rowGroupSize());
    }

    /** @param rowGroupSize bytes a row group may hold in memory before it is written out */
    DataFile(Path local, String key, FileSchema schema, ParquetSinkConfig config, Map<String, String> footer,
             long rowGroupSize) {
        this.local = requireNonNull(local, "local is null");
        this.key = requireNonNull(key, "key is null");
        try {
            Files.createDirectories(local.getParent());
            this.writer = new Builder(new LocalOutputFile(local), new RowWriteSupport(schema, config.wideDecimals(), footer))
                    .withCompressionCodec(config.compression())
                    .withRowGroupSize(rowGroupSize)
                    .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
                    .withDictionaryEncoding(true)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withConf(ParquetConf.SHARED)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + local + ": " + e.getMessage(), e);
        }
    }

    void write(FileRow row) {
        try {
            writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + local + ": " + e.getMessage(), e);
        }
        rows++;
        minSeq = Math.min(minSeq, row.seq());
        maxSeq = Math.max(maxSeq, row.seq());
    }

    /** Bytes written so far plus what the open row group holds. */
    long dataSize() {
        return writer.getDataSize();
    }

    /** Finishes the file on disk and returns its size. */
    long finish() {
        try {
            writer.close();
            return Files.size(local);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + local + ": " + e.getMessage(), e);
        }
    }

    /** Drops the file (after an upload, or when the batch is abandoned). */
    void discard() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // abandoned: the file goes anyway
        }
        try {
            Files.deleteIfExists(local);
        } catch (IOException e) {
            // left in the spill directory, which open() empties
        }
    }

    Path local() {
        return local;
    }

    String key() {
        return key;
    }

    long rows() {
        return rows;
    }

    long minSeq() {
        return minSeq;
    }

    long maxSeq() {
        return maxSeq;
    }

    private static final class Builder extends ParquetWriter.Builder<FileRow, Builder> {
        private final WriteSupport<FileRow> support;

        Builder(OutputFile file, WriteSupport<FileRow> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<FileRow> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<FileRow> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return support;
        }
    }
}
