package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.apply;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.changes;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.row;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.upserts;
import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * PostgreSQL specifics of how batches land: the checkpoint row's columns, refusals with their
 * messages, rollbacks, type and name checks. What every sink promises is in {@link PostgresContractIT}.
 */
class PostgresSinkBehaviourIT {
    private static final PgTestSchema DB = new PgTestSchema("pgsink_behaviour");
    private static final String S = "\"pgsink_behaviour\"";

    private PostgresSink sink;
    private String pipeline;
    /** The test's source keyspace, short enough that "{keyspace}_{table}" fits PostgreSQL's 63 bytes. */
    private String ks;
    private TableSchema items;

    @BeforeEach
    void openSink(TestInfo test) {
        pipeline = test.getTestMethod().orElseThrow().getName();
        // one target table per test: the keyspace is (the start of) the test's name
        ks = pipeline.substring(0, Math.min(40, pipeline.length()));
        items = Types.table(ks, "items", List.of("id"), key("id", Types.BIGINT), col("note", Types.TEXT));
        sink = DB.open(pipeline, "owner-1", Map.of("table-name", "{keyspace}_{table}"));
    }

    @AfterEach
    void closeSink() {
        sink.close();
    }

    @AfterAll
    static void dropSchema() {
        DB.close();
    }

    private List<List<Object>> items() {
        return rows("SELECT id, note FROM " + S + ".\"" + ks + "_items\" ORDER BY id");
    }

    @Test
    void freshPipelineStartsFromNullAndResumesFromItsCheckpoint() {
        assertThat(DB.checkpointRow(pipeline)).containsExactly(null, null, "owner-1", 0L);
        apply(sink, null, Positions.at(1), upserts(items, row(1L, "one")));
        assertThat(DB.checkpointRow(pipeline)).containsExactly(Positions.at(1).toJson(), "stream", "owner-1", 1L);
        sink.close();

        sink = DB.sink(Map.of("table-name", "{keyspace}_{table}"));
        Optional<Checkpoint> resumed = sink.open(new SinkContext(pipeline, "owner-2", false));
        assertThat(resumed).hasValueSatisfying(cp -> {
            assertThat(cp.pipeline()).isEqualTo(pipeline);
            assertThat(cp.position()).isEqualTo(Positions.at(1));
            assertThat(cp.owner()).isEqualTo("owner-1");
        });
        assertThat(DB.checkpointRow(pipeline)).containsExactly(Positions.at(1).toJson(), "stream", "owner-2", 1L);
        apply(sink, Positions.at(1), Positions.copying(2), upserts(items, row(2L, "two")));
        assertThat(DB.checkpointRow(pipeline)).containsExactly(Positions.copying(2).toJson(), "copy", "owner-2", 2L);
        assertThat(items()).containsExactly(List.of(1L, "one"), List.of(2L, "two"));
    }

    @Test
    void aReplayOfTheCommittedBatchAppliesNothing() {
        apply(sink, null, Positions.at(1), upserts(items, row(1L, "original")));
        PgTestSchema.execute("UPDATE " + S + ".\"" + ks + "_items\" SET note = 'changed after the batch'");

        apply(sink, null, Positions.at(1), upserts(items, row(1L, "original"), row(2L, "new in replay")));

        assertThat(items()).containsExactly(List.of(1L, "changed after the batch"));
        assertThat(DB.checkpointRow(pipeline)).containsExactly(Positions.at(1).toJson(), "stream", "owner-1", 1L);
    }

    @Test
    void aBatchThatDoesNotStartAtTheCheckpointIsRefusedAndChangesNothing() {
        apply(sink, null, Positions.at(1), upserts(items, row(1L, "one")));
        try (BatchWriter w = sink.begin(Optional.of(Positions.at(5)))) {
            w.write(upserts(items, row(1L, "overwritten"), row(6L, "six")));
            assertThatThrownBy(() -> w.commit(new CommitRequest(Positions.at(6), null)))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot commit a batch of pipeline " + pipeline + ": it starts at "
                            + Positions.at(5).toJson() + " but the stored checkpoint is " + Positions.at(1).toJson())
                    .hasMessageEndingWith("Restart the pipeline so it resumes from the stored checkpoint.");
        }
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.write(upserts(items, row(7L, "seven")));
            assertThatThrownBy(() -> w.commit(new CommitRequest(Positions.at(7), null))).hasMessageContaining("it starts at (none: a fresh pipeline)");
        }
        assertThat(items()).containsExactly(List.of(1L, "one"));
        assertThat(DB.checkpointRow(pipeline)).containsExactly(Positions.at(1).toJson(), "stream", "owner-1", 1L);
    }

    @Test
    void aDroppedBatchConnectionIsRetriableAndTheRetriedBatchCommits() {
        try (PostgresSink dropping = DB.open("dropped", "owner-1", Map.of("table-name", "{keyspace}_{table}"))) {
            try (BatchWriter w = dropping.begin(Optional.empty())) {
                w.write(upserts(items, row(1L, "first try")));
                PgTestSchema.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'vitess-replicator dropped' AND state = 'idle in transaction'");
                assertThatThrownBy(() -> w.commit(new CommitRequest(Positions.at(1), null)))
                        .isInstanceOf(RetriableSinkException.class)
                        .hasMessageStartingWith("Cannot commit a batch of pipeline dropped ending at ")
                        .hasMessageEndingWith("The batch was not committed and will be retried.");
            }
            apply(dropping, null, Positions.at(1), upserts(items, row(1L, "second try")));
        }
        assertThat(items()).containsExactly(List.of(1L, "second try"));
        assertThat(DB.checkpointRow("dropped")).containsExactly(Positions.at(1).toJson(), "stream", "owner-1", 1L);
    }

    @Test
    void aNulCharacterIsRefusedNamingTheColumnAndNothingIsCommitted() {
        apply(sink, null, Positions.at(1), upserts(items, row(1L, "clean")));
        try (BatchWriter w = sink.begin(Optional.of(Positions.at(1)))) {
            assertThatThrownBy(() -> w.write(upserts(items, row(2L, "fine"), row(3L, "bad\u0000byte"))))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot write column " + ks + ".items.note (text) to " + S + ".\"" + ks
                            + "_items\".\"note\": the value contains a NUL character (U+0000) at character 3, which"
                            + " PostgreSQL text cannot store. Fix the value at the source or exclude the table; the"
                            + " sink never alters values.");
        }
        assertThat(items()).containsExactly(List.of(1L, "clean"));
        assertThat(DB.checkpointRow(pipeline).get(0)).isEqualTo(Positions.at(1).toJson());
    }

    @Test
    void twoSourceTablesWithOneTargetNameAreRefusedNamingBoth() {
        PostgresSink fixed = DB.open(pipeline + "_fixed", "owner-1", Map.of("table-name", ks + "_{table}"));
        try (fixed) {
            TableSchema a = Types.table("ks_a", "users", List.of("id"), key("id", Types.BIGINT));
            TableSchema b = Types.table("ks_b", "users", List.of("id"), key("id", Types.BIGINT));
            apply(fixed, null, Positions.at(1), upserts(a, row(1L)));
            try (BatchWriter w = fixed.begin(Optional.of(Positions.at(1)))) {
                assertThatThrownBy(() -> w.write(upserts(b, row(1L))))
                        .isInstanceOf(FatalSinkException.class)
                        .hasMessage("Cannot replicate both ks_a.users and ks_b.users into " + S + ".\"" + ks
                                + "_users\": sink.table-name '" + ks + "_{table}' gives them the same target"
                                + " table. Use a pattern with {keyspace}, e.g. {keyspace}_{table} (a table moved by"
                                + " MoveTables appears in its new keyspace under the same name; see docs/hard-cases.md,"
                                + " \"Topology changes\").");
            }
        }
    }

    @Test
    void aTargetTableCreatedForAnotherSourceTableIsRefusedAfterARestart() {
        TableSchema a = Types.table("ks_a", "accounts", List.of("id"), key("id", Types.BIGINT));
        TableSchema b = Types.table("ks_b", "accounts", List.of("id"), key("id", Types.BIGINT));
        Map<String, String> fixedName = Map.of("table-name", ks + "_{table}");
        try (PostgresSink first = DB.open(pipeline + "_1", "owner-1", fixedName)) {
            apply(first, null, Positions.at(1), upserts(a, row(1L)));
        }
        try (PostgresSink restarted = DB.open(pipeline + "_2", "owner-1", fixedName);
             BatchWriter w = restarted.begin(Optional.empty())) {
            assertThatThrownBy(() -> w.write(upserts(b, row(2L))))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot replicate ks_b.accounts into " + S + ".\"" + ks + "_accounts\": the table was"
                            + " created for ks_a.accounts (see its comment), and sink.table-name gives both the same"
                            + " target table. Use a pattern with {keyspace}, e.g. {keyspace}_{table} (a table moved by"
                            + " MoveTables appears in its new keyspace under the same name; see docs/hard-cases.md,"
                            + " \"Topology changes\").");
        }
    }

    @Test
    void aConstraintViolationInTheMergeIsFatalNamingTheTable() {
        PgTestSchema.execute("CREATE TABLE " + S + ".\"" + ks + "_items\" (id bigint PRIMARY KEY, note text,"
                + " required text NOT NULL)");
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.write(upserts(items, row(1L, "x")));
            assertThatThrownBy(() -> w.commit(new CommitRequest(Positions.at(1), null)))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot merge the staged changes of " + ks + ".items into " + S + ".\"" + ks
                            + "_items\": null value in column \"required\"")
                    .hasMessageContaining("[SQLSTATE 23502]");
        }
        assertThat(DB.checkpointRow(pipeline)).containsExactly(null, null, "owner-1", 0L);
    }

    @Test
    void anExistingTableWithoutASourceColumnIsRefused() {
        PgTestSchema.execute("CREATE TABLE " + S + ".\"" + ks + "_items\" (id bigint PRIMARY KEY)");
        try (BatchWriter w = sink.begin(Optional.empty())) {
            assertThatThrownBy(() -> w.write(upserts(items, row(1L, "x"))))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot write table " + S + ".\"" + ks + "_items\" (target of "
                            + ks + ".items): it has no column \"note\" (text at the source). Adding columns to"
                            + " existing tables is the separate schema-evolution feature");
        }
    }

    @Test
    void anExistingTableWithAnotherColumnTypeIsRefused() {
        PgTestSchema.execute("CREATE TABLE " + S + ".\"" + ks + "_items\" (id integer PRIMARY KEY, note text)");
        try (BatchWriter w = sink.begin(Optional.empty())) {
            assertThatThrownBy(() -> w.write(upserts(items, row(1L, "x"))))
                    .hasMessageContaining("column \"id\" is integer but bigint maps to bigint");
        }
    }

    @Test
    void withCreateTablesFalseAMissingTableIsFatalNamingIt() {
        try (PostgresSink strict = DB.open(pipeline + "_strict", "owner-1",
                Map.of("table-name", "{keyspace}_{table}", "create-tables", "false"));
             BatchWriter w = strict.begin(Optional.empty())) {
            assertThatThrownBy(() -> w.write(upserts(items, row(1L, "x"))))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessage("Cannot write " + ks + ".items: target table " + S + ".\"" + ks
                            + "_items\" does not exist and sink.create-tables is false. Create it (see the type mapping"
                            + " in sink-jdbc/README.md) or set sink.create-tables: true.");
        }
    }

    @Test
    void softDeleteMarksRowsAndAnUpsertRevivesThem() {
        try (PostgresSink soft = DB.open(pipeline + "_soft", "owner-1",
                Map.of("table-name", "{keyspace}_{table}", "delete-mode", "soft"))) {
            apply(soft, null, Positions.at(1), upserts(items, row(1L, "one"), row(2L, "two")));
            apply(soft, Positions.at(1), Positions.at(2), changes(items, List.of(), List.<Object[]>of(row(1L), row(9L))));
            String read = "SELECT id, note, _vr_deleted, _vr_deleted_at IS NOT NULL FROM " + S + ".\"" + ks
                    + "_items\" ORDER BY id";
            assertThat(rows(read)).containsExactly(List.of(1L, "one", true, true), List.of(2L, "two", false, false));
            Object deletedAt = rows("SELECT _vr_deleted_at FROM " + S + ".\"" + ks + "_items\" WHERE id = 1")
                    .get(0).get(0);

            apply(soft, Positions.at(2), Positions.at(3), changes(items, List.of(), List.<Object[]>of(row(1L))));
            assertThat(rows("SELECT _vr_deleted_at FROM " + S + ".\"" + ks + "_items\" WHERE id = 1").get(0).get(0))
                    .as("a second delete keeps the first deletion time").isEqualTo(deletedAt);

            apply(soft, Positions.at(3), Positions.at(4), upserts(items, row(1L, "one again")));
            assertThat(rows(read)).containsExactly(List.of(1L, "one again", false, false), List.of(2L, "two", false, false));
        }
    }

    @Test
    void softDeleteModeNeedsItsColumnsInAnExistingTable() {
        PgTestSchema.execute("CREATE TABLE " + S + ".\"" + ks + "_items\" (id bigint PRIMARY KEY, note text)");
        try (PostgresSink soft = DB.open(pipeline + "_soft", "owner-1",
                Map.of("table-name", "{keyspace}_{table}", "delete-mode", "soft"));
             BatchWriter w = soft.begin(Optional.empty())) {
            assertThatThrownBy(() -> w.write(upserts(items, row(1L, "x"))))
                    .hasMessageContaining("with sink.delete-mode soft: it has no column _vr_deleted. Add it with"
                            + " ALTER TABLE " + S + ".\"" + ks + "_items\" ADD COLUMN \"_vr_deleted\" boolean NOT"
                            + " NULL DEFAULT false");
        }
    }

    @Test
    void namesAreQuotedSoCaseAndReservedWordsSurvive() {
        TableSchema order = Types.table(ks, "Order", List.of("User"), key("User", Types.BIGINT),
                col("select", Types.TEXT), col("we\"ird", Types.TEXT));
        apply(sink, null, Positions.at(1), upserts(order, row(1L, "s", "w")));
        assertThat(rows("SELECT \"User\", \"select\", \"we\"\"ird\" FROM " + S + ".\"" + ks + "_Order\""))
                .containsExactly(List.of(1L, "s", "w"));
    }

    @Test
    void readCheckpointReadsWithoutClaiming() {
        apply(sink, null, Positions.at(3), upserts(items, row(1L, "x")));
        try (PostgresSink status = DB.sink(Map.of())) {
            Optional<Checkpoint> cp = status.readCheckpoint(pipeline);
            assertThat(cp).map(Checkpoint::position).contains(Positions.at(3));
            assertThat(cp).map(Checkpoint::owner).contains("owner-1");
            assertThat(status.readCheckpoint("no-such-pipeline")).isEmpty();
        }
        assertThat(DB.checkpointRow(pipeline).get(2)).isEqualTo("owner-1");
        Position stillThere = Positions.at(3);
        apply(sink, stillThere, Positions.at(4), upserts(items, row(2L, "y")));
    }
}
