package io.vitessreplicator.spi;

/**
 * A failure retrying cannot fix (bad credentials, a value the target cannot hold, another owner
 * holds the pipeline, the checkpoint would move backwards): the runtime stops with the message.
 */
public final class FatalSinkException extends SinkException {
    private static final long serialVersionUID = 1L;

    public FatalSinkException(String message) {
        super(message, null);
    }

    public FatalSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
