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
 * by {@link CopyTextEncoder} before they reach the server.
 */
final class PostgresTypeMapping {
    private PostgresTypeMapping() {}

    /**
     * @throws FatalSinkException when the type has no documented mapping (GEOMETRY, VECTOR, ...)
     *         or its declaration is out of range
     */
    static PgType of(TableId table, Column column) {
        ColumnType t = column.type();
        return switch (t.kind()) {
            case TINYINT -> PgType.same("smallint");
            case SMALLINT -> PgType.same(t.unsigned() ? "integer" : "smallint");
            case MEDIUMINT -> PgType.same("integer");
            case INT -> PgType.same(t.unsigned() ? "bigint" : "integer");
            case BIGINT -> t.unsigned() ? PgType.same("numeric(20,0)") : PgType.same("bigint");
            case DECIMAL -> decimal(table, column);
            case FLOAT -> PgType.same("real");
            case DOUBLE -> PgType.same("double precision");
            case BIT -> bit(table, column);
            case CHAR, VARCHAR -> t.length() > 0
                    ? new PgType("varchar(" + t.length() + ")", "character varying(" + t.length() + ")")
                    // CHAR(0)/VARCHAR(0) hold only '' or NULL; PostgreSQL has no varchar(0).
                    : PgType.same("text");
            case TEXT, ENUM -> PgType.same("text");
            case BINARY, VARBINARY, BLOB -> PgType.same("bytea");
            case DATE -> PgType.same("date");
            case DATETIME -> new PgType("timestamp(" + fractionDigits(table, column) + ")",
                    "timestamp(" + fractionDigits(table, column) + ") without time zone");
            case TIMESTAMP -> new PgType("timestamptz(" + fractionDigits(table, column) + ")",
                    "timestamp(" + fractionDigits(table, column) + ") with time zone");
            case TIME -> {
                fractionDigits(table, column);
                yield PgType.same("interval");
            }
            case YEAR -> PgType.same("smallint");
            case JSON -> PgType.same("jsonb");
            case SET -> PgType.same("text[]");
            case UNSUPPORTED -> throw unsupported(table, column, "it has no PostgreSQL mapping in this sink");
        };
    }

    private static PgType decimal(TableId table, Column column) {
        ColumnType t = column.type();
        if (t.precision() < 1 || t.precision() > 1000 || t.scale() < 0 || t.scale() > t.precision()) {
            throw unsupported(table, column, "precision " + t.precision() + " and scale " + t.scale()
                    + " are not a valid numeric(p,s)");
        }
        String name = "numeric(" + t.precision() + "," + t.scale() + ")";
        return PgType.same(name);
    }

    private static PgType bit(TableId table, Column column) {
        int n = column.type().length();
        if (n < 1 || n > 64) {
            throw unsupported(table, column, "a BIT column has 1 to 64 bits, this one " + n);
        }
        return PgType.same("bit(" + n + ")");
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
