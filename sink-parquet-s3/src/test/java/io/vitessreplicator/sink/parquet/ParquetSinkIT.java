package io.vitessreplicator.sink.parquet;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.TEXT;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.pipeline.ChangeBuffer;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.SinkCapabilities;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.contract.SimulatedCrash;
import io.vitessreplicator.spi.contract.TestTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What only the Parquet sink does, on S3Proxy, read back with DuckDB and pyarrow: the symlink
 * manifests, the sweep of an unfinished commit's files, compaction, before images, partitions by
 * a column, the documented DuckDB query, check() and its errors.
 */
class ParquetSinkIT {
    private static final TableSchema T = TestTables.table("ks", "t", List.of("id"), key("id", BIGINT), col("v", TEXT));
    private static final RowOrigin ORIGIN = new RowOrigin("-80", Instant.parse("2026-11-30T23:59:59Z"), false);

    @TempDir
    Path tmp;
    private ParquetTarget target;
    private String name;
    private final List<ParquetS3Sink> sinks = new ArrayList<>();

    private void target(TestInfo test, Map<String, Object> overrides) {
        name = "sink-" + test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT);
        name = name.substring(0, Math.min(50, name.length()));
        target = new ParquetTarget(name, overrides);
    }

    @AfterEach
    void close() {
        sinks.forEach(ParquetS3Sink::close);
        if (target != null) {
            target.close();
        }
    }

    private ParquetS3Sink open(String owner, io.vitessreplicator.spi.CommitObserver observer) {
        ParquetS3Sink s = (ParquetS3Sink) target.newSink();
        sinks.add(s);
        s.open(new SinkContext(name, owner, false, observer));
        return s;
    }

    private static Position at(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("-80")
                .setGtid("MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n)).build());
    }

    private static void commit(ParquetS3Sink s, Position start, Position end, List<SchemaChange> changes,
                               RowChange... rows) {
        try (BatchWriter w = s.begin(Optional.ofNullable(start))) {
            for (SchemaChange c : changes) {
                w.apply(c, end);
            }
            ChangeBuffer b = ChangeBuffer.forForm(SinkCapabilities.ChangeForm.EVERY_CHANGE);
            b.addAll(List.of(rows));
            w.write(b.drain());
            w.commit(new CommitRequest(end, "{}"));
        }
    }

    private static RowChange insert(TableSchema t, Object... after) {
        return new RowChange(t, null, after, ORIGIN);
    }

    private List<String> keys() {
        return target.lake().keys();
    }

    private List<String> dataFiles() {
        return keys().stream().filter(k -> k.endsWith(".parquet")).sorted().toList();
    }

    private String read(String key) {
        try (S3Client s3 = ParquetTarget.client()) {
            return s3.getObjectAsBytes(b -> b.bucket(ParquetTarget.BUCKET).key(name + "/" + key)).asUtf8String();
        }
    }

    @Test
    void theSymlinkManifestListsExactlyTheLiveFiles(TestInfo test) {
        target(test, Map.of());
        ParquetS3Sink s = open("owner", io.vitessreplicator.spi.CommitObserver.NONE);
        commit(s, null, at(1), List.of(new SchemaChange.AddTable(T, "")), insert(T, 1L, "a"));
        commit(s, at(1), at(2), List.of(), insert(T, 2L, "b"));
        List<String> listed = read("ks/t/_symlink_format_manifest/manifest").lines().toList();
        assertThat(listed).hasSize(2).allSatisfy(u -> assertThat(u).startsWith("s3://" + ParquetTarget.BUCKET + "/" + name
                + "/ks/t/commit_date=2026-11-30/"));
        assertThat(listed.stream().map(u -> u.substring(("s3://" + ParquetTarget.BUCKET + "/" + name + "/").length()))
                .sorted().toList()).isEqualTo(dataFiles());
        commit(s, at(2), at(3), List.of(new SchemaChange.TruncateTable(T.id(), "truncate")));
        assertThat(read("ks/t/_symlink_format_manifest/manifest")).isEmpty();
    }

    @Test
    void filesOfACommitThatNeverWroteItsManifestAreDeletedAtTheNextStart(TestInfo test) {
        target(test, Map.of());
        boolean[] armed = {false};
        ParquetS3Sink doomed = open("owner-doomed", step -> {
            if (armed[0] && step.equals(ParquetBatchWriter.STEP_FILES)) {
                throw new SimulatedCrash(step);
            }
        });
        commit(doomed, null, at(1), List.of(new SchemaChange.AddTable(T, "")), insert(T, 1L, "committed"));
        List<String> committed = dataFiles();
        armed[0] = true;
        assertThatThrownBy(() -> commit(doomed, at(1), at(2), List.of(), insert(T, 2L, "never committed")))
                .isInstanceOf(SimulatedCrash.class);
        target.kill(doomed);
        assertThat(dataFiles()).hasSize(committed.size() + 1);

        open("owner-next", io.vitessreplicator.spi.CommitObserver.NONE);
        assertThat(dataFiles()).isEqualTo(committed);
    }

    @Test
    void compactionRewritesATableIntoItsCurrentStateAndDeletesTheOldFiles(TestInfo test) {
        target(test, Map.of());
        ParquetS3Sink s = open("owner", io.vitessreplicator.spi.CommitObserver.NONE);
        commit(s, null, at(1), List.of(new SchemaChange.AddTable(T, "")), insert(T, 1L, "v1"), insert(T, 2L, "v1"));
        for (int i = 2; i <= 6; i++) {
            commit(s, at(i - 1), at(i), List.of(), new RowChange(T, new Object[] {1L, "v" + (i - 1)},
                    new Object[] {1L, "v" + i}, ORIGIN), insert(T, 10L + i, "new"));
        }
        commit(s, at(6), at(7), List.of(), new RowChange(T, new Object[] {2L, "v1"}, null, ORIGIN));
        List<List<Object>> before = target.currentRows(T.id(), T.columns(), T.primaryKey());
        assertThat(dataFiles()).hasSize(7);

        List<String> report = s.compact(List.of());
        assertThat(report).containsExactly("ks.t: 7 files -> 1 files, 6 rows");
        assertThat(target.currentRows(T.id(), T.columns(), T.primaryKey())).isEqualTo(before)
                .contains(List.of(1L, "v6")).doesNotContain(List.of(2L, "v1"));
        assertThat(s.readCheckpoint(name)).map(cp -> cp.position()).contains(at(7)); // moved nowhere
        commit(s, at(7), at(8), List.of(), insert(T, 99L, "after")); // deletes the garbage (retention 0s)
        assertThat(dataFiles()).hasSize(2);
    }

    @Test
    void beforeImagesAreWrittenForUpdatesAndDeletes(TestInfo test) throws Exception {
        target(test, Map.of("before-images", "true"));
        ParquetS3Sink s = open("owner", io.vitessreplicator.spi.CommitObserver.NONE);
        commit(s, null, at(1), List.of(new SchemaChange.AddTable(T, "")), insert(T, 1L, "old"),
                new RowChange(T, new Object[] {1L, "old"}, new Object[] {1L, "new"}, ORIGIN),
                new RowChange(T, new Object[] {1L, "new"}, null, ORIGIN));
        Path local = mirror().resolve(dataFiles().get(0));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT _op, v, _before.v, _shard, _committed_at::VARCHAR FROM read_parquet('"
                     + local + "') ORDER BY _seq")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                        + rs.getString(5));
            }
            assertThat(rows).containsExactly("insert old null -80 2026-11-30 23:59:59+00",
                    "update new old -80 2026-11-30 23:59:59+00", "delete new new -80 2026-11-30 23:59:59+00");
        }
    }

    @Test
    void rowsArePartitionedByAColumnsMonthAndTablesWithoutItByCommitDate(TestInfo test) {
        target(test, Map.of("partition", Map.of("by", "column", "column", "created", "granularity", "month")));
        TableSchema dated = TestTables.table("ks", "dated", List.of("id"), key("id", BIGINT),
                col("created", ColumnType.of(ColumnType.Kind.DATE, "date")));
        ParquetS3Sink s = open("owner", io.vitessreplicator.spi.CommitObserver.NONE);
        commit(s, null, at(1), List.of(new SchemaChange.AddTable(dated, ""), new SchemaChange.AddTable(T, "")),
                insert(dated, 1L, LocalDate.of(2026, 1, 31)), insert(dated, 2L, LocalDate.of(2026, 2, 1)),
                insert(dated, 3L, null), insert(T, 1L, "x"));
        assertThat(dataFiles()).extracting(f -> f.substring(0, f.lastIndexOf('/'))).containsExactlyInAnyOrder(
                "ks/dated/created_month=2026-01", "ks/dated/created_month=2026-02", "ks/dated/created_month=__null__",
                "ks/t/commit_date=2026-11-30");
        assertThat(target.currentRows(dated.id(), dated.columns(), dated.primaryKey())).hasSize(3);
    }

    @Test
    void theDocumentedDuckDbQueryReadsTheCurrentState(TestInfo test) throws Exception {
        target(test, Map.of());
        ParquetS3Sink s = open("owner", io.vitessreplicator.spi.CommitObserver.NONE);
        commit(s, null, at(1), List.of(new SchemaChange.AddTable(T, "")), insert(T, 1L, "a"), insert(T, 2L, "b"),
                insert(T, 3L, "c"));
        commit(s, at(1), at(2), List.of(new SchemaChange.RenameColumn(T.id(), "v", "w", "")),
                new RowChange(T, new Object[] {1L, "a"}, null, ORIGIN));
        TableSchema renamed = TestTables.table("ks", "t", List.of("id"), key("id", BIGINT), col("w", TEXT));
        commit(s, at(2), at(3), List.of(), new RowChange(renamed, new Object[] {2L, "b"}, new Object[] {2L, "b2"}, ORIGIN));
        // The README's query, with the bucket's objects mirrored locally (DuckDB's httpfs cannot be installed offline).
        String sql = Files.readString(ParquetTarget.repoRoot().resolve("sink-parquet-s3/queries/duckdb-current-state.sql"))
                .replace("s3://lake/vitess/", mirror() + "/").replace("orders-lake", name)
                .replace("'customer'", "'ks'").replace("'orders'", "'t'").replace("PARTITION BY id", "PARTITION BY id");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            for (String statement : sql.split(";")) {
                if (statement.isBlank() || statement.strip().startsWith("--") && !statement.contains("SELECT")) {
                    continue;
                }
                if (st.execute(statement)) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            rows.add(rs.getString("id") + " " + rs.getString("w"));
                        }
                    }
                }
            }
            assertThat(rows).containsExactly("2 b2", "3 c");
        }
    }

    @Test
    void checkAcceptsAUsableStoreAndNamesWhatIsWrongOtherwise(TestInfo test) {
        target(test, Map.of());
        target.newSink().check();
        Map<String, Object> wrong = new HashMap<>(target.settings());
        wrong.put("secret-access-key", "wrong");
        assertThatThrownBy(() -> sinkWith(wrong).check()).isInstanceOfSatisfying(FatalSinkException.class,
                e -> assertThat(e.kind()).isEqualTo(FatalSinkException.Kind.CONNECTION))
                .hasMessageContaining("refused the credentials").hasMessageContaining("sink.access-key-id");
        Map<String, Object> noBucket = new HashMap<>(target.settings());
        noBucket.put("bucket", "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8));
        assertThatThrownBy(() -> sinkWith(noBucket).check()).hasMessageContaining("does not exist")
                .hasMessageContaining("sink.bucket");
        Map<String, Object> closed = new HashMap<>(target.settings());
        closed.put("endpoint", "http://127.0.0.1:1");
        assertThatThrownBy(() -> sinkWith(closed).open(new SinkContext(name, "o", false)))
                .isInstanceOfSatisfying(FatalSinkException.class,
                        e -> assertThat(e.kind()).isEqualTo(FatalSinkException.Kind.CONNECTION))
                .hasMessageContaining("http://127.0.0.1:1").hasMessageContaining("sink.endpoint");
    }

    private ParquetS3Sink sinkWith(Map<String, Object> settings) {
        ConfigNode node = ConfigNode.of("sink", settings);
        ParquetS3Sink s = new ParquetS3Sink(ParquetSinkConfig.from(node));
        sinks.add(s);
        return s;
    }

    /** Every object under the test's prefix, copied to a local folder. */
    private Path mirror() throws IOException {
        Path dir = tmp.resolve("mirror");
        try (S3Client s3 = ParquetTarget.client()) {
            for (String k : keys()) {
                Path local = dir.resolve(k);
                Files.createDirectories(local.getParent());
                Files.write(local, s3.getObjectAsBytes(b -> b.bucket(ParquetTarget.BUCKET).key(name + "/" + k)).asByteArray());
            }
        }
        return dir;
    }
}
