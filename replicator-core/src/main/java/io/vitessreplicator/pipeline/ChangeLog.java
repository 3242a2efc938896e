package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.TableLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every row change, in stream order per table, for sinks that keep a change log. A table's
 * changes form runs of one schema version each: when a table's rows switch shape (an ALTER, or
 * two shards on either side of one), a new run starts, so the logs of one table are drained in
 * the order their changes happened even when versions interleave (A, B, then A again).
 */
final class ChangeLog implements ChangeBuffer {
    /** Every run, in the order it started. */
    private final List<Run> runs = new ArrayList<>();
    /** Per table, its latest run. */
    private final Map<TableId, Run> current = new HashMap<>();
    private Run last;
    /**
     * The schema instance that last found {@link #last}: each shard's stream carries its own (equal)
     * instance of a table's schema, so comparing with the run's own instance alone would compare
     * the columns of every row from the other shards.
     */
    private TableSchema lastSchema;
    private int changes;

    private record Run(TableSchema schema, List<RowChange> changes) {}

    @Override
    public void addAll(List<RowChange> list) {
        for (RowChange c : list) {
            runOf(c.schema()).changes().add(c);
        }
        changes += list.size();
    }

    private Run runOf(TableSchema schema) {
        Run run = last;
        if (run != null && lastSchema == schema) {
            return run;
        }
        run = current.get(schema.id());
        if (run == null || !run.schema().equals(schema)) {
            run = new Run(schema, new ArrayList<>());
            runs.add(run);
            current.put(schema.id(), run);
        }
        last = run;
        lastSchema = schema;
        return run;
    }

    @Override
    public void touch(TableSchema schema) {
        runOf(schema);
    }

    @Override
    public int changes() {
        return changes;
    }

    @Override
    public boolean isEmpty() {
        return runs.isEmpty();
    }

    @Override
    public ChangeSet drain() {
        List<TableLog> out = new ArrayList<>(runs.size());
        for (Run run : runs) {
            out.add(new TableLog(run.schema(), run.changes()));
        }
        runs.clear();
        current.clear();
        last = null;
        lastSchema = null;
        changes = 0;
        return ChangeSet.ofLogs(out);
    }
}
