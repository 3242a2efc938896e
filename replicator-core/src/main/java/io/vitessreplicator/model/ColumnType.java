package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A MySQL column type, as complete as the target needs to recreate it exactly.
 *
 * <p>Java value of each kind, as carried in {@link RowChange} images (null is SQL NULL):
 * <table>
 * <tr><th>kind</th><th>Java value</th></tr>
 * <tr><td>TINYINT, SMALLINT, MEDIUMINT, INT (signed or unsigned), BIGINT signed</td><td>{@link Long}</td></tr>
 * <tr><td>BIGINT UNSIGNED</td><td>{@link java.math.BigInteger}</td></tr>
 * <tr><td>DECIMAL</td><td>{@link java.math.BigDecimal} with the column's scale</td></tr>
 * <tr><td>FLOAT</td><td>{@link Float}</td></tr>
 * <tr><td>DOUBLE</td><td>{@link Double}</td></tr>
 * <tr><td>BIT(n)</td><td>{@link Long}: the n bits, right-aligned (BIT(64) may be negative as a signed long)</td></tr>
 * <tr><td>CHAR, VARCHAR, TEXT, ENUM, JSON</td><td>{@link String} (JSON as its text)</td></tr>
 * <tr><td>SET</td><td>{@code List<String>} of the members present, in definition order</td></tr>
 * <tr><td>BINARY, VARBINARY, BLOB</td><td>{@code byte[]}</td></tr>
 * <tr><td>DATE</td><td>{@link java.time.LocalDate}</td></tr>
 * <tr><td>DATETIME</td><td>{@link java.time.LocalDateTime}</td></tr>
 * <tr><td>TIMESTAMP</td><td>{@link java.time.Instant}</td></tr>
 * <tr><td>TIME</td><td>{@link java.time.Duration} (negative and over 24 hours allowed)</td></tr>
 * <tr><td>YEAR</td><td>{@link Integer}</td></tr>
 * </table>
 *
 * @param kind      the type family
 * @param unsigned  for integer kinds
 * @param length    characters for CHAR/VARCHAR, bytes for BINARY/VARBINARY, bits for BIT, 0 if not applicable
 * @param precision total digits for DECIMAL; fractional-second digits (0..6) for DATETIME/TIMESTAMP/TIME
 * @param scale     digits after the point for DECIMAL
 * @param elements  members of ENUM or SET, in definition order
 * @param sqlType   the type as MySQL prints it (information_schema.COLUMNS.COLUMN_TYPE), for messages
 */
public record ColumnType(Kind kind, boolean unsigned, int length, int precision, int scale,
                         List<String> elements, String sqlType) {

    public enum Kind {
        TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT,
        DECIMAL, FLOAT, DOUBLE, BIT,
        CHAR, VARCHAR, TEXT, BINARY, VARBINARY, BLOB,
        DATE, DATETIME, TIMESTAMP, TIME, YEAR,
        JSON, ENUM, SET,
        /** GEOMETRY, VECTOR and anything else without a documented mapping: the table is refused. */
        UNSUPPORTED;

        public boolean isInteger() {
            return this == TINYINT || this == SMALLINT || this == MEDIUMINT || this == INT || this == BIGINT;
        }

        public boolean isTemporal() {
            return this == DATE || this == DATETIME || this == TIMESTAMP || this == TIME || this == YEAR;
        }
    }

    public ColumnType {
        requireNonNull(kind, "kind is null");
        requireNonNull(sqlType, "sqlType is null");
        elements = List.copyOf(requireNonNull(elements, "elements is null"));
    }

    public static ColumnType of(Kind kind, String sqlType) {
        return new ColumnType(kind, false, 0, 0, 0, List.of(), sqlType);
    }

    public boolean isUnsignedBigint() {
        return kind == Kind.BIGINT && unsigned;
    }

    @Override
    public String toString() {
        return sqlType;
    }
}
