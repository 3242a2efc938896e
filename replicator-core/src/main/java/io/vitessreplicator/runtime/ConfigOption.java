package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ConfigLoader;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkFactory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by every command, and what it loads. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The YAML config file (see config/*.yaml).")
    Path file;

    /** Parsed and validated config; the sink section is validated by {@link #sink}. */
    ReplicatorConfig load() {
        ConfigNode root = ConfigLoader.load(file);
        return ReplicatorConfig.from(root, type -> SinkLoader.find(type).defaultBatchLimits());
    }

    /** The configured sink, not yet connected; unknown sink keys are rejected here. */
    static Sink sink(ReplicatorConfig config) {
        SinkFactory factory = SinkLoader.find(config.sinkType());
        Sink sink = factory.create(config.sink());
        config.sink().rejectUnknownKeys();
        return sink;
    }
}
