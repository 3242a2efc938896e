package io.vitessreplicator.sink.parquet;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.TEXT;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.decimal;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static io.vitessreplicator.spi.contract.TestTables.length;
import static io.vitessreplicator.spi.contract.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.contract.EveryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetTargetReader} reads a table's current state as the README's query defines it: the
 * files the newest manifest names, per key the row with the highest {@code _seq}, none when that
 * is a delete. Files written with the sink's own {@link DataFile}, in a local "store"; both memory
 * modes (the table reduced in memory, and scanned per call in key-hash slices).
 */
class ParquetTargetReaderTest {
    private static final ParquetSinkConfig CONFIG = ParquetSinkConfig.from(ConfigNode.of("sink", Map.of("bucket", "lake")));
    private static final TableSchema ORDERS = table("ks", "orders", List.of("id"),
            key("id", BIGINT), col("note", TEXT));

    @TempDir
    Path dir;

    /** The "store": relative key → local file; the newest manifest. */
    private final Map<String, Path> objects = new HashMap<>();
    private Manifest head;
    private final AtomicInteger downloads = new AtomicInteger();
    private long sequence;

    private ParquetTargetReader reader(long memoryRows) throws Exception {
        Path work = Files.createDirectories(dir.resolve("reader-" + memoryRows));
        return new ParquetTargetReader(new ParquetTargetReader.Source() {
            @Override
            public Optional<Manifest> head() {
                return Optional.ofNullable(head);
            }

            @Override
            public void download(String relative, Path local) {
                downloads.incrementAndGet();
                try {
                    Files.createDirectories(local.getParent());
                    Files.copy(objects.get(relative), local);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }, CONFIG.wideDecimals(), work, memoryRows, null);
    }

    private Manifest.FileEntry file(TableSchema table, FileRow... rows) {
        String key = "data/" + table.id().name() + "/f" + objects.size() + ".parquet";
        DataFile f = new DataFile(dir.resolve(key), key, new FileSchema(table, false, CONFIG.wideDecimals()), CONFIG,
                Map.of());
        for (FileRow r : rows) {
            f.write(r);
        }
        long size = f.finish();
        objects.put(key, f.local());
        return new Manifest.FileEntry(key, rows.length, size, 1, 1, "", 0, 0, "changes");
    }

    private void publish(TableSchema table, List<Manifest.FileEntry> files) {
        Manifest.TableEntry e = TableState.fresh(table, CONFIG.wideDecimals()).toEntry();
        Manifest.TableEntry withFiles = new Manifest.TableEntry(e.keyspace(), e.table(), e.path(), e.schemaVersion(),
                e.primaryKey(), e.columns(), files, e.recopySupersedes(), e.droppedAtSource(), e.history());
        head = new Manifest(Manifest.FORMAT_VERSION, "p", ++sequence, Manifest.COMMIT, "o", "", "", null, null,
                List.of(withFiles), List.of());
    }

    private static FileRow row(String op, long seq, Object... data) {
        return new FileRow(data, op, seq, 0, "ks", "0", null);
    }

    private List<Manifest.FileEntry> history() {
        Manifest.FileEntry a = file(ORDERS,
                row(FileRow.COPY, 1, 1L, "one"),
                row(FileRow.COPY, 2, 2L, "two"),
                row(FileRow.COPY, 3, 3L, "three"),
                row(FileRow.DELETE, 4, 4L, "four, deleted before it was re-inserted"));
        // out of order across files on purpose: _seq decides, not the file's place in the list
        Manifest.FileEntry b = file(ORDERS,
                row(FileRow.INSERT, 7, 4L, "four again"),
                row(FileRow.UPDATE, 5, 1L, "one, updated"),
                row(FileRow.DELETE, 6, 2L, "two"));
        return List.of(b, a);
    }

    @Test
    void theNewestRowPerKeyWinsAndDeletesAreAbsentInBothMemoryModes() throws Exception {
        publish(ORDERS, history());
        for (long memoryRows : List.of(ParquetTargetReader.MEMORY_ROWS, 1L, 3L)) {
            try (ParquetTargetReader r = reader(memoryRows)) {
                assertThat(r.count(ORDERS)).as("memory rows %d", memoryRows).isEqualTo(3);
                assertThat(r.rowsByKey(ORDERS, List.of(new Object[] {1L}, new Object[] {2L}, new Object[] {3L},
                        new Object[] {4L}, new Object[] {99L}))).as("memory rows %d", memoryRows)
                        .containsExactlyInAnyOrder(new Object[] {1L, "one, updated"}, new Object[] {3L, "three"},
                                new Object[] {4L, "four again"});
                List<Object> keys = new ArrayList<>();
                List<Integer> chunkSizes = new ArrayList<>();
                r.forEachKeyChunk(ORDERS, 2, chunk -> {
                    chunkSizes.add(chunk.size());
                    chunk.forEach(k -> keys.add(k[0]));
                });
                assertThat(keys).containsExactlyInAnyOrder(1L, 3L, 4L);
                assertThat(chunkSizes).containsExactly(2, 1);
            }
        }
    }

    @Test
    void laterManifestsAreSeenByTheNextCallAndFilesAreDownloadedOnce() throws Exception {
        List<Manifest.FileEntry> files = new ArrayList<>(history());
        publish(ORDERS, files);
        try (ParquetTargetReader r = reader(ParquetTargetReader.MEMORY_ROWS)) {
            assertThat(r.rowsByKey(ORDERS, List.<Object[]>of(new Object[] {3L}))).hasSize(1);
            assertThat(downloads).hasValue(2);
            files.add(file(ORDERS, row(FileRow.DELETE, 8, 3L, "three"), row(FileRow.INSERT, 9, 5L, "five")));
            publish(ORDERS, files);
            assertThat(r.rowsByKey(ORDERS, List.<Object[]>of(new Object[] {3L}, new Object[] {5L})))
                    .containsExactly(new Object[] {5L, "five"});
            assertThat(downloads).hasValue(3);
            // a compaction: the live set is replaced by one snapshot; the reader starts over from it
            Manifest.FileEntry snapshot = file(ORDERS, row(FileRow.UPDATE, 5, 1L, "one, updated"),
                    row(FileRow.INSERT, 7, 4L, "four again"), row(FileRow.INSERT, 9, 5L, "five"));
            publish(ORDERS, List.of(snapshot));
            assertThat(r.count(ORDERS)).isEqualTo(3);
            assertThat(r.rowsByKey(ORDERS, List.<Object[]>of(new Object[] {1L}))).containsExactly(
                    new Object[] {1L, "one, updated"});
        }
    }

    @Test
    void aTableTheManifestDoesNotNameIsAbsent() throws Exception {
        publish(ORDERS, history());
        TableSchema other = table("ks", "other", List.of("id"), key("id", BIGINT));
        try (ParquetTargetReader r = reader(ParquetTargetReader.MEMORY_ROWS)) {
            assertThat(r.count(other)).isEqualTo(-1);
            assertThat(r.rowsByKey(other, List.<Object[]>of(new Object[] {1L}))).isEmpty();
        }
        head = null;
        try (ParquetTargetReader r = reader(ParquetTargetReader.MEMORY_ROWS)) {
            assertThat(r.count(ORDERS)).isEqualTo(-1);
        }
    }

    @Test
    void compositeBinaryAndDecimalKeysMatchByValueAndColumnsByName() throws Exception {
        TableSchema stored = table("ks", "pairs", List.of("b", "d"),
                key("b", length(Kind.VARBINARY, 8, "varbinary(8)")), key("d", decimal(10, 2)), col("v", TEXT));
        publish(stored, List.of(file(stored,
                row(FileRow.COPY, 1, new byte[] {0, 1}, new BigDecimal("1.50"), "a"),
                row(FileRow.COPY, 2, new byte[] {0, 1}, new BigDecimal("2.00"), "b"),
                row(FileRow.UPDATE, 3, new byte[] {0, 1}, new BigDecimal("1.50"), "a2"))));
        // the table as verify asks for it: columns in another order, one the files lack
        TableSchema asked = table("ks", "pairs", List.of("b", "d"),
                col("v", TEXT), key("d", decimal(10, 2)), key("b", length(Kind.VARBINARY, 8, "varbinary(8)")),
                col("added", TEXT));
        try (ParquetTargetReader r = reader(1)) {
            List<Object[]> rows = r.rowsByKey(asked, List.<Object[]>of(new Object[] {new byte[] {0, 1},
                    new BigDecimal("1.5")}));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsExactly("a2", new BigDecimal("1.50"), new byte[] {0, 1}, null);
            List<Object[]> keys = new ArrayList<>();
            r.forEachKeyChunk(asked, 10, keys::addAll);
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0)).hasSize(2);
            assertThat(keys).anySatisfy(k -> assertThat(k).containsExactly(new byte[] {0, 1}, new BigDecimal("2.00")));
        }
    }

    @Test
    void everyTypeComesBackAsThePipelinesValues() throws Exception {
        TableSchema every = EveryType.table("ks", "every_type");
        List<Object[]> rows = List.of(EveryType.maxima(), EveryType.minima(), EveryType.specials(), EveryType.nulls(4L));
        List<FileRow> written = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            written.add(row(FileRow.COPY, i + 1, rows.get(i)));
        }
        publish(every, List.of(file(every, written.toArray(FileRow[]::new))));
        try (ParquetTargetReader r = reader(ParquetTargetReader.MEMORY_ROWS)) {
            List<Object[]> keys = new ArrayList<>();
            for (Object[] row : rows) {
                keys.add(every.keyOf(row));
            }
            List<Object[]> back = r.rowsByKey(every, keys);
            assertThat(back).hasSize(rows.size());
            for (Object[] expected : rows) {
                assertThat(back).anySatisfy(b -> assertThat(b).containsExactly(expected));
            }
        }
    }
}
