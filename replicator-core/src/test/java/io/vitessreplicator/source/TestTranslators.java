package io.vitessreplicator.source;

import io.vitessreplicator.config.ConfigLoader;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.config.SchemaChangePolicy;
import java.util.Map;

/** Translators for unit tests: keyspace {@code ks}, every table selected, a fresh schema state. */
final class TestTranslators {
    private TestTranslators() {
    }

    static EventTranslator keyspaceKs() {
        return keyspaceKs(SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null));
    }

    static EventTranslator keyspaceKs(SchemaTracker schemas) {
        ReplicatorConfig config = ReplicatorConfig.from(ConfigLoader.parse("t.yaml", """
                source:
                  vtgate: 127.0.0.1:1
                  keyspaces: [ks]
                pipeline:
                  name: p
                sink:
                  type: postgres
                """, Map.of()));
        return new EventTranslator(new DecodingTableBinder(config.source()), schemas, t -> true, null, Map.of("ks", "t"),
                new CopyStartWatch(() -> { }));
    }
}
