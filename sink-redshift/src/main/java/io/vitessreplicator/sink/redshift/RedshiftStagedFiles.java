package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * One table's staged files for one batch: gzip CSV parts of whole records (written by
 * {@link RedshiftCsvEncoder} into {@link #buffer()}), their object keys, and the manifest the
 * {@link RedshiftCopyStatement} reads. No S3 here: each part goes to the {@link PartOutput} the
 * caller gives (an upload stream, a local file).
 *
 * <p>Use: for each record, encode it into {@link #buffer()}, then call {@link #endRecord()}; at the
 * end {@link #finish()} returns the parts and {@link #manifest} renders the manifest. On failure,
 * {@link #close()} closes what is open (the caller deletes the objects).
 *
 * <p><b>Parts.</b> A part holds at most {@code maxPartBytes} bytes of <em>uncompressed</em> CSV
 * (default {@link #DEFAULT_MAX_PART_BYTES}): the limit is checked before a record goes in, which
 * needs no guess at the compression ratio. A record is never split; a single record larger than the
 * limit gets a part of its own. Several parts let Redshift's slices load in parallel. No part is
 * empty, and an empty batch has no parts (see {@link #manifest}). Keys:
 * {@code <prefix>/<batchId>/<table>/part-00000.csv.gz}, and {@code .../manifest} for the manifest
 * ({@link #manifestKey}).
 *
 * <p><b>Manifest.</b> {@code {"entries":[{"url":"s3://bucket/key","mandatory":true,
 * "meta":{"content_length":N}}, ...]}} with N the part's size in bytes as stored (compressed).
 * Redshift's documentation ("Using a manifest to specify data files", and the MANIFEST parameter of
 * COPY from Amazon S3) makes {@code mandatory} optional (default false; true makes a missing file
 * an error) and the {@code meta}/{@code content_length} key required only for COPY from ORC and
 * Parquet files (and Spectrum manifests); for CSV it is optional. We write it anyway: the size is
 * known exactly here, and it keeps the manifest valid for every format. COPY also fails when a
 * manifest lists no files at all, so {@link #manifest} refuses an empty list: the loader skips the
 * COPY of a table without rows.
 */
public final class RedshiftStagedFiles implements AutoCloseable {
    /** Default part size: 64 MiB of uncompressed CSV. */
    public static final long DEFAULT_MAX_PART_BYTES = 64L * 1024 * 1024;
    /** Records are handed to gzip in chunks of about this size. */
    static final int FLUSH_BYTES = 256 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._=-]{1,200}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Where a part's bytes go. */
    @FunctionalInterface
    public interface PartOutput {
        /** A new stream for the object {@code key}; closed by this class when the part is complete. */
        OutputStream create(String key) throws IOException;
    }

    /**
     * A finished part.
     *
     * @param key               the object key
     * @param records           CSV records in it
     * @param uncompressedBytes CSV bytes before gzip
     * @param contentLength     bytes as stored (gzip), the manifest's {@code content_length}
     */
    public record Part(String key, long records, long uncompressedBytes, long contentLength) {}

    private final PartOutput output;
    private final String keyPrefix;
    private final long maxPartBytes;
    private final RedshiftCsvBuffer buffer = new RedshiftCsvBuffer(FLUSH_BYTES + 64 * 1024);
    private final List<Part> parts = new ArrayList<>();

    /** Start of the record being encoded: bytes before it are complete records. */
    private int recordStart;
    private GZIPOutputStream gzip;
    private CountingStream counting;
    private String partKey;
    private long partBytes;
    private long partRecords;
    private boolean finished;

    /**
     * @param keyPrefix    the key prefix for this pipeline's staged files (no leading or trailing slash
     *                     needed), e.g. {@code pipeline-a}
     * @param batchId      the batch, e.g. {@code batch-000042}
     * @param tableName    a file-safe name for the table, e.g. {@code 1} or {@code warehouse.orders}
     * @param maxPartBytes the most uncompressed CSV bytes per part
     */
    public RedshiftStagedFiles(PartOutput output, String keyPrefix, String batchId, String tableName, long maxPartBytes) {
        this.output = requireNonNull(output, "output is null");
        this.keyPrefix = directory(keyPrefix, batchId, tableName);
        if (maxPartBytes < 1) {
            throw new IllegalArgumentException("maxPartBytes must be positive: " + maxPartBytes);
        }
        this.maxPartBytes = maxPartBytes;
    }

    /** The key of the manifest for these parts. */
    public String manifestKey() {
        return keyPrefix + "manifest";
    }

    /** Where the encoder writes the current record. */
    public RedshiftCsvBuffer buffer() {
        return buffer;
    }

    /** Marks the end of the record just encoded into {@link #buffer()}; may write to the current part. */
    public void endRecord() throws IOException {
        checkOpen();
        int end = buffer.size();
        if (end == recordStart) {
            throw new IllegalStateException("no record was encoded since the last endRecord()");
        }
        if (buffer.array()[end - 1] != '\n') {
            throw new IllegalStateException("the buffer does not end with a complete record");
        }
        long record = end - recordStart;
        long before = partBytes + recordStart; // this part's bytes ahead of the record
        if (before > 0 && before + record > maxPartBytes) {
            // The record does not fit: the part ends with the records ahead of it.
            write(recordStart);
            closePart();
        }
        partRecords++;
        recordStart = buffer.size();
        if (recordStart >= FLUSH_BYTES) {
            write(recordStart);
        }
    }

    /** Writes the rest, closes the last part and returns all parts (none for an empty batch). */
    public List<Part> finish() throws IOException {
        checkOpen();
        if (buffer.size() != recordStart) {
            throw new IllegalStateException("a record was started but not ended");
        }
        if (recordStart > 0) {
            write(recordStart);
        }
        closePart();
        finished = true;
        return List.copyOf(parts);
    }

    /** Closes an open part without finishing (after a failure); idempotent. */
    @Override
    public void close() throws IOException {
        finished = true;
        if (gzip != null) {
            try {
                gzip.close();
            } finally {
                gzip = null;
                counting = null;
            }
        }
    }

    /** Writes the first {@code n} buffered bytes (whole records) to the current part, opening it if needed. */
    private void write(int n) throws IOException {
        if (n == 0) {
            return;
        }
        if (gzip == null) {
            partKey = keyPrefix + String.format(Locale.ROOT, "part-%05d.csv.gz", parts.size());
            counting = new CountingStream(requireNonNull(output.create(partKey), "the part output is null"));
            gzip = new GZIPOutputStream(counting, 64 * 1024);
        }
        gzip.write(buffer.array(), 0, n);
        partBytes += n;
        buffer.discardFirst(n);
        recordStart -= n;
    }

    private void closePart() throws IOException {
        if (gzip == null) {
            return;
        }
        gzip.close(); // ends the gzip member and closes the part's stream
        parts.add(new Part(partKey, partRecords, partBytes, counting.count));
        gzip = null;
        counting = null;
        partBytes = 0;
        partRecords = 0;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the staged files are finished or closed");
        }
    }

    /**
     * The manifest listing {@code parts} in {@code bucket}, every entry mandatory, with its size.
     *
     * @throws IllegalArgumentException for no parts (COPY fails on a manifest without files: skip it)
     */
    public static String manifest(String bucket, List<Part> parts) {
        requireNonNull(bucket, "bucket is null");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no staged parts: Redshift's COPY fails on a manifest without files;"
                    + " skip the COPY for a table without rows");
        }
        StringBuilder s = new StringBuilder(64 + parts.size() * 128).append("{\"entries\":[");
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"url\":");
            jsonString(s, "s3://" + bucket + "/" + p.key());
            s.append(",\"mandatory\":true,\"meta\":{\"content_length\":").append(p.contentLength()).append("}}");
        }
        return s.append("]}").toString();
    }

    private static void jsonString(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }

    private static String directory(String keyPrefix, String batchId, String tableName) {
        requireNonNull(keyPrefix, "keyPrefix is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(tableName, "tableName is null");
        String prefix = keyPrefix;
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        for (String name : List.of(batchId, tableName)) {
            if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("not a file-safe name (letters, digits, . _ = -): " + name);
            }
        }
        return (prefix.isEmpty() ? "" : prefix + "/") + batchId + "/" + tableName + "/";
    }

    /** Counts the bytes gzip writes: the stored size of the part. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
