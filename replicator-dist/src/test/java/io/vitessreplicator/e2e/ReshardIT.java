package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A reshard from 2 to 4 shards (Reshard create, the copy, SwitchTraffic, complete) while rows are
 * written, seen by four pipelines at once (issue 12, items 1, 2 and 4):
 * <ul>
 *   <li>{@code follow} streams throughout: it must go on from the new shards by itself, its
 *       checkpoint and schema state must name only the new shards, and a column added after the
 *       reshard must arrive;
 *   <li>{@code pinned} streams only shard -80 ({@code source.shards}): the reshard moves -80 and
 *       80- together, which vtgate cannot follow for it, so it must stop with a message naming the
 *       keyspace, the shards and the config key, its target holding exactly -80's rows up to the
 *       cut-over;
 *   <li>{@code catch-up} is stopped before SwitchTraffic and started after it, while the old
 *       shards exist: it must read them up to the cut-over and move on;
 *   <li>{@code too-late} is stopped before SwitchTraffic and started after {@code complete}
 *       deleted the old shards: it must stop (exit 7) naming the lost shards and the remedy.
 * </ul>
 * Every surviving target must equal the source at the end, no row lost or applied twice.
 *
 * <p>On the multi-process cluster, in a keyspace of its own ({@code reshard}: tablets 3 and 4 for
 * -80 and 80-, 5 to 8 for the four new shards, removed at the end), so the other cluster tests
 * keep {@code customer}. SwitchTraffic runs without reverse replication, so the old shards keep
 * their rows as of the cut-over, which is what {@code pinned} must hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class ReshardIT {
    private static final String KEYSPACE = "reshard";
    private static final String TABLE = "e2e_reshard_rows";
    private static final List<String> NEW_SHARDS = List.of("-40", "40-80", "80-c0", "c0-");
    private static final String[] TABLETS = {"3", "4", "5", "6", "7", "8"};
    private static final String FOLLOW = "e2e_reshard_follow";
    private static final String PINNED = "e2e_reshard_pinned";
    private static final String CATCH_UP = "e2e_reshard_catch_up";
    private static final String TOO_LATE = "e2e_reshard_too_late";

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    void createKeyspace() throws Exception {
        for (String schema : List.of(FOLLOW, PINNED, CATCH_UP, TOO_LATE)) {
            Snapshot.dropSchema(schema);
        }
        StackCommands.script("cluster-tablets-remove.sh", args(KEYSPACE, TABLETS)); // left by an earlier run
        StackCommands.script("cluster-tablets.sh", KEYSPACE, "3:-80", "4:80-");
        Path vschema = Files.createTempFile("reshard-vschema", ".json");
        Files.writeString(vschema, "{\"sharded\": true, \"vindexes\": {\"hash\": {\"type\": \"hash\"}},"
                + " \"tables\": {\"" + TABLE + "\": {\"column_vindexes\": [{\"column\": \"id\", \"name\": \"hash\"}]}}}");
        StackCommands.vtctld(vtctld, "ApplySchema", "--sql", "CREATE TABLE " + TABLE
                + " (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL, payload VARCHAR(100) NOT NULL)", KEYSPACE);
        StackCommands.vtctld(vtctld, "ApplyVSchema", "--vschema-file", vschema.toString(), KEYSPACE);
        RowWriter.insertInitialRows(vtgateMysql, KEYSPACE, TABLE, 2_000);
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (String schema : List.of(FOLLOW, PINNED, CATCH_UP, TOO_LATE)) {
            Snapshot.dropSchema(schema);
        }
        StackCommands.script("cluster-tablets-remove.sh", args(KEYSPACE, TABLETS));
    }

    @Test
    void aReshardIsFollowedLiveAndAfterAStopAndStopsClearlyWhereItCannot() throws Exception {
        E2eConfig follow = config("e2e-reshard-follow", FOLLOW);
        E2eConfig pinned = config("e2e-reshard-pinned", PINNED);
        pinned.extraSource = "  shards:\n    " + KEYSPACE + ": ['-80']\n";
        E2eConfig catchUp = config("e2e-reshard-catch-up", CATCH_UP);
        E2eConfig tooLate = config("e2e-reshard-too-late", TOO_LATE);
        RowWriter writer = new RowWriter(vtgateMysql, KEYSPACE, TABLE, 2_000);
        try (ReplicatorProcess a = start(follow); ReplicatorProcess p = start(pinned);
             ReplicatorProcess c1 = start(catchUp); ReplicatorProcess d1 = start(tooLate)) {
            for (ReplicatorProcess r : List.of(a, c1, d1)) {
                r.await("the copy", Duration.ofMinutes(2), () -> r.log().contains("streaming from 2 shards"));
            }
            p.await("the pinned copy", Duration.ofMinutes(2), () -> p.log().contains("streaming from 1 shards"));
            writer.start();
            writer.awaitWrites(200);
            assertThat(c1.terminate(Duration.ofSeconds(60))).isZero();
            assertThat(d1.terminate(Duration.ofSeconds(60))).isZero();
            writer.awaitWrites(200);

            // The reshard, while the writer writes and follow and pinned stream.
            StackCommands.script("cluster-tablets.sh", KEYSPACE, "5:-40", "6:40-80", "7:80-c0", "8:c0-");
            reshard("create", "--source-shards", "-80,80-", "--target-shards", String.join(",", NEW_SHARDS),
                    "--tablet-types", "primary");
            a.await("the reshard's copy done", Duration.ofMinutes(3), () -> {
                String status = reshardOutput("status", "--format", "json");
                return status.contains("Running") && !status.contains("Copying") && !status.contains("Error")
                        && !status.contains("Stopped");
            });
            reshard("switchtraffic", "--enable-reverse-replication=false");

            // pinned: a clear stop, and -80's rows as of the cut-over, all of them.
            assertThat(p.waitFor(Duration.ofMinutes(2))).as("pinned's exit code").isNotZero();
            assertThat(p.log()).contains("Cannot follow the reshard of keyspace reshard",
                    "streams only shards [-80]", "source.shards.reshard", "moves shards [-80, 80-] together to "
                            + NEW_SHARDS, "Nothing is lost");
            assertThat(Snapshot.target(PINNED, TABLE, "id, version", "id")).as("pinned's target = shard -80 at the cut-over")
                    .isEqualTo(oldShardRows("zone1-0000000301"));

            // catch-up: started after SwitchTraffic, while the old shards exist.
            writer.awaitWrites(200);
            try (ReplicatorProcess c2 = start(catchUp)) {
                c2.await("catch-up passes the cut-over", Duration.ofMinutes(2),
                        () -> c2.log().contains("keyspace reshard was resharded"));
                reshard("complete");

                // too-late: its checkpoint names shards that no longer exist.
                try (ReplicatorProcess d2 = start(tooLate)) {
                    assertThat(d2.waitFor(Duration.ofMinutes(2))).as("too-late's exit code").isEqualTo(7);
                    assertThat(d2.log()).contains("the checkpoint names shards [-80, 80-] of keyspace reshard",
                            "no longer exists", "copy the tables again");
                }

                // A schema change on the new shards, then the writer stops.
                StackCommands.vtctld(vtctld, "ApplySchema", "--sql", "ALTER TABLE " + TABLE
                        + " ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'after'", KEYSPACE);
                writer.awaitWrites(200);
                long last = writer.stop();

                List<String> source = source();
                Snapshot.awaitTargetEquals(a, "follow's target equals the source", TargetProbe.postgres(FOLLOW), "",
                        TABLE, "id, version, payload, note", source, Duration.ofMinutes(2));
                Snapshot.awaitTargetEquals(c2, "catch-up's target equals the source", TargetProbe.postgres(CATCH_UP), "",
                        TABLE, "id, version, payload, note", source, Duration.ofMinutes(2));
                assertThat(Snapshot.targetCount(FOLLOW, TABLE)).isEqualTo(last);

                for (ReplicatorProcess r : List.of(a, c2)) {
                    assertThat(r.log()).contains("the shard set changed: [reshard/-80, reshard/80-] -> [reshard/-40,"
                            + " reshard/40-80, reshard/80-c0, reshard/c0-]")
                            .doesNotContain("restarting from the last checkpoint");
                    assertThat(r.terminate(Duration.ofSeconds(60))).isZero();
                }
                for (String[] pipeline : new String[][] {{FOLLOW, follow.pipeline}, {CATCH_UP, catchUp.pipeline}}) {
                    Position position = Checkpoints.read(pipeline[0], pipeline[1]).orElseThrow();
                    assertThat(position.shards()).containsExactlyInAnyOrderElementsOf(
                            NEW_SHARDS.stream().map(s -> KEYSPACE + "/" + s).toList());
                    assertThat(savedState(pipeline[0], pipeline[1])).as("the schema state names the new shards only")
                            .contains("\"shard\":\"c0-\"").doesNotContain("\"shard\":\"-80\"")
                            .doesNotContain("\"shard\":\"80-\"");
                }
            }
        } finally {
            writer.stop();
        }
    }

    private E2eConfig config(String pipeline, String schema) {
        E2eConfig config = new E2eConfig(pipeline, schema, KEYSPACE + "\\." + TABLE);
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(KEYSPACE);
        config.tabletType = "primary";
        return config;
    }

    private ReplicatorProcess start(E2eConfig config) {
        Path file = config.write(dir);
        return ReplicatorProcess.start(dir.resolve(config.pipeline + "-" + System.nanoTime() + ".log"), "run",
                "--config", file.toString());
    }

    private List<String> source() throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, KEYSPACE); java.sql.Statement s = c.createStatement()) {
            s.execute("SET workload = 'olap'");
            return Snapshot.read(c, "SELECT id, version, payload, note FROM " + TABLE + " ORDER BY id");
        }
    }

    /** The rows (id, version) an old shard's MySQL holds, read on its tablet (vtgate no longer routes to it). */
    private List<String> oldShardRows(String tablet) {
        String out = StackCommands.vtctldOutput(vtctld, "ExecuteFetchAsDBA", "--max-rows", "100000", tablet,
                "SELECT id, version FROM vt_" + KEYSPACE + "." + TABLE + " ORDER BY id");
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|$").matcher(out);
        while (m.find()) {
            rows.add(m.group(1) + " | " + m.group(2));
        }
        assertThat(rows).as("rows read on " + tablet + " from:\n" + out).isNotEmpty();
        return rows;
    }

    private static String savedState(String schema, String pipeline) throws SQLException {
        try (Connection c = Snapshot.postgres(); PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM " + schema + "." + Checkpoints.TABLE + " WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private void reshard(String... command) {
        reshardOutput(command);
    }

    private String reshardOutput(String... command) {
        return StackCommands.vtctldOutput(vtctld, args(new String[] {"Reshard", "--workflow", "r1", "--target-keyspace",
                KEYSPACE}, command));
    }

    private static String[] args(String first, String... rest) {
        return args(new String[] {first}, rest);
    }

    private static String[] args(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
