package io.vitessreplicator.source.decode;

import static io.vitessreplicator.source.decode.TestRows.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitess.proto.Query;
import io.vitess.proto.Query.Type;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldDecoderTest {
    // Fields as Vitess 24 sent them for a MySQL 9.7 table (flags, lengths and collation ids measured).
    static final List<Query.Field> FIELDS = List.of(
            field("id", Type.INT64, 20, 63, 0, 53251, "bigint"),
            field("ti", Type.INT8, 4, 63, 0, 32768, "tinyint"),
            field("tiu", Type.UINT8, 3, 63, 0, 32800, "tinyint unsigned"),
            field("mi", Type.INT24, 9, 63, 0, 32768, "mediumint"),
            field("i", Type.INT32, 11, 63, 0, 32769, "int"),
            field("biu", Type.UINT64, 20, 63, 0, 32800, "bigint unsigned"),
            field("d", Type.DECIMAL, 67, 63, 30, 32768, "decimal(65,30)"),
            field("d2", Type.DECIMAL, 11, 63, 2, 32800, "decimal(10,2) unsigned"),
            field("f", Type.FLOAT32, 12, 63, 31, 32768, "float"),
            field("f2", Type.FLOAT32, 7, 63, 3, 32768, "float(7,3)"),
            field("db", Type.FLOAT64, 22, 63, 31, 32768, "double"),
            field("b64", Type.BIT, 64, 63, 0, 32, "bit(64)"),
            field("c", Type.CHAR, 40, 255, 0, 0, "char(10)"),
            field("vc", Type.VARCHAR, 400, 255, 0, 0, "varchar(100)"),
            field("t", Type.TEXT, 262140, 255, 0, 16, "text"),
            field("lat", Type.VARCHAR, 80, 8, 0, 0, "varchar(20)"),
            field("bin", Type.BINARY, 4, 63, 0, 128, "binary(4)"),
            field("vb", Type.VARBINARY, 300, 63, 0, 128, "varbinary(300)"),
            field("bl", Type.BLOB, 65535, 63, 0, 144, "blob"),
            field("dt", Type.DATE, 10, 63, 0, 128, "date"),
            field("dtm6", Type.DATETIME, 26, 63, 6, 128, "datetime(6)"),
            field("ts", Type.TIMESTAMP, 19, 63, 0, 128, "timestamp"),
            field("tm1", Type.TIME, 12, 63, 1, 128, "time(1)"),
            field("y", Type.YEAR, 4, 63, 0, 32864, "year"),
            field("j", Type.JSON, -1, 63, 0, 144, "json"),
            field("e", Type.ENUM, 12, 255, 0, 256, "enum('a','b''c','x,y','ü?','')"),
            field("s", Type.SET, 40, 255, 0, 2048, "set('a','b''c','ü?','d')"),
            field("vcb", Type.VARBINARY, 40, 46, 0, 128, "varchar(10)"),
            field("vc3", Type.VARCHAR, 40, 33, 0, 0, "varchar(10)"));

    private final FieldDecoder decoder = new FieldDecoder(ColumnFilter.ALL, ZeroDatePolicy.FAIL);

    private ColumnType type(String column) {
        var schema = decoder.decode("commerce", "commerce.t", FIELDS).schema();
        return schema.columns().get(schema.indexOf(column).orElseThrow()).type();
    }

    @Test
    void integersKeepTheirWidthAndSign() {
        assertThat(type("ti")).extracting(ColumnType::kind, ColumnType::unsigned).containsExactly(Kind.TINYINT, false);
        assertThat(type("tiu")).extracting(ColumnType::kind, ColumnType::unsigned).containsExactly(Kind.TINYINT, true);
        assertThat(type("mi").kind()).isEqualTo(Kind.MEDIUMINT);
        assertThat(type("i").kind()).isEqualTo(Kind.INT);
        assertThat(type("biu").isUnsignedBigint()).isTrue();
        assertThat(type("id").isUnsignedBigint()).isFalse();
    }

    @Test
    void decimalPrecisionAndScaleComeFromTheColumnType() {
        assertThat(type("d")).extracting(ColumnType::kind, ColumnType::precision, ColumnType::scale)
                .containsExactly(Kind.DECIMAL, 65, 30);
        assertThat(type("d2")).extracting(ColumnType::precision, ColumnType::scale, ColumnType::unsigned)
                .containsExactly(10, 2, true);
    }

    @Test
    void floatWithoutDigitsHasNoPrecisionAndFloatMdKeepsThem() {
        assertThat(type("f")).extracting(ColumnType::kind, ColumnType::precision, ColumnType::scale)
                .containsExactly(Kind.FLOAT, 0, 0);
        assertThat(type("f2")).extracting(ColumnType::precision, ColumnType::scale).containsExactly(7, 3);
        assertThat(type("db").kind()).isEqualTo(Kind.DOUBLE);
    }

    @Test
    void textLengthsAreCharactersEvenWhenVstreamCountsBytes() {
        assertThat(type("c")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.CHAR, 10);
        assertThat(type("vc")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 100);
        assertThat(type("lat")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 20);
        // utf8mb3: Vitess reports 40 bytes for varchar(10)
        assertThat(type("vc3")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 10);
        assertThat(type("t")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.TEXT, 0);
    }

    @Test
    void binaryCollationVarcharIsTextThoughVstreamSaysVarbinary() {
        assertThat(type("vcb")).extracting(ColumnType::kind, ColumnType::length, ColumnType::sqlType)
                .containsExactly(Kind.VARCHAR, 10, "varchar(10)");
    }

    @Test
    void byteTypesAndBitLengths() {
        assertThat(type("bin")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.BINARY, 4);
        assertThat(type("vb")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARBINARY, 300);
        assertThat(type("bl").kind()).isEqualTo(Kind.BLOB);
        assertThat(type("b64")).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.BIT, 64);
    }

    @Test
    void temporalKindsAndFractionalDigits() {
        assertThat(type("dt").kind()).isEqualTo(Kind.DATE);
        assertThat(type("dtm6")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.DATETIME, 6);
        assertThat(type("ts")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.TIMESTAMP, 0);
        assertThat(type("tm1")).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.TIME, 1);
        assertThat(type("y").kind()).isEqualTo(Kind.YEAR);
        assertThat(type("j").kind()).isEqualTo(Kind.JSON);
    }

    @Test
    void enumAndSetMembersAreParsedWithQuotesCommasAndReplacedEmoji() {
        assertThat(type("e").elements()).containsExactly("a", "b'c", "x,y", "ü?", "");
        assertThat(type("s").elements()).containsExactly("a", "b'c", "ü?", "d");
        assertThat(type("s").sqlType()).isEqualTo("set('a','b''c','ü?','d')");
    }

    @Test
    void enumAndSetWithBinaryCollationAreRecognizedFromTheColumnType() {
        // VStream reports these as BINARY with ENUM_FLAG / SET_FLAG and collation utf8mb4_bin.
        List<Query.Field> fields = List.of(
                field("id", Type.INT64, 20, 63, 0, 53251, "bigint"),
                field("e", Type.BINARY, 20, 46, 0, 384, "enum('a\\\\b','c''d','e\"f','x y',' lead','%_','NULL')"),
                field("s", Type.BINARY, 20, 46, 0, 2176, "set('a','b','c')"),
                field("cb", Type.BINARY, 20, 46, 0, 128, "char(5)"));
        var columns = decoder.decode("commerce", "t", fields).schema().columns();
        assertThat(columns.get(1).type().kind()).isEqualTo(Kind.ENUM);
        assertThat(columns.get(1).type().elements()).containsExactly("a\\b", "c'd", "e\"f", "x y", " lead", "%_", "NULL");
        assertThat(columns.get(2).type().kind()).isEqualTo(Kind.SET);
        assertThat(columns.get(3).type()).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.CHAR, 5);
    }

    @Test
    void nullabilityAndPrimaryKeyComeFromFlags() {
        var schema = decoder.decode("commerce", "commerce.t", FIELDS).schema();
        assertThat(schema.id()).isEqualTo(new TableId("commerce", "t"));
        assertThat(schema.primaryKey()).containsExactly("id");
        assertThat(schema.columns().get(0).nullable()).isFalse();
        assertThat(schema.columns().get(schema.indexOf("i").orElseThrow()).nullable()).isFalse();
        assertThat(schema.columns().get(schema.indexOf("ti").orElseThrow()).nullable()).isTrue();
    }

    @Test
    void compositePrimaryKeyIsListedInColumnOrder() {
        List<Query.Field> fields = List.of(
                field("a", Type.INT32, 11, 63, 0, 53251, "int"),
                field("note", Type.VARCHAR, 40, 255, 0, 0, "varchar(10)"),
                field("b", Type.VARCHAR, 40, 255, 0, 20483, "varchar(10)"));
        assertThat(decoder.decode("customer", "t", fields).schema().primaryKey()).containsExactly("a", "b");
    }

    @Test
    void tableNameMayBeQualifiedWithTheKeyspace() {
        assertThat(decoder.decode("customer", "customer.orders", FIELDS).schema().id().name()).isEqualTo("orders");
        assertThat(decoder.decode("customer", "orders", FIELDS).schema().id().name()).isEqualTo("orders");
    }

    @Test
    void excludedColumnsLeaveTheSchemaButAreRemembered() {
        FieldDecoder filtered = new FieldDecoder((table, column) -> !column.equals("bl") && !column.equals("j"),
                ZeroDatePolicy.FAIL);
        DecodedTable table = filtered.decode("commerce", "t", FIELDS);
        assertThat(table.schema().columnNames()).doesNotContain("bl", "j").hasSize(FIELDS.size() - 2);
        assertThat(table.excludedColumns()).containsExactly("bl", "j");
    }

    @Test
    void excludingAPrimaryKeyColumnIsRefused() {
        FieldDecoder filtered = new FieldDecoder((table, column) -> !column.equals("id"), ZeroDatePolicy.FAIL);
        assertThatThrownBy(() -> filtered.decode("commerce", "t", FIELDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot exclude column id of commerce.t: it is part of the primary key, which every change"
                        + " needs. Remove it from the column exclusions.");
    }

    @Test
    void geometryVectorAndUndecodableCharsetsAreUnsupportedWithAReason() {
        List<Query.Field> fields = List.of(
                field("id", Type.INT64, 20, 63, 0, 53251, "bigint"),
                field("g", Type.GEOMETRY, -1, 63, 0, 144, "geometry"),
                field("v", Type.VECTOR, 12, 63, 0, 128, "vector(3)"),
                field("cyr", Type.VARCHAR, 10, 51, 0, 0, "varchar(10)"));
        DecodedTable table = decoder.decode("commerce", "t", fields);
        assertThat(table.schema().columns()).extracting(c -> c.type().kind())
                .containsExactly(Kind.BIGINT, Kind.UNSUPPORTED, Kind.UNSUPPORTED, Kind.UNSUPPORTED);
        assertThat(table.unsupportedColumns()).containsOnlyKeys("g", "v", "cyr");
        assertThat(table.unsupportedColumns().get("cyr")).contains("cp1251");
        assertThat(table.isSupported()).isFalse();
        assertThatThrownBy(() -> new RowDecoder(table))
                .hasMessageStartingWith("Cannot decode rows of commerce.t: g: MySQL type geometry has no mapping; v:")
                .hasMessageEndingWith("Exclude these columns from replication or leave the table out.");

        DecodedTable withoutThem = new FieldDecoder((t, c) -> c.equals("id"), ZeroDatePolicy.FAIL)
                .decode("commerce", "t", fields);
        assertThat(withoutThem.isSupported()).isTrue();
    }

    @Test
    void zeroDatePolicyNullMakesNotNullDateColumnsNullable() {
        List<Query.Field> fields = List.of(
                field("id", Type.INT64, 20, 63, 0, 53251, "bigint"),
                field("d", Type.DATE, 10, 63, 0, 129, "date"),
                field("n", Type.INT32, 11, 63, 0, 32769, "int"));
        assertThat(new FieldDecoder(ColumnFilter.ALL, ZeroDatePolicy.NULL).decode("k", "t", fields).schema().columns())
                .extracting(Column::nullable).containsExactly(false, true, false);
        assertThat(decoder.decode("k", "t", fields).schema().columns())
                .extracting(Column::nullable).containsExactly(false, false, false);
    }

    @Test
    void withoutColumnTypeTheTypeIsRebuiltFromTheOtherAttributes() {
        List<Query.Field> fields = List.of(
                field("id", Type.UINT64, 20, 63, 0, 53283, ""),
                field("d", Type.DECIMAL, 67, 63, 30, 32768, ""),
                field("du", Type.DECIMAL, 11, 63, 2, 32800, ""),
                field("vc", Type.VARCHAR, 400, 255, 0, 0, ""),
                field("vcb", Type.VARBINARY, 40, 46, 0, 128, ""),
                field("dt", Type.DATETIME, 26, 63, 6, 128, ""),
                field("b", Type.BIT, 10, 63, 0, 32, ""),
                field("lat", Type.VARCHAR, 80, 8, 0, 0, ""),
                field("e", Type.ENUM, 12, 255, 0, 256, ""));
        var columns = decoder.decode("k", "t", fields).schema().columns();
        assertThat(columns.get(0).type().isUnsignedBigint()).isTrue();
        assertThat(columns.get(1).type()).extracting(ColumnType::precision, ColumnType::scale).containsExactly(65, 30);
        assertThat(columns.get(2).type()).extracting(ColumnType::precision, ColumnType::scale).containsExactly(10, 2);
        assertThat(columns.get(3).type()).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 100);
        assertThat(columns.get(4).type()).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 10);
        assertThat(columns.get(5).type()).extracting(ColumnType::kind, ColumnType::precision).containsExactly(Kind.DATETIME, 6);
        assertThat(columns.get(6).type()).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.BIT, 10);
        // Vitess reports 4 bytes per character whatever the character set: latin1 varchar(20) is 80.
        assertThat(columns.get(7).type()).extracting(ColumnType::kind, ColumnType::length).containsExactly(Kind.VARCHAR, 20);
        assertThat(columns.get(8).type().kind()).isEqualTo(Kind.UNSUPPORTED);
    }
}
