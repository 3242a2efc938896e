package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitess.proto.Query;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTrackerTest {
    private static final TableId T = new TableId("ks", "t");
    private static final ColumnType BIGINT = new ColumnType(ColumnType.Kind.BIGINT, false, 0, 0, 0, List.of(), "bigint");
    private static final ColumnType INT = new ColumnType(ColumnType.Kind.INT, false, 0, 0, 0, List.of(), "int");
    private static final ColumnType VARCHAR10 = new ColumnType(ColumnType.Kind.VARCHAR, false, 10, 0, 0, List.of(), "varchar(10)");

    private static TableSchema schema(Object... nameType) {
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("id", BIGINT, false));
        for (int i = 0; i < nameType.length; i += 2) {
            cols.add(new Column((String) nameType[i], (ColumnType) nameType[i + 1], true));
        }
        return new TableSchema(T, cols, List.of("id"));
    }

    /** Each shard's last FIELD schema, as EventTranslator reads it back from the tracker's layouts. */
    private final Map<String, TableSchema> read = new HashMap<>();

    private SchemaTracker.FieldResult field(SchemaTracker t, String shard, TableSchema s) {
        TableSchema prev = t.previousLayout("ks", shard, T) == null ? null : read.get(shard);
        read.put(shard, s);
        return t.onField("ks", shard, s, prev, fields(s));
    }

    private static List<Query.Field> fields(TableSchema s) {
        return s.columns().stream().map(c -> Query.Field.newBuilder().setName(c.name())
                .setType(switch (c.type().kind()) {
                    case BIGINT -> Query.Type.INT64;
                    case INT -> Query.Type.INT32;
                    default -> Query.Type.VARCHAR;
                }).setColumnType(c.type().sqlType()).build()).toList();
    }

    private SchemaTracker tracker(SchemaChangePolicy policy, TableSchema initial) {
        SchemaTracker t = SchemaTracker.restore(policy, null);
        field(t, "-80", initial);
        field(t, "80-", initial);
        t.takeDirty();
        return SchemaTracker.restore(policy, t.snapshot()); // as after a restart
    }

    @Test
    void anIncompatibleTypeChangeAfterARestartStopsWithTheKey() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("code", VARCHAR10));
        t.onDdl("ks", "80-", "alter table t modify column `code` INT", List.of("-80", "80-"), x -> true);
        assertThatThrownBy(() -> field(t, "80-", schema("code", INT)))
                .hasMessageContaining("column code changed from varchar(10) to int")
                .hasMessageContaining("pipeline.schema-changes.type-change: add-column");
    }

    @Test
    void aTypeChangesCopyIsMarkedOnlyWhenItsTransactionHasEnded() {
        SchemaChangePolicy addColumn = new SchemaChangePolicy("add", "keep", "rename", "add-column", "apply", "copy",
                "keep", "truncate");
        SchemaTracker t = tracker(addColumn, schema("code", VARCHAR10));
        String ddl = "alter table t modify column `code` INT";
        t.onDdl("ks", "80-", ddl, List.of("-80", "80-"), x -> true);
        SchemaTracker.FieldResult r = field(t, "80-", schema("code", INT));
        // The transaction's own rows are written before the copy starts: its CopyTable (which starts
        // the key sweep's count) must not come with the FIELD event.
        assertThat(r.changes()).noneMatch(c -> c instanceof SchemaChange.CopyTable);
        assertThat(r.recopy()).isTrue();
        assertThat(t.copyingTables()).isEmpty();

        assertThat(t.copyingForTypeChange(Map.of(T, r.recopyDdl()))).singleElement()
                .isInstanceOf(SchemaChange.CopyTable.class);
        assertThat(t.copyingTables()).containsExactly("ks.t");
    }

    @Test
    void aLaggingShardNeverDropsAndItsOldNameMapsToTheNewOne() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10));
        t.onDdl("ks", "-80", "ALTER TABLE t ADD COLUMN w INT NOT NULL DEFAULT 5, RENAME COLUMN v TO v2",
                List.of("-80", "80-"), x -> true);
        SchemaTracker.FieldResult r = field(t, "-80", schema("v2", VARCHAR10, "w", INT));
        assertThat(r.changes()).extracting(SchemaChange::describe)
                .containsExactly("rename column v to v2", "add column w int filled with 5");
        SchemaTracker.FieldResult old = field(t, "80-", schema("v", VARCHAR10));
        assertThat(old.changes()).isEmpty();
        assertThat(old.projection().target().columnNames()).containsExactly("id", "v2", "w");
        assertThat(old.projection().apply(new Object[] {1L, "x"})).containsExactly(1L, "x", 5L);
    }

    @Test
    void aRestartBetweenAnAlterAndTheTablesNextRowsStillKnowsTheAlter() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10, "gone", INT));
        t.onDdl("ks", "-80", "ALTER TABLE t RENAME COLUMN v TO v2, DROP COLUMN gone", List.of("-80", "80-"), x -> true);
        assertThat(t.takeDirty()).isTrue();
        SchemaTracker restarted = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, t.snapshot());
        // vttablet without schema history: the rows after the ALTER come with the current names
        List<Query.Field> resolved = restarted.resolveFields("ks", "-80", T, fields(schema("v2", VARCHAR10)));
        assertThat(resolved).extracting(Query.Field::getName).containsExactly("id", "v2");
        assertThat(field(restarted, "-80", schema("v2", VARCHAR10)).changes()).extracting(SchemaChange::describe)
                .containsExactly("rename column v to v2", "keep column gone (dropped at the source), nullable, no longer written");
    }

    @Test
    void aPrimaryKeyChangeIsTakenFromTheDdlWhenVttabletsFlagsLag() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("k", INT));
        t.onDdl("ks", "-80", "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, k)", List.of("-80", "80-"), x -> true);
        // vttablet's schema history has not caught up: the FIELD still flags only id as the key
        SchemaTracker.FieldResult r = field(t, "-80", schema("k", INT));
        assertThat(r.changes()).extracting(SchemaChange::describe).containsExactly("change primary key from (id) to (id, k)");
        assertThat(r.projection().target().primaryKey()).containsExactly("id", "k");
    }

    // ----------------------------------------------------------------------------- online DDL

    private static final String SHADOW = "_vt_vrp_5e0d81e4e5ef11f18f4d9642c5ca43c9_20261121210607_";
    private static final String SENTRY = "_vt_hld_6109ed03e5ef11f18f4d9642c5ca43c9_20261122210611_";
    /** The cut-over of ddl_strategy=vitess, as vttablet 24 writes it to the binlog. */
    private static final String CUT_OVER = "RENAME TABLE `t` TO `" + SENTRY + "`, `" + SHADOW + "` TO `t`, `" + SENTRY
            + "` TO `" + SHADOW + "`";

    private static SchemaTracker.DdlResult ddl(SchemaTracker t, String shard, String statement) {
        return t.onDdl("ks", shard, statement, List.of("-80", "80-"), x -> !x.name().startsWith("_vt_"));
    }

    private static List<Query.Field> nameless(TableSchema s) {
        List<Query.Field> named = fields(s);
        List<Query.Field> out = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            out.add(named.get(i).toBuilder().setName("@" + (i + 1)).clearColumnType().build());
        }
        return out;
    }

    @Test
    void anOnlineDdlCutOverIsTheShadowTablesAlterEvenAcrossARestart() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10, "gone", INT));
        assertThat(ddl(t, "-80", "CREATE TABLE `" + SHADOW + "` (`id` bigint NOT NULL, `v` varchar(10), `gone` int,"
                + " PRIMARY KEY (`id`))").tablesToCopy()).isEmpty();
        ddl(t, "-80", "ALTER TABLE `" + SHADOW + "` ADD COLUMN `w` int NOT NULL DEFAULT 5, CHANGE COLUMN `v` `v2` varchar(10),"
                + " DROP COLUMN `gone`");
        t = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, t.snapshot()); // a restart while the migration runs

        SchemaTracker.DdlResult cutOver = ddl(t, "-80", CUT_OVER);
        assertThat(cutOver.changes()).isEmpty(); // not a drop of t
        assertThat(cutOver.tablesToCopy()).isEmpty(); // nor a new table to copy
        assertThat(t.knows(T)).isTrue();
        TableSchema after = schema("v2", VARCHAR10, "w", INT);
        // vttablet without a schema for the position: the columns come nameless, read with the ALTER's names
        assertThat(t.resolveFields("ks", "-80", T, nameless(after))).extracting(Query.Field::getName)
                .containsExactly("id", "v2", "w");
        SchemaTracker.FieldResult r = field(t, "-80", after);
        assertThat(r.changes()).extracting(SchemaChange::describe).containsExactly("rename column v to v2",
                "add column w int filled with 5", "keep column gone (dropped at the source), nullable, no longer written");
        assertThat(r.recopy()).isFalse();
        // the shard that has not cut over yet keeps writing its rows under the new names
        assertThat(field(t, "80-", schema("v", VARCHAR10, "gone", INT)).projection().target().columnNames())
                .containsExactly("id", "v2", "gone", "w");
    }

    @Test
    void anOnlineRenameColumnIsADropAndAnAddAsVitessCopiesRowsByName() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10));
        ddl(t, "-80", "CREATE TABLE `" + SHADOW + "` (`id` bigint NOT NULL, `v` varchar(10), PRIMARY KEY (`id`))");
        ddl(t, "-80", "ALTER TABLE `" + SHADOW + "` RENAME COLUMN `v` TO `v2`");
        ddl(t, "-80", CUT_OVER);
        TableSchema after = schema("v2", VARCHAR10);
        assertThat(t.resolveFields("ks", "-80", T, nameless(after))).extracting(Query.Field::getName).containsExactly("id", "v2");
        assertThat(field(t, "-80", after).changes()).extracting(SchemaChange::describe)
                .containsExactly("add column v2 varchar(10)", "keep column v (dropped at the source), nullable, no longer written");
    }

    @Test
    void aCutOverWhoseMigrationWasNotSeenCopiesTheTableAgainAndReadsTheFieldAsSent() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10));
        SchemaTracker.DdlResult cutOver = ddl(t, "-80", CUT_OVER); // the shadow table's DDL came before the stream
        assertThat(cutOver.changes()).isEmpty();
        assertThat(cutOver.tablesToCopy()).containsExactly(T);
        t = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, t.snapshot());
        TableSchema after = schema("v2", VARCHAR10);
        List<Query.Field> sent = fields(after);
        assertThat(t.resolveFields("ks", "-80", T, sent)).isEqualTo(sent);
        assertThat(field(t, "-80", after).changes()).extracting(SchemaChange::describe)
                .containsExactly("add column v2 varchar(10)", "keep column v (dropped at the source), nullable, no longer written");
    }

    @Test
    void anOnlineDropTableIsADropAndOtherTablesCutOversAreForgotten() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10));
        ddl(t, "-80", "CREATE TABLE `" + SHADOW + "` (`id` bigint NOT NULL, PRIMARY KEY (`id`))");
        ddl(t, "-80", "ALTER TABLE `" + SHADOW + "` ADD COLUMN `x` int");
        // a migration of a table the pipeline does not replicate: nothing to apply, nothing kept
        SchemaTracker.DdlResult other = ddl(t, "-80", CUT_OVER.replace("`t`", "`other`"));
        assertThat(other.changes()).isEmpty();
        assertThat(other.tablesToCopy()).isEmpty();
        assertThat(t.snapshot()).doesNotContain(SHADOW);
        // DROP TABLE with ddl_strategy=vitess renames the table away
        assertThat(ddl(t, "80-", "RENAME TABLE `t` TO `" + SENTRY + "`").changes()).extracting(SchemaChange::describe)
                .containsExactly("table dropped at the source; target table kept");
        assertThat(t.knows(T)).isFalse();
    }

    @Test
    void aChangeTheSinkCannotApplyStopsNamingThePolicyKey() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("code", VARCHAR10));
        t.limitTo(java.util.EnumSet.complementOf(java.util.EnumSet.of(SchemaChange.Kind.RENAME_COLUMN)));
        t.onDdl("ks", "-80", "alter table t rename column code to label", List.of("-80", "80-"), x -> true);
        List<SchemaChange> changes = field(t, "-80", schema("label", VARCHAR10)).changes();
        assertThat(changes).extracting(SchemaChange::kind).containsExactly(SchemaChange.Kind.RENAME_COLUMN);
        assertThatThrownBy(() -> t.requireSupported(changes))
                .isInstanceOf(SourceException.class)
                .hasMessage("Cannot apply a schema change to ks.t (rename column code to label): the sink cannot apply"
                        + " rename_column changes, which pipeline.schema-changes.rename-column is rename asks for. Set"
                        + " pipeline.schema-changes.rename-column to stop, or exclude the table with"
                        + " source.tables.exclude. Nothing after this change was applied; the pipeline resumes here"
                        + " when restarted.");
        t.requireSupported(List.of(new SchemaChange.TruncateTable(T, ""))); // supported: no stop
    }
}
