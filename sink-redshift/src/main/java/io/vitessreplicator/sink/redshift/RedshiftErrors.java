package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.sink.jdbc.SqlDialect;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Sorts Redshift's errors into the two outcomes the runtime knows.
 *
 * <p>Retriable (nothing of the batch was committed, the cause is outside the data):
 * <ul>
 *   <li>error 1023, "Serializable isolation violation": two transactions touched the same tables in
 *       an order serializable isolation cannot allow; Redshift aborts one. Recognised by SQLSTATE
 *       40001 or by the error number / text in the message (the JDBC drivers report it with SQLSTATE
 *       XX000 as well);</li>
 *   <li>SQLSTATE class 08 (connection), 57P01..57P03 (server shutting down or starting, e.g. a
 *       resize or a maintenance window), class 53 (out of resources, disk full included, as the
 *       PostgreSQL dialect does), 40P01 (deadlock), and the JDBC driver's transient or recoverable
 *       exceptions.</li>
 * </ul>
 * Authentication failures (class 28) are fatal with their own message. Everything else is fatal:
 * data errors (22, and COPY's load errors, whose rows STL_LOAD_ERRORS describes), constraint
 * violations (23), SQL and privilege errors (42) and anything unknown. Redshift does not enforce
 * unique keys, so no error is a unique violation.
 */
public final class RedshiftErrors implements SqlDialect.Errors {
    /** Redshift's error number of a serializable isolation violation. */
    public static final String SERIALIZABLE_ISOLATION_VIOLATION = "1023";

    public static final RedshiftErrors INSTANCE = new RedshiftErrors();

    private RedshiftErrors() {}

    @Override
    public boolean isRetriable(SQLException e) {
        if (isSerializationConflict(e)) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("53") || state.equals("40P01")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
            return true;
        }
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException;
    }

    /** Redshift's error 1023 (or SQLSTATE 40001). */
    public static boolean isSerializationConflict(SQLException e) {
        if ("40001".equals(e.getSQLState())) {
            return true;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("serializable isolation violation") || m.matches("(?s).*\\berror:\\s*1023\\b.*")
                || e.getErrorCode() == 1023;
    }

    @Override
    public boolean isAuthenticationFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("28");
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return false;
    }

    /** The server's message with its SQLSTATE and vendor code, and the chained causes' messages. */
    @Override
    public String describe(SQLException e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()).strip());
        if (e.getSQLState() != null) {
            s.append(" [SQLSTATE ").append(e.getSQLState());
            if (e.getErrorCode() != 0) {
                s.append(", code ").append(e.getErrorCode());
            }
            s.append(']');
        }
        if (isSerializationConflict(e)) {
            s.append(" (Redshift error 1023: a serializable isolation conflict with a concurrent transaction)");
        }
        SQLException next = e.getNextException();
        if (next != null && next != e && next.getMessage() != null) {
            s.append("; next: ").append(next.getMessage().strip());
        }
        return s.toString();
    }
}
