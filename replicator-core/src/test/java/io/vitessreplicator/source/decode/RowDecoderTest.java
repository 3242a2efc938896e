package io.vitessreplicator.source.decode;

import static io.vitessreplicator.source.decode.TestRows.bytes;
import static io.vitessreplicator.source.decode.TestRows.field;
import static io.vitessreplicator.source.decode.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.vitess.proto.Query;
import io.vitess.proto.Query.Type;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowDecoderTest {
    private static RowDecoder decoder(ZeroDatePolicy policy, Query.Field... fields) {
        return new RowDecoder(new FieldDecoder(ColumnFilter.ALL, policy).decode("commerce", "commerce.t", List.of(fields)));
    }

    private static RowDecoder decoder(Query.Field... fields) {
        return decoder(ZeroDatePolicy.FAIL, fields);
    }

    private static Object one(Query.Field field, Object value) {
        return decoder(field).decode(row(value))[0];
    }

    private static final Query.Field TINYINT = field("c", Type.INT8, 4, 63, 0, 32768, "tinyint");
    private static final Query.Field TINYINT_U = field("c", Type.UINT8, 3, 63, 0, 32800, "tinyint unsigned");
    private static final Query.Field SMALLINT = field("c", Type.INT16, 6, 63, 0, 32768, "smallint");
    private static final Query.Field SMALLINT_U = field("c", Type.UINT16, 5, 63, 0, 32800, "smallint unsigned");
    private static final Query.Field MEDIUMINT = field("c", Type.INT24, 9, 63, 0, 32768, "mediumint");
    private static final Query.Field MEDIUMINT_U = field("c", Type.UINT24, 8, 63, 0, 32800, "mediumint unsigned");
    private static final Query.Field INT = field("c", Type.INT32, 11, 63, 0, 32768, "int");
    private static final Query.Field INT_U = field("c", Type.UINT32, 10, 63, 0, 32800, "int unsigned");
    private static final Query.Field BIGINT = field("c", Type.INT64, 20, 63, 0, 32768, "bigint");
    private static final Query.Field BIGINT_U = field("c", Type.UINT64, 20, 63, 0, 32800, "bigint unsigned");
    private static final Query.Field DECIMAL_65_30 = field("c", Type.DECIMAL, 67, 63, 30, 32768, "decimal(65,30)");
    private static final Query.Field DECIMAL_10_2 = field("c", Type.DECIMAL, 12, 63, 2, 32768, "decimal(10,2)");
    private static final Query.Field FLOAT = field("c", Type.FLOAT32, 12, 63, 31, 32768, "float");
    private static final Query.Field FLOAT_7_3 = field("c", Type.FLOAT32, 7, 63, 3, 32768, "float(7,3)");
    private static final Query.Field DOUBLE = field("c", Type.FLOAT64, 22, 63, 31, 32768, "double");
    private static final Query.Field BIT1 = field("c", Type.BIT, 1, 63, 0, 32, "bit(1)");
    private static final Query.Field BIT10 = field("c", Type.BIT, 10, 63, 0, 32, "bit(10)");
    private static final Query.Field BIT64 = field("c", Type.BIT, 64, 63, 0, 32, "bit(64)");
    private static final Query.Field VARCHAR = field("c", Type.VARCHAR, 400, 255, 0, 0, "varchar(100)");
    private static final Query.Field LATIN1 = field("c", Type.VARCHAR, 80, 8, 0, 0, "varchar(20)");
    private static final Query.Field UTF16 = field("c", Type.VARCHAR, 40, 54, 0, 0, "varchar(10)");
    private static final Query.Field VARBINARY = field("c", Type.VARBINARY, 300, 63, 0, 128, "varbinary(300)");
    private static final Query.Field DATE = field("c", Type.DATE, 10, 63, 0, 128, "date");
    private static final Query.Field DATETIME = field("c", Type.DATETIME, 19, 63, 0, 128, "datetime");
    private static final Query.Field DATETIME6 = field("c", Type.DATETIME, 26, 63, 6, 128, "datetime(6)");
    private static final Query.Field TIMESTAMP6 = field("c", Type.TIMESTAMP, 26, 63, 6, 128, "timestamp(6)");
    private static final Query.Field TIME = field("c", Type.TIME, 10, 63, 0, 128, "time");
    private static final Query.Field TIME1 = field("c", Type.TIME, 12, 63, 1, 128, "time(1)");
    private static final Query.Field TIME6 = field("c", Type.TIME, 17, 63, 6, 128, "time(6)");
    private static final Query.Field YEAR = field("c", Type.YEAR, 4, 63, 0, 32864, "year");
    private static final Query.Field JSON = field("c", Type.JSON, -1, 63, 0, 144, "json");
    private static final Query.Field ENUM = field("c", Type.ENUM, 12, 255, 0, 256, "enum('a','b''c','x,y','ü?','')");
    private static final Query.Field SET = field("c", Type.SET, 40, 255, 0, 2048, "set('a','b''c','ü?','d')");

    @Test
    void integerEdgesAreLongsAndBigintUnsignedIsBigInteger() {
        assertThat(one(TINYINT, "-128")).isEqualTo(-128L);
        assertThat(one(TINYINT_U, "255")).isEqualTo(255L);
        assertThat(one(SMALLINT, "-32768")).isEqualTo(-32768L);
        assertThat(one(SMALLINT_U, "65535")).isEqualTo(65535L);
        assertThat(one(MEDIUMINT, "-8388608")).isEqualTo(-8388608L);
        assertThat(one(MEDIUMINT_U, "16777215")).isEqualTo(16777215L);
        assertThat(one(INT, "-2147483648")).isEqualTo(-2147483648L);
        assertThat(one(INT_U, "4294967295")).isEqualTo(4294967295L);
        assertThat(one(BIGINT, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(one(BIGINT, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(one(BIGINT, "0")).isEqualTo(0L);
        assertThat(one(BIGINT_U, "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(one(BIGINT_U, "9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(one(BIGINT_U, "0")).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void decimalsAreExactWithTheColumnScale() {
        assertThat(one(DECIMAL_65_30, "99999999999999999999999999999999999.999999999999999999999999999999"))
                .isEqualTo(new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"));
        assertThat(one(DECIMAL_65_30, "-99999999999999999999999999999999999.999999999999999999999999999999"))
                .isEqualTo(new BigDecimal("-99999999999999999999999999999999999.999999999999999999999999999999"));
        assertThat(one(DECIMAL_65_30, "-0.000000000000000000000000000001"))
                .isEqualTo(new BigDecimal("-1E-30"));
        assertThat(one(DECIMAL_10_2, "0.01")).isEqualTo(new BigDecimal("0.01"));
        assertThat(one(DECIMAL_10_2, "-12345678.90")).isEqualTo(new BigDecimal("-12345678.90"));
        assertThat(((BigDecimal) one(DECIMAL_10_2, "5")).scale()).isEqualTo(2);
        assertThat(one(DECIMAL_10_2, "0.00")).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void floatIsWhatMysqlDisplaysInBothPhases() {
        // copy-phase text (MySQL) and streamed text (vttablet) for the same stored values
        String[][] pairs = {
                {"3.40282e38", "3.4028235E+38"}, {"-1.17549e-38", "-1.1754944E-38"}, {"16777200", "1.6777216E+07"},
                {"1.4013e-45", "1E-45"}, {"0.1", "1E-01"}, {"0.3", "3E-01"}, {"9.99995e-41", "1E-40"},
                {"0", "0E+00"}, {"1234560", "1.234565E+06"}, {"1234580", "1.234575E+06"}};
        for (String[] pair : pairs) {
            assertThat(one(FLOAT, pair[1])).as(pair[1]).isEqualTo(one(FLOAT, pair[0]));
        }
        assertThat(one(FLOAT, "3.40282e38")).isEqualTo(3.40282e38f);
        assertThat(one(FLOAT, "16777200")).isEqualTo(16777200f);
        assertThat(one(FLOAT, "0.1")).isEqualTo(0.1f);
        assertThat(one(FLOAT, "1.4013e-45")).isEqualTo(Float.MIN_VALUE);
    }

    @Test
    void floatWithDecimalsAndDoubleAreExactInBothPhases() {
        assertThat(one(FLOAT_7_3, "1.234567E+03")).isEqualTo(one(FLOAT_7_3, "1234.567")).isEqualTo(1234.567f);
        assertThat(one(FLOAT_7_3, "-1E-03")).isEqualTo(one(FLOAT_7_3, "-0.001")).isEqualTo(-0.001f);
        assertThat(one(DOUBLE, "1.7976931348623157E+308")).isEqualTo(one(DOUBLE, "1.7976931348623157e308"))
                .isEqualTo(Double.MAX_VALUE);
        assertThat(one(DOUBLE, "5E-324")).isEqualTo(one(DOUBLE, "5e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(one(DOUBLE, "1.1E-10")).isEqualTo(one(DOUBLE, "0.00000000011")).isEqualTo(1.1e-10);
    }

    @Test
    void bitsAreBigEndianRightAligned() {
        assertThat(one(BIT1, bytes(1))).isEqualTo(1L);
        assertThat(one(BIT1, bytes(0))).isEqualTo(0L);
        assertThat(one(BIT10, bytes(0x02, 0xaa))).isEqualTo(0b1010101010L);
        assertThat(one(BIT64, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).isEqualTo(-1L);
        assertThat(one(BIT64, bytes(0x80, 0, 0, 0, 0, 0, 0, 0))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void textInUtf8Latin1AndUtf16() {
        assertThat(one(VARCHAR, "héllo 🚀 wörld")).isEqualTo("héllo 🚀 wörld");
        assertThat(one(VARCHAR, "")).isEqualTo("");
        // MySQL latin1 is cp1252: 0x80 is the euro sign; 0x81 (undefined in cp1252) is U+0081.
        assertThat(one(LATIN1, bytes('c', 'a', 'f', 0xe9, ' ', 0xff, 0x80, 0x81)))
                .isEqualTo("café ÿ€\u0081");
        assertThat(one(UTF16, bytes(0x00, 'a', 0xd8, 0x3d, 0xde, 0x80))).isEqualTo("a🚀");
    }

    @Test
    void binaryKeepsEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat((byte[]) one(VARBINARY, all)).isEqualTo(all);
        assertThat((byte[]) one(VARBINARY, new byte[0])).isEmpty();
    }

    @Test
    void datesAndTimes() {
        assertThat(one(DATE, "1000-01-01")).isEqualTo(LocalDate.of(1000, 1, 1));
        assertThat(one(DATE, "9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(one(DATETIME, "1000-01-01 00:00:00")).isEqualTo(LocalDateTime.of(1000, 1, 1, 0, 0));
        assertThat(one(DATETIME6, "9999-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(one(DATETIME6, "2024-02-29 12:34:56.000001"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 1_000));
        assertThat(one(TIMESTAMP6, "1970-01-01 00:00:01.000000")).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(one(TIMESTAMP6, "2038-01-19 03:14:07.999999"))
                .isEqualTo(Instant.ofEpochSecond(2147483647L, 999_999_000));
        assertThat(one(TIME, "-838:59:59")).isEqualTo(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59));
        assertThat(one(TIME, "838:59:59")).isEqualTo(Duration.ofHours(838).plusMinutes(59).plusSeconds(59));
        assertThat(one(TIME1, "-00:00:01.5")).isEqualTo(Duration.ofMillis(-1500));
        assertThat(one(TIME1, "-00:00:00.1")).isEqualTo(Duration.ofMillis(-100));
        assertThat(one(TIME6, "-00:00:01.500000")).isEqualTo(Duration.ofMillis(-1500));
        assertThat(one(TIME6, "123:45:06.000007")).isEqualTo(Duration.parse("PT123H45M6.000007S"));
        assertThat(one(TIME, "00:00:00")).isEqualTo(Duration.ZERO);
        assertThat(one(YEAR, "1901")).isEqualTo(1901);
        assertThat(one(YEAR, "2155")).isEqualTo(2155);
        assertThat(one(YEAR, "0000")).isEqualTo(0);
    }

    @Test
    void zeroDatesBecomeNullUnderPolicyNull() {
        RowDecoder d = decoder(ZeroDatePolicy.NULL, DATE, DATETIME, DATETIME6, TIMESTAMP6, DATE);
        assertThat(d.decode(row("0000-00-00", "0000-00-00 00:00:00", "2024-00-15 10:00:00.500000",
                "0000-00-00 00:00:00.000000", "2024-05-00"))).containsOnlyNulls();
        assertThat(d.decode(row("0000-01-01", "2024-05-01 00:00:00", null, null, null))[0])
                .isEqualTo(LocalDate.of(0, 1, 1));
    }

    @Test
    void zeroDatesFailUnderPolicyFailNamingTableColumnValueAndKey() {
        assertThatThrownBy(() -> one(DATE, "0000-00-00"))
                .isInstanceOf(ValueDecodingException.class)
                .hasMessage("Cannot decode commerce.t.c (date) value '0000-00-00': it is a MySQL zero date and"
                        + " source.zero-dates is FAIL. Set source.zero-dates to NULL to replicate zero dates as NULL,"
                        + " or correct the rows in MySQL.");
        assertThatThrownBy(() -> one(DATETIME6, "2024-00-15 10:00:00.500000"))
                .hasMessageContaining("commerce.t.c (datetime(6)) value '2024-00-15 10:00:00.500000'");
    }

    @Test
    void jsonIsMysqlsTextInBothPhases() {
        String copy = "{\"B\": 4, \"a\": 2, \"b\": 1, \"z\": {\"x\": [{\"p\": 2, \"q\": 1}], \"y\": 1}, \"ab\": 3, \"é\": 5}";
        String streamed = "{\"B\": 4, \"a\": 2, \"ab\": 3, \"b\": 1, \"z\": {\"x\": [{\"p\": 2, \"q\": 1}], \"y\": 1}, \"é\": 5}";
        assertThat(one(JSON, streamed)).isEqualTo(copy);
        assertThat(one(JSON, copy)).isEqualTo(copy);
        assertThat(one(JSON, "null")).isEqualTo("null");
        assertThat(one(JSON, "\"just a string\"")).isEqualTo("\"just a string\"");
    }

    @Test
    void enumAndSetValuesAreTheColumnTypesMembers() {
        assertThat(one(ENUM, "b'c")).isEqualTo("b'c");
        assertThat(one(ENUM, "x,y")).isEqualTo("x,y");
        assertThat(one(ENUM, "")).isEqualTo("");
        // The copy phase sends the real member; streaming sends column_type's spelling (emoji → '?').
        assertThat(one(ENUM, "ü🚀")).isEqualTo("ü?");
        assertThat(one(ENUM, "ü?")).isEqualTo("ü?");
        assertThat(one(SET, "a,ü🚀,d")).isEqualTo(List.of("a", "ü?", "d"));
        assertThat(one(SET, "a,ü?,d")).isEqualTo(List.of("a", "ü?", "d"));
        assertThat(one(SET, "")).isEqualTo(List.of());
        assertThat(one(SET, "b'c")).isEqualTo(List.of("b'c"));
    }

    @Test
    void enumValueOutsideTheMembersFails() {
        assertThatThrownBy(() -> one(ENUM, "nope"))
                .hasMessageStartingWith("Cannot decode commerce.t.c (enum('a','b''c','x,y','ü?','')) value 'nope':"
                        + " 'nope' is not a member.");
    }

    @Test
    void nullInEveryKindOfColumn() {
        List<Query.Field> all = List.of(TINYINT, TINYINT_U, SMALLINT, SMALLINT_U, MEDIUMINT, MEDIUMINT_U, INT, INT_U,
                BIGINT, BIGINT_U, DECIMAL_65_30, DECIMAL_10_2, FLOAT, FLOAT_7_3, DOUBLE, BIT1, BIT10, BIT64, VARCHAR,
                LATIN1, UTF16, VARBINARY, DATE, DATETIME, DATETIME6, TIMESTAMP6, TIME, TIME1, TIME6, YEAR, JSON,
                ENUM, SET);
        List<Query.Field> named = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            named.add(all.get(i).toBuilder().setName("c" + i).build());
        }
        RowDecoder d = decoder(named.toArray(Query.Field[]::new));
        Object[] values = d.decode(row(new Object[all.size()]));
        assertThat(values).hasSize(all.size()).containsOnlyNulls();
    }

    @Test
    void excludedColumnsAreSkippedWhateverTheyHold() {
        Query.Field geometry = field("g", Type.GEOMETRY, -1, 63, 0, 144, "geometry");
        Query.Field id = field("id", Type.INT64, 20, 63, 0, 53251, "bigint");
        Query.Field note = field("note", Type.VARCHAR, 40, 255, 0, 0, "varchar(10)");
        DecodedTable table = new FieldDecoder((t, c) -> !c.equals("g"), ZeroDatePolicy.FAIL)
                .decode("commerce", "t", List.of(id, geometry, note));
        RowDecoder d = new RowDecoder(table);
        assertThat(d.decode(row("7", bytes(0, 0, 0, 0, 1, 1, 0, 0, 0), "x"))).containsExactly(7L, "x");
        assertThat(d.decode(row("8", null, null))).containsExactly(8L, null);
    }

    @Test
    void badValuesNameTableColumnTypeAndTruncatedRawValue() {
        assertThatThrownBy(() -> one(INT, "12x"))
                .isInstanceOf(ValueDecodingException.class)
                .hasMessage("Cannot decode commerce.t.c (int) value '12x': not an integer. VStream sent a value this"
                        + " version cannot read; report it with this message.");
        assertThatThrownBy(() -> one(BIGINT_U, "18446744073709551616")).hasMessageContaining("integer out of range");
        assertThatThrownBy(() -> one(DECIMAL_10_2, "1.234")).hasMessageContaining("decimal(10,2)) value '1.234'");
        assertThatThrownBy(() -> one(DATE, "2024-02-30")).hasMessageContaining("(date) value '2024-02-30'");
        assertThatThrownBy(() -> one(BIT10, bytes(1, 2, 3, 4, 5, 6, 7, 8, 9)))
                .hasMessageContaining("(bit(10)) value 0x010203040506070809");
        String longValue = "9".repeat(100);
        assertThatThrownBy(() -> one(INT, longValue))
                .hasMessageContaining("value '" + "9".repeat(64) + "'... (100 bytes): integer out of range");
        assertThatThrownBy(() -> one(INT, "€".repeat(30)))
                .hasMessageContaining("value '" + "€".repeat(21) + "'... (90 bytes)");
        assertThatThrownBy(() -> one(JSON, "{\"a\" 1}")).hasMessageContaining("malformed JSON");
    }

    @Test
    void malformedRowsAreRejected() {
        RowDecoder d = decoder(INT, INT);
        assertThatThrownBy(() -> d.decode(row("1")))
                .hasMessage("Cannot decode a row of commerce.t: it has 1 values but the table's FIELD event has 2"
                        + " columns. Rows must be decoded with the FIELD event that precedes them.");
        Query.Row shortRow = Query.Row.newBuilder().addLengths(1).addLengths(5).setValues(ByteString.copyFromUtf8("12")).build();
        assertThatThrownBy(() -> d.decode(shortRow)).hasMessageContaining("value 1 runs past the end of the row");
        Query.Row longRow = Query.Row.newBuilder().addLengths(1).addLengths(1).setValues(ByteString.copyFromUtf8("123")).build();
        assertThatThrownBy(() -> d.decode(longRow)).hasMessageContaining("the lengths cover 2 of 3 bytes");
    }

    @Test
    void rowChangesBecomeInsertsUpdatesAndDeletes() {
        RowDecoder d = decoder(field("id", Type.INT64, 20, 63, 0, 53251, "bigint"), VARCHAR);
        RowChange insert = d.decode(Binlogdata.RowChange.newBuilder().setAfter(row("1", "a")).build());
        assertThat(insert.isInsert()).isTrue();
        assertThat(insert.after()).containsExactly(1L, "a");
        RowChange update = d.decode(Binlogdata.RowChange.newBuilder().setBefore(row("1", "a")).setAfter(row("1", "b")).build());
        assertThat(update.isUpdate()).isTrue();
        assertThat(Arrays.asList(update.before(), update.after())).containsExactly(new Object[] {1L, "a"}, new Object[] {1L, "b"});
        assertThat(d.decode(Binlogdata.RowChange.newBuilder().setBefore(row("1", "b")).build()).isDelete()).isTrue();
    }

    @Test
    void partialImagesAreRefused() {
        RowDecoder d = decoder(field("id", Type.INT64, 20, 63, 0, 53251, "bigint"), JSON);
        Binlogdata.RowChange noblob = Binlogdata.RowChange.newBuilder().setAfter(row("1", null))
                .setDataColumns(Binlogdata.RowChange.Bitmap.newBuilder().setCount(2).setCols(ByteString.copyFrom(bytes(1))))
                .build();
        assertThatThrownBy(() -> d.decode(noblob)).hasMessageContaining("partial row image")
                .hasMessageContaining("binlog_row_image=FULL");
        Binlogdata.RowChange complete = noblob.toBuilder()
                .setDataColumns(Binlogdata.RowChange.Bitmap.newBuilder().setCount(2).setCols(ByteString.copyFrom(bytes(3))))
                .build();
        assertThat(d.decode(complete).after()).containsExactly(1L, null);
        Binlogdata.RowChange partialJson = complete.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(4, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(bytes(8, 1))).build())
                .build()).build();
        assertThatThrownBy(() -> d.decode(partialJson)).hasMessageContaining("partial JSON update")
                .hasMessageContaining("binlog_row_value_options");
        Binlogdata.RowChange partialJsonField = complete.toBuilder().setJsonPartialValues(
                Binlogdata.RowChange.Bitmap.newBuilder().setCount(2).setCols(ByteString.copyFrom(bytes(2)))).build();
        assertThatThrownBy(() -> d.decode(partialJsonField)).hasMessageContaining("partial JSON update");
        Binlogdata.RowChange noPartialJson = complete.toBuilder().setJsonPartialValues(
                Binlogdata.RowChange.Bitmap.newBuilder().setCount(2).setCols(ByteString.copyFrom(bytes(0)))).build();
        assertThat(d.decode(noPartialJson).after()).containsExactly(1L, null);
    }

    @Test
    void rowsDecodedOneAfterAnotherShareNoBytes() {
        // The decoder reads each row's values from one reused buffer: what it returns must not.
        RowDecoder d = decoder(VARBINARY, VARCHAR);
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 7);
        Object[] first = d.decode(row(new byte[] {1, 2, 3}, "first"));
        Object[] second = d.decode(row(big, "x".repeat(100)));
        Object[] third = d.decode(row(new byte[] {9}, "third"));
        assertThat((byte[]) first[0]).containsExactly(1, 2, 3);
        assertThat(first[1]).isEqualTo("first");
        assertThat((byte[]) second[0]).isEqualTo(big);
        assertThat(second[1]).isEqualTo("x".repeat(100));
        assertThat((byte[]) third[0]).containsExactly(9);
        assertThat(third[1]).isEqualTo("third");
    }
}
