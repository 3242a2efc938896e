package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health says UP while replicating and /metrics counts what was committed, schema changes too. */
class MetricsEndpointIT {
    private static final String SCHEMA = "e2e_metrics";
    private static final String TABLE = "e2e_metrics_rows";

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("commerce", TABLE, "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(20)", "id");
        SourceTables.insertRange("commerce", TABLE, "id, v", 1, 250, 250, id -> id + ",'v'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void healthIsUpAndMetricsCountTheCommittedChanges() throws Exception {
        E2eConfig config = new E2eConfig("e2e-metrics", SCHEMA, "commerce\\." + TABLE);
        int port = config.listenOnFreePort();
        Path file = config.write(dir);
        HttpClient http = HttpClient.newHttpClient();
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", file.toString())) {
            p.await("the copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 250);
            p.await("health UP", Duration.ofSeconds(30), () -> get(http, port, "/health").statusCode() == 200);
            assertThat(get(http, port, "/health").body()).contains("\"status\":\"UP\"");
            // The copy's rows can be visible a batch before the position past the copy commits.
            p.await("copy phase over", Duration.ofSeconds(30),
                    () -> get(http, port, "/metrics").body().contains("replicator_copy_phase{pipeline=\"e2e-metrics\"} 0.0"));
            String metrics = get(http, port, "/metrics").body();
            assertThat(metrics).contains("replicator_changes_applied_total{pipeline=\"e2e-metrics\"} 250.0")
                    .contains("replicator_batches_committed_total{pipeline=\"e2e-metrics\"}")
                    .contains("replicator_copy_phase{pipeline=\"e2e-metrics\"} 0.0")
                    // commerce has the selected table; customer, with none, is streamed too (from its
                    // current position, for tables created there later): every shard of both counts
                    .contains("replicator_shards{keyspace=\"commerce\",pipeline=\"e2e-metrics\"} 1.0")
                    .contains("replicator_shards{keyspace=\"customer\",pipeline=\"e2e-metrics\"} 2.0")
                    // the target table's creation is the pipeline's first schema change
                    .contains("replicator_schema_changes_total{change=\"add_table\",pipeline=\"e2e-metrics\"} 1.0");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
