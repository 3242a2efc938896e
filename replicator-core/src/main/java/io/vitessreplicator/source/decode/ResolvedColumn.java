package io.vitessreplicator.source.decode;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.ColumnType;

/**
 * What one VStream field says about its column.
 *
 * @param name              column name
 * @param type              the exact type; {@link ColumnType.Kind#UNSUPPORTED} when it has no mapping
 * @param notNull           MySQL's NOT NULL flag
 * @param primaryKey        MySQL's PRI_KEY flag
 * @param charset           how text bytes are decoded; null for non-text kinds
 * @param unsupportedReason why the type is UNSUPPORTED, or null
 */
record ResolvedColumn(String name, ColumnType type, boolean notNull, boolean primaryKey,
                      MysqlCharset charset, String unsupportedReason) {
    ResolvedColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    boolean isSupported() {
        return type.kind() != ColumnType.Kind.UNSUPPORTED;
    }
}
