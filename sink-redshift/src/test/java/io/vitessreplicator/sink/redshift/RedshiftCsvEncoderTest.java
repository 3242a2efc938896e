package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.sink.redshift.Samples.decimal;
import static io.vitessreplicator.sink.redshift.Samples.elements;
import static io.vitessreplicator.sink.redshift.Samples.fraction;
import static io.vitessreplicator.sink.redshift.Samples.key;
import static io.vitessreplicator.sink.redshift.Samples.col;
import static io.vitessreplicator.sink.redshift.Samples.length;
import static io.vitessreplicator.sink.redshift.Samples.type;
import static io.vitessreplicator.sink.redshift.Samples.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftCsvEncoderTest {
    private static final RedshiftTypeOptions DEFAULTS = RedshiftTypeOptions.DEFAULTS;
    private static final String NUL = "\0";

    /** A table (id int key, c type) with the given options. */
    private static TargetTable table(ColumnType type, RedshiftTypeOptions options) {
        TableSchema schema = new TableSchema(Samples.ORDERS, List.of(key("id", type(Kind.INT, "int")), col("c", type)),
                List.of("id"));
        return Samples.target(schema, "warehouse", "orders", DeleteMode.HARD, new RedshiftTypeMapping(options));
    }

    private static String record(ColumnType type, Object value, RedshiftTypeOptions options) {
        RedshiftCsvBuffer out = new RedshiftCsvBuffer(16);
        new RedshiftCsvEncoder(table(type, options)).writeUpsert(new Object[] {1L, value}, 7, out);
        return out.toString();
    }

    /** The field of column c, as written (quotes included). */
    private static String field(ColumnType type, Object value) {
        return field(type, value, DEFAULTS);
    }

    private static String field(ColumnType type, Object value, RedshiftTypeOptions options) {
        String r = record(type, value, options);
        assertThat(r).startsWith("1,").endsWith(",\"U\",7\n");
        return r.substring(2, r.length() - ",\"U\",7\n".length());
    }

    private static FatalSinkException refusal(ColumnType type, Object value, RedshiftTypeOptions options) {
        RedshiftCsvBuffer out = new RedshiftCsvBuffer(16);
        out.ascii("previous\n");
        RedshiftCsvEncoder encoder = new RedshiftCsvEncoder(table(type, options));
        try {
            encoder.writeUpsert(new Object[] {1L, value}, 7, out);
        } catch (FatalSinkException e) {
            assertThat(out.toString()).as("the partly written record is removed").isEqualTo("previous\n");
            return e;
        }
        throw new AssertionError("not refused: " + value);
    }

    private static FatalSinkException refusal(ColumnType type, Object value) {
        return refusal(type, value, DEFAULTS);
    }

    private static final ColumnType VARCHAR = length(Kind.VARCHAR, 255, "varchar(255)");

    @Test
    void nullIsOneUnquotedNulByteAndTheEmptyStringIsTwoQuotes() {
        assertThat(record(VARCHAR, null, DEFAULTS)).isEqualTo("1," + NUL + ",\"U\",7\n");
        assertThat(record(VARCHAR, "", DEFAULTS)).isEqualTo("1,\"\",\"U\",7\n");
        // strings that other formats use as NULL markers are ordinary quoted text here
        assertThat(field(VARCHAR, "\\N")).isEqualTo("\"\\N\"");
        assertThat(field(VARCHAR, "NULL")).isEqualTo("\"NULL\"");
        assertThat(field(VARCHAR, " ")).isEqualTo("\" \"");
    }

    @Test
    void textIsAlwaysQuotedWithQuotesDoubledAndCommasAndLineBreaksKept() {
        assertThat(field(VARCHAR, "plain")).isEqualTo("\"plain\"");
        assertThat(field(VARCHAR, "say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(field(VARCHAR, "\"")).isEqualTo("\"\"\"\"");
        assertThat(field(VARCHAR, "a,b")).isEqualTo("\"a,b\"");
        assertThat(field(VARCHAR, "one\r\ntwo\nthree\rfour\ttab\\")).isEqualTo("\"one\r\ntwo\nthree\rfour\ttab\\\"");
    }

    @Test
    void nonAsciiIsUtf8() {
        RedshiftCsvBuffer out = new RedshiftCsvBuffer(4);
        new RedshiftCsvEncoder(table(VARCHAR, DEFAULTS)).writeUpsert(new Object[] {1L, "é€😀\"ü"}, 1, out);
        byte[] written = Arrays.copyOf(out.array(), out.size());
        assertThat(written).isEqualTo("1,\"é€😀\"\"ü\",\"U\",1\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNulCharacterIsRefusedNamingTableColumnAndWhatToDo() {
        FatalSinkException e = refusal(VARCHAR, "ab\0c");
        assertThat(e.getMessage()).isEqualTo("Cannot write column shop.orders.c (varchar(255)) to"
                + " \"warehouse\".\"orders\".\"c\" (varchar(1020)): the value contains a NUL character (U+0000) at"
                + " character 2, which Redshift VARCHAR cannot store (and which the staged files use as their NULL"
                + " marker). Fix the value at the source or exclude the table (source.tables.exclude) or the column"
                + " (source.columns.exclude); the sink never alters values.");
        // after non-ASCII text too, and in JSON and ENUM columns
        assertThat(refusal(VARCHAR, "é\0").getMessage()).contains("U+0000) at character 1");
        assertThat(refusal(type(Kind.JSON, "json"), "\"a\0\"").getMessage()).contains("NUL character (U+0000)");
        assertThat(refusal(elements(Kind.ENUM, List.of("a\0"), "enum('a\\0')"), "a\0").getMessage())
                .contains("NUL character (U+0000)");
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThat(refusal(VARCHAR, "a\uD800b").getMessage()).contains("unpaired UTF-16 surrogate (U+D800) at character 1");
        assertThat(refusal(VARCHAR, "a\uDC00").getMessage()).contains("unpaired UTF-16 surrogate (U+DC00)");
    }

    @Test
    void varcharLengthsAreCheckedInBytes() {
        ColumnType char1 = length(Kind.CHAR, 1, "char(1)"); // varchar(4)
        assertThat(field(char1, "😀")).isEqualTo("\"😀\"");
        assertThat(field(char1, "\"\"\"\"")).isEqualTo("\"\"\"\"\"\"\"\"\"\""); // 4 quotes are 4 bytes
        assertThat(refusal(char1, "ééé").getMessage()).contains("the value takes 6 bytes of UTF-8 and the Redshift"
                + " column holds 4");
    }

    @Test
    void integersAsDigitsWithinTheRedshiftTypesRange() {
        assertThat(field(type(Kind.TINYINT, "tinyint"), -128L)).isEqualTo("-128");
        assertThat(field(unsigned(Kind.SMALLINT, "smallint unsigned"), 65535L)).isEqualTo("65535");
        assertThat(field(type(Kind.INT, "int"), -2147483648L)).isEqualTo("-2147483648");
        assertThat(field(unsigned(Kind.INT, "int unsigned"), 4294967295L)).isEqualTo("4294967295");
        assertThat(field(type(Kind.BIGINT, "bigint"), Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(field(type(Kind.YEAR, "year"), 2155)).isEqualTo("2155");
        assertThat(field(unsigned(Kind.BIGINT, "bigint unsigned"), new BigInteger("18446744073709551615")))
                .isEqualTo("18446744073709551615");
        assertThat(refusal(type(Kind.SMALLINT, "smallint"), 40000L).getMessage())
                .contains("the value 40000 is outside the range of Redshift smallint");
        assertThat(refusal(unsigned(Kind.BIGINT, "bigint unsigned"), BigInteger.ONE.shiftLeft(64)).getMessage())
                .contains("outside the range of BIGINT UNSIGNED");
        assertThat(refusal(type(Kind.INT, "int"), "12").getMessage())
                .contains("holds a java.lang.String where the column type needs a java.lang.Long");
    }

    @Test
    void decimalsInPlainNotationNeverRounded() {
        ColumnType d = decimal(12, 4);
        assertThat(field(d, new BigDecimal("-0.0100"))).isEqualTo("-0.0100");
        assertThat(field(d, new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(field(d, new BigDecimal("12345678.1234"))).isEqualTo("12345678.1234");
        assertThat(field(d, new BigDecimal("1.50000"))).isEqualTo("1.50000"); // trailing zeros only
        assertThat(field(decimal(38, 10), new BigDecimal("1.5E-7"))).isEqualTo("0.00000015");
        assertThat(refusal(d, new BigDecimal("1.00005")).getMessage())
                .contains("has more than 4 digits after the point, so numeric(12,4) would not hold it exactly");
        assertThat(refusal(d, new BigDecimal("123456789")).getMessage())
                .contains("has more than 8 digits before the point");
        RedshiftTypeOptions wide = DEFAULTS.withWideDecimal(RedshiftTypeOptions.WideDecimal.VARCHAR);
        assertThat(field(decimal(65, 30), new BigDecimal("-1E+34"), wide)).isEqualTo("\"-10000000000000000000000000000000000\"");
    }

    @Test
    void floatsInShortestRoundTripFormWithoutLocaleAndSpecialsSpelledForRedshift() {
        ColumnType f = type(Kind.FLOAT, "float");
        ColumnType d = type(Kind.DOUBLE, "double");
        assertThat(field(f, 0.1f)).isEqualTo("0.1");
        assertThat(field(f, -3.4028235e38f)).isEqualTo("-3.4028235E38");
        assertThat(field(d, 0.1)).isEqualTo("0.1");
        assertThat(field(d, 1.0e-5)).isEqualTo("1.0E-5");
        assertThat(field(d, -0.0)).isEqualTo("-0.0");
        assertThat(field(d, 1.7976931348623157e308)).isEqualTo("1.7976931348623157E308");
        assertThat(Double.parseDouble(field(d, 2.0 / 3))).isEqualTo(2.0 / 3);
        assertThat(field(d, Double.NaN)).isEqualTo("NaN");
        assertThat(field(f, Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(field(d, Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }

    @Test
    void bitAsItsUnsignedValue() {
        assertThat(field(length(Kind.BIT, 5, "bit(5)"), 31L)).isEqualTo("31");
        assertThat(field(length(Kind.BIT, 64, "bit(64)"), -1L)).isEqualTo("18446744073709551615");
        assertThat(field(length(Kind.BIT, 64, "bit(64)"), Long.MIN_VALUE)).isEqualTo("9223372036854775808");
        assertThat(refusal(length(Kind.BIT, 5, "bit(5)"), 32L).getMessage()).contains("does not fit in BIT(5)");
    }

    @Test
    void binaryAsQuotedLowercaseHexIncludingZeroBytes() {
        ColumnType b = length(Kind.VARBINARY, 8, "varbinary(8)");
        assertThat(field(b, new byte[] {0, 0, 1, (byte) 0xab, (byte) 0xff, '"', ',', '\n'})).isEqualTo("\"000001abff222c0a\"");
        assertThat(field(b, new byte[0])).isEqualTo("\"\"");
        assertThat(field(type(Kind.BLOB, "blob"), new byte[] {0})).isEqualTo("\"00\"");
        assertThat(refusal(b, new byte[9]).getMessage()).contains("the value has 9 bytes and the Redshift column holds 8");
    }

    @Test
    void jsonIsItsTextQuotedForSuperAndVarchar() {
        String json = "{\"k\": \"line1\\nline2 \\\"q\\\"\",\n \"n\": [1, 2.5e3], \"é\": null}";
        String expected = "\"" + json.replace("\"", "\"\"") + "\"";
        assertThat(field(type(Kind.JSON, "json"), json)).isEqualTo(expected);
        assertThat(field(type(Kind.JSON, "json"), json, DEFAULTS.withJsonAsSuper(false))).isEqualTo(expected);
    }

    @Test
    void enumAndSetAsQuotedText() {
        ColumnType e = elements(Kind.ENUM, List.of("small", "médium"), "enum('small','médium')");
        ColumnType s = elements(Kind.SET, List.of("a", "b", "c"), "set('a','b','c')");
        assertThat(field(e, "médium")).isEqualTo("\"médium\"");
        assertThat(field(s, List.of("a", "c"))).isEqualTo("\"a,c\"");
        assertThat(field(s, List.of())).isEqualTo("\"\"");
    }

    @Test
    void datesAndTimestampsWithSixFractionalDigitsTimestamptzInUtc() {
        assertThat(field(type(Kind.DATE, "date"), LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(field(type(Kind.DATE, "date"), LocalDate.of(1, 1, 1))).isEqualTo("0001-01-01");
        ColumnType dt = fraction(Kind.DATETIME, 6, "datetime(6)");
        assertThat(field(dt, LocalDateTime.of(2024, 2, 29, 13, 4, 5, 123_456_000))).isEqualTo("2024-02-29 13:04:05.123456");
        assertThat(field(dt, LocalDateTime.of(9999, 12, 31, 0, 0))).isEqualTo("9999-12-31 00:00:00.000000");
        ColumnType ts = fraction(Kind.TIMESTAMP, 3, "timestamp(3)");
        assertThat(field(ts, Instant.parse("2024-02-29T23:30:00.5-02:00"))).isEqualTo("2024-03-01 01:30:00.500000+00");
        assertThat(field(ts, Instant.EPOCH)).isEqualTo("1970-01-01 00:00:00.000000+00");
        assertThat(refusal(dt, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)).getMessage())
                .contains("a fraction of a microsecond (.000000001)");
        assertThat(refusal(type(Kind.DATE, "date"), LocalDate.of(0, 1, 1)).getMessage())
                .contains("has a year outside 1..9999");
    }

    @Test
    void timeAsATimeOfDayWithinRedshiftsRange() {
        ColumnType t = fraction(Kind.TIME, 6, "time(6)");
        assertThat(field(t, Duration.ZERO)).isEqualTo("00:00:00.000000");
        assertThat(field(t, Duration.ofHours(13).plusMinutes(4).plusSeconds(5).plusNanos(1000))).isEqualTo("13:04:05.000001");
        assertThat(field(t, Duration.ofDays(1).minusNanos(1000))).isEqualTo("23:59:59.999999");
    }

    @Test
    void timeOutsideADayStopsTheBatchNamingTheColumnAndTheOption() {
        ColumnType t = fraction(Kind.TIME, 0, "time");
        FatalSinkException e = refusal(t, Duration.ofSeconds(-1));
        assertThat(e.getMessage()).isEqualTo("Cannot write column shop.orders.c (time) to \"warehouse\".\"orders\".\"c\""
                + " (time): the value -00:00:01.000000 is outside 00:00:00 to 23:59:59.999999, the times of day a"
                + " Redshift TIME column holds (MySQL TIME is a duration up to ±838:59:59). To replicate it, set the"
                + " Redshift option time: varchar to keep every MySQL TIME value exactly as text ([-]HH:MM:SS.ffffff in a"
                + " varchar(17) column); or fix the value at the source or exclude the table (source.tables.exclude) or"
                + " the column (source.columns.exclude); the sink never alters values.");
        assertThat(refusal(t, Duration.ofHours(24)).getMessage()).contains("the value 24:00:00.000000 is outside");
        assertThat(refusal(t, Duration.ofHours(838).plusMinutes(59).plusSeconds(59)).getMessage())
                .contains("838:59:59.000000 is outside").contains("time: varchar");
        assertThat(refusal(t, Duration.ofNanos(1)).getMessage()).contains("fraction of a microsecond");
    }

    @Test
    void timeAsVarcharKeepsEveryMysqlValue() {
        RedshiftTypeOptions asText = DEFAULTS.withTime(RedshiftTypeOptions.TimeType.VARCHAR);
        ColumnType t = fraction(Kind.TIME, 6, "time(6)");
        assertThat(field(t, Duration.ofHours(-838).minusMinutes(59).minusSeconds(59), asText)).isEqualTo("\"-838:59:59.000000\"");
        assertThat(field(t, Duration.ofHours(838).plusMinutes(59).plusSeconds(59), asText)).isEqualTo("\"838:59:59.000000\"");
        assertThat(field(t, Duration.ofSeconds(3723).plusMillis(500), asText)).isEqualTo("\"01:02:03.500000\"");
        assertThat(field(t, Duration.ofHours(25), asText)).isEqualTo("\"25:00:00.000000\"");
        assertThat(field(t, Duration.ofMillis(-1), asText)).isEqualTo("\"-00:00:00.001000\"");
        assertThat(field(t, Duration.ZERO, asText)).isEqualTo("\"00:00:00.000000\"");
    }

    @Test
    void aDeleteCarriesTheKeyAndNullsThenDAndTheSequence() {
        TargetTable orders = Samples.orders(DeleteMode.HARD); // key (tenant_id, OrderId), 5 columns
        RedshiftCsvBuffer out = new RedshiftCsvBuffer(16);
        RedshiftCsvEncoder encoder = new RedshiftCsvEncoder(orders);
        encoder.writeDelete(new Object[] {3L, 42L}, 9, out);
        encoder.writeUpsert(new Object[] {3L, 43L, "a", new BigDecimal("1.50"), null}, 10, out);
        assertThat(out.toString()).isEqualTo("3,42," + NUL + "," + NUL + "," + NUL + ",\"D\",9\n"
                + "3,43,\"a\",1.50," + NUL + ",\"U\",10\n");
        assertThatThrownBy(() -> encoder.writeDelete(new Object[] {3L}, 1, out))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("the key has 1 values");
        assertThatThrownBy(() -> encoder.writeDelete(new Object[] {3L, null}, 1, out))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("primary-key column OrderId is NULL");
        assertThatThrownBy(() -> encoder.writeUpsert(new Object[] {3L}, 1, out))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("it has 1 values but the table has 5");
        assertThat(out.toString()).endsWith(",\"U\",10\n");
    }

    @Test
    void everyColumnOfTheSampleTableEncodes() {
        TargetTable every = Samples.target(Samples.everyType(), "warehouse", "every_type", DeleteMode.HARD,
                new RedshiftTypeMapping(DEFAULTS));
        RedshiftCsvBuffer out = new RedshiftCsvBuffer(16);
        new RedshiftCsvEncoder(every).writeUpsert(ReadBackSamples.nastyRow(), 1, out);
        assertThat(out.toString()).isEqualTo(ReadBackSamples.NASTY_ROW_CSV + ",\"U\",1\n");
    }
}
