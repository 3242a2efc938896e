package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.sink.redshift.Samples.col;
import static io.vitessreplicator.sink.redshift.Samples.decimal;
import static io.vitessreplicator.sink.redshift.Samples.elements;
import static io.vitessreplicator.sink.redshift.Samples.length;
import static io.vitessreplicator.sink.redshift.Samples.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.spi.FatalSinkException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedshiftTypeMappingTest {
    private static final RedshiftTypeMapping DEFAULTS = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS);

    private static String ddl(RedshiftTypeMapping m, ColumnType t) {
        return m.of(Samples.ORDERS, col("c", t)).ddl();
    }

    @Test
    void everyTypeOfTheSampleTableMapsAsTheReadmeSays() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "numeric(20,0)");
        expected.put("c_tinyint", "smallint");
        expected.put("c_smallint_u", "integer");
        expected.put("c_mediumint", "integer");
        expected.put("c_int", "integer");
        expected.put("c_int_u", "bigint");
        expected.put("c_bigint", "bigint");
        expected.put("c_decimal", "numeric(38,10)");
        expected.put("c_float", "real");
        expected.put("c_double", "double precision");
        expected.put("c_bit", "bigint");
        expected.put("c_bit64", "numeric(20,0)");
        expected.put("c_char", "varchar(12)");
        expected.put("c_varchar", "varchar(1020)");
        expected.put("c_tinytext", "varchar(255)");
        expected.put("c_text", "varchar(65535)");
        expected.put("c_longtext", "varchar(65535)");
        expected.put("c_binary", "varbyte(16)");
        expected.put("c_varbinary", "varbyte(300)");
        expected.put("c_blob", "varbyte(65535)");
        expected.put("c_date", "date");
        expected.put("c_datetime", "timestamp");
        expected.put("c_timestamp", "timestamptz");
        expected.put("c_time", "time");
        expected.put("c_year", "smallint");
        expected.put("c_json", "super");
        expected.put("c_enum", "varchar(7)"); // "médium" is 7 bytes
        expected.put("c_set", "varchar(5)");  // "a,b,c"
        Map<String, String> actual = new LinkedHashMap<>();
        for (Column c : Samples.everyType().columns()) {
            actual.put(c.name(), DEFAULTS.of(Samples.EVERY_TYPE, c).ddl());
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void varcharLengthsAreFourBytesPerMysqlCharacterCappedAt65535() {
        assertThat(ddl(DEFAULTS, length(Kind.VARCHAR, 1, "varchar(1)"))).isEqualTo("varchar(4)");
        assertThat(ddl(DEFAULTS, length(Kind.VARCHAR, 16383, "varchar(16383)"))).isEqualTo("varchar(65532)");
        assertThat(ddl(DEFAULTS, length(Kind.VARCHAR, 16384, "varchar(16384)"))).isEqualTo("varchar(65535)");
        assertThat(ddl(DEFAULTS, length(Kind.VARCHAR, 0, "varchar(0)"))).isEqualTo("varchar(4)");
    }

    @Test
    void longTextStopsTheTableWhenThePolicyIsStop() {
        RedshiftTypeMapping stop = new RedshiftTypeMapping(
                RedshiftTypeOptions.DEFAULTS.withLongText(RedshiftTypeOptions.LongText.STOP));
        assertThat(ddl(stop, type(Kind.TEXT, "text"))).isEqualTo("varchar(65535)");
        assertThat(ddl(stop, length(Kind.VARCHAR, 16383, "varchar(16383)"))).isEqualTo("varchar(65532)");
        assertThatThrownBy(() -> ddl(stop, type(Kind.TEXT, "mediumtext")))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("shop.orders.c")
                .hasMessageContaining("16777215 bytes")
                .hasMessageContaining("long-text: varchar-max");
        assertThatThrownBy(() -> ddl(stop, length(Kind.VARCHAR, 20000, "varchar(20000)")))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("80000 bytes");
        assertThatThrownBy(() -> ddl(stop, type(Kind.BLOB, "longblob")))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("VARBYTE");
        assertThat(ddl(DEFAULTS, type(Kind.BLOB, "longblob"))).isEqualTo("varbyte(16777216)");
        assertThat(ddl(DEFAULTS, type(Kind.BLOB, "mediumblob"))).isEqualTo("varbyte(16777215)");
    }

    @Test
    void decimalsBeyond38DigitsStopOrBecomeExactText() {
        assertThat(ddl(DEFAULTS, decimal(38, 0))).isEqualTo("numeric(38,0)");
        assertThatThrownBy(() -> ddl(DEFAULTS, decimal(65, 30)))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("at most 38 digits")
                .hasMessageContaining("wide-decimal: varchar");
        RedshiftTypeMapping text = new RedshiftTypeMapping(
                RedshiftTypeOptions.DEFAULTS.withWideDecimal(RedshiftTypeOptions.WideDecimal.VARCHAR));
        assertThat(ddl(text, decimal(65, 30))).isEqualTo("varchar(67)");
        assertThat(ddl(text, decimal(40, 0))).isEqualTo("varchar(41)");
    }

    @Test
    void jsonIsSuperOrText() {
        assertThat(ddl(DEFAULTS, type(Kind.JSON, "json"))).isEqualTo("super");
        RedshiftTypeMapping text = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS.withJsonAsSuper(false));
        assertThat(ddl(text, type(Kind.JSON, "json"))).isEqualTo("varchar(65535)");
    }

    @Test
    void timeIsATimeOfDayOrExactText() {
        assertThat(DEFAULTS.of(Samples.ORDERS, col("c", Samples.fraction(Kind.TIME, 6, "time(6)"))))
                .isEqualTo(new SqlType("time", "time without time zone"));
        RedshiftTypeMapping text = new RedshiftTypeMapping(
                RedshiftTypeOptions.DEFAULTS.withTime(RedshiftTypeOptions.TimeType.VARCHAR));
        assertThat(ddl(text, Samples.fraction(Kind.TIME, 6, "time(6)"))).isEqualTo("varchar(17)");
        assertThat(RedshiftSchemaChanges.durationText(java.time.Duration.ofHours(-838).minusMinutes(59).minusSeconds(59)))
                .isEqualTo("-838:59:59.000000").hasSize(RedshiftTypeMapping.TIME_TEXT_LENGTH);
    }

    @Test
    void enumAndSetLengthsAreExactUtf8Bytes() {
        assertThat(ddl(DEFAULTS, elements(Kind.ENUM, List.of("€uro"), "enum('€uro')"))).isEqualTo("varchar(6)");
        assertThat(ddl(DEFAULTS, elements(Kind.SET, List.of("ab", "c"), "set('ab','c')"))).isEqualTo("varchar(4)");
        assertThat(ddl(DEFAULTS, elements(Kind.ENUM, List.of(""), "enum('')"))).isEqualTo("varchar(1)");
    }

    @Test
    void catalogNamesAreHowRedshiftPrintsTheTypes() {
        assertThat(DEFAULTS.of(Samples.ORDERS, col("c", length(Kind.VARCHAR, 10, "varchar(10)"))))
                .isEqualTo(new SqlType("varchar(40)", "character varying(40)"));
        assertThat(DEFAULTS.of(Samples.ORDERS, col("c", Samples.fraction(Kind.TIMESTAMP, 0, "timestamp"))))
                .isEqualTo(new SqlType("timestamptz", "timestamp with time zone"));
    }

    @Test
    void unsupportedTypesAndBadDeclarationsAreRefusedNamingTheColumn() {
        assertThatThrownBy(() -> ddl(DEFAULTS, type(Kind.UNSUPPORTED, "geometry")))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("shop.orders.c of type geometry")
                .hasMessageContaining("source.tables.exclude");
        assertThatThrownBy(() -> ddl(DEFAULTS, length(Kind.BIT, 65, "bit(65)"))).isInstanceOf(FatalSinkException.class);
        assertThatThrownBy(() -> ddl(DEFAULTS, Samples.fraction(Kind.DATETIME, 7, "datetime(7)")))
                .isInstanceOf(FatalSinkException.class);
    }

    @Test
    void varcharHelpers() {
        assertThat(RedshiftTypeMapping.isVarchar(SqlType.same("varchar(12)"))).isTrue();
        assertThat(RedshiftTypeMapping.isVarchar(SqlType.same("varbyte(12)"))).isFalse();
        assertThat(RedshiftTypeMapping.varcharLength(SqlType.same("varchar(12)"))).isEqualTo(12);
    }
}
