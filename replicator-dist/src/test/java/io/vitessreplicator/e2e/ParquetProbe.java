package io.vitessreplicator.e2e;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.sink.parquet.LakeReader;
import io.vitessreplicator.testkit.TestEnv;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The Parquet sink's target: a prefix of the bucket {@value #BUCKET} on S3Proxy, read as a lake user
 * would, with DuckDB's current-state query over the files the newest manifest names
 * ({@link LakeReader}).
 */
final class ParquetProbe implements TargetProbe {
    static final String BUCKET = "e2e";
    private final String prefix;
    private final LakeReader lake;

    ParquetProbe(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        LakeReader.ensureBucket(BUCKET);
        this.lake = new LakeReader(BUCKET, this.prefix);
    }

    @Override
    public String name() {
        return "parquet-s3";
    }

    @Override
    public String sinkYaml() {
        return "  type: parquet-s3\n"
                + "  bucket: " + BUCKET + "\n"
                + "  prefix: " + prefix + "\n"
                + "  endpoint: " + TestEnv.get("S3_ENDPOINT") + "\n"
                + "  region: " + TestEnv.get("S3_REGION") + "\n"
                + "  path-style: true\n"
                + "  access-key-id: " + TestEnv.get("S3_ACCESS_KEY") + "\n"
                + "  secret-access-key: ${S3_SECRET_KEY}\n";
    }

    /** Reads with {@code current} (the current-state relation) and {@code files} (the table's files, local). */
    private interface Query<T> {
        T read(Connection c, String current, List<Path> files) throws SQLException;
    }

    /** Runs a query over the table's files; empty when the newest manifest has no such table. */
    private <T> Optional<T> query(String keyspace, String table, Query<T> query, T whenNoFiles) throws SQLException {
        Optional<LakeReader.Table> t = lake.table(keyspace, table);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.get().files().isEmpty()) {
            return Optional.of(whenNoFiles);
        }
        List<Path> files = lake.local(t.get().files());
        try (Connection c = LakeReader.duck()) {
            return Optional.of(query.read(c, LakeReader.currentState(files, t.get().primaryKey()), files));
        }
    }

    @Override
    public List<String> rows(String keyspace, String table, String columns, String orderBy) throws Exception {
        return query(keyspace, table, (c, current, files) -> Snapshot.read(c, "SELECT " + columns + " FROM " + current
                + " ORDER BY " + orderBy), List.<String>of())
                .orElseThrow(() -> new SQLException("no table " + keyspace + "." + table + " in the manifest yet"));
    }

    @Override
    public long count(String keyspace, String table) {
        try {
            return query(keyspace, table, (c, current, files) -> single(c, "SELECT count(*) FROM " + current), 0L).orElse(-1L);
        } catch (SQLException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Changes the table's live files hold more than once: rows with the same {@code _seq} (a commit
     * applied twice would repeat them, or a file named twice).
     */
    long repeatedChanges(String keyspace, String table) throws SQLException {
        return query(keyspace, table, (c, current, files) -> single(c, "SELECT count(*) FROM (SELECT _seq FROM read_parquet("
                + LakeReader.list(files) + ", union_by_name = true) GROUP BY _seq HAVING count(*) > 1)"), 0L).orElse(0L);
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Optional<Position> checkpoint(String pipeline) {
        try {
            return lake.checkpoint();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> history(String pipeline) {
        return lake.history();
    }

    @Override
    public void reset() {
        lake.deleteAll();
    }

    @Override
    public String toString() {
        return name();
    }
}
