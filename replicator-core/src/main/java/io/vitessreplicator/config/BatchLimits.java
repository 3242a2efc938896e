package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the pipeline cuts a batch and hands it to the sink ({@code pipeline.batch}): at whichever
 * limit is reached first. Larger batches load a warehouse faster; {@code maxLatency} bounds how
 * stale the target may be when changes trickle in.
 *
 * @param maxRows    rows in one batch
 * @param maxBytes   approximate in-memory size of one batch
 * @param maxLatency age of the oldest change in a batch
 */
public record BatchLimits(int maxRows, long maxBytes, Duration maxLatency) {
    private static final long KIB = 1024L;

    public static final BatchLimits DEFAULTS = new BatchLimits(50_000, 64 * KIB * KIB, Duration.ofSeconds(2));

    public BatchLimits {
        requireNonNull(maxLatency, "maxLatency is null");
        if (maxRows < 1 || maxBytes < 1 || maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxRows + " rows, "
                    + maxBytes + " bytes, " + maxLatency);
        }
    }

    /** Reads {@code pipeline.batch} and rejects unknown keys in it. */
    public static BatchLimits from(ConfigNode batch) {
        int rows = batch.integer("max-rows", DEFAULTS.maxRows, 1, 10_000_000);
        long bytes = batch.bytes("max-bytes", DEFAULTS.maxBytes, 64 * KIB, 4 * KIB * KIB * KIB);
        Duration latency = batch.duration("max-latency", DEFAULTS.maxLatency, Duration.ofMillis(10), Duration.ofMinutes(10));
        batch.rejectUnknownKeys();
        return new BatchLimits(rows, bytes, latency);
    }
}
