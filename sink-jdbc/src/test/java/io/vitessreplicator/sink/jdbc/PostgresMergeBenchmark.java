package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.PgTestSchema.rows;
import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.TableChanges;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Throughput of one batch: COPY into staging plus the set-based merge, for 100k rows of a
 * 9-column table; and the direct COPY of 100k copy-phase rows into an empty table. Each line also
 * gives the CPU time of the benchmark's thread (encoding and sending) and of the sink's server
 * backends (read from /proc, so only when PostgreSQL runs on this machine; else "n/a"). A benchmark, not a test: its name matches neither the unit nor the integration
 * test pattern, so the build never runs it. Run it with
 * {@code mvn -B -pl sink-jdbc -am verify -Dit.test=PostgresMergeBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false} and read the
 * "benchmark" lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresMergeBenchmark {
    private static final int ROWS = 100_000;
    private static final PgTestSchema DB = new PgTestSchema("pgsink_bench");
    private static final TableSchema EVENTS = Types.table("bench", "events", List.of("id"),
            key("id", Types.BIGINT), col("account", Types.INT), col("kind", Types.length(Kind.VARCHAR, 64, "varchar(64)")),
            col("body", Types.TEXT), col("amount", Types.decimal(12, 2)),
            col("created", Types.fraction(Kind.DATETIME, 6, "datetime(6)")),
            col("updated", Types.fraction(Kind.TIMESTAMP, 0, "timestamp")), col("attrs", Types.of(Kind.JSON, "json")),
            col("flag", Types.of(Kind.TINYINT, "tinyint")));

    private static final TableSchema COPIED = Types.table("bench", "copied", EVENTS.primaryKey(),
            EVENTS.columns().toArray(io.vitessreplicator.model.Column[]::new));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static PostgresSink sink;
    private static int committed;

    @BeforeAll
    static void open() {
        sink = DB.open("bench", "bench-owner", Map.of());
    }

    @AfterAll
    static void close() {
        sink.close();
        DB.close();
    }

    private static Object[] event(long id, int version) {
        return new Object[] {id, id % 1000, "kind-" + (id % 17), "event body " + id + " version " + version
                + " lorem ipsum dolor sit amet, consectetur adipiscing elit",
                BigDecimal.valueOf(id * 100 + version, 2), LocalDateTime.of(2024, 1, 1, 0, 0).plusNanos(id * 1000),
                Instant.ofEpochSecond(1_700_000_000L + id), "{\"v\": " + version + ", \"tags\": [\"a\", \"b\"]}",
                id % 2};
    }

    private static List<Object[]> events(long from, long to, int version) {
        List<Object[]> out = new ArrayList<>();
        for (long id = from; id < to; id++) {
            out.add(event(id, version));
        }
        return out;
    }

    /** Applies the writes as one batch and prints rows per second. */
    private static void measure(String label, int rows, ChangeSet... writes) {
        Position start = committed == 0 ? null : Positions.at(committed);
        Map<Integer, Long> ticks0 = backendTicks();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try (BatchWriter w = sink.begin(Optional.ofNullable(start))) {
            for (ChangeSet cs : writes) {
                w.write(cs);
            }
            long t1 = System.nanoTime();
            Map<Integer, Long> ticksStaged = backendTicks();
            w.commit(new CommitRequest(Positions.at(committed + 1), null));
            long t2 = System.nanoTime();
            long cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            Map<Integer, Long> ticks1 = backendTicks();
            String server = "n/a";
            if (ticks0 != null && ticksStaged != null && ticks1 != null) {
                server = "stage " + cpuMillis(ticks0, ticksStaged) + " ms + merge+commit " + cpuMillis(ticksStaged, ticks1)
                        + " ms";
            }
            System.out.printf("benchmark %-44s %7d rows: stage %5d ms, merge+commit %5d ms, total %5d ms = %,8.0f rows/s;"
                            + " cpu: this thread %5d ms, server backends %s%n",
                    label, rows, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000,
                    rows * 1e9 / (t2 - t0), cpu, server);
        }
        committed++;
    }

    private static long cpuMillis(Map<Integer, Long> from, Map<Integer, Long> to) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : to.entrySet()) {
            sum += e.getValue() - from.getOrDefault(e.getKey(), 0L);
        }
        return sum * 10; // USER_HZ: 100 ticks a second
    }

    /** CPU clock ticks (user + system) of each server backend of the sink, or null when /proc cannot tell. */
    private static Map<Integer, Long> backendTicks() {
        Map<Integer, Long> ticks = new HashMap<>();
        for (List<Object> r : rows("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                + JdbcSink.applicationName("bench") + "'")) {
            int pid = ((Number) r.get(0)).intValue();
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // after "pid (comm) ": state is field 3, utime 14, stime 15
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return ticks;
    }

    @Test
    @Order(1)
    void insertsIntoAnEmptyTable() {
        measure("100k inserts, one write", ROWS, new ChangeSet(List.of(new TableChanges(EVENTS, events(0, ROWS, 1), List.of()))));
        assertThat(rows("SELECT body FROM pgsink_bench.events WHERE id = 99999"))
                .containsExactly(List.of("event body 99999 version 1 lorem ipsum dolor sit amet, consectetur adipiscing elit"));
    }

    @Test
    @Order(2)
    void updatesEveryRow() {
        measure("100k updates, one write", ROWS, new ChangeSet(List.of(new TableChanges(EVENTS, events(0, ROWS, 2), List.of()))));
        assertThat(rows("SELECT attrs::text FROM pgsink_bench.events WHERE id = 5")).containsExactly(List.of("{\"v\": 2, \"tags\": [\"a\", \"b\"]}"));
    }

    @Test
    @Order(3)
    void updatesInFourOverlappingWrites() {
        ChangeSet[] writes = new ChangeSet[4];
        for (int i = 0; i < 4; i++) {
            writes[i] = new ChangeSet(List.of(new TableChanges(EVENTS, events(i * 20_000L, i * 20_000L + 40_000, 3 + i), List.of())));
        }
        measure("160k staged (4 overlapping writes) → 100k keys", 160_000, writes);
        assertThat(rows("SELECT attrs->>'v' FROM pgsink_bench.events WHERE id IN (0, 39999, 40000, 99999) ORDER BY id"))
                .containsExactly(List.of("3"), List.of("4"), List.of("5"), List.of("6"));
    }

    @Test
    @Order(4)
    void deletesHalf() {
        List<Object[]> keys = new ArrayList<>();
        for (long id = 0; id < ROWS; id += 2) {
            keys.add(new Object[] {id});
        }
        measure("50k deletes", keys.size(), new ChangeSet(List.of(new TableChanges(EVENTS, List.of(), keys))));
        assertThat(rows("SELECT id FROM pgsink_bench.events WHERE id < 4 ORDER BY id")).containsExactly(List.of(1L), List.of(3L));
    }

    @Test
    @Order(5)
    void copiesIntoAnEmptyTableDirectly() {
        measure("100k copied rows, direct COPY", ROWS,
                new ChangeSet(List.of(new TableChanges(COPIED, events(0, ROWS, 1), List.of(), true))));
        assertThat(rows("SELECT count(*), max(body) FROM pgsink_bench.copied"))
                .containsExactly(List.of(100_000L, "event body 99999 version 1 lorem ipsum dolor sit amet, consectetur adipiscing elit"));
    }
}
