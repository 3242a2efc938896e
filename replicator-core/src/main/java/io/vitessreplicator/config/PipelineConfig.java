package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The {@code pipeline:} section.
 *
 * @param name           the pipeline's identity: the key of its checkpoint in the target, so
 *                       renaming it starts over from scratch; 1-63 of {@code [A-Za-z0-9_.-]}
 * @param batch          when a batch is cut
 * @param bufferMaxBytes bound of the buffer between the VStream reader and the batcher; when full,
 *                       reading pauses (back-pressure) instead of growing the heap
 * @param takeover       start even though another process owns the pipeline's checkpoint, fencing
 *                       it off; for moving a pipeline to a new host, never for running two at once
 * @param schemaChanges  what to do when the source schema changes
 */
public record PipelineConfig(String name, BatchLimits batch, long bufferMaxBytes, boolean takeover,
                             SchemaChangePolicy schemaChanges) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final long MIB = 1024L * 1024;

    public static final long DEFAULT_BUFFER_MAX_BYTES = 256 * MIB;

    public PipelineConfig {
        requireNonNull(name, "name is null");
        requireNonNull(batch, "batch is null");
        requireNonNull(schemaChanges, "schemaChanges is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pipeline name '" + name + "' is not 1-63 of [A-Za-z0-9_.-]");
        }
    }

    /** Reads the {@code pipeline} section with the default batch limits. */
    public static PipelineConfig from(ConfigNode pipeline) {
        return from(pipeline, BatchLimits.DEFAULTS);
    }

    /**
     * Reads the {@code pipeline} section and rejects unknown keys in it and below it.
     *
     * @param batchDefaults the sink's defaults for {@code pipeline.batch}
     */
    public static PipelineConfig from(ConfigNode pipeline, BatchLimits batchDefaults) {
        String name = pipeline.requiredString("name").trim();
        if (!NAME.matcher(name).matches()) {
            throw pipeline.error("name", "must be 1 to 63 letters, digits, '_', '.' or '-' (it names the"
                    + " checkpoint in the target), found '" + name + "'");
        }
        BatchLimits batch = BatchLimits.from(pipeline.section("batch"), batchDefaults);
        ConfigNode buffer = pipeline.section("buffer");
        long bufferMaxBytes = buffer.bytes("max-bytes", DEFAULT_BUFFER_MAX_BYTES, MIB, 16 * 1024 * MIB);
        buffer.rejectUnknownKeys();
        boolean takeover = pipeline.bool("takeover", false);
        SchemaChangePolicy schemaChanges = SchemaChangePolicy.from(pipeline.section("schema-changes"));
        pipeline.rejectUnknownKeys();
        return new PipelineConfig(name, batch, bufferMaxBytes, takeover, schemaChanges);
    }
}
