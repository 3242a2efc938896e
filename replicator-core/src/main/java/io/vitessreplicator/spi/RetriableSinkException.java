package io.vitessreplicator.spi;

/**
 * A transient failure (connection lost, serialization failure, target restarting): nothing of
 * the batch was committed; the runtime backs off and retries the same batch.
 */
public final class RetriableSinkException extends SinkException {
    private static final long serialVersionUID = 1L;

    public RetriableSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
