package io.vitessreplicator.sink.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ConfigLoader;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.config.ReplicatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class ParquetSinkConfigTest {
    private static final long MIB = 1024L * 1024;

    private static ParquetSinkConfig read(Map<String, ?> values) {
        ConfigNode node = new ConfigNode("sink", values, Map.of("sink.bucket", 12));
        ParquetSinkConfig config = ParquetSinkConfig.from(node);
        node.rejectUnknownKeys();
        return config;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("bucket", "lake");
        m.put(key, value);
        return m;
    }

    @Test
    void defaults() {
        ParquetSinkConfig c = read(Map.of("bucket", "lake"));
        assertThat(c.bucket()).isEqualTo("lake");
        assertThat(c.prefix()).isEmpty();
        assertThat(c.endpoint()).isEmpty();
        assertThat(c.region()).isEmpty();
        assertThat(c.pathStyle()).isFalse();
        assertThat(c.accessKeyId()).isEmpty();
        assertThat(c.secretAccessKey()).isEmpty();
        assertThat(c.sessionToken()).isEmpty();
        assertThat(c.encryption()).isEqualTo(ParquetSinkConfig.Encryption.NONE);
        assertThat(c.kmsKeyId()).isEmpty();
        assertThat(c.partitionBy()).isEqualTo(ParquetSinkConfig.PartitionBy.COMMIT_DATE);
        assertThat(c.partitionColumn()).isEmpty();
        assertThat(c.granularity()).isEqualTo(ParquetSinkConfig.Granularity.DAY);
        assertThat(c.targetFileSize()).isEqualTo(128 * MIB);
        assertThat(c.rowGroupSize()).isEqualTo(32 * MIB);
        assertThat(c.maxOpenFiles()).isEqualTo(4);
        assertThat(c.compression()).isEqualTo(CompressionCodecName.ZSTD);
        assertThat(c.beforeImages()).isFalse();
        assertThat(c.wideDecimals()).isEqualTo(ParquetSinkConfig.WideDecimals.DECIMAL);
        assertThat(c.spillDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "vitess-replicator-parquet"));
        assertThat(c.conditionalWrites()).isTrue();
        assertThat(c.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fileRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(c.manifestsKept()).isEqualTo(100);
        assertThat(c.compactionInterval()).contains(Duration.ofHours(24));
        assertThat(c.compactionMinFiles()).isEqualTo(8);
        assertThat(c.location()).isEqualTo("s3://lake/");
    }

    @Test
    void everyKeyExplicitly() {
        Map<String, Object> m = new HashMap<>();
        m.put("bucket", "my.lake-1");
        m.put("prefix", "/vitess/customer");
        m.put("endpoint", "http://127.0.0.1:9000");
        m.put("region", "eu-central-1");
        m.put("path-style", "true");
        m.put("access-key-id", "AKIA");
        m.put("secret-access-key", "s3cret");
        m.put("session-token", "tok");
        m.put("sse", "kms");
        m.put("sse-kms-key-id", "arn:aws:kms:key/1");
        m.put("partition", Map.of("by", "column", "column", "created_at", "granularity", "month"));
        m.put("target-file-size", "256MiB");
        m.put("row-group-size", "64MiB");
        m.put("max-open-files", "16");
        m.put("compression", "snappy");
        m.put("before-images", "true");
        m.put("wide-decimals", "string");
        m.put("spill-dir", "/var/tmp/spill");
        m.put("conditional-writes", "false");
        m.put("lease-ttl", "45s");
        m.put("deleted-file-retention", "2h");
        m.put("manifests-kept", "10");
        m.put("compaction", Map.of("interval", "6h", "min-files", "3"));
        ParquetSinkConfig c = read(m);
        assertThat(c.bucket()).isEqualTo("my.lake-1");
        assertThat(c.prefix()).isEqualTo("vitess/customer/");
        assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.region()).contains("eu-central-1");
        assertThat(c.pathStyle()).isTrue();
        assertThat(c.accessKeyId()).contains("AKIA");
        assertThat(c.secretAccessKey()).contains("s3cret");
        assertThat(c.sessionToken()).contains("tok");
        assertThat(c.encryption()).isEqualTo(ParquetSinkConfig.Encryption.KMS);
        assertThat(c.kmsKeyId()).contains("arn:aws:kms:key/1");
        assertThat(c.partitionBy()).isEqualTo(ParquetSinkConfig.PartitionBy.COLUMN);
        assertThat(c.partitionColumn()).contains("created_at");
        assertThat(c.granularity()).isEqualTo(ParquetSinkConfig.Granularity.MONTH);
        assertThat(c.targetFileSize()).isEqualTo(256 * MIB);
        assertThat(c.rowGroupSize()).isEqualTo(64 * MIB);
        assertThat(c.maxOpenFiles()).isEqualTo(16);
        assertThat(c.compression()).isEqualTo(CompressionCodecName.SNAPPY);
        assertThat(c.beforeImages()).isTrue();
        assertThat(c.wideDecimals()).isEqualTo(ParquetSinkConfig.WideDecimals.STRING);
        assertThat(c.spillDir()).isEqualTo(Path.of("/var/tmp/spill"));
        assertThat(c.conditionalWrites()).isFalse();
        assertThat(c.leaseTtl()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.fileRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(c.manifestsKept()).isEqualTo(10);
        assertThat(c.compactionInterval()).contains(Duration.ofHours(6));
        assertThat(c.compactionMinFiles()).isEqualTo(3);
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("tok");
    }

    @Test
    void compactionCanBeTurnedOff() {
        assertThat(read(with("compaction", Map.of("interval", "off"))).compactionInterval()).isEmpty();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> read(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("sink.bucket");
        assertThatThrownBy(() -> read(Map.of("bucket", "Not_A_Bucket"))).hasMessageContaining("sink.bucket")
                .hasMessageContaining("'Not_A_Bucket'");
        assertThatThrownBy(() -> read(with("endpoint", "127.0.0.1:9000"))).hasMessageContaining("sink.endpoint")
                .hasMessageContaining("expected http(s)://host[:port]");
        assertThatThrownBy(() -> read(with("access-key-id", "AKIA"))).hasMessageContaining("sink.secret-access-key")
                .hasMessageContaining("together");
        assertThatThrownBy(() -> read(with("sse-kms-key-id", "k"))).hasMessageContaining("sink.sse-kms-key-id");
        assertThatThrownBy(() -> read(with("partition", Map.of("by", "column")))).hasMessageContaining("sink.partition.column");
        assertThatThrownBy(() -> read(with("partition", Map.of("by", "hour")))).hasMessageContaining("sink.partition.by");
        assertThatThrownBy(() -> read(with("partition", Map.of("colum", "x")))).hasMessageContaining("sink.partition.colum");
        assertThatThrownBy(() -> read(with("compression", "lzo"))).hasMessageContaining("sink.compression");
        assertThatThrownBy(() -> read(with("target-file-size", "10KiB"))).hasMessageContaining("sink.target-file-size");
        assertThatThrownBy(() -> read(with("lease-ttl", "1s"))).hasMessageContaining("sink.lease-ttl");
        assertThatThrownBy(() -> read(with("colour", "red"))).hasMessageContaining("sink.colour");
    }

    @Test
    void theFactoryServesParquetS3WithLakeSizedBatches() {
        ParquetSinkFactory f = new ParquetSinkFactory();
        assertThat(f.type()).isEqualTo("parquet-s3");
        assertThat(f.defaultBatchLimits().maxLatency()).isEqualTo(Duration.ofMinutes(5));
        assertThat(f.defaultBatchLimits().maxBytes()).isEqualTo(1024 * MIB);
        assertThat(f.defaultBatchLimits().maxMemory()).isEqualTo(64 * MIB);
    }

    @Test
    void theSampleConfigIsValidForThisSink() {
        Path sample = ParquetTarget.repoRoot().resolve("config/parquet-s3.yaml");
        ReplicatorConfig config = ReplicatorConfig.from(ConfigLoader.load(sample, Map.of("S3_SECRET_KEY", "x")),
                type -> new ParquetSinkFactory().defaultBatchLimits());
        assertThat(config.sinkType()).isEqualTo(ParquetSinkFactory.TYPE);
        ParquetSinkConfig c = ParquetSinkConfig.from(config.sink());
        config.sink().rejectUnknownKeys();
        assertThat(c.location()).isEqualTo("s3://lake/vitess/");
        assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:15480"));
        assertThat(config.pipeline().batch()).isEqualTo(new ParquetSinkFactory().defaultBatchLimits());
    }
}
