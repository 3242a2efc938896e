package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the source reconnects to vtgate after a transient failure ({@code source.reconnect}): an
 * exponential backoff from {@code initialBackoff} up to {@code maxBackoff}.
 *
 * @param maxAttempts consecutive failed attempts before giving up; 0 retries forever, which suits a
 *                    daemon under systemd: a vtgate restart must not need a human
 */
public record ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
    public static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);

    public ReconnectPolicy {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts is negative: " + maxAttempts);
        }
    }

    /** Reads {@code source.reconnect} and rejects unknown keys in it. */
    public static ReconnectPolicy from(ConfigNode reconnect) {
        Duration initial = reconnect.duration("initial-backoff", DEFAULTS.initialBackoff,
                Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration max = reconnect.duration("max-backoff", DEFAULTS.maxBackoff, Duration.ofSeconds(1), Duration.ofHours(1));
        int attempts = reconnect.integer("max-attempts", DEFAULTS.maxAttempts, 0, 1_000_000);
        reconnect.rejectUnknownKeys();
        if (max.compareTo(initial) < 0) {
            throw reconnect.error("max-backoff", "must be at least " + reconnect.pathOf("initial-backoff") + " ("
                    + ConfigNode.formatDuration(initial) + "), found " + ConfigNode.formatDuration(max));
        }
        return new ReconnectPolicy(initial, max, attempts);
    }

    public boolean retriesForever() {
        return maxAttempts == 0;
    }
}
