package io.vitessreplicator.source;

import io.vitessreplicator.model.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value MySQL gives existing rows when a column is added: its DEFAULT literal, or for a NOT
 * NULL column without one, the type's implicit default (0, '', the first ENUM member). Values are
 * the Java types of {@link ColumnType}'s table.
 */
final class ColumnDefaults {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][.S]");

    private ColumnDefaults() {}

    /**
     * The MySQL text of the value existing rows hold after {@code ADD COLUMN}, or empty when it is
     * NULL or cannot be known (an expression default such as CURRENT_TIMESTAMP).
     */
    static Optional<String> literalFor(ColumnType type, String defaultLiteral, boolean notNull) {
        if (defaultLiteral != null) {
            return Optional.of(defaultLiteral);
        }
        if (!notNull) {
            return Optional.empty();
        }
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, BIT, YEAR -> Optional.of("0");
            case CHAR, VARCHAR, TEXT, BINARY, VARBINARY, BLOB, SET -> Optional.of("");
            case ENUM -> type.elements().isEmpty() ? Optional.empty() : Optional.of(type.elements().get(0));
            default -> Optional.empty();
        };
    }

    /**
     * The Java value of a MySQL literal for a column of {@code type}, or empty when this type's
     * literal is not read here (the column is then filled with NULL; see docs/hard-cases.md).
     */
    static Optional<Object> parse(ColumnType type, String literal) {
        try {
            Object v = switch (type.kind()) {
                case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> {
                    BigInteger i = new BigDecimal(literal.trim()).toBigIntegerExact();
                    yield type.isUnsignedBigint() ? i : (Object) i.longValueExact();
                }
                case YEAR -> Integer.valueOf(literal.trim());
                case DECIMAL -> new BigDecimal(literal.trim()).setScale(type.scale());
                case FLOAT -> Float.valueOf(literal.trim());
                case DOUBLE -> Double.valueOf(literal.trim());
                case CHAR, VARCHAR, TEXT, ENUM, JSON -> literal;
                case BINARY, VARBINARY, BLOB -> literal.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                case SET -> literal.isEmpty() ? List.of() : new ArrayList<>(List.of(literal.split(",")));
                case DATE -> LocalDate.parse(literal.trim());
                case DATETIME -> LocalDateTime.parse(literal.trim(), DATETIME);
                default -> null;
            };
            return Optional.ofNullable(v);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
