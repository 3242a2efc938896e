package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.apply;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.row;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static io.vitessreplicator.sink.jdbc.PgTestSchema.upserts;
import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.SinkContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One writer per pipeline: refusal while another instance lives, take-over, and a replaced instance's fate. */
class PostgresPipelineLockIT {
    private static final PgTestSchema DB = new PgTestSchema("pgsink_lock");
    private static final TableSchema ITEMS = Types.table("lock", "items", List.of("id"), key("id", Types.BIGINT),
            col("note", Types.TEXT));

    @AfterAll
    static void dropSchema() {
        DB.close();
    }

    private static long lockWaiters(String pipeline) {
        long key = new PostgresAdvisoryLock("pgsink_lock", "_vitess_replicator_checkpoint", pipeline).key();
        return (Long) rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND classid = " + (key >>> 32) + " AND objid = " + (key & 0xffffffffL)).get(0).get(0);
    }

    private static long lockHolders(String pipeline) {
        long key = new PostgresAdvisoryLock("pgsink_lock", "_vitess_replicator_checkpoint", pipeline).key();
        return (Long) rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = " + (key >>> 32) + " AND objid = " + (key & 0xffffffffL)).get(0).get(0);
    }

    @Test
    void aSecondInstanceIsRefusedWhileTheFirstIsOpenAndSucceedsAfterItCloses() {
        PostgresSink first = DB.open("refused", "host-a:111:x1", Map.of());
        apply(first, null, Positions.at(1), upserts(ITEMS, row(1L, "from a")));

        try (PostgresSink second = DB.sink(Map.of())) {
            assertThatThrownBy(() -> second.open(new SinkContext("refused", "host-b:222:y2", false)))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot open pipeline refused: another instance (owner host-a:111:x1, last"
                            + " commit at 20")
                    .hasMessageContaining(" on connection pid ")
                    .hasMessageContaining("(vitess-replicator refused)")
                    .hasMessageEndingWith(" holds it. Stop it, or start this instance with --takeover"
                            + " (pipeline.takeover: true) to wait up to 60s for it to finish its batch and hand over.")
                    .satisfies(e -> assertThat(((FatalSinkException) e).kind())
                            .isEqualTo(FatalSinkException.Kind.PIPELINE_BUSY));
        }
        assertThat(DB.checkpointRow("refused").get(2)).isEqualTo("host-a:111:x1");

        first.close();
        try (PostgresSink second = DB.sink(Map.of())) {
            Optional<Checkpoint> cp = second.open(new SinkContext("refused", "host-b:222:y2", false));
            assertThat(cp).map(Checkpoint::position).contains(Positions.at(1));
            assertThat(DB.checkpointRow("refused").get(2)).isEqualTo("host-b:222:y2");
            apply(second, Positions.at(1), Positions.at(2), upserts(ITEMS, row(1L, "from b")));
        }
        assertThat(rows("SELECT note FROM pgsink_lock.items WHERE id = 1")).containsExactly(List.of("from b"));
    }

    @Test
    void pipelinesOfOtherNamesDoNotBlockEachOther() {
        try (PostgresSink a = DB.open("left", "owner-a", Map.of()); PostgresSink b = DB.open("right", "owner-b", Map.of())) {
            apply(a, null, Positions.at(1), upserts(ITEMS, row(10L, "left")));
            apply(b, null, Positions.at(7), upserts(ITEMS, row(11L, "right")));
            assertThat(DB.checkpointRow("left")).containsExactly(Positions.at(1).toJson(), "stream", "owner-a", 1L);
            assertThat(DB.checkpointRow("right")).containsExactly(Positions.at(7).toJson(), "stream", "owner-b", 1L);
        }
    }

    @Test
    void takeOverWaitsForTheHolderToLetGo() throws Exception {
        PostgresSink first = DB.open("handover", "owner-old", Map.of());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (PostgresSink second = DB.sink(Map.of())) {
            CompletableFuture<Optional<Checkpoint>> opening = CompletableFuture.supplyAsync(
                    () -> second.open(new SinkContext("handover", "owner-new", true)), executor);
            await().atMost(Duration.ofSeconds(30)).until(() -> lockWaiters("handover") == 1);
            assertThat(opening).isNotDone();

            first.close();

            assertThat(opening.get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(DB.checkpointRow("handover").get(2)).isEqualTo("owner-new");
            apply(second, null, Positions.at(1), upserts(ITEMS, row(2L, "after handover")));
        } finally {
            first.close();
            executor.shutdownNow();
        }
    }

    @Test
    void takeOverGivesUpWhenTheHolderStaysPastTheWait() {
        PostgresSink first = DB.open("stubborn", "owner-old", Map.of());
        try (first; PostgresSink second = DB.sink(Map.of(), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> second.open(new SinkContext("stubborn", "owner-new", true)))
                    .isInstanceOf(FatalSinkException.class)
                    .hasMessageStartingWith("Cannot take over pipeline stubborn: instance (owner owner-old, last commit at"
                            + " never)")
                    .hasMessageEndingWith("still holds it after 1s. Stop it (SIGTERM lets it finish its batch), then start"
                            + " this instance again.");
            assertThat(DB.checkpointRow("stubborn").get(2)).isEqualTo("owner-old");
        }
    }

    /**
     * The first instance loses its control connection (as after a network cut or a server-side
     * kill), a second one opens, and the first's batch in flight must not commit, nor its next.
     */
    @Test
    void anInstanceThatLostThePipelineCannotCommit() {
        PostgresSink first = DB.open("replaced", "owner-old", Map.of());
        try (first; BatchWriter inFlight = first.begin(Optional.empty())) {
            inFlight.write(upserts(ITEMS, row(3L, "from the replaced instance")));
            PgTestSchema.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'vitess-replicator replaced' AND pid IN (SELECT pid FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND granted)");
            await().atMost(Duration.ofSeconds(30)).until(() -> lockHolders("replaced") == 0);

            PostgresSink second = DB.open("replaced", "owner-new", Map.of());
            try (second) {
                assertThatThrownBy(() -> inFlight.commit(new CommitRequest(Positions.at(1), null)))
                        .isInstanceOf(FatalSinkException.class)
                        .hasMessageStartingWith("Cannot commit a batch of pipeline replaced: instance owner-new took"
                                + " the pipeline over at ")
                        .hasMessageEndingWith("and this instance (owner-old) no longer owns it. Stop this instance; the"
                                + " other one continues.");
                assertThatThrownBy(() -> first.begin(Optional.empty()))
                        .isInstanceOf(FatalSinkException.class)
                        .hasMessageStartingWith("Cannot continue pipeline replaced: the connection holding its lock"
                                + " dropped and another instance (owner owner-new, last commit at never)");
                assertThat(rows("SELECT note FROM pgsink_lock.items WHERE id = 3")).isEmpty();
                assertThat(DB.checkpointRow("replaced")).containsExactly(null, null, "owner-new", 0L);
            }
        }
    }

    @Test
    void anInstanceWhoseControlConnectionDroppedTakesTheLockAgain() {
        try (PostgresSink sink = DB.open("reconnect", "owner-1", Map.of())) {
            PgTestSchema.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'vitess-replicator reconnect' AND pid IN (SELECT pid FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND granted)");
            await().atMost(Duration.ofSeconds(30)).until(() -> lockHolders("reconnect") == 0);
            apply(sink, null, Positions.at(1), upserts(ITEMS, row(4L, "after reconnect")));
            assertThat(lockHolders("reconnect")).isEqualTo(1);
        }
        assertThat(rows("SELECT note FROM pgsink_lock.items WHERE id = 4")).containsExactly(List.of("after reconnect"));
    }
}
