package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A copy killed after one shard completed and before the other did: on resume the finished shard
 * only streams, so vtgate, which sends the stream's final COPY_COMPLETED only once every shard of
 * the stream has copied, never sends it. The replicator must still see the copy end (backfill
 * exits, later tables can be added).
 *
 * <p>On the multi-process cluster; the shards are made uneven (a few rows on -80, many on 80-,
 * written on each shard's MySQL directly) so that one finishes long before the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class CopyResumeShardsIT {
    private static final String SCHEMA = "e2e_resume_shards";
    private static final String KEYSPACE = "customer";
    private static final String TABLE = "e2e_resume_shards_rows";
    private static final long SMALL = 200;
    private static final long LARGE = 200_000;

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    void createUnevenTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        VtgateSql.execAt(vtgateMysql, KEYSPACE, "DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(100) NOT NULL)");
        SourceTables.addHashVindex(vtgateMysql, KEYSPACE, TABLE, "id");
        fill("zone1-0000000101", 1, SMALL);
        fill("zone1-0000000201", 1_000_001, 1_000_000 + LARGE);
        StackCommands.vtctld(vtctld, "ReloadSchemaKeyspace", "--include-primary", KEYSPACE);
    }

    @AfterAll
    void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void aCopyKilledAfterOneShardCompletedFinishesOnResume() throws Exception {
        E2eConfig config = new E2eConfig("e2e-resume-shards", SCHEMA, KEYSPACE + "\\." + TABLE);
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(KEYSPACE);
        config.tabletType = "primary";
        config.maxRows = 500;
        Path file = config.write(dir);

        try (ReplicatorProcess first = ReplicatorProcess.start(dir.resolve("first.log"), "backfill", "--config", file.toString())) {
            first.await("-80 committed as copied while 80- copies", Duration.ofMinutes(2), () -> {
                Optional<Position> p = Checkpoints.read(SCHEMA, config.pipeline);
                return p.isPresent() && !shard(p.get(), "-80").getGtid().isEmpty()
                        && shard(p.get(), "-80").getTablePKsCount() == 0 && shard(p.get(), "80-").getTablePKsCount() > 0;
            });
            first.kill9();
        }
        long atKill = Snapshot.targetCount(SCHEMA, TABLE);
        assertThat(atKill).as("killed while 80- was copying").isBetween(SMALL, SMALL + LARGE - 1);

        ReplicatorProcess.Result second = ReplicatorProcess.exec(Duration.ofMinutes(3), "backfill", "--config", file.toString());
        assertThat(second.exitCode()).as("backfill exit code; stderr:%n%s", second.stderr()).isZero();
        assertThat(Snapshot.targetCount(SCHEMA, TABLE)).isEqualTo(SMALL + LARGE);
        assertThat(Snapshot.target(SCHEMA, TABLE, "id, payload", "id")).isEqualTo(source());
        assertThat(Checkpoints.read(SCHEMA, config.pipeline).orElseThrow().isCopying()).isFalse();
    }

    private static ShardGtid shard(Position p, String shard) {
        return p.vgtid().getShardGtidsList().stream().filter(s -> s.getShard().equals(shard)).findFirst().orElseThrow();
    }

    private List<String> source() throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET workload = 'olap'");
            }
            return Snapshot.read(c, "SELECT id, payload FROM " + TABLE + " ORDER BY id");
        }
    }

    /** Rows {@code first..last} on one shard's MySQL, whatever their keyspace id. */
    private void fill(String tablet, long first, long last) {
        StackCommands.vtctld(vtctld, "ExecuteFetchAsDBA", tablet,
                "INSERT INTO " + TABLE + " (id, payload) WITH RECURSIVE seq (n) AS (SELECT " + first
                        + " UNION ALL SELECT n + 1 FROM seq WHERE n < " + last + ") SELECT /*+ SET_VAR(cte_max_recursion_depth = "
                        + (last - first + 10) + ") */ n, CONCAT('payload of row ', n, ' padded ........................') FROM seq");
    }
}
