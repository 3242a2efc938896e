package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitess.proto.Query;
import io.vitessreplicator.state.ReplicatorState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowLayoutsTest {
    private static final String KEY = "ks/-80/t";

    private static Query.Field f(String name, Query.Type type, String columnType) {
        return Query.Field.newBuilder().setName(name).setType(type).setColumnType(columnType).build();
    }

    /** What vttablet sends when its schema does not fit the row: binlog types, no names, no column types. */
    private static List<Query.Field> nameless(Query.Type... types) {
        List<Query.Field> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            out.add(Query.Field.newBuilder().setName("@" + (i + 1)).setType(types[i]).build());
        }
        return out;
    }

    private static List<String> names(List<Query.Field> fields) {
        return fields.stream().map(Query.Field::getName).toList();
    }

    private static RowLayouts known(Query.Field... fields) {
        RowLayouts l = new RowLayouts();
        assertThat(l.accept(KEY, List.of(fields))).isTrue();
        return l;
    }

    private static final Query.Field ID = f("id", Query.Type.INT64, "bigint");
    private static final Query.Field V = f("v", Query.Type.VARCHAR, "varchar(10)");
    private static final Query.Field N = f("n", Query.Type.INT32, "int");

    @Test
    void rowsFromBeforeARenameKeepTheirNameEvenWhenVttabletNamesThemAfterIt() {
        RowLayouts l = known(ID, V);
        // the schema engine already has the rename; the DDL event has not arrived yet
        List<Query.Field> read = l.resolve(KEY, "ks.t", "-80", List.of(ID, f("v2", Query.Type.VARCHAR, "varchar(10)")), List.of());
        assertThat(names(read)).containsExactly("id", "v");
        // after the DDL event, the same shape is the renamed column
        Ddl rename = Ddl.parse("alter table t rename column v to v2");
        read = l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.VARCHAR), List.of(rename));
        assertThat(names(read)).containsExactly("id", "v2");
        assertThat(read.get(1).getColumnType()).isEqualTo("varchar(10)");
    }

    @Test
    void namelessRowsFromBeforeADropAreReadWithTheLayout() {
        RowLayouts l = known(ID, V, N);
        List<Query.Field> read = l.resolve(KEY, "ks.t", "-80",
                nameless(Query.Type.INT64, Query.Type.VARCHAR, Query.Type.INT32), List.of());
        assertThat(read).containsExactly(ID, V, N);
        Ddl drop = Ddl.parse("ALTER TABLE `t` DROP COLUMN `v`");
        read = l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.INT32), List.of(drop));
        assertThat(read).containsExactly(ID, N);
    }

    @Test
    void anAddedColumnTakesItsPlaceAndTheTypeTheDdlDeclares() {
        RowLayouts l = known(ID, V);
        Ddl add = Ddl.parse("alter table t add column price decimal(12, 2) not null default 0 after id");
        List<Query.Field> read = l.resolve(KEY, "ks.t", "-80",
                nameless(Query.Type.INT64, Query.Type.DECIMAL, Query.Type.VARCHAR), List.of(add));
        assertThat(names(read)).containsExactly("id", "price", "v");
        assertThat(read.get(1).getColumnType()).isEqualTo("decimal(12,2)");
        assertThat(read.get(1).getType()).isEqualTo(Query.Type.DECIMAL);
    }

    @Test
    void aModifiedColumnIsReadWithItsNewType() {
        RowLayouts l = known(ID, N);
        Ddl widen = Ddl.parse("alter table t modify n bigint unsigned");
        Query.Field wide = f("n", Query.Type.UINT64, "bigint unsigned");
        List<Query.Field> read = l.resolve(KEY, "ks.t", "-80", List.of(ID, wide), List.of(widen));
        assertThat(read).containsExactly(ID, wide);
    }

    @Test
    void anIncompatibleOrUnknownShapeWithNamesIsTakenAsSent() {
        RowLayouts l = known(ID, V);
        List<Query.Field> other = List.of(ID, f("v", Query.Type.INT32, "int"));
        assertThat(l.resolve(KEY, "ks.t", "-80", other, List.of())).isSameAs(other);
        List<Query.Field> wider = List.of(ID, V, N);
        assertThat(l.resolve(KEY, "ks.t", "-80", wider, List.of(Ddl.parse("alter table t add (a int, b int)"))))
                .isSameAs(wider);
    }

    @Test
    void namelessColumnsThatFitNothingAreRetried() {
        RowLayouts l = known(ID, V);
        assertThatThrownBy(() -> l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.VARCHAR, Query.Type.INT32),
                List.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("could not name the columns of ks.t on shard -80");
        assertThatThrownBy(() -> new RowLayouts().resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64), List.of()))
                .hasMessageContaining("no earlier FIELD event");
    }

    @Test
    void theLayoutSurvivesTheState() {
        RowLayouts l = known(ID, V, N);
        ReplicatorState.PipelineState.Builder b = ReplicatorState.PipelineState.newBuilder();
        l.save(b);
        RowLayouts restored = new RowLayouts();
        restored.restore(b.build());
        assertThat(restored.get(KEY)).isEqualTo(l.get(KEY));
        assertThat(restored.accept(KEY, List.of(ID, V, N))).isFalse();
    }

    @Test
    void aColumnNamedAsTheLayoutSaysKeepsWhatVttabletSent() {
        RowLayouts l = known(ID, N);
        Query.Field nowKey = N.toBuilder().setFlags(2 /* PRI_KEY_FLAG */).build();
        List<Query.Field> read = l.resolve(KEY, "ks.t", "-80", List.of(ID, nowKey),
                List.of(Ddl.parse("alter table t drop primary key, add primary key (id, n)")));
        assertThat(read).containsExactly(ID, nowKey);
    }

    @Test
    void aShardWithAnUnknownLayoutAndNamelessColumnsIsReadWithTheOneLayoutOtherShardsHave() {
        RowLayouts l = known(ID, V); // -80
        List<Ddl> replaced = List.of(Ddl.parse("RENAME TABLE `t` TO `_vt_hld_x`, `_vt_vrp_y` TO `t`, `_vt_hld_x` TO `_vt_vrp_y`"));
        l.accept("ks/80-/t", List.of(ID, V, N)); // 80- went through an online DDL cut-over and showed names
        List<Query.Field> resolved = l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.VARCHAR,
                Query.Type.INT32), replaced);
        assertThat(names(resolved)).containsExactly("id", "v", "n");
        // nothing fits (another column count): still an error to retry, never a guess
        assertThatThrownBy(() -> l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.INT32), replaced))
                .isInstanceOf(SourceException.class);
        // two shards with different layouts that both fit: ambiguous, so an error to retry
        l.accept("ks/c0-/t", List.of(ID, V, f("m", Query.Type.INT32, "int")));
        assertThatThrownBy(() -> l.resolve(KEY, "ks.t", "-80", nameless(Query.Type.INT64, Query.Type.VARCHAR,
                Query.Type.INT32), replaced)).isInstanceOf(SourceException.class);
    }
}
