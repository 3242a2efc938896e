package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.apply;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.changes;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.row;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.upserts;
import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.CommitRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A table copied again while streaming (a type change with add-column, an online DDL whose ALTER
 * was not seen): vttablet copies it from scratch and never sends deletes of rows it has not copied
 * yet, so the sink notes the keys written from the copy's start and, when the copy completes,
 * removes (soft mode: marks) the target rows the copy did not deliver. Across a restart, and
 * transactional with the batches.
 */
class PostgresCopySweepIT {
    private static final PgTestSchema DB = new PgTestSchema("pgsink_sweep");
    private static final String S = "\"pgsink_sweep\"";

    @AfterAll
    static void dropSchema() {
        DB.close();
    }

    private static TableSchema items(String ks) {
        return Types.table(ks, "items", List.of("id"), key("id", Types.BIGINT), col("note", Types.TEXT));
    }

    /** One batch that applies {@code change} after writing {@code before}. */
    private static void applyChange(PostgresSink sink, Position start, Position end, SchemaChange change,
                                    io.vitessreplicator.spi.ChangeSet... before) {
        try (BatchWriter w = sink.begin(Optional.ofNullable(start))) {
            for (io.vitessreplicator.spi.ChangeSet cs : before) {
                w.write(cs);
            }
            w.apply(change, end);
            w.commit(new CommitRequest(end, null));
        }
    }

    private static boolean keysTableExists(String ks) {
        return !rows("SELECT 1 FROM pg_tables WHERE schemaname = 'pgsink_sweep' AND tablename = '_vr_copy_" + ks
                + "_items'").isEmpty();
    }

    @Test
    void rowsTheCopyDidNotDeliverAreRemovedWhenItCompletesEvenAcrossARestart(TestInfo test) {
        String ks = "sweep_hard";
        TableSchema items = items(ks);
        String pipeline = test.getTestMethod().orElseThrow().getName();
        PostgresSink sink = DB.open(pipeline, "owner-1", Map.of("table-name", "{keyspace}_{table}"));
        apply(sink, null, Positions.at(1), upserts(items, row(1L, "one"), row(2L, "two"), row(3L, "three"),
                row(4L, "four"), row(5L, "five")));

        applyChange(sink, Positions.at(1), Positions.at(2),
                new SchemaChange.CopyTable(items.id(), List.of("id"), "a test", ""));
        assertThat(keysTableExists(ks)).isTrue();
        // the copy delivers 1-3; 4 was deleted at the source before the copy reached it
        apply(sink, Positions.at(2), Positions.at(3), upserts(items, row(1L, "one"), row(2L, "two"), row(3L, "three")));
        sink.close();

        sink = DB.open(pipeline, "owner-2", Map.of("table-name", "{keyspace}_{table}")); // a restart mid-copy
        apply(sink, Positions.at(3), Positions.at(4),
                changes(items, List.<Object[]>of(row(5L, "five"), row(2L, "two, streamed")), List.of()));
        applyChange(sink, Positions.at(4), Positions.at(5),
                new SchemaChange.CopyCompleted(items.id(), List.of("id"), ""));
        sink.close();

        assertThat(rows("SELECT id, note FROM " + S + ".\"" + ks + "_items\" ORDER BY id")).containsExactly(
                List.of(1L, "one"), List.of(2L, "two, streamed"), List.of(3L, "three"), List.of(5L, "five"));
        assertThat(keysTableExists(ks)).isFalse();
        assertThat(rows("SELECT change FROM " + S + "._vitess_replicator_checkpoint_schema_history WHERE pipeline = '"
                + pipeline + "' ORDER BY id")).containsExactly(List.of("copy_table"), List.of("copy_completed"));
    }

    @Test
    void inSoftDeleteModeTheyAreMarkedDeleted(TestInfo test) {
        String ks = "sweep_soft";
        TableSchema items = items(ks);
        String pipeline = test.getTestMethod().orElseThrow().getName();
        try (PostgresSink sink = DB.open(pipeline, "owner-1",
                Map.of("table-name", "{keyspace}_{table}", "delete-mode", "soft"))) {
            apply(sink, null, Positions.at(1), upserts(items, row(1L, "one"), row(2L, "two")));
            // row 2 written in the batch that starts the copy, but before it: not delivered by the copy
            applyChange(sink, Positions.at(1), Positions.at(2),
                    new SchemaChange.CopyTable(items.id(), List.of("id"), "a test", ""), upserts(items, row(2L, "two")));
            apply(sink, Positions.at(2), Positions.at(3), upserts(items, row(1L, "one")));
            applyChange(sink, Positions.at(3), Positions.at(4),
                    new SchemaChange.CopyCompleted(items.id(), List.of("id"), ""));
        }
        assertThat(rows("SELECT id, note, _vr_deleted, _vr_deleted_at IS NOT NULL FROM " + S + ".\"" + ks
                + "_items\" ORDER BY id")).containsExactly(List.of(1L, "one", false, false), List.of(2L, "two", true, true));
    }

    @Test
    void aCopyStartInABatchThatDoesNotCommitLeavesNoTrace(TestInfo test) {
        String ks = "sweep_rollback";
        TableSchema items = items(ks);
        String pipeline = test.getTestMethod().orElseThrow().getName();
        try (PostgresSink sink = DB.open(pipeline, "owner-1", Map.of("table-name", "{keyspace}_{table}"))) {
            apply(sink, null, Positions.at(1), upserts(items, row(1L, "one"), row(2L, "two")));
            try (BatchWriter w = sink.begin(Optional.of(Positions.at(1)))) {
                w.apply(new SchemaChange.CopyTable(items.id(), List.of("id"), "a test", ""),
                        Positions.at(2));
                w.write(upserts(items, row(1L, "one")));
                // closed without commit: the process died here
            }
            assertThat(keysTableExists(ks)).isFalse();
            // so a later CopyCompleted (a replay that never saw the start) removes nothing
            applyChange(sink, Positions.at(1), Positions.at(2),
                    new SchemaChange.CopyCompleted(items.id(), List.of("id"), ""));
        }
        assertThat(rows("SELECT id FROM " + S + ".\"" + ks + "_items\" ORDER BY id")).containsExactly(List.of(1L), List.of(2L));
    }
}
