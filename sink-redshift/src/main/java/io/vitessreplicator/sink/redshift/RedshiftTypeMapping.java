package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.spi.FatalSinkException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The Redshift type of each MySQL column type (the table in sink-redshift/README.md).
 *
 * <p>Every target type holds every value of its source type exactly, or the column is refused
 * when the table is first seen, naming the column and the option that would map it
 * ({@link RedshiftTypeOptions}). Redshift counts VARCHAR lengths in bytes, MySQL in characters:
 * a MySQL VARCHAR(n) (utf8mb4, up to 4 bytes a character) becomes VARCHAR(4n), capped at 65535,
 * Redshift's maximum; the cap is the {@link RedshiftTypeOptions#longText()} policy. ENUM and SET
 * lengths are exact: the UTF-8 bytes of the longest member, or of all members joined by commas.
 *
 * <p>{@link SqlType#catalogName()} is the type as Redshift's {@code format_type()} prints it, for the
 * catalog check that compares existing tables (not written yet; to be verified against a cluster).
 */
public final class RedshiftTypeMapping {
    /** Redshift's longest VARCHAR, in bytes. */
    public static final int MAX_VARCHAR_BYTES = 65535;
    /** Redshift's longest VARBYTE, in bytes. */
    public static final int MAX_VARBYTE_BYTES = 16_777_216;
    /** Redshift's largest DECIMAL precision. */
    public static final int MAX_DECIMAL_PRECISION = 38;
    /** MySQL's longest TIME text: {@code -838:59:59.000000}. */
    static final int TIME_TEXT_LENGTH = 17;

    private final RedshiftTypeOptions options;

    public RedshiftTypeMapping(RedshiftTypeOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options is null");
    }

    public RedshiftTypeOptions options() {
        return options;
    }

    /**
     * @throws FatalSinkException when the type has no mapping (GEOMETRY, VECTOR, ...) or the chosen
     *         policy for it is to stop
     */
    public SqlType of(TableId table, Column column) {
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
            // BIT(n) as its unsigned value, as MySQL's b+0 shows it; BIT(64) does not fit a BIGINT.
            case BIT -> bit(table, column);
            case CHAR, VARCHAR -> text(table, column, (long) Math.max(t.length(), 1) * 4);
            case TEXT -> text(table, column, textBytes(t.sqlType()));
            case ENUM -> varchar(Math.max(1, t.elements().stream().mapToInt(RedshiftTypeMapping::utf8).max().orElse(1)));
            case SET -> varchar(Math.max(1, t.elements().stream().mapToInt(RedshiftTypeMapping::utf8).sum()
                    + Math.max(0, t.elements().size() - 1)));
            case BINARY, VARBINARY -> varbyte(Math.max(t.length(), 1));
            case BLOB -> blob(table, column);
            case DATE -> SqlType.same("date");
            // Redshift timestamps always keep microseconds: DATETIME(0..6) all fit.
            case DATETIME -> {
                fractionDigits(table, column);
                yield new SqlType("timestamp", "timestamp without time zone");
            }
            case TIMESTAMP -> {
                fractionDigits(table, column);
                yield new SqlType("timestamptz", "timestamp with time zone");
            }
            case TIME -> {
                fractionDigits(table, column);
                yield options.time() == RedshiftTypeOptions.TimeType.TIME
                        ? new SqlType("time", "time without time zone")
                        : varchar(TIME_TEXT_LENGTH);
            }
            case YEAR -> SqlType.same("smallint");
            case JSON -> options.jsonAsSuper() ? SqlType.same("super") : varchar(MAX_VARCHAR_BYTES);
            case UNSUPPORTED -> throw unsupported(table, column, "it has no Redshift mapping in this sink", null);
        };
    }

    /** True when {@code type} is a VARCHAR, the only type Redshift can widen in place. */
    public static boolean isVarchar(SqlType type) {
        return type.ddl().startsWith("varchar(");
    }

    /** The declared length of a VARCHAR type, in bytes. */
    public static int varcharLength(SqlType type) {
        if (!isVarchar(type)) {
            throw new IllegalArgumentException("not a varchar: " + type.ddl());
        }
        return Integer.parseInt(type.ddl().substring("varchar(".length(), type.ddl().length() - 1));
    }

    private SqlType decimal(TableId table, Column column) {
        ColumnType t = column.type();
        if (t.precision() < 1 || t.precision() > 65 || t.scale() < 0 || t.scale() > t.precision()) {
            throw unsupported(table, column, "precision " + t.precision() + " and scale " + t.scale()
                    + " are not a valid DECIMAL(p,s)", null);
        }
        if (t.precision() <= MAX_DECIMAL_PRECISION) {
            return SqlType.same("numeric(" + t.precision() + "," + t.scale() + ")");
        }
        if (options.wideDecimal() == RedshiftTypeOptions.WideDecimal.STOP) {
            throw unsupported(table, column, "Redshift DECIMAL holds at most " + MAX_DECIMAL_PRECISION + " digits",
                    "set the Redshift option wide-decimal: varchar to keep its values exactly as text");
        }
        // sign, digits and the point
        return varchar(t.precision() + (t.scale() > 0 ? 2 : 1));
    }

    private static SqlType bit(TableId table, Column column) {
        int n = column.type().length();
        if (n < 1 || n > 64) {
            throw unsupported(table, column, "a BIT column has 1 to 64 bits, this one " + n, null);
        }
        return n < 64 ? SqlType.same("bigint") : SqlType.same("numeric(20,0)");
    }

    private SqlType text(TableId table, Column column, long maxBytes) {
        if (maxBytes <= MAX_VARCHAR_BYTES) {
            return varchar((int) maxBytes);
        }
        if (options.longText() == RedshiftTypeOptions.LongText.STOP) {
            throw unsupported(table, column, "its values may take up to " + maxBytes + " bytes and a Redshift"
                    + " VARCHAR holds at most " + MAX_VARCHAR_BYTES, "set the Redshift option long-text: varchar-max"
                    + " to map it to VARCHAR(65535) (a longer value then stops the batch; none is cut), or varbyte"
                    + " to keep its UTF-8 bytes in a VARBYTE(16777216)");
        }
        if (options.longText() == RedshiftTypeOptions.LongText.VARBYTE) {
            return varbyte(MAX_VARBYTE_BYTES);
        }
        return varchar(MAX_VARCHAR_BYTES);
    }

    private SqlType blob(TableId table, Column column) {
        long maxBytes = blobBytes(column.type().sqlType());
        if (maxBytes <= MAX_VARBYTE_BYTES) {
            return varbyte((int) maxBytes);
        }
        if (options.longText() == RedshiftTypeOptions.LongText.STOP) {
            throw unsupported(table, column, "its values may take up to " + maxBytes + " bytes and a Redshift"
                    + " VARBYTE holds at most " + MAX_VARBYTE_BYTES, "set the Redshift option long-text: varchar-max"
                    + " to map it to VARBYTE(16777216) (a longer value then stops the batch; none is cut)");
        }
        return varbyte(MAX_VARBYTE_BYTES);
    }

    private static SqlType varchar(int bytes) {
        return new SqlType("varchar(" + bytes + ")", "character varying(" + bytes + ")");
    }

    private static SqlType varbyte(int bytes) {
        return new SqlType("varbyte(" + bytes + ")", "varbyte(" + bytes + ")");
    }

    private static long textBytes(String sqlType) {
        String s = sqlType.toLowerCase(Locale.ROOT);
        if (s.startsWith("tinytext")) {
            return 255;
        }
        if (s.startsWith("mediumtext")) {
            return 16_777_215L;
        }
        if (s.startsWith("longtext")) {
            return 4_294_967_295L;
        }
        return 65_535; // TEXT
    }

    private static long blobBytes(String sqlType) {
        String s = sqlType.toLowerCase(Locale.ROOT);
        if (s.startsWith("tinyblob") || s.startsWith("tinytext")) {
            return 255;
        }
        if (s.startsWith("mediumblob") || s.startsWith("mediumtext")) {
            return 16_777_215L;
        }
        if (s.startsWith("longblob") || s.startsWith("longtext")) {
            return 4_294_967_295L;
        }
        return 65_535; // BLOB
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void fractionDigits(TableId table, Column column) {
        int p = column.type().precision();
        if (p < 0 || p > 6) {
            throw unsupported(table, column, "fractional seconds precision " + p + " is outside 0..6", null);
        }
    }

    static FatalSinkException unsupported(TableId table, Column column, String why, String fix) {
        return new FatalSinkException("Cannot map column " + table + "." + column.name() + " of type "
                + column.type().sqlType() + " to Redshift: " + why + ". "
                + (fix == null ? "" : "To replicate it, " + fix + "; or exclude ")
                + (fix == null ? "Exclude " : "")
                + "the table (source.tables.exclude) or the column (source.columns.exclude), or change the"
                + " column's type at the source.");
    }

    /** The types of a table's columns, in order. */
    public List<SqlType> columnTypes(TableId table, List<Column> columns) {
        return columns.stream().map(c -> of(table, c)).toList();
    }
}
