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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import software.amazon.awssdk.services.s3.S3Client;

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

    private final String prefix;
    private final Map<String, Object> overrides;
    private final Path spill;
    private final LakeReader lake;

    ParquetTarget(String name, Map<String, Object> overrides) {
        this.prefix = name + "/";
        this.overrides = overrides;
        try {
            this.spill = Files.createTempDirectory("parquet-target-spill-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LakeReader.ensureBucket(BUCKET);
        this.lake = new LakeReader(BUCKET, prefix);
    }

    static S3Client client() {
        return LakeReader.client();
    }

    LakeReader lake() {
        return lake;
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
        m.put("spill-dir", spill.toString());
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

    @Override
    public boolean tableExists(TableId table) {
        return lake.table(table.keyspace(), table.name()).isPresent();
    }

    @Override
    public List<String> columnNames(TableId table) {
        return lake.table(table.keyspace(), table.name()).map(LakeReader.Table::columns).orElse(List.of());
    }

    @Override
    public List<List<Object>> currentRows(TableId table, List<Column> columns, List<String> primaryKey) {
        Optional<LakeReader.Table> t = lake.table(table.keyspace(), table.name());
        if (t.isEmpty() || t.get().files().isEmpty()) {
            return List.of();
        }
        List<String[]> current = currentFileRows(lake.local(t.get().files()), primaryKey);
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

    /** The documented current-state query, over local copies: (file, row number) of each current row, in key order. */
    static List<String[]> currentFileRows(List<Path> files, List<String> primaryKey) {
        String keys = String.join(", ", primaryKey.stream().map(k -> "\"" + k + "\"").toList());
        String sql = "SELECT filename, file_row_number FROM " + LakeReader.currentState(files, primaryKey) + " ORDER BY " + keys;
        try (Connection c = LakeReader.duck(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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
        lake.close();
        try (var files = Files.walk(spill)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
