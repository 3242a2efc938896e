package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Redshift values back into the pipeline's representation, for {@code verify}: the inverse of
 * {@link RedshiftCsvEncoder} over the types {@link RedshiftTypeMapping} chose, with every
 * {@link RedshiftTypeOptions} choice.
 *
 * <p>Every value is read as the server's text ({@link ResultSet#getString}) and parsed here, not
 * through the driver's typed getters: the sink talks to Redshift with the PostgreSQL driver (or
 * Amazon's), and the text forms of Redshift's types are documented where the drivers' conversions
 * of SUPER, VARBYTE and TIME are not. VARBYTE columns (binary, and text under
 * {@code long-text: varbyte}) are selected as {@code TO_HEX(c)}, so they come back as hex text on
 * any driver. Exact for every mapping: integers, {@code numeric(20,0)} → BigInteger (BIGINT
 * UNSIGNED) or the bits of a BIT(64), {@code numeric(p,s)} and wide decimals kept as
 * {@code varchar} → BigDecimal, {@code real}/{@code double precision} → the same float (the server
 * prints shortest round-trip digits), {@code varchar} → the text, {@code varbyte} → the bytes or
 * the UTF-8 text, SET's {@code "a,c"} → its members, {@code time} and TIME as {@code varchar}
 * ({@code [-]H:MM:SS.ffffff}) → Duration, {@code timestamp} → LocalDateTime, {@code timestamptz} →
 * Instant, {@code super} → its JSON text (compared as a document by verify, so Redshift's own
 * serialization of keys and numbers does not matter).
 *
 * <p>Composite keys are looked up with {@code (a = ? AND b = ?) OR ...}: Redshift documents
 * {@code IN} for one expression against a list or a subquery only.
 */
final class RedshiftReadBack implements SqlDialect.ReadBack {
    private static final HexFormat HEX = HexFormat.of();
    /** {@code 2024-02-29}, then optionally {@code 13:04:05[.ffffff]}, then optionally {@code +00[:00]}. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd[ HH:mm:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter KEY_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public String select(String quotedColumn, Column column, SqlType type) {
        return isVarbyte(type) ? "TO_HEX(" + quotedColumn + ")" : quotedColumn;
    }

    @Override
    public Object read(ResultSet rs, int index, Column column, SqlType type) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : fromText(text, column, type);
    }

    /** A non-null value as the server prints it (VARBYTE as {@code TO_HEX} prints it), as the pipeline's value. */
    static Object fromText(String text, Column column, SqlType type) {
        ColumnType t = column.type();
        return switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> Long.parseLong(text);
            case BIGINT -> t.unsigned() ? new BigDecimal(text).toBigIntegerExact() : (Object) Long.parseLong(text);
            case YEAR -> Integer.parseInt(text);
            case DECIMAL -> new BigDecimal(text);
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            // BIT(1..63) in a bigint, BIT(64) in numeric(20,0): the unsigned value, back to its 64 bits
            case BIT -> new BigDecimal(text).toBigIntegerExact().longValue();
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> isVarbyte(type) ? utf8(HEX.parseHex(text)) : text;
            case BINARY, VARBINARY, BLOB -> HEX.parseHex(text);
            case SET -> text.isEmpty() ? List.of() : List.copyOf(Arrays.asList(text.split(",", -1)));
            case DATE -> LocalDate.parse(text, DATE_TIME);
            case DATETIME -> LocalDateTime.parse(text, DATE_TIME);
            case TIMESTAMP -> timestamptz(text);
            case TIME -> duration(text);
            case UNSUPPORTED -> throw new IllegalArgumentException("no Redshift mapping for " + t);
        };
    }

    @Override
    public String keyParameter(Column column, SqlType type) {
        return isVarbyte(type) ? "FROM_HEX(?)" : "CAST(? AS " + type.ddl() + ")";
    }

    @Override
    public void bindKey(PreparedStatement ps, int index, Column column, SqlType type, Object v) throws SQLException {
        ps.setString(index, keyText(v, column, type));
    }

    /**
     * A key value as the text its {@link #keyParameter} casts: what the staged CSV holds for it
     * (VARBYTE as hex), so that equality in Redshift is equality of the stored value.
     */
    static String keyText(Object v, Column column) {
        ColumnType t = column.type();
        return switch (t.kind()) {
            case BIT -> Long.toUnsignedString((Long) v);
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> (String) v; // varbyte-stored text: hex of the UTF-8 below
            case BINARY, VARBINARY, BLOB -> HEX.formatHex((byte[]) v);
            case SET -> String.join(",", castList(v));
            case DATETIME -> KEY_DATE_TIME.format((LocalDateTime) v);
            case TIMESTAMP -> KEY_DATE_TIME.format(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC)) + "+00";
            case TIME -> timeText((Duration) v);
            default -> v.toString();
        };
    }

    /** {@link #keyText(Object, Column)}, but text stored in VARBYTE (long-text: varbyte) as the hex of its UTF-8. */
    static String keyText(Object v, Column column, SqlType type) {
        if (isVarbyte(type) && v instanceof String s) {
            return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
        }
        return keyText(v, column);
    }

    @Override
    public String keysCondition(List<String> quotedKeyColumns, List<String> parameters, int keys) {
        if (quotedKeyColumns.size() == 1) {
            return SqlDialect.ReadBack.super.keysCondition(quotedKeyColumns, parameters, keys);
        }
        List<String> one = new ArrayList<>();
        for (int i = 0; i < quotedKeyColumns.size(); i++) {
            one.add(quotedKeyColumns.get(i) + " = " + parameters.get(i));
        }
        String conjunction = "(" + String.join(" AND ", one) + ")";
        return "(" + String.join(" OR ", java.util.Collections.nCopies(keys, conjunction)) + ")";
    }

    static boolean isVarbyte(SqlType type) {
        return type.ddl().startsWith("varbyte");
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object v) {
        return (List<String>) v;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a VARBYTE text column holds bytes that are not UTF-8 (the sink writes"
                    + " UTF-8 only; was the column written by something else?)", e);
        }
    }

    /** {@code 2024-02-29 13:04:05.123+00} (Redshift and PostgreSQL print the offset as {@code +00} or {@code +05:30}). */
    private static Instant timestamptz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign <= 10) {
            throw new IllegalArgumentException("not a timestamptz: " + text);
        }
        LocalDateTime local = LocalDateTime.parse(text.substring(0, sign), DATE_TIME);
        return local.toInstant(ZoneOffset.of(text.substring(sign)));
    }

    /** {@code [-]H:MM:SS[.f]}: Redshift TIME (a time of day) or the varchar the sink writes. */
    static Duration duration(String text) {
        boolean negative = text.startsWith("-");
        String s = negative ? text.substring(1) : text;
        String[] hms = s.split(":", -1);
        if (hms.length != 3) {
            throw new IllegalArgumentException("not a time: " + text);
        }
        String[] secFrac = hms[2].split("\\.", -1);
        long nanos = 0;
        if (secFrac.length == 2) {
            String f = (secFrac[1] + "000000000").substring(0, 9);
            nanos = Long.parseLong(f);
        }
        Duration d = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(Long.parseLong(hms[1]))
                .plusSeconds(Long.parseLong(secFrac[0])).plusNanos(nanos);
        return negative ? d.negated() : d;
    }

    /** A TIME key as the sink stores it: {@code [-]HH:MM:SS.ffffff} (for both {@code time} and the varchar). */
    static String timeText(Duration d) {
        StringBuilder s = new StringBuilder(17);
        if (d.isNegative()) {
            s.append('-');
            d = d.negated();
        }
        long h = d.toHours();
        if (h < 10) {
            s.append('0');
        }
        s.append(h).append(String.format(java.util.Locale.ROOT, ":%02d:%02d.%06d", d.toMinutesPart(),
                d.toSecondsPart(), d.toNanosPart() / 1000));
        return s.toString();
    }
}
