package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.spi.SinkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link SinkFactory} for {@code sink.type} among the sinks on the class path. */
final class SinkLoader {
    private SinkLoader() {}

    static SinkFactory find(String type) {
        List<SinkFactory> matches = new ArrayList<>();
        TreeSet<String> available = new TreeSet<>();
        for (SinkFactory f : ServiceLoader.load(SinkFactory.class)) {
            available.add(f.type());
            if (f.type().equalsIgnoreCase(type)) {
                matches.add(f);
            }
        }
        if (matches.isEmpty()) {
            throw new ConfigException("Invalid config sink.type: no sink of type '" + type + "'. Available: "
                    + (available.isEmpty() ? "none (the sink modules are not on the class path)" : String.join(", ", available))
                    + ".");
        }
        if (matches.size() > 1) {
            throw new IllegalStateException("Cannot choose a sink: " + matches.size() + " sinks declare type '" + type
                    + "' (" + matches + "). Remove the duplicate jar from the class path.");
        }
        return matches.get(0);
    }
}
