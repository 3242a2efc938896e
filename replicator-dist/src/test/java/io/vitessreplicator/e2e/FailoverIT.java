package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Failovers under two running pipelines, one streaming from the primary and one from a replica
 * (issue 12, item 5), while rows are written: a PlannedReparentShard, each tablet's vttablet
 * restarted (kill -9) under the streams, then an EmergencyReparentShard after the primary's
 * mysqld was killed. Both pipelines must ride through without a process restart, and both
 * targets must equal the source at the end.
 *
 * <p>On the multi-process cluster, keyspace {@code failover} of its own: one shard, tablets 9
 * (the first primary), 10 and 11, removed at the end. Before the mysqld is killed the writer
 * pauses until the replicas have every transaction: with asynchronous replication (durability
 * policy none), an EmergencyReparentShard loses what the dead primary had not sent, which the
 * replicator may already have delivered (see docs/hard-cases.md, "Failover").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class FailoverIT {
    private static final String KEYSPACE = "failover";
    private static final String TABLE = "e2e_failover_rows";
    private static final String FROM_PRIMARY = "e2e_failover_primary";
    private static final String FROM_REPLICA = "e2e_failover_replica";

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    void createKeyspace() throws Exception {
        Snapshot.dropSchema(FROM_PRIMARY);
        Snapshot.dropSchema(FROM_REPLICA);
        StackCommands.script("cluster-tablets-remove.sh", KEYSPACE, "9", "10", "11"); // left by an earlier run
        StackCommands.script("cluster-tablets.sh", KEYSPACE, "9:0", "10:0", "11:0");
        StackCommands.vtctld(vtctld, "ApplySchema", "--sql", "CREATE TABLE " + TABLE
                + " (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL, payload VARCHAR(100) NOT NULL)", KEYSPACE);
        RowWriter.insertInitialRows(vtgateMysql, KEYSPACE, TABLE, 1_000);
    }

    @AfterAll
    void cleanUp() throws Exception {
        Snapshot.dropSchema(FROM_PRIMARY);
        Snapshot.dropSchema(FROM_REPLICA);
        StackCommands.script("cluster-tablets-remove.sh", KEYSPACE, "9", "10", "11");
    }

    @Test
    void plannedAndEmergencyReparentsAndTabletRestartsLoseNothing() throws Exception {
        RowWriter writer = new RowWriter(vtgateMysql, KEYSPACE, TABLE, 1_000);
        try (ReplicatorProcess primary = start(config("e2e-failover-primary", FROM_PRIMARY, "primary"));
             ReplicatorProcess replica = start(config("e2e-failover-replica", FROM_REPLICA, "replica"))) {
            for (ReplicatorProcess r : List.of(primary, replica)) {
                r.await("the copy", Duration.ofMinutes(2), () -> r.log().contains("streaming from 1 shards"));
            }
            writer.start();
            writer.awaitWrites(200);

            // A planned reparent: 9 -> 10.
            StackCommands.vtctld(vtctld, "PlannedReparentShard", KEYSPACE + "/0", "--new-primary", alias(10));
            writer.awaitWrites(200);

            // Every vttablet killed and started again, the primary's too, under the streams.
            for (String tablet : List.of("11", "10", "9")) {
                StackCommands.script("cluster-tablets.sh", "--restart", KEYSPACE, tablet + ":0");
                writer.awaitWrites(150);
            }

            // An emergency reparent: 10's mysqld dies, 9 takes over.
            writer.pause();
            awaitReplicasCaughtUp();
            StackCommands.script("cluster-kill-mysqld.sh", "10");
            StackCommands.vtctld(vtctld, "EmergencyReparentShard", KEYSPACE + "/0", "--new-primary", alias(9));
            writer.resume();
            writer.awaitWrites(300);
            long last = writer.stop();

            List<String> source = source();
            assertThat(source).hasSize((int) last);
            for (String[] p : new String[][] {{FROM_PRIMARY, "primary"}, {FROM_REPLICA, "replica"}}) {
                ReplicatorProcess r = p[1].equals("primary") ? primary : replica;
                Snapshot.awaitTargetEquals(r, "the target of the pipeline streaming from " + p[1] + " equals the source",
                        TargetProbe.postgres(p[0]), "", TABLE, "id, version, payload", source, Duration.ofMinutes(3));
                assertThat(r.isAlive()).isTrue();
                assertThat(r.terminate(Duration.ofSeconds(60))).isZero();
            }
        } finally {
            writer.stop();
        }
    }

    /** Waits until the replicas (tablets 9 and 11) have executed every transaction of the primary (10). */
    private void awaitReplicasCaughtUp() throws InterruptedException {
        String sql = "SELECT @@global.gtid_executed";
        String primaryGtids = null;
        for (int i = 0; i < 300; i++) {
            primaryGtids = gtids(10, sql);
            if (primaryGtids.equals(gtids(9, sql)) && primaryGtids.equals(gtids(11, sql))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replicas did not catch up with the primary's " + primaryGtids + " in 30 s");
    }

    private String gtids(int tablet, String sql) {
        String out = StackCommands.vtctldOutput(vtctld, "ExecuteFetchAsDBA", alias(tablet), sql);
        // a one-cell table: | <gtid set> |; long sets wrap onto several lines inside the cell
        return out.lines().filter(l -> l.startsWith("|") && !l.contains("@@global"))
                .map(l -> l.replaceAll("[|\\s]", "")).reduce("", String::concat);
    }

    private static String alias(int tablet) {
        return String.format("zone1-%010d", 100 * tablet + 1);
    }

    private E2eConfig config(String pipeline, String schema, String tabletType) {
        E2eConfig config = new E2eConfig(pipeline, schema, KEYSPACE + "\\." + TABLE);
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(KEYSPACE);
        config.tabletType = tabletType;
        return config;
    }

    private ReplicatorProcess start(E2eConfig config) {
        Path file = config.write(dir);
        return ReplicatorProcess.start(dir.resolve(config.pipeline + ".log"), "run", "--config", file.toString());
    }

    private List<String> source() throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE)) {
            return Snapshot.read(c, "SELECT id, version, payload FROM " + TABLE + " ORDER BY id");
        }
    }
}
