package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.testkit.TestEnv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code validate}: credentials, reachability and privileges, checked without changing anything. */
class PostgresCheckIT {
    private static final PgTestSchema DB = new PgTestSchema("pgsink_check");
    private static final String HOST_PORT = TestEnv.get("PGHOST") + ":" + TestEnv.get("PGPORT");

    @AfterAll
    static void dropSchema() {
        DB.close();
        PgTestSchema.execute("DROP SCHEMA IF EXISTS pgsink_check_locked CASCADE");
    }

    private static boolean schemaExists(String name) {
        return !rows("SELECT 1 FROM pg_namespace WHERE nspname = '" + name + "'").isEmpty();
    }

    @Test
    void aWrongPasswordIsReportedAsAnAuthenticationFailureForTheUserAndHost() {
        String expected = "authentication failed for user " + TestEnv.get("PGUSER") + " (password authentication"
                + " failed for user \"" + TestEnv.get("PGUSER") + "\" [SQLSTATE 28P01]). Check sink.user and sink.password.";
        try (PostgresSink sink = DB.sink(Map.of("password", "not-the-password"))) {
            assertThatThrownBy(sink::check)
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot connect to PostgreSQL at " + HOST_PORT + " to validate the sink: " + expected)
                    .hasMessageNotContaining("not-the-password");
            assertThatThrownBy(() -> sink.open(new SinkContext("p", "o", false)))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot connect to PostgreSQL at " + HOST_PORT + " to open pipeline p: " + expected);
        }
    }

    @Test
    void checkPassesForAMissingSchemaTheUserCouldCreateAndCreatesNothing() {
        PgTestSchema.execute("DROP SCHEMA IF EXISTS pgsink_check CASCADE");
        try (PostgresSink sink = DB.sink(Map.of())) {
            assertThatCode(sink::check).doesNotThrowAnyException();
        }
        assertThat(schemaExists("pgsink_check")).isFalse();
    }

    @Test
    void checkNamesTheMissingPrivilegeAndTheGrant() {
        PgTestSchema.execute("DROP SCHEMA IF EXISTS pgsink_check_locked CASCADE");
        PgTestSchema.execute("CREATE SCHEMA pgsink_check_locked");
        PgTestSchema.execute("REVOKE CREATE ON SCHEMA pgsink_check_locked FROM CURRENT_USER");
        try (PostgresSink sink = DB.sink(Map.of("schema", "pgsink_check_locked"))) {
            assertThatThrownBy(sink::check)
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot use schema pgsink_check_locked: user " + TestEnv.get("PGUSER") + " may not create"
                            + " tables in it. Run GRANT USAGE, CREATE ON SCHEMA \"pgsink_check_locked\" TO \""
                            + TestEnv.get("PGUSER") + "\", or choose another sink.schema.");
        }
        assertThat(rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'pgsink_check_locked'"))
                .containsExactly(List.of(0L));
    }

    @Test
    void anUnreachableServerIsFatalForCheckAndRetriableForOpen() {
        Map<String, String> nowhere = Map.of("url", "jdbc:postgresql://127.0.0.1:1/replicator", "connect-timeout", "1s");
        try (PostgresSink sink = DB.sink(nowhere)) {
            assertThatThrownBy(sink::check)
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot connect to PostgreSQL at 127.0.0.1:1 to validate the sink: ");
            assertThatThrownBy(() -> sink.open(new SinkContext("p", "o", false)))
                    .isInstanceOf(RetriableSinkException.class)
                    .hasMessageStartingWith("Cannot connect to PostgreSQL at 127.0.0.1:1 to open pipeline p: ")
                    .hasMessageEndingWith("Check that the server is running and reachable; the runtime retries.");
        }
    }

    @Test
    void anUnknownDatabaseIsFatalNamingTheUrl() {
        String url = "jdbc:postgresql://" + HOST_PORT + "/no_such_database_here";
        try (PostgresSink sink = DB.sink(Map.of("url", url))) {
            assertThatThrownBy(sink::check)
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageContaining("database \"no_such_database_here\" does not exist")
                    .hasMessageEndingWith("Check the database in sink.url (" + url + ").");
        }
    }
}
