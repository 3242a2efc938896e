package io.vitessreplicator.source;

import java.util.List;

/**
 * The checkpoint's position can no longer be streamed: a shard's MySQL purged binary logs holding
 * transactions the checkpoint has not seen, or a shard it names no longer exists (resharded and
 * deleted while the replicator was stopped). Waiting does not heal it (exit code 7).
 */
public final class PositionLostException extends SourceException {
    private static final long serialVersionUID = 1L;
    private final List<PositionCheck.LostShard> shards;

    PositionLostException(String message, List<PositionCheck.LostShard> shards) {
        this(message, shards, null);
    }

    PositionLostException(String message, List<PositionCheck.LostShard> shards, Throwable cause) {
        super(message, cause, false);
        this.shards = List.copyOf(shards);
    }

    /** The shards that lost the position, with the transactions they no longer have. */
    public List<PositionCheck.LostShard> shards() {
        return shards;
    }
}
