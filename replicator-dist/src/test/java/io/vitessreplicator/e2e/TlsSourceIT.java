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
 * Against the second local Vitess, whose gRPC port requires mutual TLS: the replicator connects
 * with the configured CA and client certificate, and is refused, with a clear message and exit
 * code 4, without a client certificate, with one the server does not allow, or in plaintext.
 */
class TlsSourceIT {
    private static final String SCHEMA = "e2e_tls";

    @TempDir
    static Path dir;

    @BeforeAll
    static void fillSource() throws Exception {
        StackCommands.script("start-vitess.sh", "tls"); // on demand: testenv/up does not start it
        Snapshot.dropSchema(SCHEMA);
        try (Connection c = VtgateSql.connect(TestEnv.get("VTGATE_TLS_MYSQL"), "secure"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM secret_note");
            s.execute("INSERT INTO secret_note (id, note) VALUES (1, 'over TLS'), (2, 'with a client certificate')");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        StackCommands.script("stop-vitess.sh", "tls");
    }

    private static String config(String tls) {
        E2eConfig c = new E2eConfig("e2e-tls", SCHEMA, "secure\\.secret_note");
        c.keyspaces = java.util.List.of("secure");
        c.extraSource = tls;
        return c.yaml().replace(TestEnv.get("VTGATE_GRPC"), TestEnv.get("VTGATE_TLS_GRPC"));
    }

    private static Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static String tls(String cert, String key) {
        return "  tls:\n    enabled: true\n    ca-file: " + TestEnv.get("VTGATE_TLS_CA") + "\n"
                + (cert == null ? "" : "    cert-file: " + cert + "\n    key-file: " + key + "\n");
    }

    @Test
    void streamsOverMutualTls() throws Exception {
        Path f = write("mtls", config(tls(TestEnv.get("VTGATE_TLS_CLIENT_CERT"), TestEnv.get("VTGATE_TLS_CLIENT_KEY"))));
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("mtls.log"), "run", "--config", f.toString())) {
            p.await("copy over TLS", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, "secret_note") == 2);
            try (Connection c = VtgateSql.connect(TestEnv.get("VTGATE_TLS_MYSQL"), "secure"); Statement s = c.createStatement()) {
                s.execute("INSERT INTO secret_note (id, note) VALUES (3, 'streamed over TLS')");
            }
            p.await("streaming over TLS", Duration.ofMinutes(1), () -> Snapshot.targetCount(SCHEMA, "secret_note") == 3);
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        assertThat(Snapshot.target(SCHEMA, "secret_note", "id, note", "id"))
                .containsExactly("1 | over TLS", "2 | with a client certificate", "3 | streamed over TLS");
    }

    @Test
    void isRefusedWithoutAnAllowedClientCertificateOrInPlaintext() throws Exception {
        for (String[] c : new String[][] {
                {"no-client-cert", tls(null, null)},
                {"other-client-cert", tls(TestEnv.get("VTGATE_TLS_OTHER_CLIENT_CERT"), TestEnv.get("VTGATE_TLS_OTHER_CLIENT_KEY"))},
                {"plaintext", ""}}) {
            ReplicatorProcess.Result r = ReplicatorProcess.exec(Duration.ofMinutes(2), "run", "--config",
                    write(c[0], config(c[1])).toString());
            assertThat(r.exitCode()).as("%s; stderr:%n%s", c[0], r.stderr()).isEqualTo(4);
            assertThat(r.errorLines()).as(c[0]).singleElement().asString().contains(TestEnv.get("VTGATE_TLS_GRPC"));
        }
    }
}
