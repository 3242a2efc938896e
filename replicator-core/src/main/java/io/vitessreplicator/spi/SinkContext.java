package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

/**
 * What a sink is told when it opens.
 *
 * @param pipeline       the pipeline name: the checkpoint's key
 * @param ownerToken     identifies this process (host, pid, random part); written with the claim
 * @param takeOver       true when the operator asked to take the pipeline over from another owner
 * @param commitObserver told each step of each commit ({@link CommitObserver#NONE} in production)
 */
public record SinkContext(String pipeline, String ownerToken, boolean takeOver, CommitObserver commitObserver) {
    public SinkContext {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(ownerToken, "ownerToken is null");
        requireNonNull(commitObserver, "commitObserver is null");
    }

    public SinkContext(String pipeline, String ownerToken, boolean takeOver) {
        this(pipeline, ownerToken, takeOver, CommitObserver.NONE);
    }
}
