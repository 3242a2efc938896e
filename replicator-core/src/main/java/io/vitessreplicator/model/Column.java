package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

/** A column of a source table. */
public record Column(String name, ColumnType type, boolean nullable) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
