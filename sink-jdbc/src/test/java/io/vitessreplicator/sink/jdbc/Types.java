package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.util.List;

/** Hand-made column types and table schemas, as the source decoder would describe them. */
final class Types {
    private Types() {}

    static ColumnType of(Kind kind, String sqlType) {
        return ColumnType.of(kind, sqlType);
    }

    static ColumnType unsigned(Kind kind, String sqlType) {
        return new ColumnType(kind, true, 0, 0, 0, List.of(), sqlType);
    }

    static ColumnType length(Kind kind, int length, String sqlType) {
        return new ColumnType(kind, false, length, 0, 0, List.of(), sqlType);
    }

    static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, false, 0, precision, scale, List.of(),
                "decimal(" + precision + "," + scale + ")");
    }

    static ColumnType fraction(Kind kind, int digits, String sqlType) {
        return new ColumnType(kind, false, 0, digits, 0, List.of(), sqlType);
    }

    static ColumnType elements(Kind kind, List<String> elements, String sqlType) {
        return new ColumnType(kind, false, 0, 0, 0, elements, sqlType);
    }

    static Column col(String name, ColumnType type) {
        return new Column(name, type, true);
    }

    static Column key(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    static TableSchema table(String keyspace, String name, List<String> primaryKey, Column... columns) {
        return new TableSchema(new TableId(keyspace, name), List.of(columns), primaryKey);
    }

    static final ColumnType BIGINT = of(Kind.BIGINT, "bigint");
    static final ColumnType INT = of(Kind.INT, "int");
    static final ColumnType TEXT = of(Kind.TEXT, "text");
    static final ColumnType VARCHAR_20 = length(Kind.VARCHAR, 20, "varchar(20)");
}
