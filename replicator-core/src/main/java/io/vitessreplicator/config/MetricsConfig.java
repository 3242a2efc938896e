package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code metrics:} section: where the Prometheus metrics and health endpoint listens, how often
 * the copy's progress is logged, and the lag above which {@code /health} reports the pipeline
 * degraded.
 *
 * @param listen           the address to bind, or empty when {@code listen: off}
 * @param progressInterval how often a running copy logs its progress per table
 * @param lagLimit         the lag above which /health answers 503 DEGRADED; empty: lag does not
 *                         count ({@code lag-limit: off}, the default)
 */
public record MetricsConfig(Optional<HostPort> listen, Duration progressInterval, Optional<Duration> lagLimit) {
    /** Loopback by default: metrics reveal table names and lag, so exposing them is a choice. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 9464);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(30);

    public MetricsConfig {
        requireNonNull(listen, "listen is null");
        requireNonNull(progressInterval, "progressInterval is null");
        requireNonNull(lagLimit, "lagLimit is null");
    }

    public MetricsConfig(Optional<HostPort> listen) {
        this(listen, DEFAULT_PROGRESS_INTERVAL, Optional.empty());
    }

    public static MetricsConfig disabled() {
        return new MetricsConfig(Optional.empty());
    }

    /** Reads the {@code metrics} section and rejects unknown keys in it. */
    public static MetricsConfig from(ConfigNode metrics) {
        Optional<String> listenText = metrics.string("listen").map(String::trim);
        Optional<HostPort> listen;
        if (listenText.isEmpty()) {
            listen = Optional.of(DEFAULT_LISTEN);
        } else if (listenText.get().toLowerCase(Locale.ROOT).equals("off")) {
            listen = Optional.empty();
        } else {
            listen = Optional.of(SourceConfig.hostPort(metrics, "listen"));
        }
        Duration progress = metrics.duration("progress-interval", DEFAULT_PROGRESS_INTERVAL, Duration.ofSeconds(1),
                Duration.ofHours(24));
        Optional<Duration> lagLimit = Optional.empty();
        Optional<String> lagText = metrics.string("lag-limit").map(String::trim);
        if (lagText.isPresent() && !lagText.get().toLowerCase(Locale.ROOT).equals("off")) {
            lagLimit = Optional.of(metrics.duration("lag-limit", Duration.ofMinutes(5), Duration.ofSeconds(1),
                    Duration.ofDays(7)));
        }
        metrics.rejectUnknownKeys();
        return new MetricsConfig(listen, progress, lagLimit);
    }
}
