package io.vitessreplicator.source.decode;

import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.util.Arrays;

/** Picks the {@link ColumnDecoder} for a resolved column. */
final class ColumnDecoders {
    private ColumnDecoders() {}

    static ColumnDecoder forColumn(ResolvedColumn column, ZeroDatePolicy zeroDates) {
        ColumnType type = column.type();
        MysqlCharset charset = column.charset();
        return switch (type.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> {
                if (!type.unsigned()) {
                    yield (b, off, len) -> NumberText.parseLong(b, off, len);
                }
                // A row vttablet could not match to the schema (RowLayouts) has its unsigned values
                // formatted as signed: -1 in an INT UNSIGNED is 4294967295.
                long range = 1L << switch (type.kind()) {
                    case TINYINT -> 8;
                    case SMALLINT -> 16;
                    case MEDIUMINT -> 24;
                    default -> 32;
                };
                yield (b, off, len) -> {
                    long v = NumberText.parseLong(b, off, len);
                    return v < 0 ? v + range : v;
                };
            }
            case BIGINT -> type.unsigned()
                    ? (b, off, len) -> NumberText.parseUnsigned64(b, off, len)
                    : (b, off, len) -> NumberText.parseLong(b, off, len);
            case DECIMAL -> {
                int scale = type.scale();
                yield (b, off, len) -> NumberText.parseDecimal(b, off, len, scale);
            }
            case FLOAT -> type.precision() == 0
                    ? (b, off, len) -> FloatText.parseFloatAsDisplayed(b, off, len)
                    : (b, off, len) -> FloatText.parseFloat(b, off, len);
            case DOUBLE -> (b, off, len) -> FloatText.parseDouble(b, off, len);
            case BIT -> ColumnDecoders::bits;
            case CHAR, VARCHAR, TEXT -> charset::decode;
            case BINARY, VARBINARY, BLOB -> (b, off, len) -> Arrays.copyOfRange(b, off, off + len);
            case DATE -> TemporalText.date(zeroDates);
            case DATETIME -> TemporalText.dateTime(zeroDates);
            case TIMESTAMP -> TemporalText.timestamp(zeroDates);
            case TIME -> TemporalText.time();
            case YEAR -> TemporalText.year();
            case JSON -> JsonText::canonical;
            case ENUM -> EnumSetDecoders.enumDecoder(type.elements(), charset);
            case SET -> EnumSetDecoders.setDecoder(type.elements(), charset);
            case UNSUPPORTED -> throw new IllegalArgumentException("no decoder for " + type.sqlType());
        };
    }

    /** BIT(n): VStream sends ceil(n/8) raw bytes, most significant first, in both phases. */
    private static Object bits(byte[] b, int off, int len) {
        if (len > 8) {
            throw new IllegalArgumentException("more than 8 bytes for a BIT value");
        }
        long value = 0;
        for (int i = off; i < off + len; i++) {
            value = (value << 8) | (b[i] & 0xff);
        }
        return value;
    }
}
