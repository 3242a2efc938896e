package io.vitessreplicator.sink.parquet;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads what the Parquet sink wrote under a bucket prefix on the test stack's S3Proxy, as a lake
 * user would and without the sink's code: the AWS SDK lists and downloads the objects (DuckDB's
 * httpfs cannot be installed offline), DuckDB's JSON functions read the newest manifest, and the
 * caller's DuckDB query reads the files it names. Shared by the contract suite's target and the
 * end-to-end tests' probe.
 */
public final class LakeReader implements AutoCloseable {
    private final String bucket;
    private final String prefix;
    /** Downloaded data files: they never change once written, so each is fetched once. */
    private final Path cache;

    /** @param prefix ends with '/' */
    public LakeReader(String bucket, String prefix) {
        this.bucket = bucket;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        try {
            this.cache = Files.createTempDirectory("lake-reader-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT")))
                .region(Region.of(TestEnv.get("S3_REGION"))).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY")))).build();
    }

    /** Creates the bucket unless it exists. */
    public static void ensureBucket(String bucket) {
        try (S3Client s3 = client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    /** Every key under the prefix, relative to it. */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        try (S3Client s3 = client()) {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    out.add(o.key().substring(prefix.length()));
                }
            }
        }
        return out;
    }

    /**
     * The newest manifest, found by listing the commits (current.json may lag one commit after a
     * crash), downloaded afresh. S3Proxy lists an object being written under a temporary name (the
     * key plus a suffix): only whole {@code .json} manifests count.
     */
    public Optional<Path> newestManifest() {
        List<String> manifests = keys().stream().filter(k -> k.startsWith("_vitess_replicator/")
                && k.contains("/commits/") && k.endsWith(".json")).sorted().toList();
        if (manifests.isEmpty()) {
            return Optional.empty();
        }
        String key = manifests.get(manifests.size() - 1);
        Path local = cache.resolve("manifests").resolve(key);
        try (S3Client s3 = client()) {
            Files.createDirectories(local.getParent());
            Files.write(local, s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(local);
    }

    /** A table's entry in the newest manifest. */
    public record Table(List<String> files, List<String> columns, List<String> primaryKey) {}

    /** The table as the newest manifest describes it, read with DuckDB's JSON functions. */
    public Optional<Table> table(String keyspace, String table) {
        Optional<Path> manifest = newestManifest();
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        String sql = "SELECT json_extract_string(t, '$.files[*].path'), json_extract_string(t, '$.columns[*].name'),"
                + " json_extract_string(t, '$.primary_key[*]') FROM (SELECT unnest(json_extract(json, '$.tables[*]')) AS t"
                + " FROM read_json_objects(?)) WHERE json_extract_string(t, '$.keyspace') = ?"
                + " AND json_extract_string(t, '$.table') = ?";
        try (Connection c = duck(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, manifest.get().toString());
            ps.setString(2, keyspace);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Table(strings(rs.getArray(1)), strings(rs.getArray(2)), strings(rs.getArray(3))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint's position in the newest manifest. */
    public Optional<Position> checkpoint() {
        return jsonValue("json_extract(json, '$.position')::VARCHAR").filter(j -> !j.equals("null")).map(Position::fromJson);
    }

    /** The schema history of every table, "change: description", in commit order. */
    public List<String> history() {
        Optional<Path> manifest = newestManifest();
        if (manifest.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT json_extract_string(h, '$.change') || ': ' || json_extract_string(h, '$.description')"
                + " FROM (SELECT unnest(json_extract(t, '$.history[*]')) AS h FROM (SELECT unnest(json_extract(json,"
                + " '$.tables[*]')) AS t FROM read_json_objects(?))) ORDER BY json_extract(h, '$.commit')::BIGINT";
        try (Connection c = duck(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, manifest.get().toString());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Optional<String> jsonValue(String expression) {
        Optional<Path> manifest = newestManifest();
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = duck(); PreparedStatement ps = c.prepareStatement("SELECT " + expression
                + " FROM read_json_objects(?)")) {
            ps.setString(1, manifest.get().toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Local copies of data files (keys relative to the prefix), downloaded once each. */
    public List<Path> local(List<String> files) {
        List<Path> out = new ArrayList<>();
        try (S3Client s3 = client()) {
            for (String f : files) {
                Path local = cache.resolve("data").resolve(f);
                if (!Files.exists(local)) {
                    Files.createDirectories(local.getParent());
                    Path part = local.resolveSibling(local.getFileName() + ".part");
                    Files.write(part, s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + f)).asByteArray());
                    Files.move(part, local);
                }
                out.add(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** DuckDB's list literal of local files, for {@code read_parquet(...)}. */
    public static String list(List<Path> files) {
        return "[" + String.join(", ", files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'").toList()) + "]";
    }

    /**
     * The documented current-state query over {@code files}: for each key the row with the highest
     * {@code _seq}, unless it is a delete.
     */
    public static String currentState(List<Path> files, List<String> primaryKey) {
        String key = String.join(", ", primaryKey.stream().map(k -> "\"" + k + "\"").toList());
        return "(SELECT * FROM read_parquet(" + list(files) + ", union_by_name = true, filename = true,"
                + " file_row_number = true) QUALIFY row_number() OVER (PARTITION BY " + key
                + " ORDER BY _seq DESC) = 1 AND _op <> 'delete')";
    }

    public static Connection duck() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static List<String> strings(Array a) throws SQLException {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Object o : (Object[]) a.getArray()) {
                out.add((String) o);
            }
        }
        return out;
    }

    /** Deletes everything under the prefix, and the local copies. */
    public void deleteAll() {
        try (S3Client s3 = client()) {
            for (String k : keys()) {
                s3.deleteObject(b -> b.bucket(bucket).key(prefix + k));
            }
        }
        clearCache();
    }

    private void clearCache() {
        try (Stream<Path> s = Files.walk(cache)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(cache)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clearCache();
        cache.toFile().delete();
    }
}
