package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.TypeWidening;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitDecision;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import io.vitessreplicator.spi.TableLog;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch: rows stream into Parquet files in the spill directory, each file is uploaded when it
 * reaches {@code target-file-size} (or at the commit), and the commit creates the next manifest.
 *
 * <ol>
 *   <li>{@link #write}: each change becomes a row of its table's open file for its partition, with
 *       {@code _op}, {@code _seq} (this commit's sequence, then the change's place in it),
 *       {@code _committed_at}, {@code _keyspace}, {@code _shard}.</li>
 *   <li>{@link #apply}: schema changes change the table's entry (columns, version, history) and
 *       which files are live; the table's open files are finished first.</li>
 *   <li>{@link #commit}: every file finished and uploaded ({@value #STEP_FILES}); the judgement of
 *       {@link CommitDecision} against the manifest this batch started from; the next manifest
 *       created with {@code If-None-Match: *}, the commit point ({@value #STEP_MANIFEST});
 *       {@code current.json} and the changed tables' symlink manifests replaced
 *       ({@value #STEP_CURRENT}); files past their retention and old manifests deleted
 *       ({@value #STEP_CLEANED}).</li>
 * </ol>
 * Files of a batch that never commits are named by no manifest: no documented reader sees them,
 * and the next start deletes them.
 */
final class ParquetBatchWriter implements BatchWriter {
    static final String STEP_FILES = "data-files-written";
    static final String STEP_MANIFEST = "manifest-written";
    static final String STEP_CURRENT = "current-written";
    static final String STEP_CLEANED = "cleaned";
    private static final Logger LOG = LoggerFactory.getLogger(ParquetBatchWriter.class);
    private static final long ORDINALS = 1L << 32;

    private enum State { OPEN, COMMITTED, FAILED, CLOSED }

    /** What a file is written for: one schema of one table, one partition. */
    private record FileKey(TableSchema schema, String partition) {}

    private final ParquetS3Sink sink;
    private final ParquetSinkConfig config;
    private final Manifest base;
    private final Optional<Position> start;
    private final long sequence;
    private final Map<TableId, TableState> tables = new LinkedHashMap<>();
    private final Map<FileKey, DataFile> open = new LinkedHashMap<>();
    /**
     * The open file the last row went to, and its key: consecutive rows mostly go to the same file,
     * so they skip the map. Forgotten whenever a file leaves {@link #open}.
     */
    private FileKey lastKey;
    private DataFile lastFile;
    private final Map<TableId, Integer> parts = new HashMap<>();
    /** Objects uploaded by this batch: deleted again if it does not commit. */
    private final List<String> uploaded = new ArrayList<>();
    private final List<Manifest.GarbageEntry> removed = new ArrayList<>();
    private final Partitioner partitioner;
    private final Path spill;
    private long ordinal;
    private int snapshotParts;
    /** 0: no compaction in this commit. */
    private int compactMinFiles;
    private List<TableId> compactOnly = List.of();
    private int compacted;
    private State state = State.OPEN;

    ParquetBatchWriter(ParquetS3Sink sink, Manifest base, Optional<Position> start, Path spill) {
        this.sink = requireNonNull(sink, "sink is null");
        this.config = sink.config();
        this.base = requireNonNull(base, "base is null");
        this.start = requireNonNull(start, "start is null");
        this.sequence = base.sequence() + 1;
        this.spill = requireNonNull(spill, "spill is null");
        this.partitioner = new Partitioner(config);
        base.tables().forEach(t -> tables.put(new TableId(t.keyspace(), t.table()), TableState.of(t)));
    }

    @Override
    public void write(ChangeSet changes) {
        requireNonNull(changes, "changes is null");
        requireState("write to");
        try {
            for (TableLog log : changes.logs()) {
                TableState t = table(log.schema());
                for (RowChange c : log.changes()) {
                    row(t, c);
                }
            }
        } catch (RuntimeException e) {
            state = State.FAILED;
            throw translate(e, "write changes");
        }
    }

    /** The table's state; a table not seen before (no ADD_TABLE yet in this pipeline) starts here. */
    private TableState table(TableSchema schema) {
        TableState t = tables.get(schema.id());
        if (t == null) {
            t = TableState.fresh(schema, config.wideDecimals());
            tables.put(schema.id(), t);
        }
        return t;
    }

    private void row(TableState t, RowChange c) {
        if (c.isUpdate() && !Arrays.deepEquals(c.schema().keyOf(c.before()), c.schema().keyOf(c.after()))) {
            // The old key is gone: a delete of it, then the row under its new key.
            row(t, new RowChange(c.schema(), c.before(), null, c.origin()));
        }
        if (ordinal >= ORDINALS - 1) {
            throw new FatalSinkException("Cannot commit more than " + (ORDINALS - 1) + " changes in one batch of pipeline "
                    + sink.pipeline() + ". Lower pipeline.batch.max-rows.");
        }
        long seq = (sequence << 32) | ++ordinal;
        String op = c.origin().copied() ? FileRow.COPY : c.isInsert() ? FileRow.INSERT : c.isDelete() ? FileRow.DELETE
                : FileRow.UPDATE;
        Object[] data = c.after() != null ? c.after() : c.before();
        Object[] before = config.beforeImages() && !c.isInsert() ? c.before() : null;
        String partition = partitioner.of(c.schema(), data, c.origin());
        DataFile f = file(t, c.schema(), partition);
        f.write(new FileRow(data, op, seq, ParquetTypes.micros(c.origin().commitTime()), t.id.keyspace(),
                c.origin().shard(), before));
        // getDataSize walks every column's buffers: ask every 1024 rows, not for each.
        if ((f.rows() & 1023) == 0 && f.dataSize() >= config.targetFileSize()) {
            finish(new FileKey(c.schema(), partition), t);
        }
    }

    private DataFile file(TableState t, TableSchema schema, String partition) {
        if (lastFile != null && lastKey.schema() == schema && lastKey.partition().equals(partition)) {
            return lastFile;
        }
        FileKey key = new FileKey(schema, partition);
        DataFile f = open.get(key);
        if (f != null) {
            lastKey = key;
            lastFile = f;
            return f;
        }
        if (open.size() >= config.maxOpenFiles()) {
            // Bound the row groups held in memory: finish the file that holds most.
            FileKey largest = null;
            long size = -1;
            for (Map.Entry<FileKey, DataFile> e : open.entrySet()) {
                if (e.getValue().dataSize() > size) {
                    size = e.getValue().dataSize();
                    largest = e.getKey();
                }
            }
            finish(largest, tables.get(largest.schema().id()));
        }
        int part = parts.merge(t.id, 1, Integer::sum) - 1;
        String objectKey = sink.layout().dataFile(t.id, partition, sequence, sink.writerId(), Integer.toString(part));
        Map<String, String> footer = Map.of("vitess_replicator.table", t.id.toString(),
                "vitess_replicator.schema_version", Integer.toString(t.schemaVersion),
                "vitess_replicator.commit", Long.toString(sequence));
        f = new DataFile(spill.resolve(objectKey), objectKey, new FileSchema(schema, config.beforeImages(),
                config.wideDecimals()), config, footer);
        open.put(key, f);
        lastKey = key;
        lastFile = f;
        return f;
    }

    /** Finishes an open file, uploads it and adds it to its table's live files. */
    private void finish(FileKey key, TableState t) {
        DataFile f = open.remove(key);
        lastFile = null;
        long size = f.finish();
        uploaded.add(f.key());
        sink.reused(f.key());
        try {
            sink.store().upload(f.key(), f.local(), size);
        } finally {
            f.discard();
        }
        t.files.add(new Manifest.FileEntry(f.key(), f.rows(), size, sequence, t.schemaVersion, key.partition(), f.minSeq(),
                f.maxSeq(), "changes"));
    }

    /** Finishes the table's open files (before a change to its shape or its live files). */
    private void finishTable(TableId id) {
        for (FileKey k : new ArrayList<>(open.keySet())) {
            if (k.schema().id().equals(id)) {
                finish(k, tables.get(id));
            }
        }
    }

    /** Drops the table's open files unwritten (their rows are gone: a truncate, a dropped table). */
    private void discardTable(TableId id) {
        for (FileKey k : new ArrayList<>(open.keySet())) {
            if (k.schema().id().equals(id)) {
                open.remove(k).discard();
                lastFile = null;
            }
        }
    }

    private void remove(TableState t, List<Manifest.FileEntry> files) {
        String now = Instant.now().toString();
        for (Manifest.FileEntry f : files) {
            removed.add(new Manifest.GarbageEntry(f.path(), sequence, now));
        }
        t.files.removeAll(files);
    }

    @Override
    public void apply(SchemaChange change, Position at) {
        requireNonNull(change, "change is null");
        requireState("apply a schema change to");
        try {
            TableId id = change.table();
            if (change instanceof SchemaChange.AddTable add) {
                TableState t = tables.get(id);
                if (t == null) {
                    tables.put(id, TableState.fresh(add.schema(), config.wideDecimals()));
                } else {
                    finishTable(id);
                    t.droppedAtSource = false;
                    reshape(t, add.schema().columns(), add.schema().primaryKey());
                }
                history(tables.get(id), change);
                return;
            }
            TableState t = tables.get(id);
            if (t == null) {
                LOG.debug("Schema change on {} ({}): the table has no files yet", id, change.describe());
                return; // nothing written yet; its rows will come with the new shape
            }
            finishTable(id);
            if (change instanceof SchemaChange.AddColumn a) {
                TableSchema old = t.schema();
                t.columns.add(TableState.entry(a.column(), config.wideDecimals(), true));
                t.schemaVersion++;
                if (a.fill() != null) {
                    // Rows already written get the source's default, as MySQL gives them.
                    rewriteAll(t, old, old.primaryKey(), row -> append(row, a.fill()), t.schema());
                }
            } else if (change instanceof SchemaChange.RenameColumn r) {
                TableSchema old = t.schema();
                int i = column(t, r.from());
                Manifest.ColumnEntry e = t.columns.get(i);
                t.columns.set(i, new Manifest.ColumnEntry(r.to(), e.mysqlType(), e.kind(), e.unsigned(), e.length(),
                        e.precision(), e.scale(), e.elements(), e.parquetType(), e.written()));
                t.primaryKey = new ArrayList<>(t.primaryKey.stream().map(k -> k.equalsIgnoreCase(r.from()) ? r.to() : k)
                        .toList());
                t.schemaVersion++;
                rewriteAll(t, old, old.primaryKey(), row -> row, t.schema());
            } else if (change instanceof SchemaChange.DropColumn d) {
                TableSchema old = t.schema();
                int i = column(t, d.column());
                t.columns.remove(i);
                t.schemaVersion++;
                rewriteAll(t, old, old.primaryKey(), row -> without(row, i), t.schema());
            } else if (change instanceof SchemaChange.ChangePrimaryKey k) {
                // Compacted under the old key first: one row per old key, which the new key then tells apart.
                TableSchema old = t.schema();
                rewriteAll(t, old, old.primaryKey(), row -> row, old);
                t.primaryKey = new ArrayList<>(k.to());
                t.schemaVersion++;
            } else if (change instanceof SchemaChange.KeepColumn k) {
                int i = column(t, k.column());
                Manifest.ColumnEntry e = t.columns.get(i);
                t.columns.set(i, new Manifest.ColumnEntry(e.name(), e.mysqlType(), e.kind(), e.unsigned(), e.length(),
                        e.precision(), e.scale(), e.elements(), e.parquetType(), false));
                t.schemaVersion++;
            } else if (change instanceof SchemaChange.WidenColumn w) {
                TableSchema old = t.schema();
                int i = column(t, w.to().name());
                Manifest.ColumnEntry wide = TableState.entry(w.to(), config.wideDecimals(), t.columns.get(i).written());
                boolean sameParquetType = wide.parquetType().equals(t.columns.get(i).parquetType());
                t.columns.set(i, wide);
                t.schemaVersion++;
                if (!sameParquetType) {
                    // Files must not disagree on a column's type: readers union them by name.
                    rewriteAll(t, old, old.primaryKey(), row -> widened(row, i, w), t.schema());
                }
            } else if (change instanceof SchemaChange.TruncateTable) {
                discardTable(id);
                remove(t, new ArrayList<>(t.files));
                t.recopySupersedes = new ArrayList<>();
            } else if (change instanceof SchemaChange.DropTable d) {
                if (d.dropTarget()) {
                    discardTable(id);
                    remove(t, new ArrayList<>(t.files));
                    tables.remove(id);
                    return;
                }
                t.droppedAtSource = true;
            } else if (change instanceof SchemaChange.CopyTable) {
                t.recopySupersedes = new ArrayList<>(t.files.stream().map(Manifest.FileEntry::path).toList());
            } else if (change instanceof SchemaChange.CopyCompleted) {
                List<Manifest.FileEntry> old = t.files.stream().filter(f -> t.recopySupersedes.contains(f.path())).toList();
                remove(t, old);
                t.recopySupersedes = new ArrayList<>();
            } else {
                throw new UnsupportedOperationException(change.kind().toString());
            }
            history(t, change);
        } catch (RuntimeException e) {
            state = State.FAILED;
            throw translate(e, "apply a schema change to " + change.table() + " (" + change.describe() + ")");
        }
    }

    /**
     * Rewrites every live file of the table into a snapshot in its new shape. During a re-copy the
     * files it will supersede are rewritten apart from the others, so they stay distinguishable.
     */
    private void rewriteAll(TableState t, TableSchema old, List<String> key, UnaryOperator<Object[]> transform,
                            TableSchema now) {
        List<Manifest.FileEntry> superseded = t.files.stream().filter(f -> t.recopySupersedes.contains(f.path())).toList();
        List<Manifest.FileEntry> others = t.files.stream().filter(f -> !t.recopySupersedes.contains(f.path())).toList();
        List<String> newSuperseded = new ArrayList<>();
        for (List<Manifest.FileEntry> group : List.of(superseded, others)) {
            if (group.isEmpty()) {
                continue;
            }
            List<Manifest.FileEntry> snapshot = rewriter().rewrite(group, old, key, transform, now, t.schemaVersion,
                    sequence, () -> "s" + snapshotParts++);
            remove(t, group);
            t.files.addAll(snapshot);
            snapshot.forEach(f -> uploaded.add(f.path()));
            if (group == superseded) {
                snapshot.forEach(f -> newSuperseded.add(f.path()));
            }
        }
        t.recopySupersedes = newSuperseded;
        LOG.info("Rewrote {} files of {} into {} for schema version {}", superseded.size() + others.size(), t.id,
                t.files.size(), t.schemaVersion);
    }

    private TableRewriter rewriter() {
        return new TableRewriter(sink, spill.resolve("_rewrite"));
    }

    private static Object[] append(Object[] row, Object value) {
        Object[] out = Arrays.copyOf(row, row.length + 1);
        out[row.length] = value;
        return out;
    }

    private static Object[] without(Object[] row, int index) {
        Object[] out = new Object[row.length - 1];
        System.arraycopy(row, 0, out, 0, index);
        System.arraycopy(row, index + 1, out, index, row.length - index - 1);
        return out;
    }

    private static Object[] widened(Object[] row, int index, SchemaChange.WidenColumn w) {
        Object[] out = row.clone();
        out[index] = out[index] == null ? null : TypeWidening.convert(out[index], w.from().type(), w.to().type());
        return out;
    }

    /** The table's columns become {@code columns} (a table seen again after a restart or a re-creation). */
    private void reshape(TableState t, List<Column> columns, List<String> primaryKey) {
        List<Manifest.ColumnEntry> now = new ArrayList<>();
        columns.forEach(c -> now.add(TableState.entry(c, config.wideDecimals(), true)));
        if (!now.equals(t.columns) || !primaryKey.equals(t.primaryKey)) {
            t.columns.clear();
            t.columns.addAll(now);
            t.primaryKey = new ArrayList<>(primaryKey);
            t.schemaVersion++;
        }
    }

    private static int column(TableState t, String name) {
        int i = t.indexOf(name);
        if (i < 0) {
            throw new FatalSinkException("Cannot apply a schema change to " + t.id + ": the manifest lists no column "
                    + name + ". The manifest and the pipeline's state disagree; start a new pipeline.");
        }
        return i;
    }

    private void history(TableState t, SchemaChange change) {
        t.history.add(new Manifest.HistoryEntry(sequence, t.schemaVersion, change.kind().toString(), change.describe(),
                change.sourceDdl(), Instant.now().toString()));
    }

    /**
     * Compacts tables in this commit: each table with at least {@code minFiles} live files (all
     * tables named in {@code only}, if it is not empty) is rewritten into a snapshot of its current
     * rows. A table whose re-copy is under way is left alone.
     */
    void compactAtCommit(int minFiles, List<TableId> only) {
        this.compactMinFiles = minFiles;
        this.compactOnly = List.copyOf(only);
    }

    private void compact() {
        for (TableState t : tables.values()) {
            boolean named = compactOnly.contains(t.id);
            if ((!compactOnly.isEmpty() && !named) || (!named && t.files.size() < compactMinFiles)
                    || !t.recopySupersedes.isEmpty() || t.files.isEmpty()) {
                continue;
            }
            int before = t.files.size();
            TableSchema schema = t.schema();
            rewriteAll(t, schema, schema.primaryKey(), row -> row, schema);
            compacted++;
            LOG.info("Compacted {}: {} files into {}", t.id, before, t.files.size());
        }
    }

    @Override
    public void commit(CommitRequest request) {
        requireNonNull(request, "request is null");
        requireState("commit");
        try {
            for (FileKey k : new ArrayList<>(open.keySet())) {
                finish(k, tables.get(k.schema().id()));
            }
            if (compactMinFiles > 0) {
                compact();
            }
            sink.observer().reached(STEP_FILES);
            CommitDecision.Outcome outcome = CommitDecision.require(sink.pipeline(), base.checkpointPosition(),
                    base.owner(), instant(base.claimedAt()), start, request.end(), sink.owner());
            if (outcome == CommitDecision.Outcome.ALREADY_COMMITTED) {
                LOG.info("Batch of pipeline {} ending at {} is already committed (a replay); applied nothing",
                        sink.pipeline(), request.end());
                state = State.COMMITTED;
                sink.orphaned(uploaded);
                return;
            }
            Manifest next = manifest(request);
            if (!sink.manifests().create(next)) {
                judgeTakenSequence(request);
                return;
            }
            state = State.COMMITTED;
            sink.committed(next);
            sink.observer().reached(STEP_MANIFEST);
            LOG.debug("Committed batch {} of pipeline {}: {} changes, {} files, now at {}", sequence, sink.pipeline(),
                    ordinal, uploaded.size(), request.end());
        } catch (RuntimeException e) {
            if (state != State.COMMITTED) {
                state = State.FAILED;
                sink.headUncertain();
            }
            throw translate(e, "commit a batch of pipeline " + sink.pipeline() + " ending at " + request.end());
        }
        if (compactMinFiles > 0) {
            sink.compacted();
        }
        sink.afterCommit(base, this::garbageToDelete);
    }

    /**
     * Another manifest has this commit's sequence: another instance claimed the pipeline, or this
     * one's own create succeeded before (a retried request whose first answer was lost).
     */
    private void judgeTakenSequence(CommitRequest request) {
        Manifest there = sink.manifests().read(sequence).orElseThrow(() -> new RetriableSinkException("Cannot commit"
                + " batch " + sequence + " of pipeline " + sink.pipeline() + ": its manifest exists and vanished.", null));
        if (there.owner().equals(sink.owner()) && there.checkpointPosition().equals(Optional.of(request.end()))
                && there.tables().equals(manifest(request).tables())) {
            state = State.COMMITTED; // this very commit, created by an earlier attempt of the same request
            sink.committed(there);
            sink.observer().reached(STEP_MANIFEST);
            return;
        }
        sink.orphaned(uploaded);
        CommitDecision.Outcome outcome = CommitDecision.require(sink.pipeline(), there.checkpointPosition(), there.owner(),
                instant(there.claimedAt()), start, request.end(), sink.owner());
        if (outcome == CommitDecision.Outcome.ALREADY_COMMITTED) {
            state = State.COMMITTED;
            sink.committed(there);
            return;
        }
        throw new RetriableSinkException("Cannot commit batch " + sequence + " of pipeline " + sink.pipeline()
                + ": manifest " + sequence + " was written meanwhile by this instance (" + there.kind()
                + "); resuming from it.", null);
    }

    private Manifest manifest(CommitRequest request) {
        List<Manifest.TableEntry> entries = new ArrayList<>();
        tables.values().forEach(t -> entries.add(t.toEntry()));
        List<Manifest.GarbageEntry> garbage = new ArrayList<>(base.garbage());
        garbage.addAll(removed);
        garbage.removeAll(garbageToDelete());
        String kind = ordinal == 0 && compacted > 0 ? Manifest.COMPACTION : Manifest.COMMIT;
        return new Manifest(Manifest.FORMAT_VERSION, sink.pipeline(), sequence, kind, sink.owner(),
                base.claimedAt(), Instant.now().toString(), Manifest.json(request.end()), request.state(), entries, garbage);
    }

    /** Garbage whose retention has passed: left out of the new manifest, deleted after it. */
    private List<Manifest.GarbageEntry> garbageToDelete() {
        Instant cutoff = Instant.now().minus(config.fileRetention());
        return base.garbage().stream().filter(g -> !instant(g.removedAt()).isAfter(cutoff)).toList();
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }

    private RuntimeException translate(RuntimeException e, String what) {
        if (e instanceof SinkException) {
            return e;
        }
        if (e instanceof UnsupportedOperationException u) {
            return new FatalSinkException("Cannot " + what + ": the Parquet sink cannot apply " + u.getMessage()
                    + " yet. Nothing of the batch was committed.", e);
        }
        if (e instanceof UncheckedIOException io) {
            return new FatalSinkException("Cannot " + what + ": " + io.getMessage() + ". Check sink.spill-dir ("
                    + config.spillDir() + "): it must be writable and have room for the files of a batch.", e);
        }
        return new FatalSinkException("Cannot " + what + ": " + e, e);
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        open.values().forEach(DataFile::discard);
        open.clear();
        lastFile = null;
        if (state != State.COMMITTED) {
            sink.orphaned(uploaded);
        }
        state = State.CLOSED;
    }

    private void requireState(String verb) {
        if (state != State.OPEN) {
            throw new IllegalStateException("Cannot " + verb + " a batch writer that is "
                    + state.name().toLowerCase(Locale.ROOT) + "; begin a new batch");
        }
    }
}
