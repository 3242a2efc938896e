package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What one {@link BatchWriter#write} call stages: the net changes of each table touched. */
public record ChangeSet(List<TableChanges> tables) {
    public ChangeSet {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }

    public int rowCount() {
        return tables.stream().mapToInt(TableChanges::size).sum();
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
