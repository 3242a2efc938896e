package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.Compactable;
import io.vitessreplicator.spi.CommitObserver;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.SinkException;
import io.vitessreplicator.spi.TargetReader;
import io.vitessreplicator.spi.Verifiable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parquet files on S3, one manifest object per commit (see {@link Manifest}, {@link Layout} and
 * {@link ParquetBatchWriter}). It keeps a change log: every change is a row, and the current
 * state of a table is the latest row per key that is not a delete.
 *
 * <p>{@link #open}: takes the {@link Lease}, finds the newest manifest, writes a claim manifest
 * when another instance wrote the last one (so that one can no longer commit), starts the lease's
 * heartbeat, and deletes data files of this pipeline that no manifest names (left by a commit that
 * never finished).
 *
 * <p>Not thread-safe, like every sink; the lease's heartbeat runs on its own daemon thread.
 */
public final class ParquetS3Sink implements Sink, Compactable, Verifiable {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetS3Sink.class);
    /** How long {@code --takeover} waits for a live holder to let go, beyond the lease's TTL. */
    static final Duration TAKE_OVER_MARGIN = Duration.ofSeconds(30);
    /** Every change, in stream order; every kind of schema change. */
    private static final SinkCapabilities CAPABILITIES = new SinkCapabilities(SinkCapabilities.ChangeForm.EVERY_CHANGE,
            SinkCapabilities.allSchemaChanges());

    private final ParquetSinkConfig config;
    private final Clock clock;
    private SinkContext context;
    private ObjectStore store;
    private Layout layout;
    private ManifestLog manifests;
    private Lease lease;
    private String writerId;
    private Path spill;
    private Manifest head;
    /** When this instance last compacted (its start, at first). */
    private Instant lastCompaction;
    /** A commit failed after it may have reached the store: read the head again before the next. */
    private boolean headUncertain;
    /** Uploaded files of batches that did not commit: deleted after the next commit. */
    private final Set<String> orphans = new HashSet<>();
    private boolean closed;

    public ParquetS3Sink(ParquetSinkConfig config) {
        this(config, Clock.systemUTC());
    }

    ParquetS3Sink(ParquetSinkConfig config, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public SinkCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Optional<Checkpoint> open(SinkContext ctx) {
        requireNonNull(ctx, "context is null");
        if (context != null || closed) {
            throw new IllegalStateException("Cannot open a sink twice; create a new one");
        }
        String pipeline = ctx.pipeline();
        store = new ObjectStore(config);
        layout = new Layout(pipeline);
        manifests = new ManifestLog(store, layout);
        writerId = UUID.nameUUIDFromBytes(ctx.ownerToken().getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        try {
            lease = new Lease(store, layout.lease(), ctx.ownerToken(), config.leaseTtl(), clock);
            lease.acquire(pipeline, ctx.takeOver(), config.leaseTtl().plus(TAKE_OVER_MARGIN));
            Optional<Manifest> newest = manifests.head();
            Instant now = clock.instant();
            Manifest claim = newest.map(m -> new Manifest(Manifest.FORMAT_VERSION, pipeline, m.sequence() + 1,
                    Manifest.CLAIM, ctx.ownerToken(), now.toString(), now.toString(), m.position(), m.state(), m.tables(),
                    m.garbage())).orElseGet(() -> new Manifest(Manifest.FORMAT_VERSION, pipeline, 1, Manifest.CLAIM,
                    ctx.ownerToken(), now.toString(), now.toString(), null, null, List.of(), List.of()));
            if (!manifests.create(claim)) {
                throw new FatalSinkException(FatalSinkException.Kind.PIPELINE_BUSY, "Cannot open pipeline " + pipeline
                        + ": another instance wrote manifest " + claim.sequence() + " while this one opened. Stop the"
                        + " other instance; one pipeline has one writer.", null);
            }
            head = claim;
            lastCompaction = now;
            publishQuietly(claim);
            lease.startHeartbeat(pipeline);
            context = ctx;
            newest.filter(m -> !m.owner().equals(ctx.ownerToken())).ifPresent(m -> LOG.info(
                    "Pipeline {} is now owned by {} (previous owner {}, last manifest {} of {})", pipeline,
                    ctx.ownerToken(), m.owner(), m.sequence(), m.committedAt()));
            spill = config.spillDir().resolve(pipeline);
            deleteRecursively(spill);
            sweep();
            LOG.info("Opened pipeline {} on {} as owner {}: {}", pipeline, config.location(), ctx.ownerToken(),
                    head.checkpointPosition().map(p -> "resuming at " + p).orElse("fresh, no checkpoint"));
            return checkpoint(head);
        } catch (RetriableSinkException e) {
            closeQuietly();
            throw new FatalSinkException(FatalSinkException.Kind.CONNECTION, "Cannot open pipeline " + pipeline + " on "
                    + config.location() + ": " + e.getMessage() + " Check sink.endpoint, sink.region and the network.", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Deletes data files of this pipeline that the head manifest neither lists nor keeps as garbage. */
    private void sweep() {
        Set<String> known = new HashSet<>();
        head.tables().forEach(t -> t.files().forEach(f -> known.add(f.path())));
        head.garbage().forEach(g -> known.add(g.path()));
        List<String> stray = new ArrayList<>();
        for (String key : store.list("", Optional.empty())) {
            if (layout.isOwnDataFile(key) && !known.contains(key)) {
                stray.add(key);
            }
        }
        if (!stray.isEmpty()) {
            LOG.info("Pipeline {}: deleting {} data files no manifest names (from a commit that did not finish)",
                    context == null ? layout.pipelineDir() : context.pipeline(), stray.size());
            store.delete(stray);
        }
    }

    @Override
    public BatchWriter begin(Optional<Position> start) {
        requireOpen();
        if (lease.lost()) {
            throw new FatalSinkException("Cannot continue pipeline " + context.pipeline() + ": another instance took its"
                    + " lease. Stop this instance; the other one continues.");
        }
        if (headUncertain) {
            head = manifests.head().orElseThrow(() -> new FatalSinkException("Cannot continue pipeline "
                    + context.pipeline() + ": its manifests under " + config.location() + " are gone."));
            headUncertain = false;
        }
        ParquetBatchWriter writer = new ParquetBatchWriter(this, head, start, spill);
        if (config.compactionInterval().isPresent()
                && !clock.instant().isBefore(lastCompaction.plus(config.compactionInterval().get()))) {
            writer.compactAtCommit(config.compactionMinFiles(), List.of());
        }
        return writer;
    }

    /** The writer compacted in a commit that succeeded: the next compaction is an interval away. */
    void compacted() {
        lastCompaction = clock.instant();
    }

    @Override
    public List<String> compact(List<TableId> tables) {
        requireOpen();
        Optional<Position> at = head.checkpointPosition();
        if (at.isEmpty()) {
            return List.of();
        }
        Manifest before = head;
        try (ParquetBatchWriter writer = new ParquetBatchWriter(this, head, at, spill)) {
            writer.compactAtCommit(2, tables);
            writer.commit(new CommitRequest(at.get(), head.state()));
        }
        List<String> out = new ArrayList<>();
        for (Manifest.TableEntry t : head.tables()) {
            int was = before.table(t.keyspace(), t.table()).map(e -> e.files().size()).orElse(0);
            if (was != t.files().size() || tables.contains(new TableId(t.keyspace(), t.table()))) {
                out.add(t.name() + ": " + was + " files -> " + t.files().size() + " files, "
                        + t.files().stream().mapToLong(Manifest.FileEntry::rows).sum() + " rows");
            }
        }
        return out;
    }

    @Override
    public void check() {
        try (ObjectStore s = new ObjectStore(config)) {
            s.list("", Optional.empty()).stream().limit(1).forEach(k -> { });
            String probe = new Layout("check").probe(UUID.randomUUID().toString());
            s.put(probe, new byte[] {1});
            if (config.conditionalWrites()) {
                boolean second = s.putIfAbsent(probe, new byte[] {2});
                if (second) {
                    s.delete(List.of(probe));
                    throw new FatalSinkException("Cannot use " + config.location() + " with sink.conditional-writes:"
                            + " true: the store overwrote an object although the request said If-None-Match: *. Set"
                            + " sink.conditional-writes: false and run exactly one instance (see sink-parquet-s3/README.md).");
                }
            }
            s.delete(List.of(probe));
        } catch (RetriableSinkException e) {
            throw new FatalSinkException(FatalSinkException.Kind.CONNECTION, "Cannot validate the sink at "
                    + config.location() + ": " + e.getMessage() + " Check sink.endpoint and the network.", e);
        }
    }

    @Override
    public Optional<Checkpoint> readCheckpoint(String pipelineName) {
        requireNonNull(pipelineName, "pipelineName is null");
        if (store != null && context != null && context.pipeline().equals(pipelineName)) {
            Optional<Manifest> m = manifests.head();
            m.ifPresent(x -> {
                if (!x.equals(head)) {
                    head = x;
                }
            });
            return m.flatMap(ParquetS3Sink::checkpoint);
        }
        try (ObjectStore s = new ObjectStore(config)) {
            return new ManifestLog(s, new Layout(pipelineName)).head().flatMap(ParquetS3Sink::checkpoint);
        }
    }

    /**
     * A reader of pipeline {@code pipeline}'s current state (see {@link ParquetTargetReader}); needs
     * no {@link #open}, takes no lease and writes nothing, so it runs next to the live pipeline.
     */
    @Override
    public TargetReader openTargetReader(String pipeline) {
        requireNonNull(pipeline, "pipeline is null");
        ObjectStore s = new ObjectStore(config);
        ManifestLog log = new ManifestLog(s, new Layout(pipeline));
        Path dir;
        try {
            dir = Files.createDirectories(config.spillDir().resolve(".verify-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            s.close();
            throw new FatalSinkException("Cannot verify: cannot create a directory for the data files under "
                    + config.spillDir() + " (sink.spill-dir): " + e.getMessage(), e);
        }
        return new ParquetTargetReader(new ParquetTargetReader.Source() {
            @Override
            public Optional<Manifest> head() {
                return log.head();
            }

            @Override
            public void download(String relative, Path local) {
                s.download(relative, local);
            }
        }, config.wideDecimals(), dir, ParquetTargetReader.MEMORY_ROWS, s);
    }

    private static Optional<Checkpoint> checkpoint(Manifest m) {
        return m.checkpointPosition().map(p -> new Checkpoint(m.pipeline(), p, m.owner(),
                Instant.parse(m.committedAt()), m.state()));
    }

    // ------------------------------------------------------------- for the batch writer

    ParquetSinkConfig config() {
        return config;
    }

    String pipeline() {
        return context.pipeline();
    }

    String owner() {
        return context.ownerToken();
    }

    String writerId() {
        return writerId;
    }

    Layout layout() {
        return layout;
    }

    ObjectStore store() {
        return store;
    }

    ManifestLog manifests() {
        return manifests;
    }

    CommitObserver observer() {
        return context.commitObserver();
    }

    void committed(Manifest m) {
        head = m;
        headUncertain = false;
    }

    void headUncertain() {
        headUncertain = true;
    }

    void orphaned(List<String> keys) {
        orphans.addAll(keys);
    }

    /** A retried commit wrote this key again: it is not an orphan any more. */
    void reused(String key) {
        orphans.remove(key);
    }

    /**
     * After the commit point: {@code current.json} for readers, then what is no longer needed. A
     * failure here does not undo the commit; the next commit or start repeats the work.
     */
    void afterCommit(Manifest previous, Supplier<List<Manifest.GarbageEntry>> expired) {
        Manifest committed = head;
        try {
            manifests.publish(committed);
            for (Manifest.TableEntry t : committed.tables()) {
                if (!previous.table(t.keyspace(), t.table()).map(Manifest.TableEntry::files).equals(Optional.of(t.files()))) {
                    store.put(Layout.symlinkManifest(t), symlinks(t));
                }
            }
            List<String> dropped = previous.tables().stream()
                    .filter(t -> committed.table(t.keyspace(), t.table()).isEmpty()).map(Layout::symlinkManifest).toList();
            if (!dropped.isEmpty()) {
                store.delete(dropped);
            }
            observer().reached(ParquetBatchWriter.STEP_CURRENT);
            Set<String> live = new HashSet<>();
            committed.tables().forEach(t -> t.files().forEach(f -> live.add(f.path())));
            committed.garbage().forEach(g -> live.add(g.path()));
            List<String> delete = new ArrayList<>(orphans);
            expired.get().forEach(g -> delete.add(g.path()));
            delete.removeIf(live::contains); // a name a later attempt wrote again and committed
            if (!delete.isEmpty()) {
                store.delete(delete);
                orphans.clear();
            }
            manifests.prune(committed.sequence(), config.manifestsKept());
            observer().reached(ParquetBatchWriter.STEP_CLEANED);
        } catch (SinkException e) {
            LOG.warn("Pipeline {}: committed manifest {}, but cannot update current.json or delete old objects ({});"
                    + " the next commit tries again", context.pipeline(), committed.sequence(), e.getMessage());
        }
    }

    /** The table's live files as Hive's SymlinkTextInputFormat reads them: one s3:// URI per line. */
    private byte[] symlinks(Manifest.TableEntry t) {
        StringBuilder b = new StringBuilder();
        t.files().forEach(f -> b.append(store.uri(f.path())).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void publishQuietly(Manifest m) {
        try {
            manifests.publish(m);
        } catch (SinkException e) {
            LOG.warn("Cannot write {}: {}", layout.current(), e.getMessage());
        }
    }

    /** Ends this instance as a killed process would: no lease released, nothing cleaned (tests). */
    void halt() {
        closed = true;
        if (lease != null) {
            lease.halt();
        }
    }

    /** Stops renewing the lease but keeps working, as a paused or cut-off process would (tests). */
    void stopHeartbeat() {
        if (lease != null) {
            lease.halt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly();
        if (context != null) {
            LOG.info("Closed pipeline {} (lease released)", context.pipeline());
        }
    }

    private void closeQuietly() {
        if (lease != null) {
            lease.close();
        }
        if (store != null) {
            store.close();
        }
        if (spill != null) {
            deleteRecursively(spill);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("Cannot clean {}: {}", dir, e.getMessage());
        }
    }

    private void requireOpen() {
        if (context == null || closed) {
            throw new IllegalStateException("Cannot begin a batch: the sink is " + (closed ? "closed" : "not open"));
        }
    }

    @Override
    public String toString() {
        return "ParquetS3Sink{" + config + "}";
    }
}
