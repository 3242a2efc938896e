package io.vitessreplicator.spi.contract;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.util.List;

/** Hand-made column types and table schemas, as the source decoder would describe them. */
public final class TestTables {
    public static final ColumnType BIGINT = ColumnType.of(Kind.BIGINT, "bigint");
    public static final ColumnType INT = ColumnType.of(Kind.INT, "int");
    public static final ColumnType TEXT = ColumnType.of(Kind.TEXT, "text");
    public static final ColumnType VARCHAR_20 = length(Kind.VARCHAR, 20, "varchar(20)");

    private TestTables() {}

    public static ColumnType unsigned(Kind kind, String sqlType) {
        return new ColumnType(kind, true, 0, 0, 0, List.of(), sqlType);
    }

    public static ColumnType length(Kind kind, int length, String sqlType) {
        return new ColumnType(kind, false, length, 0, 0, List.of(), sqlType);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, false, 0, precision, scale, List.of(),
                "decimal(" + precision + "," + scale + ")");
    }

    public static ColumnType fraction(Kind kind, int digits, String sqlType) {
        return new ColumnType(kind, false, 0, digits, 0, List.of(), sqlType);
    }

    public static ColumnType elements(Kind kind, List<String> elements, String sqlType) {
        return new ColumnType(kind, false, 0, 0, 0, elements, sqlType);
    }

    public static Column col(String name, ColumnType type) {
        return new Column(name, type, true);
    }

    public static Column key(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    public static TableSchema table(String keyspace, String name, List<String> primaryKey, Column... columns) {
        return new TableSchema(new TableId(keyspace, name), List.of(columns), primaryKey);
    }

    public static TableSchema table(TableId id, List<String> primaryKey, List<Column> columns) {
        return new TableSchema(id, columns, primaryKey);
    }
}
