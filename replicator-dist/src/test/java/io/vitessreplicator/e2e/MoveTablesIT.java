package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Files;
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
 * MoveTables of a replicated table from an unsharded keyspace into a sharded one while rows are
 * written (issue 12, item 3): create, the workflow's copy, SwitchTraffic (with reverse
 * replication, the default), complete.
 *
 * <p>With {@code sink.table-name: '{keyspace}_{table}'} the target gets one table per keyspace:
 * the destination's is copied when MoveTables creates the table there (the destination keyspace,
 * which has no table at the start, is streamed from its current position for that) and must end
 * equal to the table; the source's follows the table until complete drops it, then is kept as it
 * was. With the default {@code {table}} both map to one target table, and the pipeline must stop
 * naming both tables and the remedy, at MoveTables create, not merge them.
 *
 * <p>On the multi-process cluster, keyspaces {@code mtsrc} (unsharded, tablet 12) and
 * {@code mtdst} (-80 and 80-, tablets 13 and 14) of their own, removed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(SharedServers.CLUSTER)
class MoveTablesIT {
    private static final String FROM = "mtsrc";
    private static final String TO = "mtdst";
    private static final String TABLE = "e2e_moved_rows";
    private static final String SCHEMA = "e2e_movetables";
    private static final String SAME_NAME = "e2e_movetables_one_name";

    private final String vtgateMysql = TestEnv.get("VTGATE_CLUSTER_MYSQL");
    private final String vtctld = TestEnv.get("VTCTLD_CLUSTER_SERVER");

    @TempDir
    Path dir;

    @BeforeAll
    void createKeyspaces() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        Snapshot.dropSchema(SAME_NAME);
        StackCommands.script("cluster-tablets-remove.sh", FROM, "12");
        StackCommands.script("cluster-tablets-remove.sh", TO, "13", "14");
        StackCommands.script("cluster-tablets.sh", FROM, "12:0");
        StackCommands.script("cluster-tablets.sh", TO, "13:-80", "14:80-");
        // the table in the unsharded keyspace's vschema too, so vtgate routes its unqualified name
        Path unsharded = Files.createTempFile("movetables-vschema", ".json");
        Files.writeString(unsharded, "{\"tables\": {\"" + TABLE + "\": {}}}");
        StackCommands.vtctld(vtctld, "ApplyVSchema", "--vschema-file", unsharded.toString(), FROM);
        StackCommands.vtctld(vtctld, "ApplySchema", "--sql", "CREATE TABLE " + TABLE
                + " (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL, payload VARCHAR(100) NOT NULL)", FROM);
        RowWriter.insertInitialRows(vtgateMysql, FROM, TABLE, 1_000);
    }

    @AfterAll
    void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        Snapshot.dropSchema(SAME_NAME);
        StackCommands.script("cluster-tablets-remove.sh", FROM, "12");
        StackCommands.script("cluster-tablets-remove.sh", TO, "13", "14");
    }

    @Test
    void aTableMovedIntoAShardedKeyspaceEndsUpCorrectAndOnce() throws Exception {
        E2eConfig config = new E2eConfig("e2e-movetables", SCHEMA, FROM + "\\." + TABLE, TO + "\\." + TABLE);
        config.vtgate = TestEnv.get("VTGATE_CLUSTER_GRPC");
        config.keyspaces = List.of(FROM, TO);
        config.tabletType = "primary";
        config.extraSink = "  table-name: '{keyspace}_{table}'\n";
        // Bare table names from vtgate (a real one here; vtcombo crashes with the flag, see the
        // README): the two keyspaces' tables of one name must still reach their own target tables.
        // The second pipeline below gets vtgate's keyspace-qualified names, the default.
        config.extraSource = "  exclude-keyspace-from-table-name: true\n";
        Path file = config.write(dir);
        // The default table-name, {table}, gives both keyspaces' tables one target table.
        E2eConfig oneName = new E2eConfig("e2e-movetables-one-name", SAME_NAME, FROM + "\\." + TABLE, TO + "\\." + TABLE);
        oneName.vtgate = config.vtgate;
        oneName.keyspaces = config.keyspaces;
        oneName.tabletType = "primary";
        Path oneNameFile = oneName.write(dir);
        RowWriter writer = new RowWriter(vtgateMysql, "", TABLE, 1_000);
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", file.toString());
             ReplicatorProcess q = ReplicatorProcess.start(dir.resolve("one-name.log"), "run", "--config",
                     oneNameFile.toString())) {
            p.await("the copy", Duration.ofMinutes(2), () -> p.log().contains("streaming from"));
            q.await("the copy", Duration.ofMinutes(2), () -> q.log().contains("streaming from"));
            assertThat(p.log()).as("the destination keyspace, without tables, is streamed too")
                    .contains("keyspaces [" + TO + "] have no table to replicate yet");
            writer.start();
            writer.awaitWrites(200);

            // The sharded keyspace's vindex for the table, then the workflow (whose routing rules
            // make the table's name, in both vschemas now, route to the source until the switch).
            Path vschema = Files.createTempFile("movetables-vschema", ".json");
            Files.writeString(vschema, "{\"sharded\": true, \"vindexes\": {\"hash\": {\"type\": \"hash\"}},"
                    + " \"tables\": {\"" + TABLE + "\": {\"column_vindexes\": [{\"column\": \"id\", \"name\": \"hash\"}]}}}");
            StackCommands.vtctld(vtctld, "ApplyVSchema", "--vschema-file", vschema.toString(), TO);
            moveTables("create", "--source-keyspace", FROM, "--tables", TABLE, "--tablet-types", "primary");
            p.await("the workflow's copy done", Duration.ofMinutes(3), () -> {
                String status = moveTablesOutput("status", "--format", "json");
                return status.contains("Running") && !status.contains("Copying") && !status.contains("Error")
                        && !status.contains("Stopped");
            });
            writer.awaitWrites(200);
            assertThat(q.waitFor(Duration.ofMinutes(1))).as("the pipeline with one target name stops").isNotZero();
            assertThat(q.log()).contains("Cannot replicate both " + FROM + "." + TABLE + " and " + TO + "." + TABLE,
                    "{keyspace}_{table}", "MoveTables");
            moveTables("switchtraffic"); // with reverse replication, the default
            writer.awaitWrites(200);

            // Before complete: both target tables equal the table (the source's by reverse replication).
            writer.pause();
            List<String> atComplete = source(TO);
            Snapshot.awaitTargetEquals(p, "the destination keyspace's target table", TargetProbe.postgres(SCHEMA), "",
                    TO + "_" + TABLE, "id, version, payload", atComplete, Duration.ofMinutes(2));
            Snapshot.awaitTargetEquals(p, "the source keyspace's target table", TargetProbe.postgres(SCHEMA), "",
                    FROM + "_" + TABLE, "id, version, payload", atComplete, Duration.ofMinutes(2));
            moveTables("complete");
            writer.resume();
            writer.awaitWrites(200);
            long last = writer.stop();

            List<String> source = source(TO);
            assertThat(source).hasSize((int) last);
            Snapshot.awaitTargetEquals(p, "the destination keyspace's target table after complete",
                    TargetProbe.postgres(SCHEMA), "", TO + "_" + TABLE, "id, version, payload", source,
                    Duration.ofMinutes(2));
            assertThat(p.log()).contains("schema change on " + FROM + "." + TABLE + ": table dropped at the source;"
                    + " target table kept");
            assertThat(Snapshot.target(SCHEMA, FROM + "_" + TABLE, "id, version, payload", "id"))
                    .as("the source keyspace's target table, kept as it was when complete dropped the table")
                    .isEqualTo(atComplete);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        } finally {
            writer.stop();
        }
    }

    private List<String> source(String keyspace) throws SQLException {
        try (Connection c = VtgateSql.connect(vtgateMysql, keyspace)) {
            return Snapshot.read(c, "SELECT id, version, payload FROM " + TABLE + " ORDER BY id");
        }
    }

    private void moveTables(String... command) {
        moveTablesOutput(command);
    }

    private String moveTablesOutput(String... command) {
        String[] args = new String[command.length + 5];
        args[0] = "MoveTables";
        args[1] = "--workflow";
        args[2] = "m1";
        args[3] = "--target-keyspace";
        args[4] = TO;
        System.arraycopy(command, 0, args, 5, command.length);
        return StackCommands.vtctldOutput(vtctld, args);
    }
}
