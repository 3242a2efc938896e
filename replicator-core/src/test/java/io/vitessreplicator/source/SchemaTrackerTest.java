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
}
