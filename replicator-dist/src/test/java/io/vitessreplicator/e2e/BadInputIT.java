package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never gets far: each case exits non-zero with the documented code and exactly one
 * "replicator: ..." line that names the key, table or server at fault.
 */
class BadInputIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @TempDir
    static Path dir;

    @BeforeAll
    static void createTables() throws Exception {
        SourceTables.create("commerce", "e2e_bad_ok", "id BIGINT NOT NULL PRIMARY KEY", "id");
        VtgateSql.exec("commerce", "DROP TABLE IF EXISTS e2e_bad_nopk", "CREATE TABLE e2e_bad_nopk (a INT, b VARCHAR(10))");
    }

    private static E2eConfig good() {
        return new E2eConfig("e2e-bad", "e2e_bad", "commerce\\.e2e_bad_ok");
    }

    private static Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static void expect(int exitCode, String contains, String... args) throws Exception {
        ReplicatorProcess.Result r = ReplicatorProcess.exec(TIMEOUT, args);
        assertThat(r.exitCode()).as("exit code of %s; stderr:%n%s", String.join(" ", args), r.stderr()).isEqualTo(exitCode);
        assertThat(r.errorLines()).as("one error line in:%n%s", r.stderr()).singleElement().asString().contains(contains);
    }

    @Test
    void unknownKey() throws Exception {
        Path f = write("unknown-key", good().yaml().replace("  heartbeat-interval: 1s\n", "  heartbeat-intervall: 1s\n"));
        expect(3, "source.heartbeat-intervall", "run", "--config", f.toString());
    }

    @Test
    void wrongType() throws Exception {
        Path f = write("wrong-type", good().yaml().replace("max-rows: 5000", "max-rows: lots"));
        expect(3, "pipeline.batch.max-rows", "run", "--config", f.toString());
    }

    @Test
    void missingSink() throws Exception {
        String yaml = good().yaml();
        yaml = yaml.substring(0, yaml.indexOf("sink:")) + yaml.substring(yaml.indexOf("metrics:"));
        expect(3, "sink.type", "run", "--config", write("missing-sink", yaml).toString());
    }

    @Test
    void unknownSinkType() throws Exception {
        Path f = write("sink-type", good().yaml().replace("type: postgres", "type: oracle"));
        expect(3, "oracle", "run", "--config", f.toString());
    }

    @Test
    void misspelledSinkKey() throws Exception {
        Path f = write("sink-key", good().yaml().replace("  schema: e2e_bad\n", "  schema: e2e_bad\n  pasword: x\n"));
        expect(3, "sink.pasword", "run", "--config", f.toString());
    }

    @Test
    void unreachableVtgate() throws Exception {
        Path f = write("vtgate", good().yaml().replace(TestEnv.get("VTGATE_GRPC"), "127.0.0.1:1"));
        expect(4, "127.0.0.1:1", "run", "--config", f.toString());
    }

    @Test
    void wrongPostgresPassword() throws Exception {
        Path f = write("password", good().yaml().replace("password: ${PGPASSWORD}", "password: wrong-password"));
        expect(4, "password", "run", "--config", f.toString());
    }

    @Test
    void filterMatchingNoTable() throws Exception {
        Path f = write("no-table", good().yaml().replace("commerce\\.e2e_bad_ok", "commerce\\.no_such_table_.*"));
        expect(3, "source.tables.include", "run", "--config", f.toString());
    }

    @Test
    void tableWithoutPrimaryKey() throws Exception {
        Path f = write("no-pk", good().yaml().replace("commerce\\.e2e_bad_ok", "commerce\\.e2e_bad_.*"));
        expect(3, "commerce.e2e_bad_nopk", "run", "--config", f.toString());
        ReplicatorProcess.Result validate = ReplicatorProcess.exec(TIMEOUT, "validate", "--config", f.toString());
        assertThat(validate.exitCode()).as(validate.stderr()).isEqualTo(5);
        assertThat(validate.stdout()).contains("CANNOT commerce.e2e_bad_nopk: no primary key");
    }

    @Test
    void malformedYaml() throws Exception {
        Path f = write("malformed", good().yaml().replace("pipeline:\n", "pipeline: [\n"));
        expect(3, "line", "run", "--config", f.toString());
    }

    @Test
    void undefinedEnvironmentVariable() throws Exception {
        Path f = write("env", good().yaml().replace("${PGPASSWORD}", "${NO_SUCH_VARIABLE_FOR_TEST}"));
        expect(3, "NO_SUCH_VARIABLE_FOR_TEST", "run", "--config", f.toString());
    }

    @Test
    void badRegex() throws Exception {
        Path f = write("regex", good().yaml().replace("commerce\\.e2e_bad_ok", "commerce\\.(unclosed"));
        expect(3, "source.tables.include", "run", "--config", f.toString());
    }

    @Test
    void missingConfigFile() throws Exception {
        expect(3, "no-such-file.yaml", "run", "--config", dir.resolve("no-such-file.yaml").toString());
    }

    @Test
    void unknownCommandLineOption() throws Exception {
        ReplicatorProcess.Result r = ReplicatorProcess.exec(TIMEOUT, "run", "--config", "x.yaml", "--frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("--frobnicate");
    }

    @Test
    void validateAcceptsAGoodConfigAndChangesNothing() throws Exception {
        Snapshot.dropSchema("e2e_bad");
        Path f = write("good", good().yaml());
        ReplicatorProcess.Result r = ReplicatorProcess.exec(TIMEOUT, "validate", "--config", f.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("1 tables selected: [commerce.e2e_bad_ok]");
        assertThat(Snapshot.targetCount("e2e_bad", Checkpoints.TABLE)).as("validate created nothing").isEqualTo(-1);
    }

    private static E2eConfig lake() {
        return new E2eConfig("e2e-bad-lake", TargetProbe.parquet("e2e-bad-lake"), "commerce\\.e2e_bad_ok");
    }

    @Test
    void parquetSinkWithABadBucketName() throws Exception {
        Path f = write("lake-bucket", lake().yaml().replace("bucket: " + ParquetProbe.BUCKET, "bucket: Not_A_Bucket"));
        expect(3, "sink.bucket", "run", "--config", f.toString());
    }

    @Test
    void parquetSinkWithAnUnreachableStore() throws Exception {
        Path f = write("lake-endpoint", lake().yaml().replace(TestEnv.get("S3_ENDPOINT"), "http://127.0.0.1:1"));
        expect(4, "http://127.0.0.1:1", "run", "--config", f.toString());
    }

    @Test
    void parquetSinkWithWrongCredentials() throws Exception {
        Path f = write("lake-secret", lake().yaml().replace("${S3_SECRET_KEY}", "wrong-secret"));
        expect(4, "sink.access-key-id", "validate", "--config", f.toString());
    }

    @Test
    void validateOfTheParquetSinkChecksTheStoreAndChangesNothing() throws Exception {
        Path f = write("lake-good", lake().yaml());
        ReplicatorProcess.Result r = ReplicatorProcess.exec(TIMEOUT, "validate", "--config", f.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("ok    sink parquet-s3 is reachable and writable");
        assertThat(TargetProbe.parquet("e2e-bad-lake").checkpoint("e2e-bad-lake")).isEmpty();
    }
}
