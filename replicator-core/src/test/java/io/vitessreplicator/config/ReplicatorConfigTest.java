package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.SourceConfig.TabletType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.ZeroDatePolicy;
import io.vitessreplicator.source.VtgateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins every key and every default: a full config maps to exactly the values written, and the
 * smallest valid config maps to the documented defaults. A new key must be added to both.
 */
class ReplicatorConfigTest {
    private static final long MIB = 1024L * 1024;

    static final String MINIMAL = """
            source:
              vtgate: 127.0.0.1:15991
              keyspaces: [commerce]
            pipeline:
              name: p1
            sink:
              type: postgres
            """;

    static ReplicatorConfig read(String yaml, Map<String, String> env) {
        return ReplicatorConfig.from(ConfigLoader.parse("test.yaml", yaml, env));
    }

    @Test
    void minimalConfigYieldsAllDefaults() {
        ReplicatorConfig config = read(MINIMAL, Map.of());

        SourceConfig source = config.source();
        assertThat(source.vtgate()).isEqualTo(new HostPort("127.0.0.1", 15991));
        assertThat(source.keyspaces()).containsExactly("commerce");
        assertThat(source.shards()).isEmpty();
        assertThat(source.shardsOf("commerce")).isEmpty();
        assertThat(source.tabletType()).isEqualTo(TabletType.REPLICA);
        assertThat(source.tables().includeTables()).extracting(Pattern::pattern).containsExactly(".*");
        assertThat(source.tables().excludeTables()).isEmpty();
        assertThat(source.tables().excludeColumns()).isEmpty();
        assertThat(source.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(source.maxMessageBytes()).isEqualTo(256 * 1024 * 1024);
        assertThat(source.zeroDates()).isEqualTo(ZeroDatePolicy.NULL);
        assertThat(source.tls()).isEmpty();
        assertThat(source.username()).isEmpty();
        assertThat(source.password()).isEmpty();
        assertThat(source.reconnect()).isEqualTo(new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0));
        assertThat(source.resnapshotOnPositionLost()).isFalse();
        assertThat(source.excludeKeyspaceFromTableName()).as("off: vtcombo crashes with it").isFalse();
        assertThat(source.reconnect().retriesForever()).isTrue();
        assertThat(source.vtgateOptions()).isEqualTo(new VtgateOptions("127.0.0.1:15991", 256 * 1024 * 1024,
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30)));

        PipelineConfig pipeline = config.pipeline();
        assertThat(pipeline.name()).isEqualTo("p1");
        assertThat(pipeline.batch()).isEqualTo(new BatchLimits(50_000, 64 * MIB, Duration.ofSeconds(2)));
        assertThat(pipeline.bufferMaxBytes()).isEqualTo(256 * MIB);
        assertThat(pipeline.takeover()).isFalse();

        assertThat(config.sinkType()).isEqualTo("postgres");
        assertThat(config.sink().path()).isEqualTo("sink");
        assertThat(config.metrics().listen()).contains(new HostPort("127.0.0.1", 9464));
    }

    @Test
    void everyKeyIsRead(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
        Path key = Files.writeString(dir.resolve("client.key"), "key");
        ReplicatorConfig config = read("""
                source:
                  vtgate: vtgate.internal:15999
                  keyspaces: [commerce, customer]
                  shards:
                    customer: ["-80", "80-"]
                  tablet-type: RDONLY
                  tables:
                    include: ['customer\\..*', 'commerce\\.product']
                    exclude: ['customer\\.tmp_.*']
                  columns:
                    exclude: ['.*\\.ssn']
                  heartbeat-interval: 30s
                  max-message-size: 64MiB
                  zero-dates: fail
                  on-position-lost: resnapshot
                  exclude-keyspace-from-table-name: true
                  tls:
                    enabled: true
                    ca-file: ${CA}
                    cert-file: ${CERT}
                    key-file: ${KEY}
                    server-name: vtgate.example
                  auth:
                    username: streamer
                    password: ${VTGATE_PASSWORD}
                  reconnect:
                    initial-backoff: 250ms
                    max-backoff: 2m
                    max-attempts: 10
                pipeline:
                  name: customer-to-warehouse
                  batch:
                    max-rows: 1000
                    max-bytes: 8MiB
                    max-latency: 500ms
                  buffer:
                    max-bytes: 1GiB
                  takeover: true
                sink:
                  type: postgres
                  url: jdbc:postgresql://db:5432/x
                metrics:
                  listen: 0.0.0.0:9100
                """, Map.of("CA", ca.toString(), "CERT", cert.toString(), "KEY", key.toString(),
                "VTGATE_PASSWORD", "hunter2"));

        SourceConfig source = config.source();
        assertThat(source.vtgate()).isEqualTo(new HostPort("vtgate.internal", 15999));
        assertThat(source.keyspaces()).containsExactly("commerce", "customer");
        assertThat(source.shards()).isEqualTo(Map.of("customer", List.of("-80", "80-")));
        assertThat(source.shardsOf("customer")).containsExactly("-80", "80-");
        assertThat(source.tabletType()).isEqualTo(TabletType.RDONLY);
        assertThat(source.tables().includeTables()).extracting(Pattern::pattern)
                .containsExactly("customer\\..*", "commerce\\.product");
        assertThat(source.tables().excludeTables()).extracting(Pattern::pattern).containsExactly("customer\\.tmp_.*");
        assertThat(source.tables().excludeColumns()).extracting(Pattern::pattern).containsExactly(".*\\.ssn");
        assertThat(source.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(source.maxMessageBytes()).isEqualTo(64 * 1024 * 1024);
        assertThat(source.zeroDates()).isEqualTo(ZeroDatePolicy.FAIL);
        assertThat(source.resnapshotOnPositionLost()).isTrue();
        assertThat(source.excludeKeyspaceFromTableName()).isTrue();
        assertThat(source.tls()).contains(new VtgateOptions.Tls(Optional.of(ca), Optional.of(cert), Optional.of(key),
                Optional.of("vtgate.example")));
        assertThat(source.username()).contains("streamer");
        assertThat(source.password()).contains("hunter2");
        assertThat(source.reconnect()).isEqualTo(new ReconnectPolicy(Duration.ofMillis(250), Duration.ofMinutes(2), 10));
        assertThat(source.vtgateOptions()).isEqualTo(new VtgateOptions("vtgate.internal:15999", 64 * 1024 * 1024,
                source.tls(), Optional.of("streamer"), Optional.of("hunter2"), Duration.ofSeconds(30)));

        PipelineConfig pipeline = config.pipeline();
        assertThat(pipeline.name()).isEqualTo("customer-to-warehouse");
        assertThat(pipeline.batch()).isEqualTo(new BatchLimits(1000, 8 * MIB, Duration.ofMillis(500)));
        assertThat(pipeline.bufferMaxBytes()).isEqualTo(1024 * MIB);
        assertThat(pipeline.takeover()).isTrue();

        assertThat(config.sinkType()).isEqualTo("postgres");
        assertThat(config.sink().requiredString("url")).isEqualTo("jdbc:postgresql://db:5432/x");
        config.sink().rejectUnknownKeys();
        assertThat(config.metrics().listen()).contains(new HostPort("0.0.0.0", 9100));
    }

    @Test
    void theSinksBatchDefaultsApplyToKeysTheConfigDoesNotSet() {
        BatchLimits lake = new BatchLimits(10_000_000, 1024 * MIB, Duration.ofMinutes(5), 64 * MIB);
        ReplicatorConfig config = ReplicatorConfig.from(ConfigLoader.parse("test.yaml", MINIMAL.replace("name: p1",
                "name: p1\n  batch: {max-latency: 30s}"), Map.of()), type -> lake);
        assertThat(config.pipeline().batch()).isEqualTo(new BatchLimits(10_000_000, 1024 * MIB, Duration.ofSeconds(30),
                64 * MIB));
    }

    @Test
    void maxMemoryIsReadAndDefaultsToNoMoreThanMaxBytes() {
        assertThat(read(MINIMAL.replace("name: p1", "name: p1\n  batch: {max-bytes: 1GiB, max-memory: 16MiB}"), Map.of())
                .pipeline().batch()).isEqualTo(new BatchLimits(50_000, 1024 * MIB, Duration.ofSeconds(2), 16 * MIB));
        assertThat(read(MINIMAL.replace("name: p1", "name: p1\n  batch: {max-bytes: 1MiB}"), Map.of())
                .pipeline().batch().maxMemory()).isEqualTo(MIB);
    }

    @Test
    void tableAndColumnFilters() {
        ReplicatorConfig config = read(MINIMAL.replace("  keyspaces: [commerce]\n", """
                  keyspaces: [commerce, customer]
                  tables:
                    include: ['customer\\..*', 'commerce\\.product']
                    exclude: ['customer\\.tmp_.*']
                  columns:
                    exclude: ['customer\\.customer\\.ssn', '.*\\.secret_.*']
                """), Map.of());
        SourceConfig source = config.source();
        assertThat(source.includesTable(new TableId("customer", "orders"))).isTrue();
        assertThat(source.includesTable(new TableId("customer", "tmp_orders"))).isFalse();
        assertThat(source.includesTable(new TableId("commerce", "product"))).isTrue();
        assertThat(source.includesTable(new TableId("commerce", "product_old"))).as("full match").isFalse();
        assertThat(source.includesTable(new TableId("commerce", "corder"))).isFalse();
        assertThat(source.includesColumn(new TableId("customer", "customer"), "ssn")).isFalse();
        assertThat(source.includesColumn(new TableId("customer", "orders"), "ssn")).isTrue();
        assertThat(source.includesColumn(new TableId("commerce", "product"), "secret_sauce")).isFalse();
        assertThat(source.includesColumn(new TableId("commerce", "product"), "price")).isTrue();
    }

    @Test
    void largestMessageSizeIsCappedToWhatGrpcTakes() {
        ReplicatorConfig config = read(MINIMAL.replace("  keyspaces: [commerce]\n",
                "  keyspaces: [commerce]\n  max-message-size: 2GiB\n"), Map.of());
        assertThat(config.source().maxMessageBytes()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void metricsCanBeTurnedOff() {
        assertThat(read(MINIMAL + "metrics:\n  listen: off\n", Map.of()).metrics().listen()).isEmpty();
        assertThat(read(MINIMAL + "metrics:\n  listen: '[::1]:9464'\n", Map.of()).metrics().listen())
                .contains(new HostPort("::1", 9464));
    }

    @Test
    void passwordsAreNotPrinted() {
        String yaml = MINIMAL.replace("  keyspaces: [commerce]\n", """
                  keyspaces: [commerce]
                  auth:
                    username: streamer
                    password: ${VTGATE_PASSWORD}
                """) + "  password: ${PGPASSWORD}\n";
        ReplicatorConfig config = read(yaml, Map.of("VTGATE_PASSWORD", "vt-hunter2", "PGPASSWORD", "pg-hunter2"));
        assertThat(config.source().password()).contains("vt-hunter2");
        assertThat(config.toString())
                .contains("username=streamer", "password=****")
                .doesNotContain("vt-hunter2")
                .doesNotContain("pg-hunter2");
        assertThat(config.source().vtgateOptions().toString()).doesNotContain("vt-hunter2");
    }
}
