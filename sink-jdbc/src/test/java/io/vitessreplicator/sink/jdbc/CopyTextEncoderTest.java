package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextEncoderTest {

    /** The COPY text of one value of {@code type}. */
    private static String encode(ColumnType type, Object value) {
        TableSchema schema = Types.table("ks", "t", List.of("id"), key("id", Types.BIGINT), col("v", type));
        TargetTables tables = new TargetTables(PostgresSinkConfig.from(
                io.vitessreplicator.config.ConfigNode.of("sink", java.util.Map.of("url", "jdbc:postgresql://h/db"))), new PostgresDialect());
        CopyTextEncoder encoder = new CopyTextEncoder(tables.describe(schema));
        CopyTextBuffer out = new CopyTextBuffer(16);
        encoder.writeUpsert(new Object[] {1L, value}, 7, out);
        String row = new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
        assertThat(row).startsWith("1\t").endsWith("\tU\t7\n");
        return row.substring(2, row.length() - "\tU\t7\n".length());
    }

    @Test
    void integersAndTheirTargetRanges() {
        assertThat(encode(Types.of(Kind.TINYINT, "tinyint"), -128L)).isEqualTo("-128");
        assertThat(encode(Types.unsigned(Kind.SMALLINT, "smallint unsigned"), 65535L)).isEqualTo("65535");
        assertThat(encode(Types.BIGINT, Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(encode(Types.of(Kind.YEAR, "year"), 2155)).isEqualTo("2155");
        assertThatThrownBy(() -> encode(Types.of(Kind.SMALLINT, "smallint"), 40000L))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("ks.t.v (smallint)")
                .hasMessageContaining("outside the range of PostgreSQL smallint");
    }

    @Test
    void unsignedBigintUpToTwoToTheSixtyFourMinusOne() {
        assertThat(encode(Types.unsigned(Kind.BIGINT, "bigint unsigned"), new BigInteger("18446744073709551615")))
                .isEqualTo("18446744073709551615");
        assertThatThrownBy(() -> encode(Types.unsigned(Kind.BIGINT, "bigint unsigned"),
                new BigInteger("18446744073709551616"))).hasMessageContaining("outside the range of BIGINT UNSIGNED");
    }

    @Test
    void decimalsArePlainAndNeverRounded() {
        assertThat(encode(Types.decimal(10, 2), new BigDecimal("1E+3").setScale(2))).isEqualTo("1000.00");
        assertThat(encode(Types.decimal(65, 30), new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890")))
                .isEqualTo("-12345678901234567890123456789012345.123456789012345678901234567890");
        assertThat(encode(Types.decimal(10, 2), new BigDecimal("1.500"))).isEqualTo("1.500");
        assertThatThrownBy(() -> encode(Types.decimal(10, 2), new BigDecimal("1.005")))
                .hasMessageContaining("more than 2 digits after the point");
        assertThatThrownBy(() -> encode(Types.decimal(4, 2), new BigDecimal("123.4")))
                .hasMessageContaining("more than 2 digits before the point");
    }

    @Test
    void floatsUseTheShortestRoundTripForm() {
        assertThat(encode(Types.of(Kind.FLOAT, "float"), 0.1f)).isEqualTo("0.1");
        assertThat(encode(Types.of(Kind.FLOAT, "float"), Float.NaN)).isEqualTo("NaN");
        assertThat(encode(Types.of(Kind.DOUBLE, "double"), Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(encode(Types.of(Kind.DOUBLE, "double"), -0.0d)).isEqualTo("-0.0");
        assertThat(encode(Types.of(Kind.DOUBLE, "double"), Double.MIN_VALUE)).isEqualTo("4.9E-324");
    }

    @Test
    void bitsAreZeroPaddedToTheDeclaredWidth() {
        assertThat(encode(Types.length(Kind.BIT, 8, "bit(8)"), 5L)).isEqualTo("00000101");
        assertThat(encode(Types.length(Kind.BIT, 64, "bit(64)"), -1L)).isEqualTo("1".repeat(64));
        assertThatThrownBy(() -> encode(Types.length(Kind.BIT, 3, "bit(3)"), 8L)).hasMessageContaining("does not fit in BIT(3)");
    }

    @Test
    void textIsEscapedForCopyAndEncodedAsUtf8() {
        assertThat(encode(Types.TEXT, "a\\b\tc\nd\re \uD83D\uDE80 é")).isEqualTo("a\\\\b\\tc\\nd\\re \uD83D\uDE80 é");
        assertThat(encode(Types.TEXT, "\\N")).isEqualTo("\\\\N");
        assertThat(encode(Types.TEXT, "\\.")).isEqualTo("\\\\.");
    }

    @Test
    void nulInTextIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> encode(Types.TEXT, "ab\u0000c"))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageStartingWith("Cannot write column ks.t.v (text) to \"public\".\"t\".\"v\"")
                .hasMessageContaining("NUL character (U+0000) at character 2");
    }

    @Test
    void unpairedSurrogatesAreRefusedNotReplaced() {
        assertThatThrownBy(() -> encode(Types.TEXT, "a\uD83Db")).hasMessageContaining("unpaired UTF-16 surrogate (U+D83D)");
    }

    @Test
    void varcharCountsCharactersNotBytesOrUtf16Units() {
        String twentyRockets = "\uD83D\uDE80".repeat(20);
        assertThat(encode(Types.VARCHAR_20, twentyRockets)).isEqualTo(twentyRockets);
        assertThatThrownBy(() -> encode(Types.VARCHAR_20, "x".repeat(20) + " "))
                .hasMessageContaining("has 21 characters and the column holds 20");
    }

    @Test
    void jsonRefusesTheNulEscapeButNotAnEscapedBackslash() {
        assertThat(encode(Types.of(Kind.JSON, "json"), "{\"a\": \"\\\\u0000\"}")).isEqualTo("{\"a\": \"\\\\\\\\u0000\"}");
        assertThatThrownBy(() -> encode(Types.of(Kind.JSON, "json"), "{\"a\": \"x\\u0000\"}"))
                .hasMessageContaining("escape \\u0000");
    }

    @Test
    void setsBecomeQuotedArrayLiterals() {
        ColumnType set = Types.elements(Kind.SET, List.of("a", "b\"c", "d\\e"), "set(...)");
        assertThat(encode(set, List.of())).isEqualTo("{}");
        assertThat(encode(set, List.of("a", "b\"c", "d\\e"))).isEqualTo("{\"a\",\"b\\\\\"c\",\"d\\\\\\\\e\"}");
    }

    @Test
    void bytesAreHexWithTheBackslashEscaped() {
        assertThat(encode(Types.of(Kind.BLOB, "blob"), new byte[] {0, 15, (byte) 255})).isEqualTo("\\\\x000fff");
    }

    @Test
    void temporalValuesKeepEveryDigitAndTheEra() {
        assertThat(encode(Types.of(Kind.DATE, "date"), LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(encode(Types.of(Kind.DATE, "date"), LocalDate.of(0, 1, 1))).isEqualTo("0001-01-01 BC");
        assertThat(encode(Types.fraction(Kind.DATETIME, 6, "datetime(6)"), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000)))
                .isEqualTo("2024-01-02 03:04:05.000678");
        assertThat(encode(Types.fraction(Kind.DATETIME, 0, "datetime"), LocalDateTime.of(1000, 1, 1, 0, 0)))
                .isEqualTo("1000-01-01 00:00:00");
        assertThat(encode(Types.fraction(Kind.TIMESTAMP, 3, "timestamp(3)"), Instant.parse("2038-01-19T03:14:07.999Z")))
                .isEqualTo("2038-01-19 03:14:07.999000+00");
        assertThatThrownBy(() -> encode(Types.fraction(Kind.DATETIME, 3, "datetime(3)"),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_400_000))).hasMessageContaining("beyond the column's 3 digits");
    }

    @Test
    void timeIsASignedIntervalBeyondTwentyFourHours() {
        ColumnType time = Types.fraction(Kind.TIME, 6, "time(6)");
        assertThat(encode(time, Duration.ofHours(-838).minusMinutes(59).minusSeconds(59))).isEqualTo("-838:59:59");
        assertThat(encode(time, Duration.ofHours(838).plusMinutes(59).plusSeconds(59))).isEqualTo("838:59:59");
        assertThat(encode(time, Duration.ofMillis(-1500))).isEqualTo("-0:00:01.500000");
        assertThat(encode(time, Duration.ZERO)).isEqualTo("0:00:00");
    }

    @Test
    void aWrongJavaTypeIsReportedAsADecoderBug() {
        assertThatThrownBy(() -> encode(Types.BIGINT, "12"))
                .hasMessageContaining("holds a java.lang.String where the column type needs a java.lang.Long");
    }

    @Test
    void deletesCarryOnlyTheKey() {
        TableSchema schema = Types.table("ks", "t", List.of("b", "a"), col("a", Types.INT), col("x", Types.TEXT),
                col("b", Types.TEXT));
        TargetTables tables = new TargetTables(PostgresSinkConfig.from(
                io.vitessreplicator.config.ConfigNode.of("sink", java.util.Map.of("url", "jdbc:postgresql://h/db"))), new PostgresDialect());
        CopyTextEncoder encoder = new CopyTextEncoder(tables.describe(schema));
        CopyTextBuffer out = new CopyTextBuffer(16);
        encoder.writeDelete(new Object[] {"bee", 5L}, 9, out);
        assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo("5\t\\N\tbee\tD\t9\n");
    }
}
