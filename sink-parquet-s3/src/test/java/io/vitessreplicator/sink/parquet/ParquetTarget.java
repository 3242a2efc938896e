package io.vitessreplicator.sink.parquet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.contract.SinkTarget;
import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Parquet on S3Proxy as a target: a bucket prefix of its own per test, read back without the
 * sink's code. The newest manifest (found by listing {@code commits/}) is read with DuckDB's JSON
 * functions, the files it names are downloaded with the AWS SDK, DuckDB runs the documented
 * current-state query over them to pick each key's current row, and pyarrow
 * ({@code testenv/parquet-dump.py}) gives that row's exact values (DuckDB reads DECIMAL(65,30) as
 * a DOUBLE).
 */
final class ParquetTarget implements SinkTarget {
    static final String BUCKET = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static boolean bucketCreated;

    private final String prefix;
    private final Map<String, Object> overrides;
    private final Path downloads;

    ParquetTarget(String name, Map<String, Object> overrides) {
        this.prefix = name + "/";
        this.overrides = overrides;
        try {
            this.downloads = Files.createTempDirectory("parquet-target-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (ParquetTarget.class) {
            if (!bucketCreated) {
                try (S3Client s3 = client()) {
                    s3.createBucket(b -> b.bucket(BUCKET));
                }
                bucketCreated = true;
            }
        }
    }

    static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT")))
                .region(Region.of(TestEnv.get("S3_REGION"))).forcePathStyle(true)
                
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY")))).build();
    }

    /** The sink's settings for this target (S3Proxy, short lease so a killed instance's successor opens quickly). */
    Map<String, Object> settings() {
        Map<String, Object> m = new HashMap<>();
        m.put("bucket", BUCKET);
        m.put("prefix", prefix);
        m.put("endpoint", TestEnv.get("S3_ENDPOINT"));
        m.put("region", TestEnv.get("S3_REGION"));
        m.put("path-style", "true");
        m.put("access-key-id", TestEnv.get("S3_ACCESS_KEY"));
        m.put("secret-access-key", TestEnv.get("S3_SECRET_KEY"));
        m.put("lease-ttl", "3s");
        m.put("deleted-file-retention", "0s");
        m.put("spill-dir", downloads.resolve("spill").toString());
        m.putAll(overrides);
        return m;
    }

    @Override
    public Sink newSink() {
        ConfigNode node = ConfigNode.of("sink", settings());
        ParquetSinkConfig config = ParquetSinkConfig.from(node);
        node.rejectUnknownKeys();
        return new ParquetS3Sink(config);
    }

    // -------------------------------------------------------------------- reading back

    /** The newest manifest's text, found by listing the commits (current.json may lag one commit). */
    private Optional<Path> newestManifest() {
        try (S3Client s3 = client()) {
            String dir = prefix + "_vitess_replicator/";
            List<String> manifests = new ArrayList<>();
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(dir))) {
                for (S3Object o : page.contents()) {
                    if (o.key().contains("/commits/") && o.key().endsWith(".json")) {
                        manifests.add(o.key());
                    }
                }
            }
            if (manifests.isEmpty()) {
                return Optional.empty();
            }
            manifests.sort(null);
            return Optional.of(download(s3, manifests.get(manifests.size() - 1)));
        }
    }

    private Path download(S3Client s3, String key) {
        Path local = downloads.resolve("objects").resolve(key);
        try {
            Files.createDirectories(local.getParent());
            Files.write(local, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return local;
    }

    private static Connection duck() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** The table's entry of the newest manifest, as DuckDB's JSON functions read it: files and column names. */
    private Optional<Map<String, List<String>>> entry(TableId table) {
        Optional<Path> manifest = newestManifest();
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        String sql = "WITH t AS (SELECT unnest(json_extract(json, '$.tables[*]')) AS t FROM read_json_objects(?))"
                + " SELECT json_extract_string(t, '$.files[*].path'), json_extract_string(t, '$.columns[*].name')"
                + " FROM t WHERE json_extract_string(t, '$.keyspace') = ? AND json_extract_string(t, '$.table') = ?";
        try (Connection c = duck(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, manifest.get().toString());
            ps.setString(2, table.keyspace());
            ps.setString(3, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, List<String>> m = new HashMap<>();
                m.put("files", strings(rs.getArray(1)));
                m.put("columns", strings(rs.getArray(2)));
                return Optional.of(m);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(java.sql.Array a) throws SQLException {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Object o : (Object[]) a.getArray()) {
                out.add((String) o);
            }
        }
        return out;
    }

    @Override
    public boolean tableExists(TableId table) {
        return entry(table).isPresent();
    }

    @Override
    public List<String> columnNames(TableId table) {
        return entry(table).map(e -> e.get("columns")).orElse(List.of());
    }

    @Override
    public List<List<Object>> currentRows(TableId table, List<Column> columns, List<String> primaryKey) {
        Optional<Map<String, List<String>>> e = entry(table);
        if (e.isEmpty() || e.get().get("files").isEmpty()) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (S3Client s3 = client()) {
            for (String f : e.get().get("files")) {
                files.add(download(s3, prefix + f));
            }
        }
        List<String[]> current = currentFileRows(files, primaryKey);
        Map<Path, Dump> dumps = new HashMap<>();
        List<List<Object>> out = new ArrayList<>();
        for (String[] fr : current) {
            Path file = Path.of(fr[0]);
            Dump d = dumps.computeIfAbsent(file, ParquetTarget::dump);
            JsonArray row = d.rows.get(Integer.parseInt(fr[1]));
            List<Object> values = new ArrayList<>();
            for (Column c : columns) {
                Integer i = d.columns.get(c.name());
                values.add(i == null ? null : value(row.get(i), c.type()));
            }
            out.add(values);
        }
        return out;
    }

    /**
     * The documented current-state query, over local copies: for each key the row with the highest
     * {@code _seq}, unless it is a delete. Returns (file, row number) in key order.
     */
    static List<String[]> currentFileRows(List<Path> files, List<String> primaryKey) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            list.append(i == 0 ? "" : ", ").append("'").append(files.get(i).toString().replace("'", "''")).append("'");
        }
        list.append("]");
        String keys = String.join(", ", primaryKey.stream().map(k -> "\"" + k + "\"").toList());
        String sql = "SELECT filename, file_row_number FROM read_parquet(" + list + ", union_by_name = true,"
                + " filename = true, file_row_number = true)"
                + " QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY _seq DESC) = 1 AND _op <> 'delete'"
                + " ORDER BY " + keys;
        try (Connection c = duck(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** pyarrow's exact dump of one file: column name → index, and the rows. */
    private record Dump(Map<String, Integer> columns, List<JsonArray> rows) {}

    private static Dump dump(Path file) {
        try {
            Process p = new ProcessBuilder(TestEnv.get("PARQUET_PYTHON"), repoRoot().resolve("testenv/parquet-dump.py")
                    .toString(), file.toString()).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("parquet-dump.py " + file + " failed: " + err);
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            List<JsonArray> rows = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                if (o.has("schema")) {
                    JsonArray fields = o.getAsJsonArray("schema");
                    for (int i = 0; i < fields.size(); i++) {
                        columns.put(fields.get(i).getAsJsonObject().get("name").getAsString(), i);
                    }
                } else {
                    rows.add(o.getAsJsonArray("row"));
                }
            }
            return new Dump(columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("testenv/parquet-dump.py"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Cannot find testenv/parquet-dump.py above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A value of pyarrow's dump as the Java type {@link ColumnType} documents. */
    static Object value(JsonElement v, ColumnType type) {
        if (v == null || v.isJsonNull()) {
            return null;
        }
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> Long.parseLong(v.getAsString());
            case BIGINT -> type.unsigned() ? new BigInteger(v.getAsString()) : (Object) Long.parseLong(v.getAsString());
            case BIT -> Long.parseUnsignedLong(v.getAsString());
            case DECIMAL -> new BigDecimal(v.getAsString()).setScale(type.scale());
            case FLOAT -> (float) floating(v.getAsString());
            case DOUBLE -> floating(v.getAsString());
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> v.getAsString();
            case BINARY, VARBINARY, BLOB -> Base64.getDecoder().decode(v.getAsString().substring("b64:".length()));
            case DATE -> LocalDate.parse(v.getAsString());
            case DATETIME -> LocalDateTime.ofInstant(ParquetTypes.instantOfMicros(micros(v)), ZoneOffset.UTC);
            case TIMESTAMP -> ParquetTypes.instantOfMicros(micros(v));
            case TIME -> Duration.of(Long.parseLong(v.getAsString()), ChronoUnit.MICROS);
            case YEAR -> Integer.parseInt(v.getAsString());
            case SET -> {
                List<String> members = new ArrayList<>();
                v.getAsJsonArray().forEach(e -> members.add(e.getAsString()));
                yield members;
            }
            case UNSUPPORTED -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static long micros(JsonElement v) {
        return Long.parseLong(v.getAsString().substring("us:".length()));
    }

    private static double floating(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    // ------------------------------------------------------------------------ faults

    @Override
    public List<String> commitSteps() {
        return List.of(ParquetBatchWriter.STEP_FILES, ParquetBatchWriter.STEP_MANIFEST, ParquetBatchWriter.STEP_CURRENT,
                ParquetBatchWriter.STEP_CLEANED);
    }

    @Override
    public String commitPoint() {
        return ParquetBatchWriter.STEP_MANIFEST;
    }

    /** The process dies: its lease is not released, nothing is cleaned up. */
    @Override
    public void kill(Sink sink) {
        ((ParquetS3Sink) sink).halt();
    }

    /** The instance stops renewing its lease (a long pause, a network cut) and waits until it has expired. */
    @Override
    public void loseClaim(Sink sink) {
        ((ParquetS3Sink) sink).stopHeartbeat();
        try {
            Thread.sleep(Duration.ofSeconds(4).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try (var files = Files.walk(downloads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
