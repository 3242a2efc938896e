package io.vitessreplicator.source;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a shard may take to start a copy it was asked for, across the stream restarts of one
 * replicator process.
 *
 * <p>vttablet (v24 {@code uvstreamer.buildTablePlan}) plans a copy from its in-memory schema
 * cache. When that cache does not list the table yet, the shard copies nothing, sends no error
 * and no COPY_COMPLETED, and simply streams from the position: the table's existing rows would
 * never arrive. The cache misses a table when its reload after a DDL ran before the DDL was
 * visible in MySQL (seen on vtcombo with a RENAME TABLE: the reload saw neither name), or when
 * the table was created without a binlog event. It catches up on the shard's next DDL, on the
 * table's next row event when vttablet keeps no schema history, on
 * {@code --queryserver-config-schema-reload-time} (30 min by default), or on a
 * {@code ReloadSchemaShard}. So the translator asks again, waiting longer each time.
 */
public final class CopyStartWatch {
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    /**
     * For end-to-end tests only: {@code -Dreplicator.test.copy-start-wait-ms=N} makes the first
     * wait N ms (doubled as usual after each missed start), so a test of a missed copy does not sit
     * through the 30 s and then 60 s of the real waits. Not a setting; unset, it does nothing.
     */
    static final String TEST_FIRST_WAIT_PROPERTY = "replicator.test.copy-start-wait-ms";
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** A shard whose events are older than this is still catching up with the binlog. */
    static final long CATCHING_UP_LAG_SECONDS = 10;

    private final LongSupplier nanoTime;
    private final LongSupplier epochSeconds;
    private final Runnable onMissed;
    private final Duration firstWait;
    private int missed;

    /** @param onMissed called each time shards are asked again (a metric) */
    public CopyStartWatch(Runnable onMissed) {
        this(System::nanoTime, () -> System.currentTimeMillis() / 1000, onMissed);
    }

    CopyStartWatch(LongSupplier nanoTime, LongSupplier epochSeconds, Runnable onMissed) {
        Long testWait = Long.getLong(TEST_FIRST_WAIT_PROPERTY);
        this.firstWait = testWait == null ? FIRST_WAIT : Duration.ofMillis(testWait);
        this.nanoTime = nanoTime;
        this.epochSeconds = epochSeconds;
        this.onMissed = java.util.Objects.requireNonNull(onMissed, "onMissed is null");
    }

    /** The wait for the current attempt: 30 s, doubled after each missed start, at most 10 min. */
    public synchronized Duration timeout() {
        Duration d = firstWait.multipliedBy(1L << Math.min(missed, 10));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    void missed() {
        synchronized (this) {
            missed++;
        }
        onMissed.run();
    }

    /** A copy completed: the next one starts with the first wait again. */
    synchronized void completed() {
        missed = 0;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** True when an event written at {@code timestampSeconds} shows its shard still catching up. */
    boolean catchingUp(long timestampSeconds) {
        return timestampSeconds > 0 && epochSeconds.getAsLong() - timestampSeconds > CATCHING_UP_LAG_SECONDS;
    }
}
