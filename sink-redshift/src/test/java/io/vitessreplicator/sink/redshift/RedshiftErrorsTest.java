package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class RedshiftErrorsTest {
    private final RedshiftErrors errors = RedshiftErrors.INSTANCE;

    @Test
    void serializableIsolationViolationsAreRetried() {
        SQLException e1023 = new SQLException("ERROR: 1023\n  Detail: Serializable isolation violation on table -"
                + " 123456, transactions forming the cycle are: 1, 2 (pid:3)", "XX000");
        assertThat(errors.isRetriable(e1023)).isTrue();
        assertThat(errors.isRetriable(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(errors.isRetriable(new SQLException("boom", null, 1023))).isTrue();
        assertThat(errors.describe(e1023)).contains("Serializable isolation violation").contains("[SQLSTATE XX000]")
                .contains("Redshift error 1023");
    }

    @Test
    void connectionLossAndRestartsAreRetried() {
        assertThat(errors.isRetriable(new SQLException("connection reset", "08006"))).isTrue();
        assertThat(errors.isRetriable(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(errors.isRetriable(new SQLException("out of memory", "53200"))).isTrue();
        assertThat(errors.isRetriable(new SQLTransientConnectionException("pool timeout"))).isTrue();
    }

    @Test
    void authenticationFailuresAreFatalAndRecognised() {
        SQLException auth = new SQLException("password authentication failed for user \"x\"", "28P01");
        assertThat(errors.isAuthenticationFailure(auth)).isTrue();
        assertThat(errors.isRetriable(auth)).isFalse();
    }

    @Test
    void dataSqlAndUnknownErrorsAreFatal() {
        assertThat(errors.isRetriable(new SQLException("Load into table failed. Check 'stl_load_errors'", "XX000")))
                .isFalse();
        assertThat(errors.isRetriable(new SQLException("permission denied for relation t", "42501"))).isFalse();
        assertThat(errors.isRetriable(new SQLException("value too long for type character varying(4)", "22001")))
                .isFalse();
        assertThat(errors.isRetriable(new SQLException("something else"))).isFalse();
        assertThat(errors.isRetriable(new SQLException("disk full: error 1016", "53100"))).isTrue(); // class 53
    }

    @Test
    void noErrorIsAUniqueViolationBecauseRedshiftKeysAreNotEnforced() {
        assertThat(errors.isUniqueViolation(new SQLException("duplicate key", "23505"))).isFalse();
    }

    @Test
    void sinkExceptionsSayWhatHappened() {
        assertThat(errors.toSinkException(new SQLException("Serializable isolation violation", "XX000"),
                "commit the batch", "Check the cluster."))
                .isInstanceOf(RetriableSinkException.class)
                .hasMessageStartingWith("Cannot commit the batch: Serializable isolation violation [SQLSTATE XX000]")
                .hasMessageContaining("will be retried");
        assertThat(errors.toSinkException(new SQLException("permission denied", "42501"), "create table t",
                "Grant CREATE on the schema."))
                .isInstanceOf(FatalSinkException.class)
                .hasMessage("Cannot create table t: permission denied [SQLSTATE 42501]. Grant CREATE on the schema.");
    }
}
