package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes a replicator config for one test: its own pipeline name, tables and target schema. */
final class E2eConfig {
    String pipeline;
    String vtgate = TestEnv.get("VTGATE_GRPC");
    List<String> keyspaces = List.of("commerce", "customer");
    List<String> include = List.of();
    String schema;
    int maxRows = 5000;
    String maxLatency = "300ms";
    String tabletType = "replica";
    String extraSource = "";
    String extraSink = "";
    String extraPipeline = "";
    String maxBytes = "64MiB";
    /** Keys of the {@code metrics:} section after {@code listen}, each indented by two spaces. */
    String extraMetrics = "";
    /** {@code metrics.listen}: off unless {@link #listenOnFreePort} chose a port. */
    private String listen = "off";
    /** Where the replicator writes: PostgreSQL schema {@code schema} unless a test sets another target. */
    TargetProbe target;

    E2eConfig(String pipeline, String schema, String... include) {
        this.pipeline = pipeline;
        this.schema = schema;
        this.include = List.of(include);
        this.target = TargetProbe.postgres(schema);
    }

    E2eConfig(String pipeline, TargetProbe target, String... include) {
        this.pipeline = pipeline;
        this.include = List.of(include);
        this.target = target;
    }

    String yaml() {
        return "source:\n"
                + "  vtgate: " + vtgate + "\n"
                + "  keyspaces: [" + String.join(", ", keyspaces) + "]\n"
                + "  tablet-type: " + tabletType + "\n"
                + "  heartbeat-interval: 1s\n"
                + "  tables:\n"
                + "    include: [" + include.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ")) + "]\n"
                + "  reconnect: {initial-backoff: 200ms, max-backoff: 2s}\n"
                + extraSource
                + "pipeline:\n"
                + "  name: " + pipeline + "\n"
                + "  batch: {max-rows: " + maxRows + ", max-bytes: " + maxBytes + ", max-latency: " + maxLatency + "}\n"
                + extraPipeline
                + "sink:\n"
                + target.sinkYaml()
                + extraSink
                + "metrics:\n"
                + "  listen: " + listen + "\n"
                + extraMetrics;
    }

    /** Serves /metrics, /health, /status and /resync on a free loopback port; returns the port. */
    int listenOnFreePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            listen = "127.0.0.1:" + s.getLocalPort();
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(Path dir) {
        try {
            Path file = dir.resolve(pipeline + ".yaml");
            Files.writeString(file, yaml());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
