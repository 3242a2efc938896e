package io.vitessreplicator.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits a given time. Only for choosing the instant of a kill -9 or the length of a write burst,
 * where the passing of time is the point of the test; everything that waits for a state uses
 * Awaitility.
 */
final class Pause {
    private Pause() {}

    static void of(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }
}
