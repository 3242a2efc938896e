package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.ColumnType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The COPY binary form of each value type documented on {@link ColumnType}, for the PostgreSQL
 * type {@link PostgresTypeMapping} gives it: the same values as {@link CopyValueFormats}' text
 * form, refused with the same messages (the checks are shared), stored identically by the server.
 *
 * <p>Each format is written for one target type: the integer kinds for {@code smallint},
 * {@code integer} or {@code bigint} (as the text form, by the target's range), every other kind for
 * exactly the type the mapping gives it. For any other target type {@link #forType} returns null
 * and the table is written in the text form, which the server parses into whatever the column is;
 * binary data of another type would be misread or refused.
 *
 * <p>Where the forms meet the server's rules:
 * <ul>
 *   <li>numeric: base-10000 digits of the unscaled value, the column's scale as display scale (the
 *       server truncates digits beyond it and rounds to the column's scale, both exact here since
 *       values with more fractional digits are refused, as in text);</li>
 *   <li>real, double precision: {@code floatToIntBits}/{@code doubleToLongBits}, so NaN is the one
 *       canonical NaN the server's text input also produces; -0.0 and infinities kept;</li>
 *   <li>date, timestamp, timestamptz: days or microseconds since 2000-01-01 (proleptic Gregorian,
 *       as both Java and PostgreSQL count). A value beyond PostgreSQL's range is sent as a number
 *       just past it, never as the int32/int64 extremes that mean ±infinity, so the server refuses
 *       it ("date out of range", "timestamp out of range") as it refuses the text;</li>
 *   <li>interval (TIME): microseconds, 0 days, 0 months: what the text form {@code [-]H:MM:SS.ffffff}
 *       is parsed into. The interval receive function checks no range, so a Duration beyond
 *       ±(2^63-1) µs, which the server's text input refuses, is refused here;</li>
 *   <li>jsonb: version 1, then the JSON text, which the server parses as it parses text input;</li>
 *   <li>text[]: a one-dimensional array of text (oid 25) from 1, no NULLs; an empty SET is the
 *       zero-dimensional empty array, as {@code '{}'} is.</li>
 * </ul>
 */
final class CopyBinaryFormats {
    /** Days from 1970-01-01 (Java's epoch day 0) to 2000-01-01 (PostgreSQL's day 0). */
    private static final long PG_EPOCH_DAY = 10_957;
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /**
     * PostgreSQL's first valid date (Julian day 0: 4714-11-24 BC in the proleptic Gregorian calendar)
     * and its first invalid one (5874898-01-01), in its days.
     */
    private static final long DATE_MIN = -2_451_545;
    private static final long DATE_END = 2_145_031_949;
    /**
     * Days beyond which microseconds would overflow an int64; PostgreSQL's timestamps end well
     * inside (294276 AD), so anything beyond is sent as a value it refuses.
     */
    private static final long TIMESTAMP_DAYS_LIMIT = 106_751_990;
    private static final long TIMESTAMP_SECONDS_LIMIT = TIMESTAMP_DAYS_LIMIT * 86_400;
    private static final int TEXT_OID = 25;

    private CopyBinaryFormats() {}

    /**
     * The binary form of {@code type} written to a column of type {@code target}, or null when
     * {@code target} is not the type that form is for (see the class comment).
     */
    static CopyBinaryFormat forType(ColumnType type, SqlType target) {
        String ddl = target.ddl();
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, YEAR -> integer(ddl);
            case BIGINT -> type.unsigned()
                    ? only(ddl, "numeric(20,0)", CopyBinaryFormats::unsignedBigint)
                    : only(ddl, "bigint", integer(ddl));
            case DECIMAL -> only(ddl, "numeric(" + type.precision() + "," + type.scale() + ")",
                    decimal(type.precision(), type.scale()));
            case FLOAT -> only(ddl, "real",
                    (v, out) -> out.int32(Float.floatToIntBits(CopyValueFormats.as(v, Float.class))));
            case DOUBLE -> only(ddl, "double precision",
                    (v, out) -> out.int64(Double.doubleToLongBits(CopyValueFormats.as(v, Double.class))));
            case BIT -> only(ddl, "bit(" + type.length() + ")", bit(type.length()));
            case CHAR, VARCHAR -> type.length() > 0
                    ? only(ddl, "varchar(" + type.length() + ")", varchar(type.length()))
                    : only(ddl, "text", CopyBinaryFormats::text);
            case TEXT, ENUM -> only(ddl, "text", CopyBinaryFormats::text);
            case JSON -> only(ddl, "jsonb", CopyBinaryFormats::jsonb);
            case SET -> only(ddl, "text[]", CopyBinaryFormats::textArray);
            case BINARY, VARBINARY, BLOB -> only(ddl, "bytea", (v, out) -> out.bytes(CopyValueFormats.as(v, byte[].class)));
            case DATE -> only(ddl, "date", CopyBinaryFormats::date);
            case DATETIME -> only(ddl, "timestamp(" + type.precision() + ")", dateTime(type.precision()));
            case TIMESTAMP -> only(ddl, "timestamptz(" + type.precision() + ")", timestamp(type.precision()));
            case TIME -> only(ddl, "interval", CopyBinaryFormats::time);
            case UNSUPPORTED -> null;
        };
    }

    private static CopyBinaryFormat only(String ddl, String forDdl, CopyBinaryFormat format) {
        return ddl.equals(forDdl) ? format : null;
    }

    private static CopyBinaryFormat integer(String pgType) {
        return switch (pgType) {
            case "smallint" -> (v, out) -> out.int16((int) CopyValueFormats.integerValue(v, Short.MIN_VALUE,
                    Short.MAX_VALUE, pgType));
            case "integer" -> (v, out) -> out.int32((int) CopyValueFormats.integerValue(v, Integer.MIN_VALUE,
                    Integer.MAX_VALUE, pgType));
            case "bigint" -> (v, out) -> out.int64(CopyValueFormats.integerValue(v, Long.MIN_VALUE, Long.MAX_VALUE,
                    pgType));
            default -> null;
        };
    }

    /** numeric(20,0): the value's 64 bits are its magnitude, read unsigned. */
    private static void unsignedBigint(Object v, CopyBinaryBuffer out) {
        out.numeric(CopyValueFormats.unsignedBigintValue(v).longValue(), false, 0, 0);
    }

    private static CopyBinaryFormat decimal(int precision, int scale) {
        return (v, out) -> {
            BigDecimal d = CopyValueFormats.decimalValue(v, precision, scale);
            out.numeric(d.unscaledValue(), d.scale(), scale);
        };
    }

    /** bit(n): int32 bit count, then the bits left-aligned in whole bytes, first bit highest. */
    private static CopyBinaryFormat bit(int bits) {
        int byteCount = (bits + 7) / 8;
        int shift = byteCount * 8 - bits;
        return (v, out) -> {
            long aligned = CopyValueFormats.bitValue(v, bits) << shift;
            out.int32(bits);
            for (int i = byteCount - 1; i >= 0; i--) {
                out.int8((int) (aligned >>> (8 * i)));
            }
        };
    }

    private static void text(Object v, CopyBinaryBuffer out) {
        out.utf8(CopyValueFormats.as(v, String.class));
    }

    private static CopyBinaryFormat varchar(int length) {
        return (v, out) -> out.utf8(CopyValueFormats.varcharValue(v, length));
    }

    private static void jsonb(Object v, CopyBinaryBuffer out) {
        String s = CopyValueFormats.jsonValue(v);
        out.int8(1); // jsonb's binary format version; the rest is the JSON text
        out.utf8(s);
    }

    private static void textArray(Object v, CopyBinaryBuffer out) {
        List<?> members = CopyValueFormats.setMembers(v);
        out.int32(members.isEmpty() ? 0 : 1); // dimensions
        out.int32(0); // flags: no NULL elements
        out.int32(TEXT_OID);
        if (members.isEmpty()) {
            return;
        }
        out.int32(members.size());
        out.int32(1); // lower bound
        for (int i = 0; i < members.size(); i++) { // by index: no Iterator per value
            int at = out.beginField();
            try {
                out.utf8((String) members.get(i));
            } catch (RejectedValueException e) {
                // The text form refuses the same member, counting characters in its array literal:
                // say what it says.
                new CopyTextBuffer(16).text(CopyValueFormats.textArrayLiteral(members));
                throw e;
            }
            out.endField(at);
        }
    }

    private static void date(Object v, CopyBinaryBuffer out) {
        long days = CopyValueFormats.as(v, LocalDate.class).toEpochDay() - PG_EPOCH_DAY;
        // Outside PostgreSQL's range: a day it refuses, not one that wraps around or means ±infinity.
        out.int32((int) (days < DATE_MIN ? DATE_MIN - 1 : Math.min(days, DATE_END)));
    }

    private static CopyBinaryFormat dateTime(int precision) {
        return (v, out) -> {
            LocalDateTime t = CopyValueFormats.as(v, LocalDateTime.class);
            CopyValueFormats.checkFraction(t.getNano(), precision);
            long days = t.toLocalDate().toEpochDay() - PG_EPOCH_DAY;
            long microOfDay = t.toLocalTime().toNanoOfDay() / 1000;
            out.int64(Math.abs(days) <= TIMESTAMP_DAYS_LIMIT ? days * MICROS_PER_DAY + microOfDay
                    : outOfRange(days));
        };
    }

    private static CopyBinaryFormat timestamp(int precision) {
        return (v, out) -> {
            Instant i = CopyValueFormats.as(v, Instant.class);
            CopyValueFormats.checkFraction(i.getNano(), precision);
            long seconds = i.getEpochSecond() - PG_EPOCH_SECOND;
            out.int64(Math.abs(seconds) <= TIMESTAMP_SECONDS_LIMIT ? seconds * 1_000_000 + i.getNano() / 1000
                    : outOfRange(seconds));
        };
    }

    /** A timestamp PostgreSQL refuses as out of range (the int64 extremes would mean ±infinity). */
    private static long outOfRange(long sign) {
        return sign < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE - 1;
    }

    private static void time(Object v, CopyBinaryBuffer out) {
        Duration d = CopyValueFormats.timeValue(v);
        long seconds = d.getSeconds();
        long micros = d.getNano() / 1000; // getNano() counts up from getSeconds(), also when negative
        if (seconds >= -TIMESTAMP_SECONDS_LIMIT && seconds <= TIMESTAMP_SECONDS_LIMIT) { // no overflow
            micros += seconds * 1_000_000;
        } else {
            if (seconds < 0 && micros > 0) { // borrow a second, so -2^63 + 1 µs itself does not overflow on the way
                seconds++;
                micros -= 1_000_000;
            }
            try {
                micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
            } catch (ArithmeticException e) {
                micros = Long.MIN_VALUE;
            }
            if (micros == Long.MIN_VALUE) {
                throw new RejectedValueException("the value " + d + " is outside the range of PostgreSQL interval");
            }
        }
        out.int64(micros);
        out.int32(0); // days
        out.int32(0); // months
    }
}
