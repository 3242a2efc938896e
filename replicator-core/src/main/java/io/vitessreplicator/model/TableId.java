package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

/** A source table: its Vitess keyspace and its name. Shards of one keyspace share one TableId. */
public record TableId(String keyspace, String name) implements Comparable<TableId> {
    public TableId {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(name, "name is null");
    }

    /** Parses {@code keyspace.table}. */
    public static TableId parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException("Cannot parse table name '" + qualified
                    + "': expected keyspace.table");
        }
        return new TableId(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @Override
    public int compareTo(TableId o) {
        int c = keyspace.compareTo(o.keyspace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return keyspace + "." + name;
    }
}
