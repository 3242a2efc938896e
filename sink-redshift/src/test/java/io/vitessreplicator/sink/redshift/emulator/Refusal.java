package io.vitessreplicator.sink.redshift.emulator;

import java.sql.SQLException;

/**
 * The emulator's own errors. Every message starts with {@code redshift-emulator:}, says what was
 * refused and, where there is one, what Redshift itself would say.
 */
final class Refusal {
    static final String PREFIX = "redshift-emulator: ";
    /** Redshift reports COPY load errors with SQLSTATE XX000 (internal error). */
    static final String COPY_STATE = "XX000";

    private Refusal() {}

    /** A construct PostgreSQL accepts and Redshift does not (SQLSTATE 0A000, feature not supported). */
    static SQLException notRedshift(String message) {
        return new SQLException(PREFIX + message, "0A000");
    }

    /** Text the emulator cannot parse (SQLSTATE 42601, syntax error). */
    static SQLException syntax(String message) {
        return new SQLException(PREFIX + message, "42601");
    }

    /** A statement Redshift refuses inside a transaction block (SQLSTATE 25001). */
    static SQLException inTransaction(String message) {
        return new SQLException(PREFIX + message, "25001");
    }

    /** Any failure of an emulated COPY. */
    static SQLException copy(String message, Throwable cause) {
        return new SQLException(PREFIX + "COPY failed: " + message, COPY_STATE, cause);
    }
}
