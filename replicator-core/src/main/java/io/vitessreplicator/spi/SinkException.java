package io.vitessreplicator.spi;

/** A sink could not apply a batch. See the two subclasses for what the runtime does next. */
public abstract class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
