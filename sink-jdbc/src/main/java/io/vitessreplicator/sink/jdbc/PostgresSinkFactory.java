package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkFactory;

/** {@code sink.type: postgres}. Found through {@link java.util.ServiceLoader}. */
public final class PostgresSinkFactory implements SinkFactory {
    public static final String TYPE = "postgres";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Sink create(ConfigNode section) {
        return new PostgresSink(PostgresSinkConfig.from(section));
    }
}
