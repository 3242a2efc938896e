package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/**
 * The whole validated configuration, read once at start and then immutable.
 *
 * <p>The {@code sink:} section is not validated here: only its {@code type} is read, to choose the
 * sink factory, which reads the rest of {@link #sink()} and then calls
 * {@link ConfigNode#rejectUnknownKeys()} on that same node. Until then a typo under {@code sink:}
 * goes unnoticed, so whoever starts the sink must make that call before doing any work.
 *
 * @param source   where changes come from
 * @param pipeline batching, buffering and the checkpoint's name
 * @param sinkType {@code sink.type}, as written (trimmed)
 * @param sink     the {@code sink:} section, for the sink factory; {@code type} is already read
 * @param metrics  the metrics and health endpoint
 */
public record ReplicatorConfig(SourceConfig source, PipelineConfig pipeline, String sinkType, ConfigNode sink,
                               MetricsConfig metrics) {
    public ReplicatorConfig {
        requireNonNull(source, "source is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(sinkType, "sinkType is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(metrics, "metrics is null");
    }

    /**
     * Validates every section except the sink's keys beyond {@code type}.
     *
     * @param root the node {@link ConfigLoader} returned
     * @throws ConfigException naming the first invalid, missing or unknown key
     */
    public static ReplicatorConfig from(ConfigNode root) {
        return from(root, type -> BatchLimits.DEFAULTS);
    }

    /**
     * {@link #from(ConfigNode)}, with the batch limits' defaults of the configured sink type.
     *
     * @param batchDefaults {@code sink.type} → the sink's default {@code pipeline.batch} limits
     */
    public static ReplicatorConfig from(ConfigNode root, Function<String, BatchLimits> batchDefaults) {
        // Unknown top-level keys first: with "soruce:" the useful message is the typo, not
        // "source.vtgate is required".
        for (String section : new String[] {"source", "pipeline", "sink", "metrics"}) {
            root.has(section);
        }
        root.rejectUnknownKeys();
        SourceConfig source = SourceConfig.from(root.section("source"));
        ConfigNode sink = root.section("sink");
        String sinkType = sink.requiredString("type").trim();
        PipelineConfig pipeline = PipelineConfig.from(root.section("pipeline"), batchDefaults.apply(sinkType));
        MetricsConfig metrics = MetricsConfig.from(root.section("metrics"));
        return new ReplicatorConfig(source, pipeline, sinkType, sink, metrics);
    }

    /** The same config with {@code pipeline.takeover} set (the {@code run --takeover} flag). */
    public ReplicatorConfig withTakeover() {
        PipelineConfig p = new PipelineConfig(pipeline.name(), pipeline.batch(), pipeline.bufferMaxBytes(), true,
                pipeline.schemaChanges());
        return new ReplicatorConfig(source, p, sinkType, sink, metrics);
    }
}
