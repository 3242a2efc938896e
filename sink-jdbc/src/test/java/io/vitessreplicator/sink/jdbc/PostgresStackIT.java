package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.testkit.TestEnv;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The local PostgreSQL accepts the test role's password, refuses a wrong one, and stores data. */
class PostgresStackIT {

    @Test
    void writesAndReadsBackWithTheConfiguredRole() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestEnv.jdbcPostgresUrl(), TestEnv.get("PGUSER"),
                TestEnv.get("PGPASSWORD")); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stack_smoke");
            s.execute("CREATE TABLE stack_smoke (id bigint PRIMARY KEY, note text)");
            s.execute("INSERT INTO stack_smoke VALUES (1, 'one \uD83D\uDE80')");
            try (ResultSet rs = s.executeQuery("SELECT note FROM stack_smoke WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one \uD83D\uDE80");
            }
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("15.");
            }
        }
    }

    @Test
    void refusesAWrongPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(TestEnv.jdbcPostgresUrl(), TestEnv.get("PGUSER"),
                "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }
}
