package io.vitessreplicator.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnects, reset after progress.
 *
 * <p>Written here rather than taken from a retry library because the reset rule is specific: a
 * stream that committed batches before it failed starts again at the initial delay, while one
 * that keeps failing at once backs off up to the maximum.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final int maxAttempts;
    private int failures;

    /** @param maxAttempts consecutive failures allowed; 0 = unlimited */
    Backoff(Duration initial, Duration max, int maxAttempts) {
        this.initial = requireNonNull(initial, "initial is null");
        this.max = requireNonNull(max, "max is null");
        this.maxAttempts = maxAttempts;
    }

    void progressed() {
        failures = 0;
    }

    /** Records a failure; false when the attempts are used up. */
    boolean failed() {
        failures++;
        return maxAttempts == 0 || failures <= maxAttempts;
    }

    int failures() {
        return failures;
    }

    /** The pause before the next attempt: initial × 2^(failures-1), capped, ±20% jitter. */
    Duration nextDelay() {
        long base = initial.toMillis() << Math.min(20, Math.max(0, failures - 1));
        long capped = Math.min(base, max.toMillis());
        long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofMillis(Math.max(1, capped + jitter));
    }
}
