package io.vitessreplicator.source;

/**
 * The source (vtgate) failed. {@link #isTransient()} tells the runtime whether to back off and
 * reconnect from the last committed position, or to stop with the message.
 */
public class SourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;

    public SourceException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
