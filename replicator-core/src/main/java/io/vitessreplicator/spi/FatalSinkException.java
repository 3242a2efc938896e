package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

/**
 * A failure retrying cannot fix (bad credentials, a value the target cannot hold, another owner
 * holds the pipeline, the checkpoint would move backwards): the runtime stops with the message.
 * The {@link Kind} picks the process exit code.
 */
public final class FatalSinkException extends SinkException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, broadly. */
    public enum Kind {
        /** The target cannot be reached or refused the credentials. */
        CONNECTION,
        /** Another instance holds the pipeline. */
        PIPELINE_BUSY,
        /** Anything else: data the target cannot hold, a checkpoint conflict, missing tables. */
        OTHER
    }

    private final Kind kind;

    public FatalSinkException(String message) {
        this(Kind.OTHER, message, null);
    }

    public FatalSinkException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public FatalSinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
