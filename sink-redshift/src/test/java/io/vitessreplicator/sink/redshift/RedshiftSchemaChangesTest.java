package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.sink.redshift.Samples.col;
import static io.vitessreplicator.sink.redshift.Samples.decimal;
import static io.vitessreplicator.sink.redshift.Samples.length;
import static io.vitessreplicator.sink.redshift.Samples.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlDialect.SchemaChangeStatements;
import io.vitessreplicator.spi.FatalSinkException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RedshiftSchemaChangesTest {
    private static final String T = "\"warehouse\".\"orders\"";
    private static final RedshiftTypeMapping TYPES = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS);

    private static RedshiftSchemaChanges changes(RedshiftSchemaOptions options, FakeLookup lookup) {
        return new RedshiftSchemaChanges(TYPES, options, lookup);
    }

    private static SchemaChangeStatements run(SchemaChange change) throws SQLException {
        return changes(RedshiftSchemaOptions.DEFAULTS, FakeLookup.EMPTY).statements(change, T, DeleteMode.HARD, null);
    }

    @Test
    void addColumnIsOneStatementPerColumnWithTheFillAsDefault() throws SQLException {
        assertThat(run(new SchemaChange.AddColumn(Samples.ORDERS, col("note2", type(Kind.TEXT, "text")), null, "ddl")))
                .isEqualTo(new SchemaChangeStatements(List.of(),
                        List.of("ALTER TABLE " + T + " ADD COLUMN \"note2\" varchar(65535)")));
        assertThat(run(new SchemaChange.AddColumn(Samples.ORDERS, col("qty", decimal(10, 2)), new BigDecimal("1.50"),
                "ddl")).inTransaction())
                .containsExactly("ALTER TABLE " + T + " ADD COLUMN \"qty\" numeric(10,2) DEFAULT CAST('1.50' AS numeric(10,2))");
        assertThat(run(new SchemaChange.AddColumn(Samples.ORDERS, col("s", length(Kind.VARCHAR, 5, "varchar(5)")),
                "it's a \\ b", "ddl")).inTransaction())
                .containsExactly("ALTER TABLE " + T + " ADD COLUMN \"s\" varchar(20) DEFAULT CAST('it''s a \\\\ b' AS varchar(20))");
        assertThat(run(new SchemaChange.AddColumn(Samples.ORDERS, col("b", length(Kind.VARBINARY, 4, "varbinary(4)")),
                new byte[] {0, (byte) 0xff}, "ddl")).inTransaction())
                .containsExactly("ALTER TABLE " + T + " ADD COLUMN \"b\" varbyte(4) DEFAULT FROM_HEX('00ff')");
    }

    @Test
    void literalsOfTemporalValuesAreIsoText() {
        assertThat(RedshiftSchemaChanges.literal(new io.vitessreplicator.sink.jdbc.SqlType("timestamp", "x"),
                LocalDateTime.of(2024, 2, 29, 13, 5, 7, 120_000_000))).isEqualTo("CAST('2024-02-29 13:05:07.120000' AS timestamp)");
        assertThat(RedshiftSchemaChanges.literal(new io.vitessreplicator.sink.jdbc.SqlType("timestamptz", "x"),
                Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("CAST('2024-01-01 00:00:00.000000+00' AS timestamptz)");
        assertThat(RedshiftSchemaChanges.literal(io.vitessreplicator.sink.jdbc.SqlType.same("varchar(5)"), List.of("a", "c")))
                .isEqualTo("CAST('a,c' AS varchar(5))");
    }

    @Test
    void dropRenameKeepDropTableAndTruncate() throws SQLException {
        assertThat(run(new SchemaChange.DropColumn(Samples.ORDERS, "note", "ddl")).inTransaction())
                .containsExactly("ALTER TABLE " + T + " DROP COLUMN \"note\"");
        assertThat(run(new SchemaChange.RenameColumn(Samples.ORDERS, "note", "Remark", "ddl")).inTransaction())
                .containsExactly("ALTER TABLE " + T + " RENAME COLUMN \"note\" TO \"Remark\"");
        assertThat(run(new SchemaChange.KeepColumn(Samples.ORDERS, "note", "dropped", "ddl")).all()).isEmpty();
        assertThat(run(new SchemaChange.DropTable(Samples.ORDERS, true, "ddl")).inTransaction())
                .containsExactly("DROP TABLE IF EXISTS " + T);
        assertThat(run(new SchemaChange.DropTable(Samples.ORDERS, false, "ddl")).all()).isEmpty();
        assertThat(run(new SchemaChange.TruncateTable(Samples.ORDERS, "ddl")).inTransaction())
                .containsExactly("DELETE FROM " + T);
        assertThat(changes(RedshiftSchemaOptions.DEFAULTS, FakeLookup.EMPTY)
                .statements(new SchemaChange.TruncateTable(Samples.ORDERS, "ddl"), T, DeleteMode.SOFT, null).inTransaction())
                .containsExactly("UPDATE " + T + " SET \"_vr_deleted\" = true, \"_vr_deleted_at\" = SYSDATE WHERE NOT \"_vr_deleted\"");
    }

    @Test
    void varcharWideningRunsOutsideTheTransactionAndIsSkippedWhenAlreadyApplied() throws SQLException {
        SchemaChange widen = new SchemaChange.WidenColumn(Samples.ORDERS, col("order", length(Kind.VARCHAR, 40, "varchar(40)")),
                col("order", length(Kind.VARCHAR, 100, "varchar(100)")), "ddl");
        SchemaChangeStatements s = run(widen);
        assertThat(s.outsideTransaction()).containsExactly("ALTER TABLE " + T + " ALTER COLUMN \"order\" TYPE varchar(400)");
        assertThat(s.inTransaction()).isEmpty();
        SchemaChangeStatements retried = changes(RedshiftSchemaOptions.DEFAULTS,
                new FakeLookup(OptionalInt.of(400), Optional.empty())).statements(widen, T, DeleteMode.HARD, null);
        assertThat(retried.all()).isEmpty();
        SchemaChangeStatements narrower = changes(RedshiftSchemaOptions.DEFAULTS,
                new FakeLookup(OptionalInt.of(160), Optional.empty())).statements(widen, T, DeleteMode.HARD, null);
        assertThat(narrower.outsideTransaction()).hasSize(1);
    }

    @Test
    void wideningsThatKeepTheRedshiftTypeNeedNothing() throws SQLException {
        assertThat(run(new SchemaChange.WidenColumn(Samples.ORDERS, col("t", Samples.fraction(Kind.DATETIME, 0, "datetime")),
                col("t", Samples.fraction(Kind.DATETIME, 6, "datetime(6)")), "ddl")).all()).isEmpty();
        assertThat(run(new SchemaChange.WidenColumn(Samples.ORDERS, col("n", type(Kind.TINYINT, "tinyint")),
                col("n", type(Kind.SMALLINT, "smallint")), "ddl")).all()).isEmpty();
        assertThat(run(new SchemaChange.WidenColumn(Samples.ORDERS, col("x", type(Kind.TEXT, "text")),
                col("x", type(Kind.TEXT, "longtext")), "ddl")).all()).isEmpty();
    }

    @Test
    void otherWideningsStopByDefaultOrRewriteTheColumn() throws SQLException {
        SchemaChange intToBigint = new SchemaChange.WidenColumn(Samples.ORDERS, col("qty", type(Kind.INT, "int")),
                col("qty", type(Kind.BIGINT, "bigint")), "ddl");
        assertThatThrownBy(() -> run(intToBigint))
                .isInstanceOf(FatalSinkException.class)
                .hasMessageContaining("column qty changed from int to bigint, which is integer to bigint")
                .hasMessageContaining("sink.type-change is stop")
                .hasMessageContaining("Nothing of the batch was committed");
        RedshiftSchemaOptions rewrite = new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.REWRITE_COLUMN,
                RedshiftSchemaOptions.PrimaryKeyChange.REPLACE_CONSTRAINT, RedshiftTableLayout.DEFAULTS);
        SchemaChangeStatements s = changes(rewrite, FakeLookup.EMPTY).statements(intToBigint, T, DeleteMode.HARD, null);
        assertThat(s.outsideTransaction()).isEmpty();
        assertThat(s.inTransaction()).containsExactly(
                "ALTER TABLE " + T + " ADD COLUMN \"qty__vr_rewrite\" bigint",
                "UPDATE " + T + " SET \"qty__vr_rewrite\" = CAST(\"qty\" AS bigint)",
                "ALTER TABLE " + T + " DROP COLUMN \"qty\"",
                "ALTER TABLE " + T + " RENAME COLUMN \"qty__vr_rewrite\" TO \"qty\"");
    }

    @Test
    void primaryKeyChangesReplaceTheInformationalConstraintOrStop() throws SQLException {
        SchemaChange pk = new SchemaChange.ChangePrimaryKey(Samples.ORDERS, List.of("OrderId"), List.of("tenant_id", "OrderId"), "ddl");
        assertThat(changes(RedshiftSchemaOptions.DEFAULTS, new FakeLookup(OptionalInt.empty(), Optional.of("orders_pkey")))
                .statements(pk, T, DeleteMode.HARD, null).inTransaction())
                .containsExactly("ALTER TABLE " + T + " DROP CONSTRAINT \"orders_pkey\"",
                        "ALTER TABLE " + T + " ADD PRIMARY KEY (\"tenant_id\", \"OrderId\")");
        assertThat(run(pk).inTransaction()).containsExactly("ALTER TABLE " + T + " ADD PRIMARY KEY (\"tenant_id\", \"OrderId\")");
        RedshiftSchemaOptions stop = new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.STOP,
                RedshiftSchemaOptions.PrimaryKeyChange.STOP, RedshiftTableLayout.DEFAULTS);
        assertThatThrownBy(() -> changes(stop, FakeLookup.EMPTY).statements(pk, T, DeleteMode.HARD, null))
                .isInstanceOf(FatalSinkException.class).hasMessageContaining("primary-key-change is stop");
    }

    @Test
    void createdTablesCarryKeysLayoutAndTheSourceComment() {
        List<String> ddl = changes(RedshiftSchemaOptions.DEFAULTS, FakeLookup.EMPTY).createTable(Samples.orders(DeleteMode.SOFT));
        assertThat(ddl.get(0)).isEqualTo("CREATE TABLE IF NOT EXISTS " + T + " (\n"
                + "  \"tenant_id\" integer NOT NULL,\n"
                + "  \"OrderId\" bigint NOT NULL,\n"
                + "  \"order\" varchar(160),\n"
                + "  \"amount\" numeric(12,2),\n"
                + "  \"note\" varchar(65535),\n"
                + "  \"_vr_deleted\" boolean NOT NULL DEFAULT false,\n"
                + "  \"_vr_deleted_at\" timestamptz,\n"
                + "  PRIMARY KEY (\"tenant_id\", \"OrderId\")\n"
                + ")\nDISTSTYLE AUTO COMPOUND SORTKEY (\"tenant_id\", \"OrderId\")");
        assertThat(ddl.get(1)).isEqualTo("COMMENT ON TABLE " + T + " IS 'vitess-replicator source table: shop.orders'");
        RedshiftSchemaOptions keyed = new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.STOP,
                RedshiftSchemaOptions.PrimaryKeyChange.REPLACE_CONSTRAINT, new RedshiftTableLayout(
                RedshiftTableLayout.DistStyle.KEY, null, RedshiftTableLayout.SortKey.AUTO, List.of()));
        assertThat(changes(keyed, FakeLookup.EMPTY).createTable(Samples.orders(DeleteMode.HARD)).get(0))
                .endsWith(")\nDISTSTYLE KEY DISTKEY (\"tenant_id\")");
        assertThatThrownBy(() -> new RedshiftTableLayout(RedshiftTableLayout.DistStyle.EVEN, "x",
                RedshiftTableLayout.SortKey.AUTO, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCopySweepUsesAKeysTableLikeTheTarget() {
        RedshiftSchemaChanges c = changes(RedshiftSchemaOptions.DEFAULTS, FakeLookup.EMPTY);
        String keys = "\"warehouse\".\"_vr_copy_orders\"";
        assertThat(c.copyStarted(keys, T, List.of("tenant_id", "OrderId")))
                .containsExactly("CREATE TABLE IF NOT EXISTS " + keys + " (LIKE " + T + " INCLUDING DEFAULTS)");
        assertThat(c.copyCompleted(keys, T, List.of("tenant_id", "OrderId"), DeleteMode.HARD)).containsExactly(
                "DELETE FROM " + T + " WHERE NOT EXISTS (SELECT 1 FROM " + keys + " AS \"_vr_k\" WHERE"
                        + " \"_vr_k\".\"tenant_id\" = \"orders\".\"tenant_id\" AND \"_vr_k\".\"OrderId\" = \"orders\".\"OrderId\")",
                "DROP TABLE " + keys);
        assertThat(c.copyCompleted(keys, T, List.of("tenant_id"), DeleteMode.SOFT).get(0))
                .startsWith("UPDATE " + T + " SET \"_vr_deleted\" = true, \"_vr_deleted_at\" = SYSDATE WHERE NOT EXISTS")
                .endsWith(" AND NOT \"orders\".\"_vr_deleted\"");
    }
}
