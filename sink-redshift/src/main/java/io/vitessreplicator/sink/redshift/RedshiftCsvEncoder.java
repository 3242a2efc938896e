package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes one table's staged rows as records of the gzip CSV files {@link RedshiftCopyStatement}
 * loads into the staging table of {@link RedshiftMergeStatements}: the source columns in order, then
 * {@code _vr_op} ({@code U} upsert, {@code D} delete: key columns only, the others NULL) and
 * {@code _vr_seq}. The Redshift type of each column comes from the {@link TargetTable}
 * ({@link RedshiftTypeMapping} with the pipeline's {@link RedshiftTypeOptions}).
 *
 * <p>Value forms (the Java types are those documented on {@link ColumnType}):
 * <table>
 * <tr><th>kind → Redshift type</th><th>field</th></tr>
 * <tr><td>NULL, any column</td><td>one NUL byte, unquoted</td></tr>
 * <tr><td>integers, YEAR → smallint/integer/bigint</td><td>{@code -12}; outside the Redshift type's range refused</td></tr>
 * <tr><td>BIGINT UNSIGNED → numeric(20,0)</td><td>{@code 18446744073709551615}</td></tr>
 * <tr><td>DECIMAL(p,s) → numeric(p,s)</td><td>{@code BigDecimal.toPlainString()}: {@code -0.0100};
 *     more than s fractional digits (other than trailing zeros) or more than p-s integer digits refused
 *     (Redshift's COPY would cut or round them)</td></tr>
 * <tr><td>DECIMAL(p&gt;38,s) → varchar (option wide-decimal: varchar)</td><td>the plain text, quoted</td></tr>
 * <tr><td>FLOAT / DOUBLE → real / double precision</td><td>Java's shortest round-trip digits
 *     ({@code Float/Double.toString}, no locale): {@code 0.1}, {@code 1.0E-5}, {@code -0.0}. NaN and
 *     ±Infinity are refused: MySQL cannot store them, so one here is a decoder bug</td></tr>
 * <tr><td>BIT(n) → bigint / numeric(20,0)</td><td>the unsigned value, {@code 5}, {@code 18446744073709551615}</td></tr>
 * <tr><td>CHAR, VARCHAR, TEXT, ENUM → varchar(b)</td><td>quoted UTF-8, {@code "} doubled; more UTF-8 bytes
 *     than b refused (the COPY would fail anyway, less clearly); U+0000 refused</td></tr>
 * <tr><td>SET → varchar(b)</td><td>the members present joined by commas, quoted: {@code "a,c"}</td></tr>
 * <tr><td>JSON → super or varchar(65535)</td><td>the JSON text, quoted</td></tr>
 * <tr><td>BINARY, VARBINARY, BLOB → varbyte(n)</td><td>lowercase hex, quoted: {@code "00ff"}, the empty
 *     value {@code ""} (quoted so it is never an empty unquoted field, which COPY reads as NULL for
 *     non-character types); longer than n bytes refused</td></tr>
 * <tr><td>DATE → date</td><td>{@code 2024-02-29}</td></tr>
 * <tr><td>DATETIME → timestamp</td><td>{@code 2024-02-29 13:04:05.123456} (always six digits)</td></tr>
 * <tr><td>TIMESTAMP → timestamptz</td><td>in UTC: {@code 2024-02-29 13:04:05.123456+00}</td></tr>
 * <tr><td>TIME → time (option time: time)</td><td>{@code 13:04:05.000001}; a value outside 00:00:00 to
 *     23:59:59.999999 (negative, or a duration of 24 hours or more) stops the batch, naming the column
 *     and the option time: varchar</td></tr>
 * <tr><td>TIME → varchar(17) (option time: varchar)</td><td>{@code "-838:59:59.000000"}: sign, at least two
 *     hour digits, always six fractional digits, quoted</td></tr>
 * <tr><td>{@code _vr_op} char(1), {@code _vr_seq} bigint</td><td>{@code "U"} or {@code "D"}, {@code 42}</td></tr>
 * </table>
 * No MySQL kind maps to a Redshift boolean (TINYINT(1) stays a number). Temporal values with a
 * fraction of a microsecond and years outside 1..9999 are refused (Redshift keeps microseconds; MySQL
 * years are 1000..9999, zero dates are handled by the source's zero-dates policy).
 *
 * <p>A refused value becomes a {@link FatalSinkException} naming the source column and the target
 * column; the partly written record is removed from the buffer first, although the caller abandons
 * the whole batch anyway.
 */
public final class RedshiftCsvEncoder {
    /** Writes one non-null value of a column. */
    @FunctionalInterface
    private interface Format {
        void write(Object value, RedshiftCsvBuffer out);
    }

    private static final BigInteger UNSIGNED_BIGINT_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final TargetTable table;
    private final Format[] formats;
    private final int keyCount;
    /** For each column, its position in a delete's key values, or -1 when not in the key. */
    private final int[] keyPositionOfColumn;

    public RedshiftCsvEncoder(TargetTable table) {
        this.table = requireNonNull(table, "table is null");
        List<Column> columns = table.source().columns();
        this.formats = new Format[columns.size()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = forType(columns.get(i), table.columnTypes().get(i));
        }
        int[] keyIndexes = table.source().primaryKeyIndexes();
        this.keyCount = keyIndexes.length;
        this.keyPositionOfColumn = new int[formats.length];
        Arrays.fill(keyPositionOfColumn, -1);
        for (int k = 0; k < keyIndexes.length; k++) {
            keyPositionOfColumn[keyIndexes[k]] = k;
        }
    }

    /** One upsert: the full row, {@code "U"}, the sequence number; ends the record. */
    public void writeUpsert(Object[] row, long seq, RedshiftCsvBuffer out) {
        if (row.length != formats.length) {
            throw new FatalSinkException("Cannot stage a row of " + table.source().id() + ": it has " + row.length
                    + " values but the table has " + formats.length + " columns. This is a bug in the source"
                    + " decoder; please report it.");
        }
        int mark = out.mark();
        for (int i = 0; i < formats.length; i++) {
            value(i, row[i], out, mark);
            out.separator();
        }
        end("\"U\"", seq, out);
    }

    /** One delete: the key values in their columns, NULL elsewhere, {@code "D"}, the sequence number. */
    public void writeDelete(Object[] key, long seq, RedshiftCsvBuffer out) {
        if (key.length != keyCount) {
            throw new FatalSinkException("Cannot stage a delete of " + table.source().id() + ": the key has "
                    + key.length + " values but the primary key has " + keyCount + " columns. This is a bug"
                    + " in the source decoder; please report it.");
        }
        int mark = out.mark();
        for (int i = 0; i < formats.length; i++) {
            int k = keyPositionOfColumn[i];
            if (k < 0) {
                out.nullField();
            } else {
                if (key[k] == null) {
                    out.truncate(mark);
                    throw new FatalSinkException("Cannot stage a delete of " + table.source().id() + ": primary-key"
                            + " column " + table.source().columns().get(i).name() + " is NULL. This is a bug in the"
                            + " source decoder; please report it.");
                }
                value(i, key[k], out, mark);
            }
            out.separator();
        }
        end("\"D\"", seq, out);
    }

    private void value(int column, Object value, RedshiftCsvBuffer out, int rowMark) {
        if (value == null) {
            out.nullField();
            return;
        }
        try {
            formats[column].write(value, out);
        } catch (RedshiftRejectedValueException e) {
            out.truncate(rowMark);
            throw rejected(column, e.getMessage(), null, e);
        } catch (TimeOutOfRange e) {
            out.truncate(rowMark);
            throw rejected(column, e.getMessage(), "set the Redshift option time: varchar to keep every MySQL TIME"
                    + " value exactly as text ([-]HH:MM:SS.ffffff in a varchar(17) column)", e);
        }
    }

    private FatalSinkException rejected(int column, String problem, String fix, RuntimeException cause) {
        Column c = table.source().columns().get(column);
        return new FatalSinkException("Cannot write column " + table.source().id() + "." + c.name() + " ("
                + c.type().sqlType() + ") to " + table.qualifiedName() + "." + RedshiftIdentifiers.quote(c.name())
                + " (" + table.columnTypes().get(column).ddl() + "): " + problem + ". "
                + (fix == null ? "" : "To replicate it, " + fix + "; or fix ")
                + (fix == null ? "Fix " : "")
                + "the value at the source or exclude the table (source.tables.exclude) or the column"
                + " (source.columns.exclude); the sink never alters values.", cause);
    }

    private static void end(String op, long seq, RedshiftCsvBuffer out) {
        out.ascii(op);
        out.separator();
        out.digits(seq);
        out.endRecord();
    }

    /** TIME outside Redshift TIME's range: the message then names the option that avoids it. */
    private static final class TimeOutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeOutOfRange(String problem) {
            super(problem, null, false, false);
        }
    }

    // ---- formats per kind -------------------------------------------------------------------

    private static Format forType(Column column, SqlType target) {
        ColumnType type = column.type();
        String ddl = target.ddl();
        boolean varchar = RedshiftTypeMapping.isVarchar(target);
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, YEAR -> integer(ddl);
            case BIGINT -> type.unsigned() ? RedshiftCsvEncoder::unsignedBigint : integer(ddl);
            case DECIMAL -> varchar ? wideDecimal(RedshiftTypeMapping.varcharLength(target))
                    : decimal(type.precision(), type.scale());
            case FLOAT -> RedshiftCsvEncoder::real;
            case DOUBLE -> RedshiftCsvEncoder::doublePrecision;
            case BIT -> bit(type.length());
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> varchar ? text(RedshiftTypeMapping.varcharLength(target))
                    : ddl.startsWith("varbyte") ? utf8Varbyte(varbyteLength(ddl)) // long-text: varbyte
                    : text(Integer.MAX_VALUE); // JSON as SUPER: Redshift's own size limit applies
            case SET -> set(RedshiftTypeMapping.varcharLength(target));
            case BINARY, VARBINARY, BLOB -> varbyte(varbyteLength(ddl));
            case DATE -> (v, out) -> date(as(v, LocalDate.class), out);
            case DATETIME -> RedshiftCsvEncoder::timestamp;
            case TIMESTAMP -> RedshiftCsvEncoder::timestamptz;
            case TIME -> varchar ? RedshiftCsvEncoder::timeText : RedshiftCsvEncoder::timeOfDay;
            case UNSUPPORTED -> throw new IllegalArgumentException("no CSV format for " + type);
        };
    }

    private static int varbyteLength(String ddl) {
        if (!ddl.startsWith("varbyte(") || !ddl.endsWith(")")) {
            throw new IllegalArgumentException("not a varbyte: " + ddl);
        }
        return Integer.parseInt(ddl.substring("varbyte(".length(), ddl.length() - 1));
    }

    private static Format integer(String ddl) {
        long min;
        long max;
        switch (ddl) {
            case "smallint" -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            }
            case "integer" -> {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            }
            case "bigint" -> {
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
            }
            default -> throw new IllegalArgumentException("not an integer type: " + ddl);
        }
        return (v, out) -> {
            if (!(v instanceof Long) && !(v instanceof Integer)) {
                throw wrongType(v, Long.class);
            }
            long n = ((Number) v).longValue();
            if (n < min || n > max) {
                throw new RedshiftRejectedValueException("the value " + n + " is outside the range of Redshift " + ddl);
            }
            out.digits(n);
        };
    }

    private static void unsignedBigint(Object v, RedshiftCsvBuffer out) {
        BigInteger n = as(v, BigInteger.class);
        if (n.signum() < 0 || n.compareTo(UNSIGNED_BIGINT_MAX) > 0) {
            throw new RedshiftRejectedValueException("the value " + n + " is outside the range of BIGINT UNSIGNED");
        }
        out.ascii(n.toString());
    }

    private static Format decimal(int precision, int scale) {
        return (v, out) -> {
            BigDecimal d = as(v, BigDecimal.class);
            if (d.scale() > scale && d.stripTrailingZeros().scale() > scale) {
                throw new RedshiftRejectedValueException("the value " + d.toPlainString() + " has more than " + scale
                        + " digits after the point, so numeric(" + precision + "," + scale + ") would not hold it exactly");
            }
            if (d.signum() != 0 && d.precision() - d.scale() > precision - scale) {
                throw new RedshiftRejectedValueException("the value " + d.toPlainString() + " has more than "
                        + (precision - scale) + " digits before the point, the most numeric(" + precision + ","
                        + scale + ") holds");
            }
            out.ascii(d.toPlainString());
        };
    }

    private static Format wideDecimal(int length) {
        return (v, out) -> {
            String s = as(v, BigDecimal.class).toPlainString();
            if (s.length() > length) {
                throw new RedshiftRejectedValueException("the value " + s + " has " + s.length()
                        + " characters and the column holds " + length);
            }
            out.quotedText(s);
        };
    }

    /**
     * Java's shortest round-trip digits; NaN and ±Infinity (which MySQL cannot store, but the
     * pipeline carries if a source sends them) as Redshift's float input spells them:
     * {@code NaN}, {@code Infinity}, {@code -Infinity}.
     */
    private static void real(Object v, RedshiftCsvBuffer out) {
        out.ascii(Float.toString(as(v, Float.class))); // "NaN", "Infinity", "-Infinity" for the specials
    }

    private static void doublePrecision(Object v, RedshiftCsvBuffer out) {
        out.ascii(Double.toString(as(v, Double.class)));
    }

    private static Format bit(int bits) {
        return (v, out) -> {
            long n = as(v, Long.class);
            if (bits < 64 && (n >>> bits) != 0) {
                throw new RedshiftRejectedValueException("the value " + Long.toUnsignedString(n)
                        + " does not fit in BIT(" + bits + ")");
            }
            if (n >= 0) {
                out.digits(n);
            } else {
                out.ascii(Long.toUnsignedString(n));
            }
        };
    }

    private static Format text(int maxBytes) {
        return (v, out) -> {
            int bytes = out.quotedText(as(v, String.class));
            if (bytes > maxBytes) {
                throw tooLong(bytes, maxBytes);
            }
        };
    }

    private static RedshiftRejectedValueException tooLong(int bytes, int maxBytes) {
        return new RedshiftRejectedValueException("the value takes " + bytes + " bytes of UTF-8 and the Redshift"
                + " column holds " + maxBytes + " (Redshift VARCHAR lengths count bytes); the sink never cuts a value");
    }

    private static Format set(int maxBytes) {
        return (v, out) -> {
            List<?> members = as(v, List.class);
            StringBuilder joined = new StringBuilder(members.size() * 8);
            for (int i = 0; i < members.size(); i++) {
                Object m = members.get(i);
                if (!(m instanceof String s)) {
                    throw new RedshiftRejectedValueException("a SET member is "
                            + (m == null ? "null" : m.getClass().getName()) + ", expected a String");
                }
                if (i > 0) {
                    joined.append(',');
                }
                joined.append(s);
            }
            int bytes = out.quotedText(joined);
            if (bytes > maxBytes) {
                throw tooLong(bytes, maxBytes);
            }
        };
    }

    /** Text kept as its UTF-8 bytes in a VARBYTE column (long-text: varbyte), as hex; invalid UTF-16 refused. */
    private static Format utf8Varbyte(int maxBytes) {
        return (v, out) -> {
            ByteBuffer utf8;
            try {
                utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(as(v, String.class)));
            } catch (CharacterCodingException e) {
                throw new RedshiftRejectedValueException("the value contains an unpaired UTF-16 surrogate, which is"
                        + " not valid Unicode");
            }
            if (utf8.remaining() > maxBytes) {
                throw new RedshiftRejectedValueException("the value takes " + utf8.remaining() + " bytes of UTF-8 and"
                        + " the Redshift column holds " + maxBytes + "; the sink never cuts a value");
            }
            byte[] b = new byte[utf8.remaining()];
            utf8.get(b);
            out.quotedHex(b);
        };
    }

    private static Format varbyte(int maxBytes) {
        return (v, out) -> {
            byte[] b = as(v, byte[].class);
            if (b.length > maxBytes) {
                throw new RedshiftRejectedValueException("the value has " + b.length + " bytes and the Redshift"
                        + " column holds " + maxBytes + "; the sink never cuts a value");
            }
            out.quotedHex(b);
        };
    }

    private static void date(LocalDate d, RedshiftCsvBuffer out) {
        int year = d.getYear();
        if (year < 1 || year > 9999) {
            throw new RedshiftRejectedValueException("the date " + d + " has a year outside 1..9999, which this sink"
                    + " does not write");
        }
        out.paddedDigits(year, 4);
        out.put('-');
        out.paddedDigits(d.getMonthValue(), 2);
        out.put('-');
        out.paddedDigits(d.getDayOfMonth(), 2);
    }

    private static void timestamp(Object v, RedshiftCsvBuffer out) {
        LocalDateTime t = as(v, LocalDateTime.class);
        date(t.toLocalDate(), out);
        out.put(' ');
        clock(t.toLocalTime(), out);
    }

    private static void timestamptz(Object v, RedshiftCsvBuffer out) {
        LocalDateTime t = LocalDateTime.ofInstant(as(v, Instant.class), ZoneOffset.UTC);
        date(t.toLocalDate(), out);
        out.put(' ');
        clock(t.toLocalTime(), out);
        out.ascii("+00");
    }

    private static void clock(LocalTime t, RedshiftCsvBuffer out) {
        out.paddedDigits(t.getHour(), 2);
        out.put(':');
        out.paddedDigits(t.getMinute(), 2);
        out.put(':');
        out.paddedDigits(t.getSecond(), 2);
        micros(t.getNano(), out);
    }

    /** {@code .ffffff}, always six digits; a fraction of a microsecond is refused. */
    private static void micros(int nanos, RedshiftCsvBuffer out) {
        if (nanos % 1000 != 0) {
            throw new RedshiftRejectedValueException("the value has a fraction of a microsecond (." + String.format(
                    java.util.Locale.ROOT, "%09d", nanos) + "), which Redshift cannot store");
        }
        out.put('.');
        out.paddedDigits(nanos / 1000, 6);
    }

    /** TIME mapped to Redshift {@code time}: a time of day, 00:00:00 to 23:59:59.999999. */
    private static void timeOfDay(Object v, RedshiftCsvBuffer out) {
        Duration d = as(v, Duration.class);
        if (d.isNegative() || d.compareTo(Duration.ofNanos(NANOS_PER_DAY)) >= 0) {
            throw new TimeOutOfRange("the value " + mysqlTime(d) + " is outside 00:00:00 to 23:59:59.999999, the times"
                    + " of day a Redshift TIME column holds (MySQL TIME is a duration up to ±838:59:59)");
        }
        clock(LocalTime.ofNanoOfDay(d.toNanos()), out);
    }

    /** TIME mapped to varchar(17): {@code [-]HH:MM:SS.ffffff}, the hours unbounded (MySQL: up to 838). */
    private static void timeText(Object v, RedshiftCsvBuffer out) {
        out.quotedText(mysqlTime(as(v, Duration.class)));
    }

    private static String mysqlTime(Duration d) {
        StringBuilder s = new StringBuilder(17);
        if (d.isNegative()) {
            s.append('-');
            d = d.negated();
        }
        if (d.getNano() % 1000 != 0) {
            throw new RedshiftRejectedValueException("the value has a fraction of a microsecond, which MySQL TIME"
                    + " cannot hold (a bug in the source decoder; please report it)");
        }
        long h = d.toHours();
        if (h < 10) {
            s.append('0');
        }
        s.append(h).append(':');
        two(s, d.toMinutesPart()).append(':');
        two(s, d.toSecondsPart()).append('.');
        String micros = Integer.toString(d.toNanosPart() / 1000);
        s.append("000000", micros.length(), 6).append(micros);
        return s.toString();
    }

    private static StringBuilder two(StringBuilder s, int n) {
        return s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private static <T> T as(Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw wrongType(v, type);
        }
        return type.cast(v);
    }

    private static RedshiftRejectedValueException wrongType(Object v, Class<?> expected) {
        return new RedshiftRejectedValueException("the row holds a " + v.getClass().getName() + " where the column"
                + " type needs a " + expected.getName() + " (a bug in the source decoder; please report it)");
    }
}
