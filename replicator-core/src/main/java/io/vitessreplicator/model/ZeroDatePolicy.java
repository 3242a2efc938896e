package io.vitessreplicator.model;

/**
 * What to do with a MySQL "zero" date: {@code 0000-00-00}, {@code 0000-00-00 00:00:00}, or a date
 * whose month or day is zero ({@code 2024-00-15}). MySQL accepts these when the session's
 * {@code sql_mode} lacks NO_ZERO_DATE / NO_ZERO_IN_DATE, but no Java date (and no analytics
 * target) can hold them. Configured by {@code source.zero-dates}.
 */
public enum ZeroDatePolicy {
    /** Carry the value as SQL NULL (the column is then reported nullable). */
    NULL,
    /** Stop with an error that names the table, column and value. */
    FAIL
}
