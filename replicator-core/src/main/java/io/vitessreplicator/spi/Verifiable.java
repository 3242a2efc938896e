package io.vitessreplicator.spi;

/**
 * A sink whose target can be read back, so that {@code bin/replicator verify} can compare it with
 * the source. Optional, like {@link Compactable}: a sink without it cannot be verified, and
 * {@code verify} says so naming the sink type.
 *
 * <p>Called on a sink that was <em>not</em> opened: verify runs next to the live pipeline and must
 * not claim it. The reader reads what the target has committed; it never writes.
 */
public interface Verifiable {

    /**
     * Connects to the target of pipeline {@code pipeline} for reading (a target that keeps each
     * pipeline's state apart, as the Parquet sink's manifests do, reads that pipeline's tables).
     * The caller closes the reader.
     */
    TargetReader openTargetReader(String pipeline);
}
