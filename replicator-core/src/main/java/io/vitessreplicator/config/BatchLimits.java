package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the pipeline cuts a batch and hands it to the sink ({@code pipeline.batch}): at the first
 * source transaction boundary after any limit is reached. Larger batches load a warehouse (and
 * write larger files) more cheaply; {@code maxLatency} bounds how stale the target may be when
 * changes trickle in. Each sink has defaults that suit its target ({@code SinkFactory}).
 *
 * @param maxRows    row changes in one batch
 * @param maxBytes   approximate in-memory size of the changes of one batch, counted as they
 *                   arrive (also those already staged in the sink)
 * @param maxLatency age of the oldest change in a batch
 * @param maxMemory  changes held in memory before they are staged in the sink's open batch (and
 *                   the memory released); the batch itself goes on until a limit above ends it
 */
public record BatchLimits(int maxRows, long maxBytes, Duration maxLatency, long maxMemory) {
    private static final long KIB = 1024L;
    private static final long MIB = KIB * KIB;

    public static final BatchLimits DEFAULTS = new BatchLimits(50_000, 64 * MIB, Duration.ofSeconds(2), 64 * MIB);

    public BatchLimits {
        requireNonNull(maxLatency, "maxLatency is null");
        if (maxRows < 1 || maxBytes < 1 || maxMemory < 1 || maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxRows + " rows, "
                    + maxBytes + " bytes, " + maxLatency + ", " + maxMemory + " bytes in memory");
        }
    }

    /** Limits whose memory bound is {@code maxBytes} (a batch is staged at most once before it ends). */
    public BatchLimits(int maxRows, long maxBytes, Duration maxLatency) {
        this(maxRows, maxBytes, maxLatency, maxBytes);
    }

    /** Reads {@code pipeline.batch} with {@link #DEFAULTS}. */
    public static BatchLimits from(ConfigNode batch) {
        return from(batch, DEFAULTS);
    }

    /**
     * Reads {@code pipeline.batch}, taking the sink's {@code defaults} for keys not given, and
     * rejects unknown keys in it. {@code max-memory} defaults to the smaller of the sink's default
     * and {@code max-bytes}.
     */
    public static BatchLimits from(ConfigNode batch, BatchLimits defaults) {
        int rows = batch.integer("max-rows", defaults.maxRows, 1, 100_000_000);
        long bytes = batch.bytes("max-bytes", defaults.maxBytes, 64 * KIB, 64 * KIB * MIB);
        Duration latency = batch.duration("max-latency", defaults.maxLatency, Duration.ofMillis(10), Duration.ofHours(24));
        long memory = batch.bytes("max-memory", Math.min(defaults.maxMemory, bytes), 64 * KIB, 64 * KIB * MIB);
        batch.rejectUnknownKeys();
        return new BatchLimits(rows, bytes, latency, memory);
    }
}
