package io.vitessreplicator.sink.jdbc;

/**
 * Writes one non-null value of one column into a COPY text row, exactly, or refuses it with a
 * {@link RejectedValueException}. Chosen once per column by {@link CopyValueFormats}.
 */
@FunctionalInterface
interface CopyValueFormat {
    void write(Object value, CopyTextBuffer out);
}
