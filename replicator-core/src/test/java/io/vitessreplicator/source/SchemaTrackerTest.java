package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.util.ArrayList;
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

    private static SchemaTracker tracker(SchemaChangePolicy policy, TableSchema initial) {
        SchemaTracker t = SchemaTracker.restore(policy, null);
        t.onField("ks", "-80", initial);
        t.onField("ks", "80-", initial);
        t.takeDirty();
        return SchemaTracker.restore(policy, t.snapshot()); // as after a restart
    }

    @Test
    void anIncompatibleTypeChangeAfterARestartStopsWithTheKey() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("code", VARCHAR10));
        t.onDdl("ks", "80-", "alter table t modify column `code` INT", List.of("-80", "80-"), x -> true);
        assertThatThrownBy(() -> t.onField("ks", "80-", schema("code", INT)))
                .hasMessageContaining("column code changed from varchar(10) to int")
                .hasMessageContaining("pipeline.schema-changes.type-change: add-column");
    }

    @Test
    void aLaggingShardNeverDropsAndItsOldNameMapsToTheNewOne() {
        SchemaTracker t = tracker(SchemaChangePolicy.DEFAULTS, schema("v", VARCHAR10));
        t.onDdl("ks", "-80", "ALTER TABLE t ADD COLUMN w INT NOT NULL DEFAULT 5, RENAME COLUMN v TO v2",
                List.of("-80", "80-"), x -> true);
        SchemaTracker.FieldResult r = t.onField("ks", "-80", schema("v2", VARCHAR10, "w", INT));
        assertThat(r.changes()).extracting(SchemaChange::describe)
                .containsExactly("rename column v to v2", "add column w int filled with 5");
        SchemaTracker.FieldResult old = t.onField("ks", "80-", schema("v", VARCHAR10));
        assertThat(old.changes()).isEmpty();
        assertThat(old.projection().target().columnNames()).containsExactly("id", "v2", "w");
        assertThat(old.projection().apply(new Object[] {1L, "x"})).containsExactly(1L, "x", 5L);
    }
}
