package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableSchema;
import java.util.List;

/**
 * Every change to one table in one {@link BatchWriter#write} call, in stream order, for
 * {@link SinkCapabilities.ChangeForm#EVERY_CHANGE} sinks. Each change has its before image (updates,
 * deletes), its after image (inserts, updates, copied rows) and its {@link RowChange#origin()}; rows
 * are in {@code schema}'s column order.
 */
public record TableLog(TableSchema schema, List<RowChange> changes) {
    public TableLog {
        requireNonNull(schema, "schema is null");
        requireNonNull(changes, "changes is null");
    }

    public int size() {
        return changes.size();
    }
}
