package io.vitessreplicator.spi;

import io.vitessreplicator.model.TableId;
import java.util.List;

/**
 * A sink whose target gains from rewriting what it wrote now and then (small files, a change log
 * that grows). {@code bin/replicator compact} calls it on an opened sink; the sink may also do it
 * on a schedule of its own while it runs.
 */
public interface Compactable {

    /**
     * Rewrites the named tables (all, when empty) into their current state, as one commit that
     * moves the checkpoint nowhere.
     *
     * @return one line per table rewritten, for the operator
     */
    List<String> compact(List<TableId> tables);
}
