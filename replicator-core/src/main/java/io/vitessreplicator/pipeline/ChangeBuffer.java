package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.SinkCapabilities;
import java.util.List;

/**
 * Holds the row changes of the batch being built until the batcher writes them to the sink, in
 * the form the sink takes: {@link Coalescer} (net per key) or {@link ChangeLog} (every change).
 * Public for tools and tests that feed a sink as the batcher does.
 */
public interface ChangeBuffer {

    static ChangeBuffer forForm(SinkCapabilities.ChangeForm form) {
        return form == SinkCapabilities.ChangeForm.NET ? new Coalescer() : new ChangeLog();
    }

    void addAll(List<RowChange> changes);

    /** Makes the table part of the next drain even if no row of it arrives. */
    void touch(TableSchema schema);

    /** Row changes added since the last drain. */
    int changes();

    boolean isEmpty();

    /** What is held, and a fresh start. */
    ChangeSet drain();
}
