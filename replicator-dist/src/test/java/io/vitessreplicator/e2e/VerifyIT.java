package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/replicator verify} next to a live pipeline, for every sink (PostgreSQL, the Redshift
 * sink on its emulator, Parquet on S3):
 * <ol>
 *   <li>while the pipeline streams a steady flow of writes, verify finds both tables equal, run after
 *       run (no false report from writes in flight, nor from MySQL's and the target's different
 *       orders of string keys, nor from types the target stores differently: JSON, SET, TIME,
 *       TIMESTAMP, BIT, DECIMAL, BIGINT UNSIGNED, VARBINARY);</li>
 *   <li>after a row is changed, one deleted and one added directly in the target (the writes go
 *       on), verify exits 8 and names exactly those three keys and how each differs. PostgreSQL and
 *       the Redshift emulator's tables only: a Parquet target cannot be edited honestly next to its
 *       running pipeline (a manifest written by anyone else makes the pipeline stop as "another
 *       instance wrote manifest N"), so that part is skipped for Parquet;</li>
 *   <li>with the pipeline stopped and the source moved on, verify cannot confirm and says the
 *       pipeline is not running (exit 9), rather than reporting differences it cannot prove.</li>
 * </ol>
 * Each sink has its own source tables, so with {@code -Dit.parallelism} above 1 they run at the same
 * time. Duration on 2026-12-03, one sink after the other: 583 s (PostgreSQL 82 s, Redshift emulator
 * 240 s, Parquet 252 s) with an unthrottled writer and a new Hadoop configuration per Parquet file;
 * 292 s (56, 91 and 137 s) with the writer at {@link #WRITES_PER_SECOND} and one shared
 * configuration, while another build ran on the machine. A verify run under writes then takes
 * 30-45 s on Parquet, mostly waiting on a machine the pipeline, vtgate, MySQL and S3Proxy keep busy
 * (the verify process itself used about a fifth of a core).
 */
class VerifyIT {
    private static final String SCHEMA = "e2e_verify";
    private static final String ROWS = "e2e_verify_rows";
    private static final String ITEMS = "e2e_verify_items";
    private static final long ROW_COUNT = 2000;
    /** The writer touches ids 1..WRITTEN only; the target edits use ids above it. */
    private static final long WRITTEN = 1500;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /**
     * The writer's pace: enough that every verify run meets rows changing under it (the test checks
     * that some keys differed at first sight), not so many that the writes alone saturate the
     * machine's two cores and every verify query waits for them.
     */
    private static final int WRITES_PER_SECOND = 200;
    /** verify's progress lines: "customer.t: compared 2507 source rows ...; 118 keys differed at first sight". */
    private static final Pattern FIRST_SIGHT = Pattern.compile("; (\\d+) keys differed at first sight");
    /** verify runs under the writer's load, each of which must find the tables equal. */
    private static final int RUNS_UNDER_WRITES = 2;

    @TempDir
    static Path dir;

    static Stream<TargetProbe> targets() {
        return TargetProbe.everySink(SCHEMA, "e2e-verify");
    }

    /** The source tables of one sink's run: its own, so that the sinks can run at the same time. */
    private static String rows(TargetProbe target) {
        return ROWS + "_" + tag(target);
    }

    private static String items(TargetProbe target) {
        return ITEMS + "_" + tag(target);
    }

    private static String tag(TargetProbe target) {
        return switch (target.name()) {
            case "postgres" -> "pg";
            case "redshift" -> "rs";
            default -> "pq";
        };
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TargetProbe.resetAll(targets());
    }

    private static void createSourceTables(String rowsTable, String itemsTable) throws Exception {
        SourceTables.create("customer", rowsTable, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " note VARCHAR(100), updated_at DATETIME(6), doc JSON, amount DECIMAL(12,2)", "id");
        SourceTables.insertRange("customer", rowsTable, "id, counter, note, updated_at, doc, amount", 1, ROW_COUNT, 500,
                id -> id + ",0,'row " + id + " ✓','2024-01-02 03:04:05." + String.format("%06d", id) + "',"
                        + "'{\"id\": " + id + ", \"tags\": [\"a\", \"b\"], \"ratio\": 1.50, \"nested\": {\"zz\": 1, \"a\": null}}',"
                        + (id % 1000) + ".25");
        // String keys whose order differs between MySQL's utf8mb4_0900_ai_ci and PostgreSQL's collation, in a
        // composite key with a binary column (Redshift: OR of equalities, FROM_HEX; Parquet: keys by content).
        SourceTables.create("commerce", itemsTable, "sku VARCHAR(32) NOT NULL, kind ENUM('small','large'),"
                + " tags SET('red','green','blue'), price DECIMAL(65,30), big BIGINT UNSIGNED, flags BIT(10),"
                + " took TIME(3), seen TIMESTAMP(6) NULL, ratio FLOAT, weight DOUBLE, payload JSON,"
                + " raw VARBINARY(16) NOT NULL, born DATE, y YEAR, PRIMARY KEY (sku, raw)", "sku");
        String[] prefixes = {"a", "B", "é", "Z", "_x", "aa", "Ä", "z-", "0", "~"};
        SourceTables.insertRange("commerce", itemsTable, "sku, kind, tags, price, big, flags, took, seen, ratio, weight,"
                + " payload, raw, born, y", 1, 300, 100, id -> "'" + prefixes[(int) (id % prefixes.length)] + "-" + id
                + "'," + (id % 2 == 0 ? "'small'" : "'large'") + ",'red," + (id % 3 == 0 ? "blue" : "green") + "',"
                + id + ".000000000000000000000000000001,18446744073709551" + String.format("%03d", id % 616) + ","
                + "b'1010101010'," + "'-" + id + ":12:13.5'," + "'2024-03-04 05:06:07." + String.format("%06d", id) + "',"
                + "1.1,0.1," + "'[1, 2.0, {\"k\": \"v " + id + "\"}]',x'00ff" + String.format("%04x", id) + "',"
                + "'1999-12-31',2024");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    @Execution(ExecutionMode.CONCURRENT)
    void verifyIsQuietOnALivePipelineAndNamesEditedKeys(TargetProbe target) throws Exception {
        long started = System.nanoTime();
        String rows = rows(target);
        String items = items(target);
        target.reset();
        createSourceTables(rows, items);
        E2eConfig config = new E2eConfig("e2e-verify-" + target.name(), target, "customer\\." + rows,
                "commerce\\." + items);
        if (target.name().equals("redshift")) {
            // negative TIMEs and DECIMAL(65,30) need the options that keep them exactly as text
            config.extraSink = "  types: {time: varchar, wide-decimal: varchar}\n";
        }
        Path file = config.write(dir);
        try (ReplicatorProcess replicator = ReplicatorProcess.start(dir.resolve(target.name() + ".log"), "run",
                "--config", file.toString())) {
            replicator.await("copy", TIMEOUT, () -> target.checkpoint(config.pipeline).map(c -> !c.isCopying())
                    .orElse(false) && target.count("customer", rows) == ROW_COUNT);
            try (SourceWriter writer = new SourceWriter("customer", rows, WRITTEN).limitRate(WRITES_PER_SECOND)) {
                long rechecked = 0;
                for (int run = 1; run <= RUNS_UNDER_WRITES; run++) {
                    ReplicatorProcess.Result r = verify(file);
                    assertThat(r.exitCode()).as("verify run %d under writes; stdout:%n%s%nstderr:%n%s", run, r.stdout(),
                            r.stderr()).isZero();
                    assertThat(r.stdout()).as("run %d", run).contains("EQUAL   customer." + rows + ":",
                            "EQUAL   commerce." + items + ":", "verify: 2 tables equal.").doesNotContain("DIFF");
                    Matcher m = FIRST_SIGHT.matcher(r.stdout());
                    while (m.find()) {
                        rechecked += Long.parseLong(m.group(1));
                    }
                }
                assertThat(writer.operations()).as("writes during the verify runs").isGreaterThan(100);
                // The writes did reach verify: keys that differed at first sight were rechecked, and
                // none was reported.
                assertThat(rechecked).as("keys that differed at first sight in %d runs", RUNS_UNDER_WRITES).isPositive();

                Optional<String> editable = editableSchema(target);
                if (editable.isPresent()) {
                    editTarget(editable.get(), rows);
                    ReplicatorProcess.Result r = verify(file);
                    assertThat(r.exitCode()).as("verify after target edits; stdout:%n%s%nstderr:%n%s", r.stdout(),
                            r.stderr()).isEqualTo(8);
                    assertThat(r.stdout().lines().filter(l -> l.startsWith("DIFF  ")).toList()).as(r.stdout())
                            .containsExactlyInAnyOrder(
                                    "DIFF  customer." + rows + "  id=1800  changed (columns note)",
                                    "DIFF  customer." + rows + "  id=1801  missing in target",
                                    "DIFF  customer." + rows + "  id=9000001  extra in target");
                    assertThat(r.stdout()).contains("EQUAL   commerce." + items + ":", "DIFFERS customer." + rows + ": 3 keys");
                }
            }
            assertThat(replicator.terminate(Duration.ofSeconds(60))).isZero();
        }
        // The pipeline is stopped and the source moves on: nothing can be confirmed either way. (A new
        // row, not an update: the writer above may have deleted any existing id, and an update of no
        // row moves no position.)
        VtgateSql.exec("customer", "INSERT INTO " + rows + " (id, counter, note, updated_at, doc, amount)"
                + " VALUES (9000002, 0, 'while stopped', NOW(6), '{}', 1.00)");
        ReplicatorProcess.Result r = ReplicatorProcess.exec(TIMEOUT, "verify", "--config", file.toString(),
                "--table", "customer." + rows, "--settle-timeout", "3s", "--max-rows-per-second", "0");
        assertThat(r.exitCode()).as("verify with the pipeline stopped; stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr())
                .isEqualTo(9);
        assertThat(r.stdout()).contains("NOT CONFIRMED  customer." + rows + "  id=9000002  ", "is the pipeline running?")
                .doesNotContain("DIFF  ");
        System.out.printf("VerifyIT %s: %d s%n", target.name(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static ReplicatorProcess.Result verify(Path file) throws InterruptedException {
        return ReplicatorProcess.exec(TIMEOUT, "verify", "--config", file.toString(), "--chunk-rows", "500",
                "--max-rows-per-second", "0", "--settle-timeout", "30s");
    }

    /**
     * The PostgreSQL schema of a target that SQL can edit directly (PostgreSQL; the Redshift
     * emulator's tables are PostgreSQL tables); empty for files on S3, which only the pipeline writes.
     */
    private static Optional<String> editableSchema(TargetProbe target) {
        return switch (target.name()) {
            case "postgres" -> Optional.of(SCHEMA);
            case "redshift" -> Optional.of(SCHEMA + "_redshift");
            default -> Optional.empty();
        };
    }

    private static void editTarget(String schema, String table) throws Exception {
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement()) {
            String t = schema + "." + table;
            assertThat(s.executeUpdate("UPDATE " + t + " SET note = 'edited in the target' WHERE id = 1800")).isOne();
            assertThat(s.executeUpdate("DELETE FROM " + t + " WHERE id = 1801")).isOne();
            assertThat(s.executeUpdate("INSERT INTO " + t + " (id, counter, note) VALUES (9000001, 0, 'only in the target')"))
                    .isOne();
        }
    }

}
