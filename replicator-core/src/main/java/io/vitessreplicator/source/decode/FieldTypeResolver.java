package io.vitessreplicator.source.decode;

import io.vitess.proto.Query;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one VStream {@code Query.Field} into a {@link ResolvedColumn}.
 *
 * <p>The column type text ({@code Field.column_type}, e.g. {@code decimal(65,30) unsigned},
 * {@code datetime(6)}, {@code enum('a','b')}) is the primary source: it is what MySQL prints and
 * it states lengths in characters. {@code Field.type} is not reliable on its own: for a
 * {@code _bin} collation VStream reports a VARCHAR as VARBINARY, a CHAR, ENUM or SET as BINARY,
 * and {@code column_length} is characters × 4 for text in every character set (Vitess 24 reports
 * 80 for a latin1 varchar(20), 40 for a utf8mb3 varchar(10)), not the column's byte length.
 * Only when {@code column_type} is empty (servers that do not fill it) is a type text
 * synthesized from {@code type}, {@code column_length} and {@code decimals}; ENUM and SET are
 * then unsupported because their members are unknown.
 */
final class FieldTypeResolver {
    static final int NOT_NULL_FLAG = Query.MySqlFlag.NOT_NULL_FLAG_VALUE;
    static final int PRI_KEY_FLAG = Query.MySqlFlag.PRI_KEY_FLAG_VALUE;
    static final int UNSIGNED_FLAG = Query.MySqlFlag.UNSIGNED_FLAG_VALUE;
    static final int ENUM_FLAG = Query.MySqlFlag.ENUM_FLAG_VALUE;
    static final int SET_FLAG = Query.MySqlFlag.SET_FLAG_VALUE;
    /** {@code Field.decimals} of FLOAT/DOUBLE declared without (M,D): MySQL's NOT_FIXED_DEC. */
    static final int NOT_FIXED_DECIMALS = 31;
    /** Bytes per character in a text field's column_length, whatever the character set (measured). */
    static final int TEXT_LENGTH_FACTOR = 4;

    private FieldTypeResolver() {}

    static ResolvedColumn resolve(Query.Field field) {
        int flags = field.getFlags();
        boolean notNull = (flags & NOT_NULL_FLAG) != 0;
        boolean primaryKey = (flags & PRI_KEY_FLAG) != 0;
        String columnType = field.getColumnType().strip();
        if (columnType.isEmpty()) {
            Optional<String> synthesized = synthesize(field);
            if (synthesized.isEmpty()) {
                return unsupported(field, notNull, primaryKey, field.getType().name().toLowerCase(Locale.ROOT),
                        "VStream sent no column_type, so its " + field.getType() + " members or length are unknown");
            }
            columnType = synthesized.get();
        }
        try {
            return resolve(field, columnType, notNull, primaryKey);
        } catch (IllegalArgumentException e) {
            return unsupported(field, notNull, primaryKey, columnType,
                    "its type text is not understood (" + e.getMessage() + ")");
        }
    }

    private static ResolvedColumn resolve(Query.Field field, String columnType, boolean notNull, boolean primaryKey) {
        String lower = columnType.toLowerCase(Locale.ROOT);
        int baseEnd = 0;
        while (baseEnd < lower.length() && lower.charAt(baseEnd) >= 'a' && lower.charAt(baseEnd) <= 'z') {
            baseEnd++;
        }
        String base = lower.substring(0, baseEnd);
        boolean unsigned = (field.getFlags() & UNSIGNED_FLAG) != 0 || lower.contains(" unsigned");
        Kind kind = kindOf(base);
        if (kind == null) {
            return unsupported(field, notNull, primaryKey, columnType, "MySQL type " + base + " has no mapping");
        }
        if (kind == Kind.ENUM || kind == Kind.SET) {
            MysqlCharset charset = textCharset(field);
            if (charset == null) {
                return unsupported(field, notNull, primaryKey, columnType, charsetProblem(field));
            }
            List<String> members = EnumSetMembers.parse(columnType);
            ColumnType type = new ColumnType(kind, false, 0, 0, 0, members, columnType);
            return new ResolvedColumn(field.getName(), type, notNull, primaryKey, charset, null);
        }
        int[] args = args(lower, baseEnd);
        MysqlCharset charset = null;
        int length = 0;
        int precision = 0;
        int scale = 0;
        switch (kind) {
            case CHAR, VARCHAR, TEXT -> {
                charset = textCharset(field);
                if (charset == null) {
                    return unsupported(field, notNull, primaryKey, columnType, charsetProblem(field));
                }
                if (charset.isBinary()) { // a text type in the binary character set holds bytes
                    kind = kind == Kind.CHAR ? Kind.BINARY : kind == Kind.VARCHAR ? Kind.VARBINARY : Kind.BLOB;
                    charset = null;
                }
                if (kind != Kind.TEXT && kind != Kind.BLOB) {
                    long byteLength = Integer.toUnsignedLong(field.getColumnLength());
                    long fallback = charset == null ? byteLength : byteLength / TEXT_LENGTH_FACTOR;
                    length = args.length > 0 ? args[0] : (int) fallback;
                }
            }
            case BINARY, VARBINARY -> length = args.length > 0 ? args[0] : field.getColumnLength();
            case BIT -> length = args.length > 0 ? args[0] : Math.max(1, field.getColumnLength());
            case JSON -> charset = MysqlCharset.forName("utf8mb4").orElseThrow();
            case DECIMAL -> {
                if (args.length > 0) {
                    precision = args[0];
                    scale = args.length > 1 ? args[1] : 0;
                } else {
                    scale = field.getDecimals();
                    precision = field.getColumnLength() - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1);
                }
            }
            case FLOAT, DOUBLE -> {
                if (args.length == 2) {
                    precision = args[0];
                    scale = args[1];
                }
            }
            case DATETIME, TIMESTAMP, TIME -> precision = args.length > 0 ? args[0]
                    : field.getDecimals() <= 6 ? field.getDecimals() : 0;
            default -> { }
        }
        if (precision < 0 || scale < 0 || length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        ColumnType type = new ColumnType(kind, unsigned && (kind.isInteger() || isNumeric(kind)),
                length, precision, scale, List.of(), columnType);
        return new ResolvedColumn(field.getName(), type, notNull, primaryKey, charset, null);
    }

    private static boolean isNumeric(Kind kind) {
        return kind == Kind.DECIMAL || kind == Kind.FLOAT || kind == Kind.DOUBLE;
    }

    private static Kind kindOf(String base) {
        return switch (base) {
            case "tinyint" -> Kind.TINYINT;
            case "smallint" -> Kind.SMALLINT;
            case "mediumint" -> Kind.MEDIUMINT;
            case "int", "integer" -> Kind.INT;
            case "bigint" -> Kind.BIGINT;
            case "decimal", "numeric" -> Kind.DECIMAL;
            case "float" -> Kind.FLOAT;
            case "double", "real" -> Kind.DOUBLE;
            case "bit" -> Kind.BIT;
            case "char" -> Kind.CHAR;
            case "varchar" -> Kind.VARCHAR;
            case "tinytext", "text", "mediumtext", "longtext" -> Kind.TEXT;
            case "binary" -> Kind.BINARY;
            case "varbinary" -> Kind.VARBINARY;
            case "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BLOB;
            case "date" -> Kind.DATE;
            case "datetime" -> Kind.DATETIME;
            case "timestamp" -> Kind.TIMESTAMP;
            case "time" -> Kind.TIME;
            case "year" -> Kind.YEAR;
            case "json" -> Kind.JSON;
            case "enum" -> Kind.ENUM;
            case "set" -> Kind.SET;
            default -> null; // geometry and its subtypes, vector, and anything newer
        };
    }

    /** The numbers inside the parentheses right after the base name: {@code (65,30)} → [65, 30]. */
    private static int[] args(String lower, int baseEnd) {
        if (baseEnd >= lower.length() || lower.charAt(baseEnd) != '(') {
            return new int[0];
        }
        int close = lower.indexOf(')', baseEnd);
        if (close < 0) {
            throw new IllegalArgumentException("no ')'");
        }
        String inside = lower.substring(baseEnd + 1, close);
        String[] parts = inside.split(",", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + inside + "' is not a length");
            }
        }
        return values;
    }

    private static MysqlCharset textCharset(Query.Field field) {
        return MysqlCharset.forCollation(field.getCharset()).orElse(null);
    }

    private static String charsetProblem(Query.Field field) {
        return MysqlCharset.nameOf(field.getCharset())
                .map(name -> "character set " + name + " (collation id " + field.getCharset()
                        + ") has no exact Java decoder")
                .orElse("collation id " + field.getCharset() + " is unknown");
    }

    private static ResolvedColumn unsupported(Query.Field field, boolean notNull, boolean primaryKey,
                                              String sqlType, String reason) {
        return new ResolvedColumn(field.getName(), ColumnType.of(Kind.UNSUPPORTED, sqlType), notNull, primaryKey,
                null, reason);
    }

    /** A column type text from the other Field attributes, for servers that leave column_type empty. */
    private static Optional<String> synthesize(Query.Field field) {
        long byteLength = Integer.toUnsignedLong(field.getColumnLength());
        int decimals = field.getDecimals();
        boolean binaryCharset = field.getCharset() == MysqlCharset.BINARY_COLLATION;
        long charLength = byteLength / TEXT_LENGTH_FACTOR;
        String fsp = decimals > 0 && decimals <= 6 ? "(" + decimals + ")" : "";
        boolean enumOrSet = (field.getFlags() & (ENUM_FLAG | SET_FLAG)) != 0;
        return Optional.ofNullable(switch (field.getType()) {
            case INT8 -> "tinyint";
            case UINT8 -> "tinyint unsigned";
            case INT16 -> "smallint";
            case UINT16 -> "smallint unsigned";
            case INT24 -> "mediumint";
            case UINT24 -> "mediumint unsigned";
            case INT32 -> "int";
            case UINT32 -> "int unsigned";
            case INT64 -> "bigint";
            case UINT64 -> "bigint unsigned";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case DECIMAL -> null; // parsed from column_length and decimals by resolve()
            case TIMESTAMP -> "timestamp" + fsp;
            case DATETIME -> "datetime" + fsp;
            case TIME -> "time" + fsp;
            case DATE -> "date";
            case YEAR -> "year";
            case BIT -> "bit(" + Math.max(1, byteLength) + ")";
            case TEXT -> "text";
            case BLOB -> binaryCharset ? "blob" : "text";
            case VARCHAR -> "varchar(" + charLength + ")";
            case VARBINARY -> binaryCharset ? "varbinary(" + byteLength + ")" : "varchar(" + charLength + ")";
            case CHAR -> "char(" + charLength + ")";
            case BINARY -> enumOrSet ? null : binaryCharset ? "binary(" + byteLength + ")" : "char(" + charLength + ")";
            case JSON -> "json";
            case GEOMETRY -> "geometry";
            case VECTOR -> "vector";
            default -> null;
        }).or(() -> field.getType() == Query.Type.DECIMAL ? Optional.of("decimal") : Optional.empty());
    }
}
