package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Rewrites a set of a table's files into a snapshot: the latest row of each key, deletes dropped,
 * each row keeping its {@code _op}, {@code _seq}, {@code _committed_at}, keyspace and shard. Used by
 * compaction, and by schema changes that files already written cannot express (a rename, a drop, a
 * type that needs another Parquet type, a default for an added column, a new primary key): the
 * rows are read with the table's old shape and written with the new one.
 *
 * <p>Memory stays bounded for tables of any size: rows are first spread over up to
 * {@value #MAX_BUCKETS} local bucket files by a hash of their key, then each bucket is reduced in
 * memory on its own.
 */
final class TableRewriter {
    static final int MAX_BUCKETS = 64;
    /** Rows reduced in memory at once (a bucket's rows). */
    static final long ROWS_PER_BUCKET = 200_000;
    /** Bucket files are written all at once: small row groups keep their buffers small. */
    static final long BUCKET_ROW_GROUP = 256 * 1024;

    private final ParquetS3Sink sink;
    private final ParquetSinkConfig config;
    private final Partitioner partitioner;
    private final Path work;

    TableRewriter(ParquetS3Sink sink, Path work) {
        this.sink = requireNonNull(sink, "sink is null");
        this.config = sink.config();
        this.partitioner = new Partitioner(config);
        this.work = requireNonNull(work, "work is null");
    }

    /**
     * @param files      the files to rewrite (all read with {@code oldSchema})
     * @param key        the primary key that decides which rows are the same row (old column names)
     * @param transform  old row → new row (in {@code newSchema}'s columns)
     * @param name       names the snapshot's files: part {@code n} of this commit
     * @return the snapshot's files, uploaded
     */
    List<Manifest.FileEntry> rewrite(List<Manifest.FileEntry> files, TableSchema oldSchema, List<String> key,
                                     UnaryOperator<Object[]> transform, TableSchema newSchema, int schemaVersion,
                                     long sequence, PartNamer name) {
        int[] keyIndex = key.stream().mapToInt(k -> oldSchema.indexOf(k).orElseThrow(() ->
                new IllegalStateException("key column " + k + " not in " + oldSchema))).toArray();
        long rows = files.stream().mapToLong(Manifest.FileEntry::rows).sum();
        int buckets = (int) Math.max(1, Math.min(MAX_BUCKETS, (rows + ROWS_PER_BUCKET - 1) / ROWS_PER_BUCKET));
        Path dir = work.resolve("rewrite-" + sequence + "-" + oldSchema.id().name());
        try {
            List<Path> local = new ArrayList<>();
            for (Manifest.FileEntry f : files) {
                Path p = dir.resolve("in").resolve(Integer.toString(local.size()) + ".parquet");
                sink.store().download(f.path(), p);
                local.add(p);
            }
            Snapshot out = new Snapshot(newSchema, schemaVersion, sequence, name, dir.resolve("out"));
            if (buckets == 1) {
                Map<Object, FileRow> latest = new HashMap<>();
                for (Path p : local) {
                    RowFileReader.read(p, oldSchema, config.wideDecimals(), r -> keep(latest, r, keyIndex));
                }
                emit(latest, transform, out);
            } else {
                List<DataFile> spread = new ArrayList<>();
                FileSchema bucketSchema = new FileSchema(oldSchema, false, config.wideDecimals());
                for (int b = 0; b < buckets; b++) {
                    spread.add(new DataFile(dir.resolve("bucket-" + b + ".parquet"), "bucket-" + b, bucketSchema,
                            config, Map.of(), BUCKET_ROW_GROUP));
                }
                for (Path p : local) {
                    RowFileReader.read(p, oldSchema, config.wideDecimals(),
                            r -> spread.get(Math.floorMod(keyOf(r.data(), keyIndex).hashCode(), buckets)).write(r));
                    Files.deleteIfExists(p);
                }
                for (DataFile bucket : spread) {
                    bucket.finish();
                }
                for (DataFile bucket : spread) {
                    Map<Object, FileRow> latest = new HashMap<>();
                    RowFileReader.read(bucket.local(), oldSchema, config.wideDecimals(), r -> keep(latest, r, keyIndex));
                    bucket.discard();
                    emit(latest, transform, out);
                }
            }
            return out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + oldSchema.id() + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Names a snapshot file: {@code s0}, {@code s1}, ... unique within the commit. */
    interface PartNamer {
        String next();
    }

    private static void keep(Map<Object, FileRow> latest, FileRow r, int[] keyIndex) {
        latest.merge(keyOf(r.data(), keyIndex), r, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    private void emit(Map<Object, FileRow> latest, UnaryOperator<Object[]> transform, Snapshot out) {
        latest.values().stream().filter(r -> !FileRow.DELETE.equals(r.op())).sorted(Comparator.comparingLong(FileRow::seq))
                .forEach(r -> out.write(new FileRow(transform.apply(r.data()), r.op(), r.seq(), r.committedAt(),
                        r.keyspace(), r.shard(), null)));
    }

    /** A key's values, comparable by content (binary values as byte buffers). */
    static Object keyOf(Object[] row, int[] keyIndex) {
        List<Object> k = new ArrayList<>(keyIndex.length);
        for (int i : keyIndex) {
            Object v = row[i];
            k.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
        }
        return k;
    }

    /** The snapshot's files, one open per partition, rolled at the target file size. */
    private final class Snapshot {
        private final TableSchema schema;
        private final FileSchema fileSchema;
        private final int schemaVersion;
        private final long sequence;
        private final PartNamer name;
        private final Path dir;
        private final Map<String, DataFile> open = new LinkedHashMap<>();
        private final List<Manifest.FileEntry> done = new ArrayList<>();

        Snapshot(TableSchema schema, int schemaVersion, long sequence, PartNamer name, Path dir) {
            this.schema = schema;
            this.fileSchema = new FileSchema(schema, false, config.wideDecimals());
            this.schemaVersion = schemaVersion;
            this.sequence = sequence;
            this.name = name;
            this.dir = dir;
        }

        void write(FileRow r) {
            String partition = partitioner.of(schema, r.data(), new RowOrigin(r.shard(),
                    ParquetTypes.instantOfMicros(r.committedAt()), FileRow.COPY.equals(r.op())));
            DataFile f = open.get(partition);
            if (f == null) {
                if (open.size() >= config.maxOpenFiles()) {
                    String first = open.keySet().iterator().next();
                    upload(first);
                }
                String key = sink.layout().dataFile(schema.id(), partition, sequence, sink.writerId(), name.next());
                f = new DataFile(dir.resolve(key), key, fileSchema, config, Map.of("vitess_replicator.table",
                        schema.id().toString(), "vitess_replicator.schema_version", Integer.toString(schemaVersion),
                        "vitess_replicator.commit", Long.toString(sequence), "vitess_replicator.kind", "snapshot"));
                open.put(partition, f);
            }
            f.write(r);
            if ((f.rows() & 1023) == 0 && f.dataSize() >= config.targetFileSize()) {
                upload(partition);
            }
        }

        private void upload(String partition) {
            DataFile f = open.remove(partition);
            long size = f.finish();
            try {
                sink.store().upload(f.key(), f.local(), size);
                sink.reused(f.key());
            } finally {
                f.discard();
            }
            done.add(new Manifest.FileEntry(f.key(), f.rows(), size, sequence, schemaVersion, partition, f.minSeq(),
                    f.maxSeq(), "snapshot"));
        }

        List<Manifest.FileEntry> finish() {
            for (String p : new ArrayList<>(open.keySet())) {
                upload(p);
            }
            return done;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the spill directory is emptied at the next start
        }
    }
}
