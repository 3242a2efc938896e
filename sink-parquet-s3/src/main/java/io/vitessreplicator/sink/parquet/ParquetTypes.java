package io.vitessreplicator.sink.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * How each MySQL type is stored in Parquet, and how its Java value (as {@link ColumnType}
 * documents it) is written and read back. The table in sink-parquet-s3/README.md says the same.
 *
 * <p>All integers but BIGINT UNSIGNED are INT64 (signed), so widening an integer column never
 * changes a file's type; BIGINT UNSIGNED and BIT are INT64 annotated unsigned. TIME, which may be
 * negative or over 24 hours, is INT64 microseconds without an annotation (Parquet's TIME cannot
 * hold either). Every data column is optional: a column added later is absent from older files.
 */
final class ParquetTypes {
    /** Parquet DECIMAL precision most engines read exactly (DuckDB, Spark, Trino, Athena stop here). */
    static final int ENGINE_MAX_PRECISION = 38;

    private ParquetTypes() {}

    /** The Parquet field of a data column. */
    static Type field(Column column, ParquetSinkConfig.WideDecimals wide) {
        ColumnType t = column.type();
        String name = column.name();
        return switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.intType(64, true)).named(name);
            case BIGINT -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, !t.unsigned()))
                    .named(name);
            case BIT -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named(name);
            case DECIMAL -> decimalAsString(t, wide)
                    ? Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name)
                    : Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(decimalBytes(t.precision()))
                    .as(LogicalTypeAnnotation.decimalType(t.scale(), t.precision())).named(name);
            case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case CHAR, VARCHAR, TEXT, ENUM -> Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case JSON -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType()).named(name);
            case BINARY, VARBINARY, BLOB -> Types.optional(PrimitiveTypeName.BINARY).named(name);
            case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
            case DATETIME -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(false, MICROS)).named(name);
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, MICROS)).named(name);
            case TIME -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case YEAR -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, true)).named(name);
            case SET -> Types.optionalList().optionalElement(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case UNSUPPORTED -> throw new IllegalArgumentException("no Parquet type for " + t);
        };
    }

    /** The field's type as the manifest and the docs name it, e.g. {@code DECIMAL(65,30)}. */
    static String describe(ColumnType t, ParquetSinkConfig.WideDecimals wide) {
        return switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT -> "INT64";
            case BIGINT -> t.unsigned() ? "UINT64" : "INT64";
            case BIT -> "UINT64";
            case DECIMAL -> decimalAsString(t, wide) ? "STRING" : "DECIMAL(" + t.precision() + "," + t.scale() + ")";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case CHAR, VARCHAR, TEXT, ENUM -> "STRING";
            case JSON -> "JSON";
            case BINARY, VARBINARY, BLOB -> "BINARY";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP(MICROS)";
            case TIMESTAMP -> "TIMESTAMP(MICROS, UTC)";
            case TIME -> "INT64 (microseconds)";
            case YEAR -> "INT32";
            case SET -> "LIST<STRING>";
            case UNSUPPORTED -> "none";
        };
    }

    static boolean decimalAsString(ColumnType t, ParquetSinkConfig.WideDecimals wide) {
        return wide == ParquetSinkConfig.WideDecimals.STRING && t.precision() > ENGINE_MAX_PRECISION;
    }

    /** Bytes of a two's-complement unscaled value with {@code precision} decimal digits. */
    static int decimalBytes(int precision) {
        int bits = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE).bitLength() + 1;
        return (bits + 7) / 8;
    }

    /**
     * Writes a non-null value of the column's field (inside startField/endField).
     *
     * @throws FatalSinkException when the value does not fit the column's type, naming the column
     */
    static void write(RecordConsumer rc, ColumnType t, ParquetSinkConfig.WideDecimals wide, Object v, String where) {
        switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIT -> rc.addLong(((Number) v).longValue());
            case BIGINT -> rc.addLong(v instanceof BigInteger b ? unsignedBits(b, where) : ((Number) v).longValue());
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) v;
                if (decimalAsString(t, wide)) {
                    rc.addBinary(Binary.fromString(d.setScale(t.scale()).toPlainString()));
                } else {
                    rc.addBinary(Binary.fromConstantByteArray(decimal(d, t, where)));
                }
            }
            case FLOAT -> rc.addFloat((Float) v);
            case DOUBLE -> rc.addDouble((Double) v);
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> rc.addBinary(Binary.fromString((String) v));
            case BINARY, VARBINARY, BLOB -> rc.addBinary(Binary.fromConstantByteArray((byte[]) v));
            case DATE -> rc.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
            case DATETIME -> rc.addLong(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
            case TIMESTAMP -> rc.addLong(micros((Instant) v));
            case TIME -> rc.addLong(Math.floorDiv(((Duration) v).toNanos(), 1000L));
            case YEAR -> rc.addInteger(((Number) v).intValue());
            case SET -> {
                @SuppressWarnings("unchecked")
                List<String> members = (List<String>) v;
                rc.startGroup();
                if (!members.isEmpty()) {
                    rc.startField("list", 0);
                    for (String m : members) {
                        rc.startGroup();
                        rc.startField("element", 0);
                        rc.addBinary(Binary.fromString(m));
                        rc.endField("element", 0);
                        rc.endGroup();
                    }
                    rc.endField("list", 0);
                }
                rc.endGroup();
            }
            case UNSUPPORTED -> throw new IllegalArgumentException("no Parquet type for " + t);
        }
    }

    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static long unsignedBits(BigInteger b, String where) {
        if (b.signum() < 0 || b.bitLength() > 64) {
            throw new FatalSinkException("Cannot write " + where + ": " + b + " is outside the range of BIGINT UNSIGNED."
                    + " The source sent a value MySQL cannot hold; check the column's type.");
        }
        return b.longValue();
    }

    private static byte[] decimal(BigDecimal d, ColumnType t, String where) {
        BigDecimal scaled;
        try {
            scaled = d.setScale(t.scale());
        } catch (ArithmeticException e) {
            throw new FatalSinkException("Cannot write " + where + " (" + t.sqlType() + "): " + d.toPlainString()
                    + " has more than " + t.scale() + " digits after the point.");
        }
        if (scaled.precision() - scaled.scale() > t.precision() - t.scale() && scaled.signum() != 0) {
            throw new FatalSinkException("Cannot write " + where + " (" + t.sqlType() + "): " + d.toPlainString()
                    + " has more than " + (t.precision() - t.scale()) + " digits before the point.");
        }
        byte[] unscaled = scaled.unscaledValue().toByteArray();
        int n = decimalBytes(t.precision());
        byte[] out = new byte[n];
        byte pad = (byte) (unscaled[0] < 0 ? 0xff : 0);
        Arrays.fill(out, 0, n - unscaled.length, pad);
        System.arraycopy(unscaled, 0, out, n - unscaled.length, unscaled.length);
        return out;
    }

    /** The column's Java value from what a Parquet reader gives for it (see {@link ParquetFileReader}). */
    static Object decimalOf(Binary b, ColumnType t, ParquetSinkConfig.WideDecimals wide) {
        if (decimalAsString(t, wide)) {
            return new BigDecimal(b.toStringUsingUTF8()).setScale(t.scale());
        }
        return new BigDecimal(new BigInteger(b.getBytes()), t.scale());
    }

    static Object unsignedOf(long bits, ColumnType t) {
        if (t.kind() == Kind.BIGINT && t.unsigned()) {
            return new BigInteger(Long.toUnsignedString(bits));
        }
        return bits;
    }
}
