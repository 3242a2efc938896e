package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL values back into the pipeline's representation: the inverse of
 * {@link CopyValueFormats} over the types {@link PostgresTypeMapping} chose. Exact for every
 * mapping: {@code numeric(20,0)} → BigInteger, {@code bit(n)} → the bits as a long, {@code interval}
 * (read as its exact epoch seconds) → Duration, {@code timestamptz} → Instant, {@code text[]} → the
 * SET's members, {@code jsonb} → its text (compared as a document, not as text: jsonb reorders
 * keys and drops insignificant spaces), {@code real} → the same float bits.
 */
final class PostgresReadBack implements SqlDialect.ReadBack {

    @Override
    public String select(String quotedColumn, Column column, SqlType type) {
        return switch (column.type().kind()) {
            case TIME -> "extract(epoch from " + quotedColumn + ")";
            case BIT, JSON -> quotedColumn + "::text";
            default -> quotedColumn;
        };
    }

    @Override
    public Object read(ResultSet rs, int index, Column column, SqlType type) throws SQLException {
        if (rs.getObject(index) == null) {
            return null;
        }
        ColumnType t = column.type();
        return switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> rs.getLong(index);
            case BIGINT -> t.unsigned() ? rs.getBigDecimal(index).toBigIntegerExact() : (Object) rs.getLong(index);
            case YEAR -> rs.getInt(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case BIT -> Long.parseUnsignedLong(rs.getString(index), 2);
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> rs.getString(index);
            case BINARY, VARBINARY, BLOB -> rs.getBytes(index);
            case SET -> {
                Array a = rs.getArray(index);
                yield List.copyOf(Arrays.asList((String[]) a.getArray()));
            }
            case DATE -> rs.getObject(index, LocalDate.class);
            case DATETIME -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP -> rs.getObject(index, OffsetDateTime.class).toInstant();
            case TIME -> Duration.ofNanos(rs.getBigDecimal(index).movePointRight(9).longValueExact());
            case UNSUPPORTED -> throw new IllegalArgumentException("no PostgreSQL mapping for " + t);
        };
    }

    @Override
    public String keyParameter(Column column, SqlType type) {
        return "CAST(? AS " + type.ddl() + ")";
    }

    @Override
    public void bindKey(PreparedStatement ps, int index, Column column, SqlType type, Object v)
            throws SQLException {
        ColumnType t = column.type();
        switch (t.kind()) {
            case BIT -> {
                StringBuilder bits = new StringBuilder(Long.toBinaryString((Long) v));
                while (bits.length() < t.length()) {
                    bits.insert(0, '0');
                }
                ps.setString(index, bits.toString());
            }
            case TIME -> ps.setString(index, interval((Duration) v));
            case SET -> ps.setArray(index, ps.getConnection().createArrayOf("text", ((List<?>) v).toArray()));
            default -> {
                if (v instanceof BigInteger b) {
                    ps.setBigDecimal(index, new BigDecimal(b));
                } else if (v instanceof Instant i) {
                    ps.setObject(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
                } else if (v instanceof byte[] b) {
                    ps.setBytes(index, b);
                } else {
                    ps.setObject(index, v);
                }
            }
        }
    }

    private static String interval(Duration d) {
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        return sign + a.toHours() + ":" + String.format("%02d:%02d.%06d", a.toMinutesPart(), a.toSecondsPart(),
                a.toNanosPart() / 1000);
    }
}
