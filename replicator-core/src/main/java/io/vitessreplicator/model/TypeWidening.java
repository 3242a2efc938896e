package io.vitessreplicator.model;

import io.vitessreplicator.model.ColumnType.Kind;
import java.math.BigInteger;
import java.util.List;

/**
 * Which MySQL type changes are lossless widenings: every value of the old type is a value of the
 * new type, unchanged. Only these are applied in place; anything else follows
 * {@code pipeline.schema-changes.type-change}.
 */
public final class TypeWidening {
    private TypeWidening() {}

    private static final List<Kind> INTEGERS = List.of(Kind.TINYINT, Kind.SMALLINT, Kind.MEDIUMINT, Kind.INT, Kind.BIGINT);
    private static final List<Kind> TEXTS = List.of(Kind.CHAR, Kind.VARCHAR, Kind.TEXT);
    private static final List<Kind> BYTES = List.of(Kind.BINARY, Kind.VARBINARY, Kind.BLOB);

    /** True when {@code from} and {@code to} hold exactly the same values (only the spelling may differ). */
    public static boolean isSame(ColumnType from, ColumnType to) {
        return from.kind() == to.kind() && from.unsigned() == to.unsigned() && from.length() == to.length()
                && from.precision() == to.precision() && from.scale() == to.scale() && from.elements().equals(to.elements());
    }

    /** True when every value of {@code from} is also a value of {@code to}. */
    public static boolean isLossless(ColumnType from, ColumnType to) {
        if (isSame(from, to)) {
            return true;
        }
        Kind a = from.kind();
        Kind b = to.kind();
        if (a.isInteger() && b.isInteger()) {
            return integerMax(from).compareTo(integerMax(to)) <= 0 && integerMin(from).compareTo(integerMin(to)) >= 0;
        }
        if (a == Kind.DECIMAL && b == Kind.DECIMAL) {
            boolean signOk = !to.unsigned() || from.unsigned();
            return signOk && to.scale() >= from.scale() && to.precision() - to.scale() >= from.precision() - from.scale();
        }
        if (a == Kind.FLOAT && b == Kind.DOUBLE) {
            return true;
        }
        if (TEXTS.contains(a) && TEXTS.contains(b)) {
            // CHAR pads on read only; the stored value is the same text. TEXT lengths are in bytes.
            return b == Kind.TEXT ? to.length() == 0 || to.length() >= from.length() * 4
                    : a != Kind.TEXT && to.length() >= from.length();
        }
        if (BYTES.contains(a) && BYTES.contains(b)) {
            // BINARY(n) right-pads with zero bytes, so its values are not VARBINARY values unchanged.
            return a != Kind.BINARY && (b == Kind.BLOB ? to.length() == 0 || to.length() >= from.length()
                    : a != Kind.BLOB && b == Kind.VARBINARY && to.length() >= from.length());
        }
        if (a == b && (a == Kind.DATETIME || a == Kind.TIMESTAMP || a == Kind.TIME)) {
            return to.precision() >= from.precision();
        }
        if ((a == Kind.ENUM || a == Kind.SET) && a == b) {
            // Members appended at the end keep every old value (and, for SET, its bit positions).
            return to.elements().size() >= from.elements().size()
                    && to.elements().subList(0, from.elements().size()).equals(from.elements());
        }
        if (a == Kind.BIT && b == Kind.BIT) {
            return to.length() >= from.length();
        }
        return false;
    }

    /**
     * A value of a column of type {@code from}, as a value of the wider type {@code to} (Java
     * classes differ for BIGINT UNSIGNED and DOUBLE): for rows of a shard that has not applied the
     * widening yet.
     */
    public static Object convert(Object value, ColumnType from, ColumnType to) {
        if (value == null) {
            return null;
        }
        if (to.isUnsignedBigint() && value instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (to.kind() == Kind.DOUBLE && value instanceof Float f) {
            return Double.valueOf(f.toString());
        }
        if (to.kind() == Kind.DECIMAL && value instanceof java.math.BigDecimal d && d.scale() < to.scale()) {
            return d.setScale(to.scale());
        }
        return value;
    }

    private static BigInteger integerMax(ColumnType t) {
        int bits = bits(t.kind());
        return t.unsigned() ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }

    private static BigInteger integerMin(ColumnType t) {
        return t.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits(t.kind()) - 1).negate();
    }

    private static int bits(Kind k) {
        return switch (k) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case MEDIUMINT -> 24;
            case INT -> 32;
            default -> 64;
        };
    }
}
