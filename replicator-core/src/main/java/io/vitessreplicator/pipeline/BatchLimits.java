package io.vitessreplicator.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the batcher cuts a batch: as soon as one limit is reached, at the next transaction
 * boundary.
 *
 * @param maxRows    row changes (before coalescing)
 * @param maxBytes   approximate heap bytes held; also the most the batcher holds inside one
 *                   transaction before it stages what it has in the sink's open transaction
 * @param maxLatency how long a change may wait before it is committed
 */
public record BatchLimits(int maxRows, long maxBytes, Duration maxLatency) {
    public static final BatchLimits DEFAULTS = new BatchLimits(50_000, 64L << 20, Duration.ofSeconds(2));

    public BatchLimits {
        requireNonNull(maxLatency, "maxLatency is null");
        if (maxRows < 1 || maxBytes < 1 || maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
    }
}
