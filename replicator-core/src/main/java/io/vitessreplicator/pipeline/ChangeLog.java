package io.vitessreplicator.pipeline;

import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.TableLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every row change, per table schema version in the order the versions appeared, each
 * version's changes in stream order: for sinks that keep a change log.
 */
final class ChangeLog implements ChangeBuffer {
    private final Map<TableSchema, List<RowChange>> tables = new LinkedHashMap<>();
    private int changes;

    @Override
    public void addAll(List<RowChange> list) {
        for (RowChange c : list) {
            tables.computeIfAbsent(c.schema(), s -> new ArrayList<>()).add(c);
        }
        changes += list.size();
    }

    @Override
    public void touch(TableSchema schema) {
        tables.computeIfAbsent(schema, s -> new ArrayList<>());
    }

    @Override
    public int changes() {
        return changes;
    }

    @Override
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    @Override
    public ChangeSet drain() {
        List<TableLog> out = new ArrayList<>(tables.size());
        tables.forEach((schema, list) -> out.add(new TableLog(schema, list)));
        tables.clear();
        changes = 0;
        return ChangeSet.ofLogs(out);
    }
}
