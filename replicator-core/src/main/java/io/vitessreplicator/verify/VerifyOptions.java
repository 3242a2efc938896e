package io.vitessreplicator.verify;

import java.time.Duration;

/**
 * The knobs of {@code bin/replicator verify}.
 *
 * @param tabletType        where source chunks are read: {@code replica} (default), {@code rdonly} or {@code primary}
 * @param chunkRows         source rows per query, and target keys per lookup
 * @param maxRowsPerSecond  source rows read per second at most, over the whole run; 0 for no limit
 * @param maxKeys           differing keys named per table at most
 * @param settleTimeout     how long one recheck waits for the target to pass the source's position
 * @param recheckRounds     rechecks of a differing key at most, before it is called not confirmed
 */
public record VerifyOptions(String tabletType, int chunkRows, long maxRowsPerSecond, int maxKeys,
                            Duration settleTimeout, int recheckRounds) {
    public VerifyOptions {
        if (chunkRows < 1 || maxKeys < 1 || maxRowsPerSecond < 0 || recheckRounds < KeyRecheck.CONFIRMATIONS) {
            throw new IllegalArgumentException("invalid verify options");
        }
    }
}
