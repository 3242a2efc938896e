package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code metrics:} section: where the Prometheus metrics and health endpoint listens.
 *
 * @param listen the address to bind, or empty when {@code listen: off}
 */
public record MetricsConfig(Optional<HostPort> listen) {
    /** Loopback by default: metrics reveal table names and lag, so exposing them is a choice. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 9464);

    public MetricsConfig {
        requireNonNull(listen, "listen is null");
    }

    public static MetricsConfig disabled() {
        return new MetricsConfig(Optional.empty());
    }

    /** Reads the {@code metrics} section and rejects unknown keys in it. */
    public static MetricsConfig from(ConfigNode metrics) {
        Optional<String> listen = metrics.string("listen").map(String::trim);
        MetricsConfig config;
        if (listen.isEmpty()) {
            config = new MetricsConfig(Optional.of(DEFAULT_LISTEN));
        } else if (listen.get().toLowerCase(Locale.ROOT).equals("off")) {
            config = disabled();
        } else {
            config = new MetricsConfig(Optional.of(SourceConfig.hostPort(metrics, "listen")));
        }
        metrics.rejectUnknownKeys();
        return config;
    }
}
