package io.vitessreplicator.spi;

import io.vitessreplicator.model.Position;
import java.util.Optional;

/**
 * A target that stores row changes together with the stream position they end at.
 *
 * <p>Lifecycle, driven by the runtime on one thread:
 * <ol>
 *   <li>{@link #open} once: connect, create the checkpoint storage, claim the pipeline (one writer
 *       per pipeline name) and return the committed checkpoint, or empty for a fresh pipeline.</li>
 *   <li>For each batch: {@link #begin} returns a {@link BatchWriter}; the runtime calls
 *       {@link BatchWriter#write} one or more times (more than once only when one source
 *       transaction is larger than the memory budget), then {@link BatchWriter#commit}.</li>
 *   <li>{@link #close} at shutdown.</li>
 * </ol>
 *
 * <p>Contract: a batch's data and its end position become visible together or not at all. A
 * commit whose start position is not the stored one is refused ({@link FatalSinkException})
 * unless its end position is already the stored one, in which case it is a logged no-op (a
 * replay after a lost acknowledgement). So the stored position never moves backwards and no
 * change is applied twice.
 *
 * <p>Optional abilities are separate interfaces (e.g. schema evolution) that the runtime checks
 * with {@code instanceof}. Implementations are found with {@link java.util.ServiceLoader} through
 * {@link SinkFactory}.
 */
public interface Sink extends AutoCloseable {

    /** Prepares the target and returns the committed checkpoint, or empty for a fresh pipeline. */
    Optional<Checkpoint> open(SinkContext context);

    /** Starts a batch that continues from {@code start} (the position last committed). */
    BatchWriter begin(Position start);

    /**
     * Connects with the configured credentials and checks that the pipeline could run (it may
     * create tables and write in the target schema), changing nothing. Used by {@code validate}.
     *
     * @throws FatalSinkException naming what is wrong and what to do
     */
    void check();

    /** The checkpoint as stored now, read without claiming the pipeline (for {@code status}). */
    default Optional<Checkpoint> readCheckpoint(String pipelineName) {
        throw new UnsupportedOperationException("this sink cannot report its checkpoint");
    }

    @Override
    void close();
}
