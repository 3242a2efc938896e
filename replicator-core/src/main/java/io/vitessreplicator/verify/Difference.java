package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A key whose rows differ between source and target, confirmed by {@link KeyRecheck}.
 *
 * @param key     the key, as {@code id=5} or {@code (a=1, b='x')}
 * @param kind    how it differs
 * @param columns for {@link Kind#CHANGED}: the columns whose values differ; empty otherwise
 */
record Difference(String key, Kind kind, List<String> columns) {
    enum Kind {
        /** Both have the key with other values. */
        CHANGED("changed"),
        /** The source has the key, the target does not. */
        MISSING("missing in target"),
        /** The target has the key, the source does not. */
        EXTRA("extra in target");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    Difference {
        requireNonNull(key, "key is null");
        requireNonNull(kind, "kind is null");
        columns = List.copyOf(columns);
    }
}
