package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

/**
 * What a sink is told when it opens.
 *
 * @param pipeline    the pipeline name: the checkpoint's key
 * @param ownerToken  identifies this process (host, pid, random part); written with every commit
 * @param takeOver    true when the operator asked to take the pipeline over from another owner
 */
public record SinkContext(String pipeline, String ownerToken, boolean takeOver) {
    public SinkContext {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(ownerToken, "ownerToken is null");
    }
}
