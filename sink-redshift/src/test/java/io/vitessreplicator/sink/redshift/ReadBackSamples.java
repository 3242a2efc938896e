package io.vitessreplicator.sink.redshift;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of {@link Samples#everyType()} with awkward values, and what they must look like, written by
 * hand (not by the encoder): the CSV text, and the field texts a CSV reader must get back.
 */
final class ReadBackSamples {
    private ReadBackSamples() {}

    static final String JSON = "{\"k\": \"line1\\nline2 \\\"q\\\"\",\n \"n\": [1, 2.5e3]}";

    /** One value of every column of the every-type table. */
    static Object[] nastyRow() {
        return new Object[] {
            new BigInteger("18446744073709551615"),
            -128L, 65535L, -8388608L, -2147483648L, 4294967295L, Long.MIN_VALUE,
            new BigDecimal("-1234567890123456789012345678.0123456789"),
            0.1f, 1.7976931348623157e308,
            31L, -1L,
            "a\",", "x,y\r\nz \"q\"", "", "é€😀 naïve", "\\N",
            new byte[] {0, 0, 1, (byte) 0xff, '"', ',', '\n'}, new byte[0], new byte[] {0},
            LocalDate.of(1, 1, 1), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            Instant.parse("1970-01-01T00:00:00.123Z"), Duration.ofDays(1).minusSeconds(1), 2155,
            JSON, "médium", List.of("a", "c"),
        };
    }

    /** {@link #nastyRow()} as CSV fields, without op and seq. */
    static final String NASTY_ROW_CSV = "18446744073709551615,-128,65535,-8388608,-2147483648,4294967295,"
            + "-9223372036854775808,-1234567890123456789012345678.0123456789,0.1,1.7976931348623157E308,31,"
            + "18446744073709551615,\"a\"\",\",\"x,y\r\nz \"\"q\"\"\",\"\",\"é€😀 naïve\",\"\\N\",\"000001ff222c0a\","
            + "\"\",\"00\",0001-01-01,9999-12-31 23:59:59.999999,1970-01-01 00:00:00.123000+00,23:59:59.000000,2155,"
            + "\"{\"\"k\"\": \"\"line1\\nline2 \\\"\"q\\\"\"\"\",\n \"\"n\"\": [1, 2.5e3]}\",\"médium\",\"a,c\"";

    /** The field texts a CSV reader gets back from {@link #NASTY_ROW_CSV}. */
    static final List<String> NASTY_ROW_FIELDS = List.of("18446744073709551615", "-128", "65535", "-8388608",
            "-2147483648", "4294967295", "-9223372036854775808", "-1234567890123456789012345678.0123456789", "0.1",
            "1.7976931348623157E308", "31", "18446744073709551615", "a\",", "x,y\r\nz \"q\"", "", "é€😀 naïve", "\\N",
            "000001ff222c0a", "", "00", "0001-01-01", "9999-12-31 23:59:59.999999", "1970-01-01 00:00:00.123000+00",
            "23:59:59.000000", "2155", JSON, "médium", "a,c");

    /** Columns written quoted when not NULL: text, JSON, ENUM, SET and binary. */
    static final List<Integer> QUOTED_COLUMNS = List.of(12, 13, 14, 15, 16, 17, 18, 19, 25, 26, 27);

    static final int COLUMNS = 28;

    /** Text that looks like the NULL marker or CSV syntax, in text columns; the rest NULL. */
    static Object[] lookalikeRow() {
        Object[] row = new Object[COLUMNS];
        row[0] = BigInteger.ONE;
        row[12] = "\"";
        row[13] = "NULL";
        row[14] = " ";
        row[15] = ",";
        row[16] = "\\000";
        row[17] = new byte[] {'\\', '0'};
        return row;
    }

    static List<String> lookalikeFields() {
        String[] f = new String[COLUMNS];
        f[0] = "1";
        f[12] = "\"";
        f[13] = "NULL";
        f[14] = " ";
        f[15] = ",";
        f[16] = "\\000";
        f[17] = "5c30";
        return Arrays.asList(f);
    }
}
