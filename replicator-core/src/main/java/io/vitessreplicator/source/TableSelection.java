package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.model.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which tables of the configured keyspaces the pipeline replicates, and which it cannot.
 *
 * @param selected          matched by the filters and replicable
 * @param withoutPrimaryKey matched by the filters but without a primary key
 * @param found             every table found in the keyspaces (for messages)
 */
public record TableSelection(List<TableId> selected, List<TableId> withoutPrimaryKey, List<TableId> found) {
    public TableSelection {
        selected = List.copyOf(requireNonNull(selected, "selected is null"));
        withoutPrimaryKey = List.copyOf(requireNonNull(withoutPrimaryKey, "withoutPrimaryKey is null"));
        found = List.copyOf(requireNonNull(found, "found is null"));
    }

    /** True when the filters matched no table at all (with or without a primary key). */
    public boolean matchesNothing() {
        return selected.isEmpty() && withoutPrimaryKey.isEmpty();
    }

    /** The error for {@link #matchesNothing()}: names the key, the keyspaces and what was found. */
    public ConfigException noTableMatched(List<String> keyspaces) {
        return new ConfigException("Invalid config source.tables.include: it matches no table in keyspaces "
                + keyspaces + " (tables found: " + (found.isEmpty() ? "none" : found)
                + "). Fix the patterns (they match keyspace.table).");
    }

    public static TableSelection discover(TableDiscovery discovery, List<String> keyspaces, Predicate<TableId> include) {
        List<TableId> selected = new ArrayList<>();
        List<TableId> noPk = new ArrayList<>();
        List<TableId> found = new ArrayList<>();
        for (String keyspace : keyspaces) {
            for (Map.Entry<TableId, List<String>> e : discovery.primaryKeys(keyspace).entrySet()) {
                found.add(e.getKey());
                if (!include.test(e.getKey())) {
                    continue;
                }
                (e.getValue().isEmpty() ? noPk : selected).add(e.getKey());
            }
        }
        return new TableSelection(selected, noPk, found);
    }
}
