package io.vitessreplicator.pipeline;

import static io.vitessreplicator.pipeline.Rows.copied;
import static io.vitessreplicator.pipeline.Rows.delete;
import static io.vitessreplicator.pipeline.Rows.insert;
import static io.vitessreplicator.pipeline.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.TableChanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescerTest {
    private final Coalescer coalescer = new Coalescer();

    private TableChanges drainOne() {
        ChangeSet set = coalescer.drain();
        assertThat(set.tables()).hasSize(1);
        return set.tables().get(0);
    }

    @Test
    void insertThenUpdatesBecomeOneUpsertOfTheLastImage() {
        coalescer.addAll(List.of(insert(1, "a"), update(1, 1, "b"), update(1, 1, "c")));
        TableChanges t = drainOne();
        assertThat(t.upserts()).containsExactly(new Object[] {1L, "c"});
        assertThat(t.deletes()).isEmpty();
    }

    @Test
    void anythingThenDeleteBecomesADelete() {
        coalescer.addAll(List.of(insert(1, "a"), update(1, 1, "b"), delete(1)));
        TableChanges t = drainOne();
        assertThat(t.upserts()).isEmpty();
        assertThat(t.deletes()).containsExactly(new Object[] {1L});
    }

    @Test
    void deleteThenInsertBecomesAnUpsert() {
        coalescer.addAll(List.of(delete(1), insert(1, "again")));
        TableChanges t = drainOne();
        assertThat(t.upserts()).containsExactly(new Object[] {1L, "again"});
        assertThat(t.deletes()).isEmpty();
    }

    @Test
    void primaryKeyChangeDeletesTheOldKeyAndUpsertsTheNew() {
        coalescer.addAll(List.of(insert(1, "a"), update(1, 2, "moved")));
        TableChanges t = drainOne();
        assertThat(t.upserts()).containsExactly(new Object[] {2L, "moved"});
        assertThat(t.deletes()).containsExactly(new Object[] {1L});
    }

    @Test
    void keyMovedAwayAndBackEndsAsAnUpsertOfTheOriginalKey() {
        coalescer.addAll(List.of(update(1, 2, "there"), update(2, 1, "back")));
        TableChanges t = drainOne();
        assertThat(t.upserts()).containsExactly(new Object[] {1L, "back"});
        assertThat(t.deletes()).containsExactly(new Object[] {2L});
    }

    @Test
    void aTouchedTableIsDrainedWithoutRows() {
        coalescer.touch(Rows.T);
        TableChanges t = drainOne();
        assertThat(t.schema()).isEqualTo(Rows.T);
        assertThat(t.size()).isZero();
        assertThat(coalescer.isEmpty()).isTrue();
    }

    @Test
    void drainStartsAfresh() {
        coalescer.add(insert(1, "a"));
        assertThat(coalescer.changes()).isEqualTo(1);
        coalescer.drain();
        assertThat(coalescer.isEmpty()).isTrue();
        assertThat(coalescer.changes()).isZero();
        assertThat(coalescer.drain().isEmpty()).isTrue();
    }

    @Test
    void byteArrayKeysCompareByContent() {
        var schema = new io.vitessreplicator.model.TableSchema(new io.vitessreplicator.model.TableId("ks", "b"),
                List.of(new io.vitessreplicator.model.Column("k", io.vitessreplicator.model.ColumnType.of(
                        io.vitessreplicator.model.ColumnType.Kind.VARBINARY, "varbinary(4)"), false)),
                List.of("k"));
        coalescer.add(new io.vitessreplicator.model.RowChange(schema, null, new Object[] {new byte[] {1, 2}}));
        coalescer.add(new io.vitessreplicator.model.RowChange(schema, new Object[] {new byte[] {1, 2}}, null));
        TableChanges t = drainOne();
        assertThat(t.upserts()).isEmpty();
        assertThat(t.deletes()).hasSize(1);
    }

    @Test
    void onlyCopiedRowsEachInsertedOnceAreMarkedAsNewRows() {
        coalescer.addAll(List.of(copied(1, "a"), copied(2, "b")));
        assertThat(drainOne().copiedRowsOnly()).isTrue();
        coalescer.addAll(List.of(copied(1, "a"), copied(1, "a again"))); // the same key twice
        assertThat(drainOne().copiedRowsOnly()).isFalse();
        coalescer.addAll(List.of(copied(1, "a"), insert(2, "streamed")));
        assertThat(drainOne().copiedRowsOnly()).isFalse();
        coalescer.addAll(List.of(copied(1, "a"), update(3, 3, "updated")));
        assertThat(drainOne().copiedRowsOnly()).isFalse();
        coalescer.addAll(List.of(copied(1, "a"), delete(4)));
        assertThat(drainOne().copiedRowsOnly()).isFalse();
        coalescer.addAll(List.of(copied(5, "after a drain, a fresh start")));
        assertThat(drainOne().copiedRowsOnly()).isTrue();
    }

    /** The table as a shard still on the old layout sends it: an extra column the other shard dropped. */
    private static final io.vitessreplicator.model.TableSchema WIDE = new io.vitessreplicator.model.TableSchema(
            Rows.T.id(), List.of(Rows.T.columns().get(0), Rows.T.columns().get(1),
                    new io.vitessreplicator.model.Column("old", io.vitessreplicator.model.ColumnType.of(
                            io.vitessreplicator.model.ColumnType.Kind.VARCHAR, "varchar(10)"), true)),
            List.of("id"));

    private static io.vitessreplicator.model.RowChange wideUpdate(long id, String v) {
        return new io.vitessreplicator.model.RowChange(WIDE, new Object[] {id, "x", "o"}, new Object[] {id, v, "o"});
    }

    @Test
    void interleavedSchemaVersionsKeepEachKeyOnceInTheShapeOfItsLastChange() {
        // Two shards on either side of a DROP COLUMN: versions alternate T, WIDE, T, WIDE.
        coalescer.addAll(List.of(update(1, 1, "t-first"), wideUpdate(2, "wide-first"),
                wideUpdate(1, "wide-then"), update(2, 2, "t-then"), delete(3), wideUpdate(1, "wide-last")));
        ChangeSet set = coalescer.drain();
        assertThat(set.tables()).extracting(TableChanges::schema).containsExactly(Rows.T, WIDE);
        TableChanges t = set.tables().get(0);
        TableChanges wide = set.tables().get(1);
        assertThat(t.upserts()).containsExactly(new Object[] {2L, "t-then"});
        assertThat(t.deletes()).containsExactly(new Object[] {3L});
        assertThat(wide.upserts()).containsExactly(new Object[] {1L, "wide-last", "o"});
        assertThat(wide.deletes()).isEmpty();
    }

    @Test
    void aKeyDeletedUnderOneVersionAfterAnUpdateUnderAnotherIsOnlyDeleted() {
        coalescer.addAll(List.of(wideUpdate(7, "old-shape"), delete(7)));
        ChangeSet set = coalescer.drain();
        assertThat(set.tables()).hasSize(2);
        assertThat(set.tables().stream().mapToInt(c -> c.upserts().size()).sum()).isZero();
        assertThat(set.tables().stream().flatMap(c -> c.deletes().stream()).toList()).containsExactly(new Object[] {7L});
    }
}
