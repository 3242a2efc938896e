package io.vitessreplicator.model;

/**
 * What to do with a MySQL "zero" date or datetime ({@code 0000-00-00}, {@code 0000-00-00 00:00:00},
 * or one with a zero month or day such as {@code 2024-00-15}).
 *
 * <p>MySQL accepts these values when {@code sql_mode} lacks {@code NO_ZERO_DATE}/{@code
 * NO_ZERO_IN_DATE}, and legacy schemas often use them to mean "unknown". No target database has a
 * matching value: PostgreSQL and Parquet reject them and there is no honest date to substitute, so
 * the replicator must either drop the value or stop. Configured as {@code source.zero-dates}.
 */
public enum ZeroDatePolicy {
    /** Store SQL NULL in the target (the default): the row arrives, the meaningless date does not. */
    NULL,
    /**
     * Stop replication with an error naming the table and column, for targets where a NULL would
     * be silently wrong (e.g. a NOT NULL column that downstream reports rely on).
     */
    FAIL
}
