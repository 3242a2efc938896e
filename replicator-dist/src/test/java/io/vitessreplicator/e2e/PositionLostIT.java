package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A checkpoint whose position a shard can no longer serve: the replicator is stopped, rows are
 * written, and shard -80's MySQL purges its binary logs past the checkpoint. The next start must
 * stop at once with exit code 7 and a message naming that shard (and not the other, which still
 * has everything), not retry forever: vtgate itself only reports that it found no tablet.
 *
 * <p>On the multi-process cluster, where each shard has its own MySQL and binary logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class PositionLostIT {
    private static final String SCHEMA = "e2e_position_lost";
    private static final String KEYSPACE = "customer";
    private static final String TABLE = "e2e_position_lost_rows";
    private static final String SHARD_TABLET = "zone1-0000000101"; // the primary of customer/-80

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    void createTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        VtgateSql.execAt(vtgateMysql, KEYSPACE, "DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(100) NOT NULL)");
        SourceTables.addHashVindex(vtgateMysql, KEYSPACE, TABLE, "id");
        insert(1, 100);
    }

    @AfterAll
    void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void aStartFromAPurgedPositionStopsAndNamesTheShard() throws Exception {
        E2eConfig config = new E2eConfig("e2e-position-lost", SCHEMA, KEYSPACE + "\\." + TABLE);
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(KEYSPACE);
        config.tabletType = "primary";
        Path file = config.write(dir);

        ReplicatorProcess.Result backfill = ReplicatorProcess.exec(Duration.ofMinutes(2), "backfill", "--config", file.toString());
        assertThat(backfill.exitCode()).as("backfill; stderr:%n%s", backfill.stderr()).isZero();
        assertThat(Snapshot.targetCount(SCHEMA, TABLE)).isEqualTo(100);
        Position checkpoint = Checkpoints.read(SCHEMA, config.pipeline).orElseThrow();

        // While the replicator is stopped: more rows on both shards, some deleted and some updated,
        // then -80 purges its binary logs.
        insert(101, 300);
        VtgateSql.execAt(vtgateMysql, KEYSPACE, "DELETE FROM " + TABLE + " WHERE id BETWEEN 1 AND 20",
                "UPDATE " + TABLE + " SET payload = 'changed' WHERE id BETWEEN 21 AND 40");
        StackCommands.vtctld(vtctld, "ExecuteFetchAsDBA", SHARD_TABLET, "FLUSH BINARY LOGS");
        Thread.sleep(1_500); // PURGE ... BEFORE compares file times in whole seconds
        StackCommands.vtctld(vtctld, "ExecuteFetchAsDBA", SHARD_TABLET, "PURGE BINARY LOGS BEFORE NOW()");
        String seen = checkpoint.gtidsByShard().get(KEYSPACE + "/-80");
        assertThat(lastTransaction(purged("-80"))).as("precondition: -80 purged past the checkpoint's %s", seen)
                .isGreaterThan(lastTransaction(seen));

        // Writes go on while it starts.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong next = new AtomicLong(301);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                long id = next.getAndIncrement();
                try {
                    insert(id, id);
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        ReplicatorProcess.Result run;
        try {
            run = ReplicatorProcess.exec(Duration.ofMinutes(2), "run", "--config", file.toString());
        } finally {
            writing.set(false);
            writer.join();
        }

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isEqualTo(7);
        assertThat(run.errorLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("Cannot resume pipeline " + config.pipeline)
                .contains("on shard customer/-80.")
                .contains("purged binary logs")
                .doesNotContain("customer/80-")
                .contains("copy the tables again"));
        // Nothing was applied past the checkpoint: the target still holds what the backfill copied.
        assertThat(Snapshot.targetCount(SCHEMA, TABLE)).isEqualTo(100);
        assertThat(Checkpoints.read(SCHEMA, config.pipeline).orElseThrow()).isEqualTo(checkpoint);

        // The same start with source.on-position-lost: resnapshot copies the keyspace's tables again
        // (both shards) while rows are written, and removes the rows deleted at the source.
        config.extraSource = "  on-position-lost: resnapshot\n";
        config.write(dir);
        writing.set(true);
        Thread writer2 = new Thread(() -> {
            while (writing.get()) {
                long id = next.getAndIncrement();
                try {
                    insert(id, id);
                    VtgateSql.execAt(vtgateMysql, KEYSPACE, "DELETE FROM " + TABLE + " WHERE id = " + (id - 250));
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("resnapshot.log"), "run", "--config",
                file.toString())) {
            writer2.start();
            p.await("the copy again", Duration.ofMinutes(2), () -> p.log().contains("copy completed"));
            Thread.sleep(1_000);
            writing.set(false);
            writer2.join();
            List<String> source;
            try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE)) {
                source = Snapshot.read(c, "SELECT id, payload FROM " + TABLE + " ORDER BY id");
            }
            assertThat(source).as("precondition: rows deleted at the source").noneMatch(r -> r.startsWith("1 |"));
            Snapshot.awaitTargetEquals(p, "target equals source after the resnapshot", TargetProbe.postgres(SCHEMA),
                    "", TABLE, "id, payload", source, Duration.ofMinutes(2));
            assertThat(p.log()).contains("source.on-position-lost is resnapshot: copying [customer." + TABLE + "] again");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        } finally {
            writing.set(false);
            writer2.join();
        }
        Position after = Checkpoints.read(SCHEMA, config.pipeline).orElseThrow();
        assertThat(after.isCopying()).isFalse();
        assertThat(after.gtidsByShard().values()).allMatch(g -> g.startsWith("MySQL56/"));
    }

    private String purged(String shard) throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE); Statement s = c.createStatement()) {
            s.execute("USE `" + KEYSPACE + ":" + shard + "@primary`");
            try (ResultSet rs = s.executeQuery("SELECT @@global.gtid_purged")) {
                rs.next();
                return "MySQL56/" + rs.getString(1).replace("\n", "");
            }
        }
    }

    /** The highest transaction number of a one-server GTID set ("MySQL56/uuid:1-57" -> 57). */
    private static long lastTransaction(String gtid) {
        return Long.parseLong(gtid.replaceAll("^.*[:-]", ""));
    }

    private void insert(long first, long last) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (long id = first; id <= last; id++) {
            values.append(values.length() == 0 ? "" : ",").append('(').append(id).append(", 'row ").append(id).append("')");
        }
        VtgateSql.execAt(vtgateMysql, KEYSPACE, "INSERT INTO " + TABLE + " (id, payload) VALUES " + values);
    }
}
