package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a row change came from: the shard that sent it, when the source committed it, and whether
 * it was read by the copy phase (a row as it stood) rather than from the binlog (a change). One
 * instance is shared by all the changes of one VStream ROW event.
 *
 * @param shard       the Vitess shard, e.g. {@code -80}; empty when unknown
 * @param commitTime  the source's commit time of the change's transaction (seconds, as the binlog
 *                    records it); for a copied row, when vtgate read it
 * @param copied      true for a row of the copy phase
 */
public record RowOrigin(String shard, Instant commitTime, boolean copied) {
    /** For changes built by hand (tests, tools) where the source is not known. */
    public static final RowOrigin UNKNOWN = new RowOrigin("", Instant.EPOCH, false);

    public RowOrigin {
        requireNonNull(shard, "shard is null");
        requireNonNull(commitTime, "commitTime is null");
    }
}
