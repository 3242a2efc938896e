package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import java.time.Instant;

/**
 * The checkpoint a sink stores with the data: the pipeline's position, who wrote it and when.
 *
 * @param pipeline  the pipeline name (one checkpoint per name)
 * @param position  the VGTID the target is consistent with (copy progress included)
 * @param owner     the token of the instance that last wrote it
 * @param updatedAt when it was last written
 * @param state     the core's schema state saved with it (JSON, opaque to the sink), or null
 */
public record Checkpoint(String pipeline, Position position, String owner, Instant updatedAt, String state) {
    public Checkpoint(String pipeline, Position position, String owner, Instant updatedAt) {
        this(pipeline, position, owner, updatedAt, null);
    }

    public Checkpoint {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(position, "position is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
