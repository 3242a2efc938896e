package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.FatalSinkException;
import java.time.Instant;
import java.util.Optional;

/**
 * A row of the checkpoint table as read.
 *
 * @param position    null until the pipeline's first batch commits (the row exists from the first
 *                    {@code open}, which records the owner)
 * @param committedAt when the last batch committed; null before the first
 * @param batches     batches committed so far
 * @param state       the core's schema state saved with the position (JSON), or null
 */
public record StoredCheckpoint(String pipeline, Position position, String owner, Instant claimedAt, Instant committedAt,
                        long batches, String state) {
    public StoredCheckpoint {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(claimedAt, "claimedAt is null");
    }

    /** The SPI's view: empty while no batch has committed. */
    Optional<Checkpoint> toCheckpoint() {
        if (position == null) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(pipeline, position, owner, committedAt != null ? committedAt : claimedAt, state));
    }

    /**
     * The stored position column's JSON as a Position.
     *
     * @throws FatalSinkException when it does not parse: the sink never guesses where to resume
     */
    public static Position parsePosition(String pipeline, String table, String json) {
        try {
            return Position.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new FatalSinkException("Cannot read the checkpoint of pipeline " + pipeline + " in " + table + ": "
                    + e.getMessage() + ". Restore the row's position column from a backup; the sink will not guess"
                    + " where to resume.", e);
        }
    }

    /** "2026-11-21T17:38:34Z" or "never", for messages. */
    String lastCommit() {
        return committedAt == null ? "never" : committedAt.toString();
    }
}
