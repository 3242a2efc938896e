package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.TargetReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads a pipeline's tables back from its Parquet files for {@code verify}: a table's current state
 * is, per primary key, the row with the highest {@code _seq} over the files the newest manifest
 * names, and no row when that one is a delete (the README's current-state query), read with the
 * sink's own {@link RowFileReader}.
 *
 * <p>Every call reads the newest manifest again (one GET of {@code current.json} and one LIST), so a
 * recheck sees what the pipeline committed since. Data files are immutable: each is downloaded once
 * into a local directory of the reader's own (under {@code spill-dir}, deleted at close), so the disk
 * holds a copy of the table's live files.
 *
 * <p>Memory is bounded by {@link #MEMORY_ROWS} rows, whatever the table's size:
 * <ul>
 *   <li>a table whose live files hold at most {@link #MEMORY_ROWS} rows (history included) is
 *       reduced once into a map key → newest row, which later manifests update with their new files
 *       only (rebuilt when files left the live set, after a compaction);</li>
 *   <li>a larger one is not held: {@link #rowsByKey} scans all its live files once per call, keeping
 *       only the rows of the keys asked for (so verify costs one scan of the table per chunk of
 *       {@code --chunk-rows} source rows, quadratic in the table's size: use a large
 *       {@code --chunk-rows} or {@code --table} on big tables), and {@link #forEachKeyChunk} scans
 *       them once per slice of {@link #MEMORY_ROWS} rows of key hashes, keeping the keys of that
 *       slice only.</li>
 * </ul>
 */
final class ParquetTargetReader implements TargetReader {
    /** Rows of a table's live files held in memory at most (about 100 MB for rows of 200 bytes). */
    static final long MEMORY_ROWS = 500_000;

    /** Where the reader finds the newest manifest and the data files. */
    interface Source {
        Optional<Manifest> head();

        /** Downloads the data file {@code relative} to {@code local}. */
        void download(String relative, Path local);
    }

    private final Source store;
    private final ParquetSinkConfig.WideDecimals wide;
    private final Path dir;
    private final long memoryRows;
    private final Map<String, Path> local = new HashMap<>();
    private final Map<String, Reduced> reduced = new HashMap<>();
    private final AutoCloseable onClose;

    ParquetTargetReader(Source store, ParquetSinkConfig.WideDecimals wide, Path dir, long memoryRows,
                        AutoCloseable onClose) {
        this.store = requireNonNull(store, "store is null");
        this.wide = requireNonNull(wide, "wide is null");
        this.dir = requireNonNull(dir, "dir is null");
        this.memoryRows = memoryRows;
        this.onClose = onClose;
    }

    /** A table's newest row per key, and the live files it was reduced from. */
    private record Reduced(Set<String> files, Map<Object, FileRow> latest) {}

    /** One table as the newest manifest has it. */
    private record Live(Manifest.TableEntry entry, TableSchema stored, int[] key, int[] projection) {
        long rows() {
            return entry.files().stream().mapToLong(Manifest.FileEntry::rows).sum();
        }
    }

    @Override
    public long count(TableSchema table) {
        return retryingOnce(() -> countNow(table));
    }

    private long countNow(TableSchema table) {
        Optional<Live> live = live(table);
        if (live.isEmpty()) {
            return -1;
        }
        long[] n = {0};
        forEachLiveKey(live.get(), k -> n[0]++);
        return n[0];
    }

    @Override
    public List<Object[]> rowsByKey(TableSchema table, List<Object[]> keys) {
        return retryingOnce(() -> rowsByKeyNow(table, keys));
    }

    /**
     * Runs {@code read} again, on the then newest manifest, when a live file had gone before it was
     * downloaded (a compaction between reading the manifest and the file, whose old files outlived
     * their retention).
     */
    private static <T> T retryingOnce(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (FileGone e) {
            return read.get();
        }
    }

    /** A live file could not be downloaded. */
    private static final class FileGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FileGone(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private List<Object[]> rowsByKeyNow(TableSchema table, List<Object[]> keys) {
        Optional<Live> found = live(table);
        if (found.isEmpty() || keys.isEmpty()) {
            return List.of();
        }
        Live live = found.get();
        Set<Object> wanted = new HashSet<>();
        for (Object[] k : keys) {
            wanted.add(keyOf(k));
        }
        Map<Object, FileRow> latest;
        if (live.rows() <= memoryRows) {
            latest = reduce(live).latest();
        } else {
            reduced.clear();
            latest = new HashMap<>();
            Map<Object, FileRow> into = latest;
            scan(live, r -> {
                Object k = keyOf(r.data(), live.key());
                if (wanted.contains(k)) {
                    keep(into, k, r);
                }
            });
        }
        List<Object[]> out = new ArrayList<>();
        for (Object k : wanted) {
            FileRow r = latest.get(k);
            if (r != null && !FileRow.DELETE.equals(r.op())) {
                out.add(project(r.data(), live.projection()));
            }
        }
        return out;
    }

    @Override
    public void forEachKeyChunk(TableSchema table, int chunkRows, Consumer<List<Object[]>> chunk) {
        Optional<Live> live = retryingOnce(() -> {
            Optional<Live> l = live(table);
            // the walk's files: downloaded first, so that a file going later cannot stop the walk halfway
            l.ifPresent(x -> x.entry().files().forEach(f -> localCopy(f.path())));
            return l;
        });
        if (live.isEmpty()) {
            return;
        }
        List<Object[]> keys = new ArrayList<>(chunkRows);
        forEachLiveKey(live.get(), k -> {
            keys.add(k);
            if (keys.size() == chunkRows) {
                chunk.accept(new ArrayList<>(keys));
                keys.clear();
            }
        });
        if (!keys.isEmpty()) {
            chunk.accept(keys);
        }
    }

    /** Each key whose newest row is not a delete, once, in the table's key columns (source order). */
    private void forEachLiveKey(Live live, Consumer<Object[]> key) {
        int[] sourceKey = live.key();
        if (live.rows() <= memoryRows) {
            reduce(live).latest().values().forEach(r -> {
                if (!FileRow.DELETE.equals(r.op())) {
                    key.accept(project(r.data(), sourceKey));
                }
            });
            return;
        }
        int slices = (int) Math.min(Integer.MAX_VALUE, (live.rows() + memoryRows - 1) / memoryRows);
        for (int s = 0; s < slices; s++) {
            int slice = s;
            Map<Object, FileRow> latest = new HashMap<>();
            scan(live, r -> {
                Object k = keyOf(r.data(), live.key());
                if (Math.floorMod(k.hashCode(), slices) == slice) {
                    // only the key and the op are needed: keep no other values
                    Object[] keyOnly = project(r.data(), sourceKey);
                    keep(latest, k, new FileRow(keyOnly, r.op(), r.seq(), 0, null, null, null));
                }
            });
            latest.values().forEach(r -> {
                if (!FileRow.DELETE.equals(r.op())) {
                    key.accept(r.data());
                }
            });
        }
    }

    /** The table as the newest manifest has it, or empty when the manifest has no such table. */
    private Optional<Live> live(TableSchema table) {
        Optional<Manifest> head = store.head();
        Optional<Manifest.TableEntry> entry = head.flatMap(m -> m.table(table.id().keyspace(), table.id().name()));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        TableSchema stored = TableState.of(entry.get()).schema();
        int[] projection = new int[table.columns().size()];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = index(stored, table.columns().get(i).name());
        }
        int[] key = new int[table.primaryKey().size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = index(stored, table.primaryKey().get(i));
            if (key[i] < 0) {
                throw new FatalSinkException("Cannot verify " + table.id() + ": its key column " + table.primaryKey().get(i)
                        + " is not a column of the Parquet table (" + stored.columns().stream().map(Column::name).toList()
                        + "). Has the pipeline applied the source's schema change yet?");
            }
        }
        return Optional.of(new Live(entry.get(), stored, key, projection));
    }

    private static int index(TableSchema stored, String column) {
        for (int i = 0; i < stored.columns().size(); i++) {
            if (stored.columns().get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The table's newest row per key, tombstones included; updated with the files new since the last call. */
    private Reduced reduce(Live live) {
        String name = live.entry().name();
        Set<String> files = new HashSet<>();
        live.entry().files().forEach(f -> files.add(f.path()));
        if (!reduced.containsKey(name)) {
            reduced.clear(); // one table at a time
        }
        Reduced before = reduced.get(name);
        if (before != null && before.files().equals(files)) {
            return before;
        }
        Reduced now;
        if (before != null && files.containsAll(before.files())) {
            now = new Reduced(files, before.latest());
            scanFiles(live, f -> !before.files().contains(f.path()), r -> keep(now.latest(), keyOf(r.data(), live.key()), r));
        } else {
            now = new Reduced(files, new HashMap<>());
            scan(live, r -> keep(now.latest(), keyOf(r.data(), live.key()), r));
        }
        reduced.put(name, now);
        return now;
    }

    private void scan(Live live, Consumer<FileRow> rows) {
        scanFiles(live, f -> true, rows);
    }

    private void scanFiles(Live live, Predicate<Manifest.FileEntry> which, Consumer<FileRow> rows) {
        for (Manifest.FileEntry f : live.entry().files()) {
            if (which.test(f)) {
                RowFileReader.read(localCopy(f.path()), live.stored(), wide, rows);
            }
        }
    }

    private Path localCopy(String relative) {
        Path p = local.get(relative);
        if (p == null) {
            p = dir.resolve(Integer.toString(local.size()) + ".parquet");
            try {
                store.download(relative, p);
            } catch (RuntimeException e) {
                throw new FileGone(e);
            }
            local.put(relative, p);
        }
        return p;
    }

    private static void keep(Map<Object, FileRow> latest, Object key, FileRow r) {
        latest.merge(key, r, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    private static Object[] project(Object[] data, int[] projection) {
        Object[] out = new Object[projection.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = projection[i] < 0 ? null : data[projection[i]];
        }
        return out;
    }

    /** A key's values comparable by content: binary as byte buffers, decimals without trailing zeros. */
    static Object keyOf(Object[] values) {
        List<Object> k = new ArrayList<>(values.length);
        for (Object v : values) {
            k.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v instanceof BigDecimal d
                    ? (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()) : v);
        }
        return k;
    }

    private static Object keyOf(Object[] row, int[] keyIndex) {
        Object[] values = new Object[keyIndex.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = row[keyIndex[i]];
        }
        return keyOf(values);
    }

    @Override
    public void close() {
        reduced.clear();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory of this reader's; what is left is only a copy
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                // reading only; nothing to lose
            }
        }
    }
}
