package io.vitessreplicator.sink.redshift;

/**
 * A value the staged files cannot carry to Redshift exactly. Thrown by the value formats with the
 * problem only; {@link RedshiftCsvEncoder} adds the table and column and turns it into a
 * {@link io.vitessreplicator.spi.FatalSinkException}. Never caught to alter the value.
 */
final class RedshiftRejectedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedshiftRejectedValueException(String problem) {
        super(problem, null, false, false);
    }
}
