package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.spi.SinkException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Sorts PostgreSQL errors into the two outcomes the runtime knows, by SQLSTATE.
 *
 * <p>Retriable: the batch may succeed unchanged if tried again, because nothing of it was
 * committed and the cause is outside the data: class 08 (connection), 40001/40P01 (serialization
 * failure, deadlock), 57P01..57P03 (server shutting down or starting), 53xxx (out of disk, memory
 * or connections), 55P03 (lock wait timeout), and the pool's own timeouts. Everything else is
 * fatal: data errors (22), constraint violations (23), authentication (28), SQL or privilege
 * errors (42), and anything unknown, because retrying a batch that fails for a reason nobody
 * understood would only hide it.
 */
final class PostgresErrors {
    /** The classification as the dialect seam's strategy. */
    static final SqlDialect.Errors ERRORS = new SqlDialect.Errors() {
        @Override
        public boolean isRetriable(SQLException e) {
            return PostgresErrors.isRetriable(e);
        }

        @Override
        public boolean isAuthenticationFailure(SQLException e) {
            return PostgresErrors.isAuthenticationFailure(e);
        }

        @Override
        public boolean isUniqueViolation(SQLException e) {
            return UNIQUE_VIOLATION.equals(e.getSQLState());
        }

        @Override
        public String describe(SQLException e) {
            return PostgresErrors.describe(e);
        }
    };
    private static final String UNIQUE_VIOLATION = "23505";

    private PostgresErrors() {}

    static boolean isRetriable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e instanceof SQLTransientException || e instanceof SQLRecoverableException;
        }
        return state.startsWith("08") || state.startsWith("53") || state.equals("40001") || state.equals("40P01")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("55P03")
                || e instanceof SQLTransientException || e instanceof SQLRecoverableException;
    }

    static boolean isAuthenticationFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("28");
    }

    /**
     * @param action what was being done, completing "Cannot ..." (e.g. "apply the batch to
     *               "public"."orders"")
     * @param advice what to do when fatal, one sentence
     */
    static SinkException toSinkException(SQLException e, String action, String advice) {
        return ERRORS.toSinkException(e, action, advice);
    }

    /** The server's message with its SQLSTATE, detail, hint and location (e.g. the COPY line and column). */
    static String describe(SQLException e) {
        StringBuilder s = new StringBuilder();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            s.append(server.getMessage());
            append(s, "detail", server.getDetail());
            append(s, "hint", server.getHint());
            append(s, "where", server.getWhere());
            append(s, "column", server.getColumn());
            append(s, "constraint", server.getConstraint());
        } else {
            s.append(e.getMessage());
        }
        if (e.getSQLState() != null) {
            s.append(" [SQLSTATE ").append(e.getSQLState()).append(']');
        }
        return s.toString();
    }

    private static void append(StringBuilder s, String label, String value) {
        if (value != null && !value.isEmpty()) {
            s.append("; ").append(label).append(": ").append(value);
        }
    }
}
