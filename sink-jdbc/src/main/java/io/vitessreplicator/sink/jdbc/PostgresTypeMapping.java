package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.FatalSinkException;

/**
 * The PostgreSQL type of each MySQL column type (the table in sink-jdbc/README.md).
 *
 * <p>Each target type holds every value of its source type exactly; where PostgreSQL has no
 * exact equivalent the mapping chooses the narrowest type that does (BIGINT UNSIGNED needs
 * numeric(20,0); TIME, a signed duration up to 838 hours, needs interval). Values the target type
 * could still reject (NUL characters, fractional digits beyond the declared precision) are caught
 * by the COPY encoders ({@link CopyBinaryEncoder}, {@link CopyTextEncoder}) before they reach the
 * server. The binary one writes each of these types' binary form, so a type added here needs a
 * form in {@link CopyBinaryFormats} too (else its tables fall back to text).
 */
final class PostgresTypeMapping {
    private PostgresTypeMapping() {}

    /**
     * @throws FatalSinkException when the type has no documented mapping (GEOMETRY, VECTOR, ...)
     *         or its declaration is out of range
     */
    static SqlType of(TableId table, Column column) {
        ColumnType t = column.type();
        return switch (t.kind()) {
            case TINYINT -> SqlType.same("smallint");
            case SMALLINT -> SqlType.same(t.unsigned() ? "integer" : "smallint");
            case MEDIUMINT -> SqlType.same("integer");
            case INT -> SqlType.same(t.unsigned() ? "bigint" : "integer");
            case BIGINT -> t.unsigned() ? SqlType.same("numeric(20,0)") : SqlType.same("bigint");
            case DECIMAL -> decimal(table, column);
            case FLOAT -> SqlType.same("real");
            case DOUBLE -> SqlType.same("double precision");
            case BIT -> bit(table, column);
            case CHAR, VARCHAR -> t.length() > 0
                    ? new SqlType("varchar(" + t.length() + ")", "character varying(" + t.length() + ")")
                    // CHAR(0)/VARCHAR(0) hold only '' or NULL; PostgreSQL has no varchar(0).
                    : SqlType.same("text");
            case TEXT, ENUM -> SqlType.same("text");
            case BINARY, VARBINARY, BLOB -> SqlType.same("bytea");
            case DATE -> SqlType.same("date");
            case DATETIME -> new SqlType("timestamp(" + fractionDigits(table, column) + ")",
                    "timestamp(" + fractionDigits(table, column) + ") without time zone");
            case TIMESTAMP -> new SqlType("timestamptz(" + fractionDigits(table, column) + ")",
                    "timestamp(" + fractionDigits(table, column) + ") with time zone");
            case TIME -> {
                fractionDigits(table, column);
                yield SqlType.same("interval");
            }
            case YEAR -> SqlType.same("smallint");
            case JSON -> SqlType.same("jsonb");
            case SET -> SqlType.same("text[]");
            case UNSUPPORTED -> throw unsupported(table, column, "it has no PostgreSQL mapping in this sink");
        };
    }

    private static SqlType decimal(TableId table, Column column) {
        ColumnType t = column.type();
        if (t.precision() < 1 || t.precision() > 1000 || t.scale() < 0 || t.scale() > t.precision()) {
            throw unsupported(table, column, "precision " + t.precision() + " and scale " + t.scale()
                    + " are not a valid numeric(p,s)");
        }
        String name = "numeric(" + t.precision() + "," + t.scale() + ")";
        return SqlType.same(name);
    }

    private static SqlType bit(TableId table, Column column) {
        int n = column.type().length();
        if (n < 1 || n > 64) {
            throw unsupported(table, column, "a BIT column has 1 to 64 bits, this one " + n);
        }
        return SqlType.same("bit(" + n + ")");
    }

    private static int fractionDigits(TableId table, Column column) {
        int p = column.type().precision();
        if (p < 0 || p > 6) {
            throw unsupported(table, column, "fractional seconds precision " + p + " is outside 0..6");
        }
        return p;
    }

    private static FatalSinkException unsupported(TableId table, Column column, String why) {
        return new FatalSinkException("Cannot map column " + table + "." + column.name() + " of type "
                + column.type().sqlType() + " to PostgreSQL: " + why
                + ". Exclude the table (source.tables.exclude) or change the column's type at the source.");
    }
}
