package io.vitessreplicator.sink.jdbc;

/**
 * Writes one non-null value of one column in its PostgreSQL type's binary (send/recv) form, the
 * field's length aside, exactly, or refuses it with a {@link RejectedValueException}. Chosen once
 * per column by {@link CopyBinaryFormats}.
 */
@FunctionalInterface
interface CopyBinaryFormat {
    void write(Object value, CopyBinaryBuffer out);
}
