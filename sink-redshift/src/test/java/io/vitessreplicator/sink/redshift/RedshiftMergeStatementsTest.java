package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftMergeStatementsTest {
    private final RedshiftMergeStatements hard = new RedshiftMergeStatements(Samples.orders(DeleteMode.HARD), "_vr_stage_1");
    private final RedshiftMergeStatements soft = new RedshiftMergeStatements(Samples.orders(DeleteMode.SOFT), "_vr_stage_1");

    @Test
    void stagingKeepsOnlyEachKeysLastRowByRowNumberOverTheSequence() {
        assertThat(hard.deduplicate()).isEqualTo("DELETE FROM \"_vr_stage_1\" WHERE \"_vr_seq\" IN (SELECT \"_vr_seq\""
                + " FROM (SELECT \"_vr_seq\", ROW_NUMBER() OVER (PARTITION BY \"tenant_id\", \"OrderId\" ORDER BY"
                + " \"_vr_seq\" DESC) AS \"_vr_rn\" FROM \"_vr_stage_1\") AS \"_vr_ranked\" WHERE"
                + " \"_vr_ranked\".\"_vr_rn\" > 1)");
        assertThat(hard.deletes().get(0)).isEqualTo(hard.deduplicate());
        assertThat(hard.upserts().get(0)).isEqualTo(hard.deduplicate());
    }

    @Test
    void deletesAreOneDeleteUsingTheStagingTableOnTheCompositeKey() {
        assertThat(hard.deletes()).hasSize(2);
        assertThat(hard.deletes().get(1)).isEqualTo("DELETE FROM \"warehouse\".\"orders\" USING \"_vr_stage_1\" AS"
                + " \"_vr_s\" WHERE \"_vr_s\".\"_vr_op\" = 'D' AND \"orders\".\"tenant_id\" = \"_vr_s\".\"tenant_id\""
                + " AND \"orders\".\"OrderId\" = \"_vr_s\".\"OrderId\"");
    }

    @Test
    void upsertsUpdateExistingRowsThenInsertTheMissingKeys() {
        List<String> upserts = hard.upserts();
        assertThat(upserts).hasSize(3);
        assertThat(upserts.get(1)).isEqualTo("UPDATE \"warehouse\".\"orders\" SET \"order\" = \"_vr_s\".\"order\","
                + " \"amount\" = \"_vr_s\".\"amount\", \"note\" = \"_vr_s\".\"note\" FROM \"_vr_stage_1\" AS \"_vr_s\""
                + " WHERE \"_vr_s\".\"_vr_op\" = 'U' AND \"orders\".\"tenant_id\" = \"_vr_s\".\"tenant_id\" AND"
                + " \"orders\".\"OrderId\" = \"_vr_s\".\"OrderId\"");
        assertThat(upserts.get(2)).isEqualTo("INSERT INTO \"warehouse\".\"orders\" (\"tenant_id\", \"OrderId\","
                + " \"order\", \"amount\", \"note\") SELECT \"_vr_s\".\"tenant_id\", \"_vr_s\".\"OrderId\","
                + " \"_vr_s\".\"order\", \"_vr_s\".\"amount\", \"_vr_s\".\"note\" FROM \"_vr_stage_1\" AS \"_vr_s\""
                + " LEFT JOIN \"warehouse\".\"orders\" AS \"_vr_t\" ON \"_vr_t\".\"tenant_id\" = \"_vr_s\".\"tenant_id\""
                + " AND \"_vr_t\".\"OrderId\" = \"_vr_s\".\"OrderId\" WHERE \"_vr_s\".\"_vr_op\" = 'U' AND"
                + " \"_vr_t\".\"tenant_id\" IS NULL");
        assertThat(String.join("\n", upserts)).doesNotContain("ON CONFLICT").doesNotContain("DISTINCT ON");
    }

    @Test
    void softDeleteMarksRowsNotYetMarkedAndUpsertsReviveThem() {
        assertThat(soft.deletes().get(1)).isEqualTo("UPDATE \"warehouse\".\"orders\" SET \"_vr_deleted\" = true,"
                + " \"_vr_deleted_at\" = SYSDATE FROM \"_vr_stage_1\" AS \"_vr_s\" WHERE \"_vr_s\".\"_vr_op\" = 'D'"
                + " AND \"orders\".\"tenant_id\" = \"_vr_s\".\"tenant_id\" AND \"orders\".\"OrderId\" ="
                + " \"_vr_s\".\"OrderId\" AND NOT \"orders\".\"_vr_deleted\"");
        assertThat(soft.upserts().get(1)).contains("\"_vr_deleted\" = false, \"_vr_deleted_at\" = NULL FROM");
    }

    @Test
    void aTableOfOnlyKeyColumnsNeedsNoUpdateInHardMode() {
        TableSchema keysOnly = new TableSchema(Samples.ORDERS, List.of(Samples.key("id", Samples.type(Kind.INT, "int"))),
                List.of("id"));
        TargetTable t = Samples.target(keysOnly, "w", "k", DeleteMode.HARD,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS));
        List<String> upserts = new RedshiftMergeStatements(t, "_vr_stage_2").upserts();
        assertThat(upserts).hasSize(2);
        assertThat(upserts.get(1)).startsWith("INSERT INTO");
        TargetTable softT = Samples.target(keysOnly, "w", "k", DeleteMode.SOFT,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS));
        assertThat(new RedshiftMergeStatements(softT, "_vr_stage_2").upserts()).hasSize(3);
    }

    @Test
    void keysOfUpsertedRowsAreNotedForTheCopySweep() {
        assertThat(hard.noteUpsertedKeys("\"warehouse\".\"_vr_copy_orders\"")).isEqualTo(
                "INSERT INTO \"warehouse\".\"_vr_copy_orders\" (\"tenant_id\", \"OrderId\") SELECT"
                        + " \"_vr_s\".\"tenant_id\", \"_vr_s\".\"OrderId\" FROM \"_vr_stage_1\" AS \"_vr_s\" WHERE"
                        + " \"_vr_s\".\"_vr_op\" = 'U'");
    }

    @Test
    void theStagingTableIsATemporaryTableWithOpAndSequence() {
        assertThat(hard.createStaging()).isEqualTo("CREATE TEMPORARY TABLE \"_vr_stage_1\" (\"tenant_id\" integer,"
                + " \"OrderId\" bigint, \"order\" varchar(160), \"amount\" numeric(12,2), \"note\" varchar(65535),"
                + " \"_vr_op\" char(1) NOT NULL, \"_vr_seq\" bigint NOT NULL)");
        assertThat(hard.dropStaging()).isEqualTo("DROP TABLE IF EXISTS \"_vr_stage_1\"");
        assertThat(hard.stagingColumns()).containsExactly("\"tenant_id\"", "\"OrderId\"", "\"order\"", "\"amount\"",
                "\"note\"", "\"_vr_op\"", "\"_vr_seq\"");
    }
}
