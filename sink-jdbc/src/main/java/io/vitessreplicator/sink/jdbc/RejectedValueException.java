package io.vitessreplicator.sink.jdbc;

/**
 * A value PostgreSQL cannot store as it is. Thrown by the value formats with the problem only;
 * the COPY encoders ({@link CopyTextEncoder#rejected}) add the table and column and turn it into a
 * {@link io.vitessreplicator.spi.FatalSinkException}. Never caught to alter the value.
 */
final class RejectedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedValueException(String problem) {
        super(problem, null, false, false);
    }
}
