package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.util.List;

/** Hand-made column types and the sample tables the tests and golden files use. */
final class Samples {
    private Samples() {}

    static final TableId ORDERS = new TableId("shop", "orders");
    static final TableId EVERY_TYPE = new TableId("shop", "every_type");

    static ColumnType type(Kind kind, String sqlType) {
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

    /** A composite key, mixed-case and reserved-word names. */
    static TableSchema orders() {
        return new TableSchema(ORDERS, List.of(
                key("tenant_id", type(Kind.INT, "int")),
                key("OrderId", type(Kind.BIGINT, "bigint")),
                col("order", length(Kind.VARCHAR, 40, "varchar(40)")),
                col("amount", decimal(12, 2)),
                col("note", type(Kind.TEXT, "text"))), List.of("tenant_id", "OrderId"));
    }

    /** One column of every mapped MySQL type. */
    static TableSchema everyType() {
        return new TableSchema(EVERY_TYPE, List.of(
                key("id", unsigned(Kind.BIGINT, "bigint unsigned")),
                col("c_tinyint", type(Kind.TINYINT, "tinyint")),
                col("c_smallint_u", unsigned(Kind.SMALLINT, "smallint unsigned")),
                col("c_mediumint", type(Kind.MEDIUMINT, "mediumint")),
                col("c_int", type(Kind.INT, "int")),
                col("c_int_u", unsigned(Kind.INT, "int unsigned")),
                col("c_bigint", type(Kind.BIGINT, "bigint")),
                col("c_decimal", decimal(38, 10)),
                col("c_float", type(Kind.FLOAT, "float")),
                col("c_double", type(Kind.DOUBLE, "double")),
                col("c_bit", length(Kind.BIT, 5, "bit(5)")),
                col("c_bit64", length(Kind.BIT, 64, "bit(64)")),
                col("c_char", length(Kind.CHAR, 3, "char(3)")),
                col("c_varchar", length(Kind.VARCHAR, 255, "varchar(255)")),
                col("c_tinytext", type(Kind.TEXT, "tinytext")),
                col("c_text", type(Kind.TEXT, "text")),
                col("c_longtext", type(Kind.TEXT, "longtext")),
                col("c_binary", length(Kind.BINARY, 16, "binary(16)")),
                col("c_varbinary", length(Kind.VARBINARY, 300, "varbinary(300)")),
                col("c_blob", type(Kind.BLOB, "blob")),
                col("c_date", type(Kind.DATE, "date")),
                col("c_datetime", fraction(Kind.DATETIME, 6, "datetime(6)")),
                col("c_timestamp", fraction(Kind.TIMESTAMP, 3, "timestamp(3)")),
                col("c_time", fraction(Kind.TIME, 0, "time")),
                col("c_year", type(Kind.YEAR, "year")),
                col("c_json", type(Kind.JSON, "json")),
                col("c_enum", elements(Kind.ENUM, List.of("small", "médium", "large"), "enum('small','médium','large')")),
                col("c_set", elements(Kind.SET, List.of("a", "b", "c"), "set('a','b','c')"))), List.of("id"));
    }

    static TargetTable target(TableSchema source, String schema, String name, DeleteMode mode, RedshiftTypeMapping types) {
        return new TargetTable(source, schema, name, RedshiftIdentifiers.qualified(schema, name),
                types.columnTypes(source.id(), source.columns()), mode);
    }

    static TargetTable orders(DeleteMode mode) {
        return target(orders(), "warehouse", "orders", mode, new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS));
    }
}
