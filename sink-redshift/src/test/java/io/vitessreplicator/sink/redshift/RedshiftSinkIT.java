package io.vitessreplicator.sink.redshift;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.SinkContext;
import io.vitessreplicator.spi.SinkException;
import io.vitessreplicator.spi.TableChanges;
import io.vitessreplicator.spi.contract.TestTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the Redshift sink does beyond the contract every sink passes, on the emulated target: the
 * staged files' life cycle in S3, a VARCHAR widening run outside the batch transaction (the emulator
 * refuses it inside one, as Redshift does), and the refusal of a value Redshift could not hold.
 */
class RedshiftSinkIT {
    private static final String PIPELINE = "redshift_it";
    private static final ColumnType VARCHAR_10 = TestTables.length(ColumnType.Kind.VARCHAR, 10, "varchar(10)");
    private static final ColumnType VARCHAR_30 = TestTables.length(ColumnType.Kind.VARCHAR, 30, "varchar(30)");
    private static final TableSchema NOTES = TestTables.table("ks", "notes", List.of("id"), key("id", BIGINT),
            col("note", VARCHAR_10));

    private RedshiftTestTarget target;
    private final List<RedshiftSink> sinks = new ArrayList<>();

    @BeforeEach
    void target() {
        target = new RedshiftTestTarget("rs_sink_it");
    }

    @AfterEach
    void close() {
        sinks.forEach(RedshiftSink::close);
        target.close();
    }

    private static Position at(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("0")
                .setGtid("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n)).build());
    }

    private RedshiftSink open(String owner) {
        return open(owner, Map.of());
    }

    private RedshiftSink open(String owner, Map<String, ?> stagingOverrides) {
        RedshiftSink sink = target.sink(Map.of(), stagingOverrides);
        sinks.add(sink);
        sink.open(new SinkContext(PIPELINE, owner, false));
        return sink;
    }

    private static ChangeSet upserts(TableSchema t, Object[]... rows) {
        return new ChangeSet(List.of(new TableChanges(t, List.of(rows), List.of())));
    }

    @Test
    void stagedObjectsAreDeletedAfterTheCommitAndSweptAtStart() {
        RedshiftSink sink = open("owner-1");
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.apply(new SchemaChange.AddTable(NOTES, ""), at(0));
            w.write(upserts(NOTES, new Object[] {1L, "one"}, new Object[] {2L, "two"}));
            assertThat(target.stagedObjects()).as("nothing is uploaded before the table's merge").isEmpty();
            w.commit(new CommitRequest(at(1), null));
        }
        assertThat(target.currentRows(NOTES.id(), NOTES.columns(), List.of("id")))
                .containsExactly(List.of(1L, "one"), List.of(2L, "two"));
        assertThat(target.stagedObjects()).as("deleted once the batch is over").isEmpty();
        sink.close();

        // A crash between upload and delete leaves objects: the next start deletes them.
        String left = target.stagingPrefix + "/" + PIPELINE + "/batch-crashed-1/_vr_stage_1/part-00000.csv.gz";
        try (S3Client s3 = RedshiftTestTarget.s3()) {
            s3.putObject(b -> b.bucket(RedshiftTestTarget.BUCKET).key(left), RequestBody.fromString("left over"));
        }
        assertThat(target.stagedObjects()).containsExactly(left);
        open("owner-2");
        assertThat(target.stagedObjects()).isEmpty();
    }

    @Test
    void validateChecksTheDatabaseAndTheStagingBucket() {
        RedshiftSink ok = target.sink(Map.of());
        sinks.add(ok);
        ok.check();
        assertThat(target.stagedObjects()).as("the probe object is deleted").isEmpty();

        RedshiftSink noBucket = target.sink(Map.of(), Map.of("bucket", "no-such-staging-bucket"));
        sinks.add(noBucket);
        assertThatThrownBy(noBucket::check).isInstanceOf(io.vitessreplicator.spi.FatalSinkException.class)
                .hasMessageContaining("no-such-staging-bucket").hasMessageContaining("sink.staging.bucket");
    }

    @Test
    void aRolledBackBatchLeavesNoStagedObjects() {
        RedshiftSink sink = open("owner", Map.of("max-part-size", "1MiB"));
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 150_000; id++) {
            rows.add(new Object[] {id, "n" + id});
        }
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.apply(new SchemaChange.AddTable(NOTES, ""), at(0));
            w.write(new ChangeSet(List.of(new TableChanges(NOTES, rows, List.of()))));
            assertThat(target.stagedObjects()).as("full parts are uploaded while the batch is written").isNotEmpty();
            // closed without a commit: rolled back
        }
        assertThat(target.stagedObjects()).isEmpty();
        assertThat(target.tableExists(NOTES.id())).isTrue();
        assertThat(target.currentRows(NOTES.id(), NOTES.columns(), List.of("id"))).isEmpty();
    }

    @Test
    void aVarcharWideningRunsOutsideTheBatchTransaction() {
        RedshiftSink sink = open("owner");
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.apply(new SchemaChange.AddTable(NOTES, ""), at(0));
            w.write(upserts(NOTES, new Object[] {1L, "short"}));
            w.commit(new CommitRequest(at(1), null));
        }
        TableSchema wide = TestTables.table("ks", "notes", List.of("id"), key("id", BIGINT), col("note", VARCHAR_30));
        Column from = col("note", VARCHAR_10);
        Column to = col("note", VARCHAR_30);
        // The first attempt rolls back after the widening ran (outside its transaction, so it stays);
        // the retried batch finds the column already wide, skips the ALTER and commits.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (BatchWriter w = sink.begin(Optional.of(at(1)))) {
                w.write(upserts(NOTES, new Object[] {2L, "before"}));
                w.apply(new SchemaChange.WidenColumn(NOTES.id(), from, to, "alter table modify note varchar(30)"), at(1));
                w.write(upserts(wide, new Object[] {3L, "a value of 30 characters, yes!"}));
                if (attempt == 1) {
                    w.commit(new CommitRequest(at(2), null));
                }
            }
            assertThat(RedshiftTestTarget.rows("SELECT character_maximum_length FROM information_schema.columns WHERE"
                    + " table_schema = 'rs_sink_it' AND table_name = 'notes' AND column_name = 'note'"))
                    .containsExactly(List.of(120));
        }
        assertThat(target.currentRows(wide.id(), wide.columns(), List.of("id"))).containsExactly(List.of(1L, "short"),
                List.of(2L, "before"), List.of(3L, "a value of 30 characters, yes!"));
    }

    /**
     * A widening of a table this batch already wrote to: ALTER on another connection would wait on
     * the batch's own locks, so the batch copies the column into a wider one in its transaction.
     */
    @Test
    void aVarcharWideningOfATableTheBatchAlreadyChangedRunsInsideTheTransaction() {
        RedshiftSink sink = open("owner");
        TableSchema wide = TestTables.table("ks", "notes", List.of("id"), key("id", BIGINT), col("note", VARCHAR_30));
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.apply(new SchemaChange.AddTable(NOTES, ""), at(0));
            w.write(upserts(NOTES, new Object[] {1L, "short"}));
            w.apply(new SchemaChange.TruncateTable(NOTES.id(), "truncate"), at(0)); // merges, then changes the table
            w.write(upserts(NOTES, new Object[] {2L, "after"}));
            w.apply(new SchemaChange.WidenColumn(NOTES.id(), col("note", VARCHAR_10), col("note", VARCHAR_30),
                    "alter table modify note varchar(30)"), at(0));
            w.write(upserts(wide, new Object[] {3L, "a value of 30 characters, yes!"}));
            w.commit(new CommitRequest(at(1), null));
        }
        assertThat(target.currentRows(wide.id(), wide.columns(), List.of("id"))).containsExactly(List.of(2L, "after"),
                List.of(3L, "a value of 30 characters, yes!"));
        assertThat(target.columnNames(wide.id())).containsExactly("id", "note");
    }

    @Test
    void aValueLongerInBytesThanItsColumnStopsTheBatchNamingTheColumn() {
        RedshiftSink sink = open("owner");
        String elevenBytes = "ééééé€"; // 6 characters, 13 bytes: varchar(10) -> varchar(40) holds it
        String tooLong = "€".repeat(14); // 14 characters, 42 bytes: more than varchar(40)
        try (BatchWriter w = sink.begin(Optional.empty())) {
            w.apply(new SchemaChange.AddTable(NOTES, ""), at(0));
            w.write(upserts(NOTES, new Object[] {1L, elevenBytes}));
            w.commit(new CommitRequest(at(1), null));
        }
        assertThatThrownBy(() -> {
            try (BatchWriter w = sink.begin(Optional.of(at(1)))) {
                w.write(upserts(NOTES, new Object[] {2L, tooLong}));
                w.commit(new CommitRequest(at(2), null));
            }
        }).isInstanceOf(SinkException.class).hasMessageContaining("note");
        assertThat(target.currentRows(NOTES.id(), NOTES.columns(), List.of("id"))).containsExactly(List.of(1L, elevenBytes));
        assertThat(target.stagedObjects()).isEmpty();
    }
}
