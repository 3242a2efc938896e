package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A shard asked to copy a table its vttablet's schema cache does not list: vttablet copies
 * nothing, reports nothing and streams on. The replicator notices that the copy never started,
 * keeps streaming, and asks again until the tablet knows the table.
 *
 * <p>On the multi-process cluster, so that each shard's primary has its own cache. The table is
 * created on each shard's MySQL with the binlog off (vtctldclient ExecuteFetchAsDBA
 * --disable-binlogs): no vstream sees a DDL, so no tablet reloads, and the caches stay without
 * the table until the test reloads them the way the replicator's warning tells an operator to.
 * In the wild the same state follows a schema reload that raced with its DDL (seen in
 * SchemaChangesIT on vtcombo after a RENAME TABLE).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class CopyStartRetryIT {
    private static final String SCHEMA = "e2e_copy_start";
    private static final String KEYSPACE = "customer";
    private static final String OTHER = "e2e_copy_start_other";
    private static final String LATE = "e2e_copy_start_late";
    private static final List<String> PRIMARIES = List.of("zone1-0000000101", "zone1-0000000201");
    private static final int ROWS = 2000;
    private static final int LATE_ROWS_PER_SHARD = 300;

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    @AfterAll
    void clean() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        for (String tablet : PRIMARIES) {
            dba(tablet, "DROP TABLE IF EXISTS " + LATE);
        }
        reloadSchema();
    }

    @Test
    void aTableTheShardsDoNotListYetIsCopiedOnceTheyDoWhileTheOthersStream() throws Exception {
        VtgateSql.execAt(vtgateMysql, KEYSPACE, "DROP TABLE IF EXISTS " + OTHER,
                "CREATE TABLE " + OTHER + " (id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL DEFAULT 0,"
                        + " note VARCHAR(40), updated_at DATETIME(6))");
        SourceTables.addHashVindex(vtgateMysql, KEYSPACE, OTHER, "id");
        List<String> inserts = new ArrayList<>();
        for (long start = 1; start <= ROWS; start += 500) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + OTHER + " (id, counter, note, updated_at) VALUES ");
            for (long id = start; id < start + 500; id++) {
                sql.append(id == start ? "" : ",").append('(').append(id).append(",0,'n").append(id).append("',NOW(6))");
            }
            inserts.add(sql.toString());
        }
        SourceTables.execWhenVtgateKnows(vtgateMysql, KEYSPACE, inserts.toArray(String[]::new));
        reloadSchema();

        E2eConfig config = new E2eConfig("e2e-copy-start", SCHEMA, KEYSPACE + "\\.e2e_copy_start_.*");
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(KEYSPACE);
        config.tabletType = "primary";
        Path yaml = config.write(dir);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("first.log"), "run", "--config", yaml.toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, OTHER) == ROWS);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }

        // The new table, with rows on each shard, that no tablet's schema cache lists.
        for (int i = 0; i < PRIMARIES.size(); i++) {
            String tablet = PRIMARIES.get(i);
            dba(tablet, "CREATE TABLE " + LATE + " (id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(40))");
            StringBuilder sql = new StringBuilder("INSERT INTO " + LATE + " (id, payload) VALUES ");
            for (int n = 1; n <= LATE_ROWS_PER_SHARD; n++) {
                long id = i * 10_000L + n;
                sql.append(n == 1 ? "" : ",").append('(').append(id).append(",'p").append(id).append("')");
            }
            dba(tablet, sql.toString());
        }

        int port = config.listenOnFreePort();
        Path withMetrics = config.write(java.nio.file.Files.createDirectories(dir.resolve("with-metrics")));
        // The first wait for a copy to start is 30 s and the next 60 s; 5 s and 10 s here.
        try (ReplicatorProcess p = ReplicatorProcess.start("-Dreplicator.test.copy-start-wait-ms=5000",
                dir.resolve("second.log"), "run", "--config", withMetrics.toString())) {
            try (SourceWriter w = new SourceWriter(vtgateMysql, KEYSPACE, OTHER, ROWS, 500_000, false)) {
                p.await("the missed copy noticed", Duration.ofSeconds(90),
                        () -> p.log().contains("have not started within PT5S"));
                assertThat(p.log()).contains("tables [customer." + LATE + "] are selected but were never replicated");
                assertThat(Snapshot.targetCount(SCHEMA, LATE)).as("nothing copied while the tablets do not list it"
                        + " (-1: no target table yet)").isIn(-1L, 0L);

                reloadSchema(); // what the warning tells an operator to do
                p.await("the table copied", Duration.ofMinutes(3),
                        () -> Snapshot.targetCount(SCHEMA, LATE) == 2L * LATE_ROWS_PER_SHARD);
                assertThat(w.operations()).as("the other table was written meanwhile").isPositive();
            }
            List<String> source = source(OTHER, "id, counter, note");
            p.await("the other table equals the source", Duration.ofMinutes(2),
                    () -> Snapshot.target(SCHEMA, OTHER, "id, counter, note", "id").equals(source));
            assertThat(Snapshot.target(SCHEMA, LATE, "id, payload", "id")).hasSize(2 * LATE_ROWS_PER_SHARD)
                    .contains("1 | p1", "10300 | p10300");
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("replicator_copy_starts_missed_total\\{pipeline=\"e2e-copy-start\"\\} [1-9]");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    private List<String> source(String table, String columns) throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET workload = 'olap'");
            }
            return Snapshot.read(c, "SELECT " + columns + " FROM " + table + " ORDER BY id");
        }
    }

    /** Runs a statement on a tablet's MySQL without writing it to the binlog. */
    private void dba(String tablet, String sql) {
        StackCommands.vtctld(vtctld, "ExecuteFetchAsDBA", "--disable-binlogs", tablet, sql);
    }

    private void reloadSchema() {
        StackCommands.vtctld(vtctld, "ReloadSchemaKeyspace", "--include-primary", KEYSPACE);
    }
}
