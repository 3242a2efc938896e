package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the SQL shape: set-based statements over the latest staged row per key. */
class PostgresMergeStatementsTest {

    private static TargetTable target(String deleteMode) {
        PostgresSinkConfig config = PostgresSinkConfig.from(ConfigNode.of("sink", Map.of(
                "url", "jdbc:postgresql://h/db", "schema", "wh", "delete-mode", deleteMode)));
        return new TargetTables(config, new PostgresDialect()).describe(Types.table("ks", "order", List.of("id", "k2"),
                key("id", Types.BIGINT), key("k2", Types.VARCHAR_20), col("note", Types.TEXT)));
    }

    @Test
    void createsTheTargetWithQuotedNamesAndThePrimaryKey() {
        assertThat(PostgresMergeStatements.createTable(target("hard"))).isEqualTo("""
                CREATE TABLE IF NOT EXISTS "wh"."order" (
                  "id" bigint,
                  "k2" varchar(20),
                  "note" text,
                  PRIMARY KEY ("id", "k2")
                )""");
        assertThat(PostgresMergeStatements.createTable(target("soft"))).contains(
                "\"_vr_deleted\" boolean NOT NULL DEFAULT false,\n  \"_vr_deleted_at\" timestamptz,\n  PRIMARY KEY");
    }

    @Test
    void stagingIsATemporaryTableWithOpAndSeq() {
        PostgresMergeStatements sql = new PostgresMergeStatements(target("hard"), "_vr_stage_1");
        assertThat(sql.createStaging()).isEqualTo("CREATE TEMPORARY TABLE pg_temp.\"_vr_stage_1\" (\"id\" bigint,"
                + " \"k2\" varchar(20), \"note\" text, \"_vr_op\" \"char\" NOT NULL, \"_vr_seq\" bigint NOT NULL)"
                + " ON COMMIT DROP");
        assertThat(sql.copy()).isEqualTo("COPY pg_temp.\"_vr_stage_1\" (\"id\", \"k2\", \"note\", \"_vr_op\","
                + " \"_vr_seq\") FROM STDIN");
        assertThat(sql.copy(true)).isEqualTo("COPY pg_temp.\"_vr_stage_1\" (\"id\", \"k2\", \"note\", \"_vr_op\","
                + " \"_vr_seq\") FROM STDIN WITH (FORMAT binary)");
        assertThat(PostgresMergeStatements.copyIntoTarget(target("hard"), true)).isEqualTo("COPY \"wh\".\"order\""
                + " (\"id\", \"k2\", \"note\") FROM STDIN WITH (FORMAT binary)");
        assertThat(PostgresMergeStatements.copyIntoTarget(target("hard"))).isEqualTo("COPY \"wh\".\"order\""
                + " (\"id\", \"k2\", \"note\") FROM STDIN");
    }

    @Test
    void deleteAndUpsertTakeTheLatestRowPerKey() {
        PostgresMergeStatements sql = new PostgresMergeStatements(target("hard"), "_vr_stage_1");
        String latest = "SELECT DISTINCT ON (\"id\", \"k2\") * FROM pg_temp.\"_vr_stage_1\" ORDER BY \"id\", \"k2\","
                + " \"_vr_seq\" DESC";
        assertThat(sql.delete()).isEqualTo("DELETE FROM \"wh\".\"order\" AS t USING (" + latest + ") AS s WHERE"
                + " s.\"_vr_op\" = 'D' AND t.\"id\" = s.\"id\" AND t.\"k2\" = s.\"k2\"");
        assertThat(sql.upsert()).isEqualTo("INSERT INTO \"wh\".\"order\" AS t (\"id\", \"k2\", \"note\") SELECT"
                + " s.\"id\", s.\"k2\", s.\"note\" FROM (" + latest + ") AS s WHERE s.\"_vr_op\" = 'U'"
                + " ON CONFLICT (\"id\", \"k2\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
    }

    @Test
    void softDeleteMarksAndUpsertRevives() {
        PostgresMergeStatements sql = new PostgresMergeStatements(target("soft"), "_vr_stage_2");
        assertThat(sql.softDelete()).startsWith("UPDATE \"wh\".\"order\" AS t SET \"_vr_deleted\" = true,"
                + " \"_vr_deleted_at\" = now() FROM (SELECT DISTINCT ON").endsWith("AND NOT t.\"_vr_deleted\"");
        assertThat(sql.upsert()).endsWith("DO UPDATE SET \"note\" = EXCLUDED.\"note\", \"_vr_deleted\" = false,"
                + " \"_vr_deleted_at\" = NULL");
    }

    @Test
    void aTableOfOnlyKeyColumnsDoesNothingOnConflict() {
        PostgresSinkConfig config = PostgresSinkConfig.from(ConfigNode.of("sink", Map.of("url", "jdbc:postgresql://h/db")));
        TargetTable t = new TargetTables(config, new PostgresDialect()).describe(Types.table("ks", "tags", List.of("a", "b"),
                key("a", Types.BIGINT), key("b", Types.BIGINT)));
        assertThat(new PostgresMergeStatements(t, "s").upsert()).endsWith("ON CONFLICT (\"a\", \"b\") DO NOTHING");
    }
}
