package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The COPY text form of each value type documented on {@link ColumnType}, for the PostgreSQL type
 * {@link PostgresTypeMapping} chose.
 *
 * <p>Rules that keep values exact: numbers are written in plain decimal (no rounding by the
 * server: a DECIMAL value with more fractional digits than the column, or a temporal value with
 * more fractional-second digits than its precision, is refused rather than rounded); floats use
 * Java's shortest round-trip form, which PostgreSQL 12+ parses back to the same bits; dates before
 * year 1 use PostgreSQL's {@code BC} notation (ISO year 0 is 1 BC); TIME becomes a signed
 * {@code H:MM:SS.ffffff} interval that can exceed 24 hours.
 */
final class CopyValueFormats {
    private static final BigInteger UNSIGNED_BIGINT_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private CopyValueFormats() {}

    static CopyValueFormat forType(ColumnType type, SqlType target) {
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, YEAR -> integer(target.ddl());
            case BIGINT -> type.unsigned() ? CopyValueFormats::unsignedBigint : integer("bigint");
            case DECIMAL -> decimal(type.precision(), type.scale());
            case FLOAT -> (v, out) -> out.ascii(Float.toString(as(v, Float.class)));
            case DOUBLE -> (v, out) -> out.ascii(Double.toString(as(v, Double.class)));
            case BIT -> bit(type.length());
            case CHAR, VARCHAR -> type.length() > 0 ? varchar(type.length()) : CopyValueFormats::text;
            case TEXT, ENUM -> CopyValueFormats::text;
            case JSON -> CopyValueFormats::json;
            case SET -> CopyValueFormats::textArray;
            case BINARY, VARBINARY, BLOB -> (v, out) -> out.byteaHex(as(v, byte[].class));
            case DATE -> (v, out) -> date(as(v, LocalDate.class), out, true);
            case DATETIME -> dateTime(type.precision());
            case TIMESTAMP -> timestamp(type.precision());
            case TIME -> CopyValueFormats::time;
            case UNSUPPORTED -> throw new IllegalArgumentException("no COPY format for " + type);
        };
    }

    private static CopyValueFormat integer(String pgType) {
        long min;
        long max;
        switch (pgType) {
            case "smallint" -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            }
            case "integer" -> {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            }
            default -> {
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
            }
        }
        return (v, out) -> out.digits(integerValue(v, min, max, pgType));
    }

    /** The (signed) integer kinds' value, in the range of the PostgreSQL type {@code pgType}. Shared with the binary form. */
    static long integerValue(Object v, long min, long max, String pgType) {
        if (!(v instanceof Long) && !(v instanceof Integer)) {
            throw wrongType(v, Long.class);
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw new RejectedValueException("the value " + n + " is outside the range of PostgreSQL " + pgType);
        }
        return n;
    }

    private static void unsignedBigint(Object v, CopyTextBuffer out) {
        out.ascii(unsignedBigintValue(v).toString());
    }

    /** A BIGINT UNSIGNED value, checked to be one. Shared with the binary form. */
    static BigInteger unsignedBigintValue(Object v) {
        BigInteger n = as(v, BigInteger.class);
        if (n.signum() < 0 || n.compareTo(UNSIGNED_BIGINT_MAX) > 0) {
            throw new RejectedValueException("the value " + n + " is outside the range of BIGINT UNSIGNED");
        }
        return n;
    }

    private static CopyValueFormat decimal(int precision, int scale) {
        return (v, out) -> out.ascii(decimalValue(v, precision, scale).toPlainString());
    }

    /**
     * A DECIMAL value that numeric(precision, scale) holds without rounding: at most {@code scale}
     * nonzero digits after the point (more trailing zeros are fine) and at most
     * {@code precision - scale} before it. Shared with the binary form.
     */
    static BigDecimal decimalValue(Object v, int precision, int scale) {
        BigDecimal d = as(v, BigDecimal.class);
        if (d.scale() > scale) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > scale) {
                throw new RejectedValueException("the value " + d.toPlainString() + " has more than " + scale
                        + " digits after the point, so numeric(" + precision + "," + scale + ") would round it");
            }
        }
        if (d.signum() != 0 && d.precision() - d.scale() > precision - scale) {
            throw new RejectedValueException("the value " + d.toPlainString() + " has more than "
                    + (precision - scale) + " digits before the point, the most numeric(" + precision + ","
                    + scale + ") holds");
        }
        return d;
    }

    private static CopyValueFormat bit(int bits) {
        return (v, out) -> {
            long n = bitValue(v, bits);
            String digits = Long.toBinaryString(n);
            for (int i = digits.length(); i < bits; i++) {
                out.put('0');
            }
            out.ascii(digits);
        };
    }

    /** A BIT(n) value, checked to have no bit set beyond the n lowest. Shared with the binary form. */
    static long bitValue(Object v, int bits) {
        long n = as(v, Long.class);
        if (bits < 64 && (n >>> bits) != 0) {
            throw new RejectedValueException("the value " + Long.toUnsignedString(n) + " does not fit in BIT(" + bits + ")");
        }
        return n;
    }

    private static void text(Object v, CopyTextBuffer out) {
        out.text(as(v, String.class));
    }

    private static CopyValueFormat varchar(int length) {
        return (v, out) -> out.text(varcharValue(v, length));
    }

    /** A CHAR/VARCHAR(length) value, checked to have at most {@code length} characters. Shared with the binary form. */
    static String varcharValue(Object v, int length) {
        String s = as(v, String.class);
        // varchar(n) counts characters; PostgreSQL would silently cut excess trailing spaces.
        if (s.length() > length && s.codePointCount(0, s.length()) > length) {
            throw new RejectedValueException("the value has " + s.codePointCount(0, s.length())
                    + " characters and the column holds " + length);
        }
        return s;
    }

    private static void json(Object v, CopyTextBuffer out) {
        out.text(jsonValue(v));
    }

    /**
     * JSON text; jsonb cannot hold the escape {@code \u0000} either (nor a raw NUL, which the
     * buffers refuse). Shared with the binary form.
     */
    static String jsonValue(Object v) {
        String s = as(v, String.class);
        int i = JsonText.indexOfNulEscape(s);
        if (i >= 0) {
            throw new RejectedValueException("the JSON value contains the escape \\u0000 (a NUL character) at"
                    + " character " + i + ", which PostgreSQL jsonb cannot store");
        }
        return s;
    }

    private static void textArray(Object v, CopyTextBuffer out) {
        out.text(textArrayLiteral(setMembers(v)));
    }

    /** A SET's members, each checked to be a String. Shared with the binary form. */
    static List<?> setMembers(Object v) {
        List<?> members = as(v, List.class);
        for (int i = 0; i < members.size(); i++) { // by index: no Iterator per value
            Object m = members.get(i);
            if (!(m instanceof String)) {
                throw new RejectedValueException("a SET member is " + (m == null ? "null" : m.getClass().getName())
                        + ", expected a String");
            }
        }
        return members;
    }

    /**
     * A SET as a text[] literal: every member double-quoted, so no member text needs special casing.
     * The binary form uses it only to word a refusal as this form does.
     */
    static String textArrayLiteral(List<?> members) {
        StringBuilder literal = new StringBuilder(2 + members.size() * 8);
        literal.append('{');
        for (int i = 0; i < members.size(); i++) {
            String s = (String) members.get(i);
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            for (int j = 0; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        literal.append('}');
        return literal.toString();
    }

    private static CopyValueFormat dateTime(int precision) {
        return (v, out) -> {
            LocalDateTime t = as(v, LocalDateTime.class);
            checkFraction(t.getNano(), precision);
            date(t.toLocalDate(), out, false);
            out.put(' ');
            clock(t.toLocalTime(), out);
            era(t.getYear(), out);
        };
    }

    private static CopyValueFormat timestamp(int precision) {
        return (v, out) -> {
            Instant i = as(v, Instant.class);
            LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            checkFraction(t.getNano(), precision);
            date(t.toLocalDate(), out, false);
            out.put(' ');
            clock(t.toLocalTime(), out);
            out.ascii("+00");
            era(t.getYear(), out);
        };
    }

    /** Refuses fractional seconds beyond {@code precision} digits. Shared with the binary form. */
    static void checkFraction(int nanos, int precision) {
        int unit = 1;
        for (int i = precision; i < 9; i++) {
            unit *= 10;
        }
        if (nanos % unit != 0) {
            throw new RejectedValueException("the value has fractional seconds ." + String.format("%09d", nanos)
                    + " beyond the column's " + precision + " digits, which PostgreSQL would round");
        }
    }

    private static void date(LocalDate d, CopyTextBuffer out, boolean withEra) {
        int year = d.getYear();
        pad(year > 0 ? year : 1 - year, 4, out);
        out.put('-');
        pad(d.getMonthValue(), 2, out);
        out.put('-');
        pad(d.getDayOfMonth(), 2, out);
        if (withEra) {
            era(year, out);
        }
    }

    private static void era(int isoYear, CopyTextBuffer out) {
        if (isoYear <= 0) {
            out.ascii(" BC");
        }
    }

    private static void clock(LocalTime t, CopyTextBuffer out) {
        pad(t.getHour(), 2, out);
        out.put(':');
        pad(t.getMinute(), 2, out);
        out.put(':');
        pad(t.getSecond(), 2, out);
        fraction(t.getNano(), out);
    }

    private static void time(Object v, CopyTextBuffer out) {
        Duration d = timeValue(v);
        if (d.isNegative()) {
            out.put('-');
            d = d.negated();
        }
        out.digits(d.toHours());
        out.put(':');
        pad(d.toMinutesPart(), 2, out);
        out.put(':');
        pad(d.toSecondsPart(), 2, out);
        fraction(d.toNanosPart(), out);
    }

    /** A TIME value, checked to be whole microseconds. Shared with the binary form. */
    static Duration timeValue(Object v) {
        Duration d = as(v, Duration.class);
        if (d.getNano() % 1000 != 0) {
            throw new RejectedValueException("the value " + d + " has a fraction of a microsecond, which PostgreSQL"
                    + " interval cannot store");
        }
        return d;
    }

    private static void fraction(int nanos, CopyTextBuffer out) {
        if (nanos == 0) {
            return;
        }
        if (nanos % 1000 != 0) {
            throw new RejectedValueException("the value has a fraction of a microsecond, which PostgreSQL cannot store");
        }
        out.put('.');
        pad(nanos / 1000, 6, out);
    }

    private static void pad(long n, int width, CopyTextBuffer out) {
        out.paddedDigits(n, width);
    }

    /** {@code v} as a {@code type}, or a refusal naming the decoder bug. Shared with the binary form. */
    static <T> T as(Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw wrongType(v, type);
        }
        return type.cast(v);
    }

    private static RejectedValueException wrongType(Object v, Class<?> expected) {
        return new RejectedValueException("the row holds a " + v.getClass().getName() + " where the column type needs a "
                + expected.getName() + " (a bug in the source decoder; please report it)");
    }
}
