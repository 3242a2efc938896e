package io.vitessreplicator.spi;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.config.ConfigNode;

/**
 * Creates a sink from the {@code sink:} section of the config. Registered in
 * {@code META-INF/services/io.vitessreplicator.spi.SinkFactory}; selected by {@code sink.type}.
 */
public interface SinkFactory {

    /** The {@code sink.type} value this factory serves, e.g. {@code postgres}. */
    String type();

    /**
     * Reads and validates the section (every key it knows; the caller rejects the rest) and
     * returns a sink that has not connected yet. Bad values throw
     * {@link io.vitessreplicator.config.ConfigException} naming the key.
     */
    Sink create(ConfigNode section);

    /**
     * The {@code pipeline.batch} limits for keys the config does not set: how often this target
     * wants a commit and how much it takes at once (a database: seconds; files on object storage:
     * minutes and hundreds of megabytes).
     */
    default BatchLimits defaultBatchLimits() {
        return BatchLimits.DEFAULTS;
    }
}
