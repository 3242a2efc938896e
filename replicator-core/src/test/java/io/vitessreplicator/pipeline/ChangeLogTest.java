package io.vitessreplicator.pipeline;

import static io.vitessreplicator.pipeline.Rows.delete;
import static io.vitessreplicator.pipeline.Rows.insert;
import static io.vitessreplicator.pipeline.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.TableLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
    private final ChangeLog log = new ChangeLog();

    private static final TableSchema WIDE = new TableSchema(Rows.T.id(), List.of(Rows.T.columns().get(0),
            Rows.T.columns().get(1), new Column("old", ColumnType.of(ColumnType.Kind.VARCHAR, "varchar(10)"), true)),
            List.of("id"));
    private static final TableSchema OTHER = new TableSchema(new TableId("ks", "other"), Rows.T.columns(), List.of("id"));

    private static RowChange wide(long id, String v) {
        return new RowChange(WIDE, new Object[] {id, "x", "o"}, new Object[] {id, v, "o"});
    }

    @Test
    void everyChangeIsKeptInStreamOrderPerTable() {
        RowChange other = new RowChange(OTHER, null, new Object[] {9L, "o"});
        List<RowChange> changes = List.of(insert(1, "a"), other, update(1, 1, "b"), delete(1));
        log.addAll(changes);
        assertThat(log.changes()).isEqualTo(4);
        ChangeSet set = log.drain();
        assertThat(set.logs()).extracting(TableLog::schema).containsExactly(Rows.T, OTHER);
        assertThat(set.logs().get(0).changes()).containsExactly(changes.get(0), changes.get(2), changes.get(3));
        assertThat(log.isEmpty()).isTrue();
    }

    @Test
    void equalSchemasFromTwoShardsShareOneRunAndAnAlterBetweenThemStillStartsANewOne() {
        // Each shard's stream has its own instance of the same schema; rows of both alternate.
        TableSchema shard2 = new TableSchema(Rows.T.id(), Rows.T.columns(), Rows.T.primaryKey());
        RowChange a = insert(1, "a");
        RowChange b = new RowChange(shard2, null, new Object[] {2L, "b"});
        RowChange c = insert(3, "c");
        RowChange d = new RowChange(shard2, null, new Object[] {4L, "d"});
        RowChange w = wide(5, "w");
        RowChange e = new RowChange(shard2, null, new Object[] {6L, "e"});
        log.addAll(List.of(a, b, c, d, d, w, e));
        ChangeSet set = log.drain();
        assertThat(set.logs()).extracting(TableLog::schema).containsExactly(Rows.T, WIDE, Rows.T);
        assertThat(set.logs().get(0).changes()).containsExactly(a, b, c, d, d);
        assertThat(set.logs().get(2).changes()).containsExactly(e);
    }

    @Test
    void interleavedSchemaVersionsOfATableDrainInTheOrderTheirChangesHappened() {
        // Two shards on either side of a DROP COLUMN: the table's versions alternate.
        RowChange a1 = update(1, 1, "t-first");
        RowChange b1 = wide(1, "wide-then");
        RowChange a2 = update(1, 1, "t-last");
        RowChange b2 = wide(2, "wide-last");
        log.addAll(List.of(a1, b1, a2, b2));
        ChangeSet set = log.drain();
        assertThat(set.logs()).extracting(TableLog::schema).containsExactly(Rows.T, WIDE, Rows.T, WIDE);
        assertThat(set.logs().stream().flatMap(l -> l.changes().stream()).toList()).containsExactly(a1, b1, a2, b2);
    }
}
