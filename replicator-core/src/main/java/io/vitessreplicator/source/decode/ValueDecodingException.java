package io.vitessreplicator.source.decode;

/**
 * A VStream value or field could not be turned into the Java value its column type promises.
 * The message names the keyspace, table and column, the MySQL type and the raw value (truncated),
 * and says what to do. The stream cannot continue past such a value: skipping it or writing null
 * would silently lose data.
 */
public final class ValueDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ValueDecodingException(String message) {
        super(message);
    }

    public ValueDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
