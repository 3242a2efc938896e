package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RedshiftReadBack} turns the server's text of every column type the sink maps, under every
 * type option, back into the value the pipeline wrote; and key values into the text the key's
 * parameter casts. The server texts are written by hand as Redshift (and the PostgreSQL behind the
 * emulator) print them: trailing fraction zeros dropped, {@code +00} offsets, {@code e+308}, VARBYTE
 * through {@code TO_HEX}. That a real cluster prints exactly these is assumed (documented in
 * sink-redshift/README.md); the emulator's are checked end to end by VerifyIT.
 */
class RedshiftReadBackTest {
    private static final TableSchema EVERY = Samples.everyType();

    /** The server's text for each column of {@link ReadBackSamples#nastyRow()}, with the default type options. */
    private static final List<String> NASTY_ROW_SERVER_TEXT = List.of("18446744073709551615", "-128", "65535",
            "-8388608", "-2147483648", "4294967295", "-9223372036854775808", "-1234567890123456789012345678.0123456789",
            "0.1", "1.7976931348623157e+308", "31", "18446744073709551615", "a\",", "x,y\r\nz \"q\"", "", "é€😀 naïve",
            "\\N", "000001ff222c0a", "", "00", "0001-01-01", "9999-12-31 23:59:59.999999", "1970-01-01 00:00:00.123+00",
            "23:59:59", "2155", ReadBackSamples.JSON, "médium", "a,c");

    @Test
    void everyColumnOfTheDefaultMappingComesBackAsWritten() {
        TargetTable t = Samples.target(EVERY, "warehouse", "every_type", DeleteMode.HARD,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS));
        Object[] expected = ReadBackSamples.nastyRow();
        Object[] actual = read(t, NASTY_ROW_SERVER_TEXT);
        assertThat(actual).containsExactly(expected);
        // the types too, not just equal values: verify compares them as the pipeline's values
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as(EVERY.columns().get(i).name()).isInstanceOf(expected[i].getClass());
        }
    }

    @Test
    void selectReadsVarbyteAsHexAndEverythingElseAsItIs() {
        TargetTable t = Samples.target(EVERY, "warehouse", "every_type", DeleteMode.HARD,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS.withLongText(RedshiftTypeOptions.LongText.VARBYTE)));
        RedshiftReadBack rb = new RedshiftReadBack();
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < EVERY.columns().size(); i++) {
            selects.add(rb.select("\"c\"", EVERY.columns().get(i), t.columnTypes().get(i)));
        }
        assertThat(selects.get(16)).isEqualTo("TO_HEX(\"c\")"); // longtext as varbyte
        assertThat(selects.subList(17, 20)).containsOnly("TO_HEX(\"c\")"); // binary, varbinary, blob
        assertThat(selects.get(25)).isEqualTo("\"c\""); // super
        assertThat(selects.get(0)).isEqualTo("\"c\"");
    }

    @Test
    void theOtherTypeOptionsComeBackToo() {
        RedshiftTypeOptions options = RedshiftTypeOptions.DEFAULTS.withJsonAsSuper(false)
                .withLongText(RedshiftTypeOptions.LongText.VARBYTE).withTime(RedshiftTypeOptions.TimeType.VARCHAR)
                .withWideDecimal(RedshiftTypeOptions.WideDecimal.VARCHAR);
        TableSchema wide = new TableSchema(Samples.EVERY_TYPE, List.of(
                Samples.key("id", Samples.unsigned(Kind.BIGINT, "bigint unsigned")),
                Samples.col("c_longtext", Samples.type(Kind.TEXT, "longtext")),
                Samples.col("c_time", Samples.fraction(Kind.TIME, 6, "time(6)")),
                Samples.col("c_wide", Samples.decimal(65, 30)),
                Samples.col("c_json", Samples.type(Kind.JSON, "json"))), List.of("id"));
        TargetTable t = Samples.target(wide, "warehouse", "wide", DeleteMode.HARD, new RedshiftTypeMapping(options));
        assertThat(t.columnTypes().stream().map(SqlType::ddl)).containsExactly("numeric(20,0)", "varbyte(16777216)",
                "varchar(17)", "varchar(67)", "varchar(65535)");
        String text = "é€😀 \"long\"\n";
        BigDecimal d = new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890");
        Object[] actual = read(t, List.of("1", HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)),
                "-838:59:59.000000", d.toPlainString(), "{\"a\": [1, 2.50]}"));
        assertThat(actual).containsExactly(BigInteger.ONE, text, Duration.ofHours(-838).minusMinutes(59).minusSeconds(59),
                d, "{\"a\": [1, 2.50]}");
        assertThat(read(t, List.of("2", "", "00:00:00.000001", "0.000000000000000000000000000000", "[]")))
                .containsExactly(BigInteger.TWO, "", Duration.ofNanos(1000), BigDecimal.ZERO.setScale(30), "[]");
    }

    @Test
    void timesAndTimestampsInTheFormsTheServerPrints() {
        Column time = Samples.col("t", Samples.fraction(Kind.TIME, 6, "time(6)"));
        assertThat(RedshiftReadBack.duration("13:04:05")).isEqualTo(Duration.parse("PT13H4M5S"));
        assertThat(RedshiftReadBack.duration("13:04:05.5")).isEqualTo(Duration.parse("PT13H4M5.5S"));
        assertThat(RedshiftReadBack.duration("-00:00:00.000001")).isEqualTo(Duration.ofNanos(-1000));
        assertThat(RedshiftReadBack.duration("838:59:59")).isEqualTo(Duration.parse("PT838H59M59S"));
        Column ts = Samples.col("ts", Samples.fraction(Kind.TIMESTAMP, 6, "timestamp(6)"));
        SqlType tz = new SqlType("timestamptz", "timestamp with time zone");
        assertThat(RedshiftReadBack.fromText("2024-02-29 13:04:05+00", ts, tz)).isEqualTo(Instant.parse("2024-02-29T13:04:05Z"));
        assertThat(RedshiftReadBack.fromText("2024-02-29 13:04:05.000001+05:30", ts, tz))
                .isEqualTo(Instant.parse("2024-02-29T07:34:05.000001Z"));
        assertThat(RedshiftReadBack.fromText("2024-02-29 13:04:05.25-01", ts, tz))
                .isEqualTo(Instant.parse("2024-02-29T14:04:05.25Z"));
        Column dt = Samples.col("dt", Samples.fraction(Kind.DATETIME, 6, "datetime(6)"));
        assertThat(RedshiftReadBack.fromText("1000-01-01 00:00:00", dt, new SqlType("timestamp", "timestamp")))
                .isEqualTo(LocalDateTime.of(1000, 1, 1, 0, 0));
        assertThat(RedshiftReadBack.fromText("12:00:00", time, new SqlType("time", "time"))).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void emptySetAndNullAreTold() {
        Column set = EVERY.columns().get(27);
        SqlType type = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS).of(Samples.EVERY_TYPE, set);
        assertThat(RedshiftReadBack.fromText("", set, type)).isEqualTo(List.of());
        assertThat(RedshiftReadBack.fromText("b", set, type)).isEqualTo(List.of("b"));
    }

    @Test
    void keyTextsAreWhatTheStagedCsvHoldsAndReadBackToTheKey() {
        TargetTable t = Samples.target(EVERY, "warehouse", "every_type", DeleteMode.HARD,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS.withLongText(RedshiftTypeOptions.LongText.VARBYTE)));
        Object[] row = ReadBackSamples.nastyRow();
        for (int i = 0; i < row.length; i++) {
            Column c = EVERY.columns().get(i);
            if (c.type().kind() == Kind.JSON) {
                continue; // never a key
            }
            String key = RedshiftReadBack.keyText(row[i], c, t.columnTypes().get(i));
            assertThat(RedshiftReadBack.fromText(key, c, t.columnTypes().get(i))).as(c.name()).isEqualTo(row[i]);
        }
        SqlType types = t.columnTypes().get(0);
        assertThat(RedshiftReadBack.keyText(LocalDateTime.of(2024, 2, 29, 13, 4), EVERY.columns().get(21), types))
                .isEqualTo("2024-02-29 13:04:00.000000");
        assertThat(RedshiftReadBack.keyText(Instant.parse("2024-02-29T13:04:00Z"), EVERY.columns().get(22), types))
                .isEqualTo("2024-02-29 13:04:00.000000+00");
        assertThat(RedshiftReadBack.keyText(Duration.ofSeconds(-1), EVERY.columns().get(23), types))
                .isEqualTo("-00:00:01.000000");
        assertThat(RedshiftReadBack.keyText(-1L, EVERY.columns().get(11), types)).isEqualTo("18446744073709551615");
        assertThat(RedshiftReadBack.keyText("é", EVERY.columns().get(16), t.columnTypes().get(16))).isEqualTo("c3a9");
        assertThat(RedshiftReadBack.keyText(LocalDate.of(1000, 1, 1), EVERY.columns().get(20), types)).isEqualTo("1000-01-01");
        assertThat(new RedshiftReadBack().keyParameter(EVERY.columns().get(17), t.columnTypes().get(17)))
                .isEqualTo("FROM_HEX(?)");
        assertThat(new RedshiftReadBack().keyParameter(EVERY.columns().get(0), t.columnTypes().get(0)))
                .isEqualTo("CAST(? AS numeric(20,0))");
    }

    @Test
    void compositeKeysAreLookedUpWithOrOfAndsNotARowConstructor() {
        RedshiftReadBack rb = new RedshiftReadBack();
        assertThat(rb.keysCondition(List.of("\"a\""), List.of("CAST(? AS bigint)"), 2))
                .isEqualTo("\"a\" IN (CAST(? AS bigint), CAST(? AS bigint))");
        assertThat(rb.keysCondition(List.of("\"a\"", "\"b\""), List.of("CAST(? AS bigint)", "FROM_HEX(?)"), 2))
                .isEqualTo("((\"a\" = CAST(? AS bigint) AND \"b\" = FROM_HEX(?))"
                        + " OR (\"a\" = CAST(? AS bigint) AND \"b\" = FROM_HEX(?)))");
    }

    private static Object[] read(TargetTable t, List<String> texts) {
        Object[] out = new Object[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = RedshiftReadBack.fromText(texts.get(i), t.source().columns().get(i), t.columnTypes().get(i));
        }
        return out;
    }
}
