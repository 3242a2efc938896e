package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one {@link BatchWriter#write} call stages, in the form the sink declared
 * ({@link SinkCapabilities#changeForm()}); the other list is empty.
 *
 * @param tables for {@link SinkCapabilities.ChangeForm#NET} sinks: the net changes of each table
 *               touched (a table may appear with no rows: it was seen, and its target should exist)
 * @param logs   for {@link SinkCapabilities.ChangeForm#EVERY_CHANGE} sinks: every change of each table
 */
public record ChangeSet(List<TableChanges> tables, List<TableLog> logs) {
    public ChangeSet {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        logs = List.copyOf(requireNonNull(logs, "logs is null"));
    }

    /** Net changes ({@link SinkCapabilities.ChangeForm#NET}). */
    public ChangeSet(List<TableChanges> tables) {
        this(tables, List.of());
    }

    /** Every change ({@link SinkCapabilities.ChangeForm#EVERY_CHANGE}). */
    public static ChangeSet ofLogs(List<TableLog> logs) {
        return new ChangeSet(List.of(), logs);
    }

    /** Rows in this set (net rows, or changes). */
    public int rowCount() {
        return tables.stream().mapToInt(TableChanges::size).sum() + logs.stream().mapToInt(TableLog::size).sum();
    }

    public boolean isEmpty() {
        return tables.isEmpty() && logs.isEmpty();
    }
}
