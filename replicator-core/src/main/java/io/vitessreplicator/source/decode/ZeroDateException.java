package io.vitessreplicator.source.decode;

/** Signals a zero date under ZeroDatePolicy.FAIL; {@link RowDecoder} turns it into the user-facing message. */
final class ZeroDateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ZeroDateException() {
        super("zero date", null, false, false);
    }
}
