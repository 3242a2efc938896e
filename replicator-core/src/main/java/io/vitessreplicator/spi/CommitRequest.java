package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;

/**
 * What {@link BatchWriter#commit} stores with the batch's data.
 *
 * @param end   the position the batch ends at: the new checkpoint
 * @param state the core's state at {@code end} (schema tracking, copy progress; JSON, opaque to the
 *              sink), stored with the position and returned as {@link Checkpoint#state()}; null
 *              only before the core has any
 */
public record CommitRequest(Position end, String state) {
    public CommitRequest {
        requireNonNull(end, "end is null");
    }
}
