package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the third local Vitess, whose gRPC port requires vtgate's static username/password
 * auth: the replicator streams with source.auth, and without credentials or with a wrong password
 * it stops with exit code 4 and a message that names the vtgate and source.auth.
 */
class StaticAuthIT {
    private static final String SCHEMA = "e2e_auth";

    @TempDir
    static Path dir;

    @BeforeAll
    static void fillSource() throws Exception {
        StackCommands.script("start-vitess.sh", "auth"); // on demand: testenv/up does not start it
        Snapshot.dropSchema(SCHEMA);
        try (Connection c = VtgateSql.connect(TestEnv.get("VTGATE_AUTH_MYSQL"), "secure"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM secret_note");
            s.execute("INSERT INTO secret_note (id, note) VALUES (1, 'behind static auth')");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        StackCommands.script("stop-vitess.sh", "auth");
    }

    private static Path config(String name, String auth) throws Exception {
        E2eConfig c = new E2eConfig("e2e-auth", SCHEMA, "secure\\.secret_note");
        c.keyspaces = java.util.List.of("secure");
        c.extraSource = auth;
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, c.yaml().replace(TestEnv.get("VTGATE_GRPC"), TestEnv.get("VTGATE_AUTH_GRPC")));
        return f;
    }

    private static String auth(String password) {
        return "  auth:\n    username: " + TestEnv.get("VTGATE_AUTH_USER") + "\n    password: " + password + "\n";
    }

    @Test
    void streamsWithTheConfiguredCredentials() throws Exception {
        Path f = config("right", auth(TestEnv.get("VTGATE_AUTH_PASSWORD")));
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("right.log"), "run", "--config", f.toString())) {
            p.await("copy with static auth", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, "secret_note") == 1);
            try (Connection c = VtgateSql.connect(TestEnv.get("VTGATE_AUTH_MYSQL"), "secure"); Statement s = c.createStatement()) {
                s.execute("INSERT INTO secret_note (id, note) VALUES (2, 'streamed with static auth')");
            }
            p.await("streaming with static auth", Duration.ofMinutes(1), () -> Snapshot.targetCount(SCHEMA, "secret_note") == 2);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
            assertThat(p.log()).as("the password is never logged").doesNotContain(TestEnv.get("VTGATE_AUTH_PASSWORD"));
        }
    }

    @Test
    void isRefusedWithoutCredentialsOrWithAWrongPassword() throws Exception {
        for (String[] c : new String[][] {{"none", ""}, {"wrong", auth("not-the-password")}}) {
            ReplicatorProcess.Result r = ReplicatorProcess.exec(Duration.ofMinutes(2), "run", "--config",
                    config(c[0], c[1]).toString());
            assertThat(r.exitCode()).as("%s; stderr:%n%s", c[0], r.stderr()).isEqualTo(4);
            assertThat(r.errorLines()).as(c[0]).singleElement().asString()
                    .contains(TestEnv.get("VTGATE_AUTH_GRPC")).contains("source.auth");
        }
    }
}
