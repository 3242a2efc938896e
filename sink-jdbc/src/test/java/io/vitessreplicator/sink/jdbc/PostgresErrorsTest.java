package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresErrorsTest {

    private static Class<?> outcome(String sqlState) {
        return PostgresErrors.toSinkException(new SQLException("boom", sqlState), "apply", "Fix it.").getClass();
    }

    @Test
    void transientStatesAreRetriable() {
        for (String state : new String[] {"08006", "08001", "40001", "40P01", "57P01", "57P03", "53100", "55P03"}) {
            assertThat(outcome(state)).as(state).isEqualTo(RetriableSinkException.class);
        }
    }

    @Test
    void dataAuthAndSqlErrorsAreFatal() {
        for (String state : new String[] {"22003", "22P02", "23505", "28P01", "42P01", "42501", "XX000"}) {
            assertThat(outcome(state)).as(state).isEqualTo(FatalSinkException.class);
        }
    }

    @Test
    void messagesFollowTheHouseShape() {
        assertThat(PostgresErrors.toSinkException(new SQLException("relation missing", "42P01"),
                "apply the batch to \"public\".\"t\"", "Create it.").getMessage())
                .isEqualTo("Cannot apply the batch to \"public\".\"t\": relation missing [SQLSTATE 42P01]. Create it.");
    }
}
