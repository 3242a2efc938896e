package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What an operator sees (issue 13, items 1 and 2): a 200k-row backfill on a terminal logs its
 * progress per table with an estimate, a rate and an ETA that comes true within the stated
 * tolerance, counts its rows in /metrics and redraws a live progress line; then {@code run}, going
 * on from the backfill's position and streaming under writes, the lag per shard rises while the replicator is
 * paused (SIGSTOP), /health turns DEGRADED above {@code metrics.lag-limit}, and both recover after
 * SIGCONT; {@code status} shows the daemon's lag and how many source transactions the checkpoint is
 * behind.
 */
@Isolated("its ETA checks compare the estimate with the copy's real end, which another class running beside it would move")
class CopyProgressAndLagIT {
    private static final String SCHEMA = "e2e_progress";
    private static final String TABLE = "e2e_progress_rows";
    private static final long ROWS = 200_000;
    /** Log lines: "2026-12-03T06:25:00.603Z INFO  ... - copy progress: ks.t: 40,000 of ~199,872 rows (20%), 12,000 rows/s, ETA 13s". */
    private static final Pattern PROGRESS = Pattern.compile("^(\\S+) INFO .* copy progress: .*customer\\." + TABLE
            + ": ([\\d,]+) of ~([\\d,]+) rows \\((\\d+)%\\), [\\d,]+ rows/s, ETA (?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Pattern FINISHED = Pattern.compile("^(\\S+) INFO .* copy of customer\\." + TABLE
            + " finished: ([\\d,]+) rows in ");
    /** The live line, as the terminal received it: erase to the end of the line, then the progress. */
    private static final String ERASE_LINE = "\033[K";
    private static final Pattern LIVE = Pattern.compile("^" + Pattern.quote(ERASE_LINE) + "customer\\." + TABLE
            + ": ([\\d,]+) of ~[\\d,]+ rows \\(\\d+%\\), [\\d,]+ rows/s, ETA ");
    private static final String PLAIN_SCHEMA = "e2e_progress_plain";
    private static final String PLAIN_TABLE = "e2e_progress_plain_rows";
    private static final String EMPTY_SCHEMA = "e2e_progress_empty";
    private static final String EMPTY_TABLE = "e2e_progress_empty_rows";
    private static final Pattern LAG = Pattern.compile("replicator_lag_seconds\\{keyspace=\"customer\",pipeline=\"e2e-progress\","
            + "shard=\"(-80|80-)\"} ([0-9.]+)");

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " note VARCHAR(64), updated_at DATETIME(6)", "id");
        SourceTables.insertRange("customer", TABLE, "id, counter, note, updated_at", 1, ROWS, 2000,
                id -> id + ",0,'initial','2024-05-06 07:08:09.123456'");
        Snapshot.dropSchema(PLAIN_SCHEMA);
        SourceTables.create("customer", PLAIN_TABLE, "id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(64)", "id");
        Snapshot.dropSchema(EMPTY_SCHEMA);
        SourceTables.create("customer", EMPTY_TABLE, "id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(64)", "id");
        SourceTables.insertRange("customer", PLAIN_TABLE, "id, note", 1, 10_000, 2000, id -> id + ",'plain'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        Snapshot.dropSchema(PLAIN_SCHEMA);
        Snapshot.dropSchema(EMPTY_SCHEMA);
    }

    @Test
    void copyProgressHasARightEtaAndLagFollowsAPause() throws Exception {
        E2eConfig config = new E2eConfig("e2e-progress", SCHEMA, "customer\\." + TABLE);
        config.maxRows = 2000;
        config.maxLatency = "200ms";
        config.extraMetrics = "  progress-interval: 2s\n  lag-limit: 5s\n";
        int port = config.listenOnFreePort();
        Path file = config.write(dir);
        HttpClient http = HttpClient.newHttpClient();
        Path backfillLog = dir.resolve("backfill.log");
        // backfill on a terminal, as an operator runs it; 300 ms before each commit, so that the
        // copy lasts long enough for several progress lines.
        try (ReplicatorProcess b = ReplicatorProcess.startOnTerminal("-Dreplicator.test.commit-delay-ms=300",
                backfillLog, "backfill", "--config", file.toString())) {
            b.await("copy rows counted in /metrics, part way", Duration.ofMinutes(2), () -> {
                double copied = metric(body(http, port, "/metrics"), "replicator_copy_rows_total");
                return copied > 0 && copied < ROWS;
            });
            // The estimate is asked of the tablets while the copy starts; the first rows may come first.
            b.await("the estimate in /metrics", Duration.ofSeconds(30),
                    () -> metric(body(http, port, "/metrics"), "replicator_copy_rows_estimated") > 0);
            double estimated = metric(get(http, port, "/metrics").body(), "replicator_copy_rows_estimated");
            assertThat(estimated).as("InnoDB's estimate of the table's rows").isBetween(ROWS * 0.5, ROWS * 1.5);
            assertThat(get(http, port, "/status").body()).contains("copy     customer." + TABLE + ": ");
            assertThat(b.waitFor(Duration.ofMinutes(3))).as("backfill's exit code; output:%n%s", b.log()).isZero();
        }
        String log = Files.readString(backfillLog);
        Instant finished = log.lines().map(FINISHED::matcher).filter(Matcher::find)
                .map(m -> Instant.parse(m.group(1))).findFirst().orElseThrow();
        assertThat(log).contains("copy of customer." + TABLE + " finished: 200,000 rows");
        List<String> checked = new ArrayList<>();
        for (String line : log.lines().toList()) {
            Matcher m = PROGRESS.matcher(line);
            if (!m.find()) {
                continue;
            }
            int percent = Integer.parseInt(m.group(4));
            if (percent < 15 || percent > 85) {
                continue; // the rate settles after the start; past the estimate the ETA says 0
            }
            Instant at = Instant.parse(m.group(1));
            long eta = seconds(m.group(5)) * 3600 + seconds(m.group(6)) * 60 + seconds(m.group(7));
            double actual = Duration.between(at, finished).toMillis() / 1000.0;
            // Tolerance: within 50% of the time actually left, plus 2 s (log lines fall on whole seconds);
            // the ETA rests on InnoDB's estimate (often 10-20% off) and the rate so far.
            assertThat((double) eta).as("ETA in %s (the copy ended %.1f s later)", line, actual)
                    .isBetween(actual * 0.5 - 2, actual * 1.5 + 2);
            checked.add(line);
            System.out.printf("CopyProgressAndLagIT: %s -> the copy ended %.1f s later%n", line, actual);
        }
        assertThat(checked).as("progress lines between 15%% and 85%% in:%n%s", log).hasSizeGreaterThanOrEqualTo(2);
        // The live line: redrawn in place (carriage return, erase to the end of the line) about once a
        // second with a growing count, and erased when the copy ends.
        List<Long> live = log.lines().map(LIVE::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1).replace(",", ""))).toList();
        assertThat(live).as("live progress lines in the terminal's output:%n%s", log).hasSizeGreaterThanOrEqualTo(3)
                .isSorted();
        assertThat(live.get(live.size() - 1)).isGreaterThan(live.get(0));
        assertThat(log.substring(log.lastIndexOf(ERASE_LINE) + ERASE_LINE.length())).as("after the last erase")
                .doesNotStartWith("customer.");

        // run goes on from the position the backfill recorded: it copies nothing and streams.
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", file.toString());
             SourceWriter writer = new SourceWriter("customer", TABLE, ROWS)) {
            p.await("lag known and small on both shards", Duration.ofMinutes(1), () -> {
                List<Double> lag = lags(body(http, port, "/metrics"));
                return lag.size() == 2 && lag.stream().allMatch(l -> l < 3);
            });
            assertThat(p.log()).contains("resuming streaming from").doesNotContain("copy of customer.");
            assertThat(get(http, port, "/health").statusCode()).isEqualTo(200);

            kill("-STOP", p.pid());
            Pause.of(Duration.ofSeconds(12));
            // Asked while the process is stopped: answered as soon as it runs again, before the
            // backlog of the pause is committed.
            CompletableFuture<HttpResponse<String>> metricsAfter = getAsync(http, port, "/metrics");
            CompletableFuture<HttpResponse<String>> healthAfter = getAsync(http, port, "/health");
            Pause.of(Duration.ofMillis(500));
            kill("-CONT", p.pid());
            List<Double> paused = lags(metricsAfter.get().body());
            assertThat(paused).as("lag per shard right after the pause").hasSize(2)
                    .allSatisfy(l -> assertThat(l).isGreaterThan(8));
            HttpResponse<String> health = healthAfter.get();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("metrics.lag-limit");

            p.await("lag back under 3 s", Duration.ofMinutes(1), () -> {
                List<Double> lag = lags(get(http, port, "/metrics").body());
                return lag.size() == 2 && lag.stream().allMatch(l -> l < 3);
            });
            p.await("health UP again", Duration.ofSeconds(30), () -> get(http, port, "/health").statusCode() == 200);
            assertThat(writer.operations()).isGreaterThan(50);
            writer.close();

            ReplicatorProcess.Result status = ReplicatorProcess.exec(Duration.ofMinutes(1), "status", "--config",
                    file.toString());
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains("live     from the running daemon")
                    .containsPattern("lag      customer/-80  [0-9.]+ s")
                    .containsPattern("shard    customer/80-  MySQL56/\\S+  \\((caught up with the source|[\\d,]+ source"
                            + " transactions behind)\\)");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    /**
     * With stderr not on a terminal (a service, a pipe, a file), backfill logs its progress and
     * draws no live line: no carriage return or terminal control in its output.
     */
    @Test
    void withoutATerminalBackfillOnlyLogs() throws Exception {
        E2eConfig config = new E2eConfig("e2e-progress-plain", PLAIN_SCHEMA, "customer\\." + PLAIN_TABLE);
        config.maxRows = 1000;
        config.extraMetrics = "  progress-interval: 1s\n";
        Path file = config.write(dir);
        try (ReplicatorProcess b = ReplicatorProcess.start("-Dreplicator.test.commit-delay-ms=300",
                dir.resolve("plain-backfill.log"), "backfill", "--config", file.toString())) {
            assertThat(b.waitFor(Duration.ofMinutes(2))).as("backfill's exit code; log:%n%s", b.log()).isZero();
            String log = b.log();
            assertThat(log).contains("copy of customer." + PLAIN_TABLE + " finished: 10,000 rows")
                    .contains("copy progress: customer." + PLAIN_TABLE + ": ")
                    .doesNotContain("\r").doesNotContain(ERASE_LINE);
        }
    }

    /**
     * A run whose copy includes an empty table: once the copy ends the table is finished (it never
     * has a row to count), and /health and /status say "streaming" while the same stream goes on.
     */
    @Test
    void aRunSaysStreamingOnceItsCopyEndsAnEmptyTableIncluded() throws Exception {
        E2eConfig config = new E2eConfig("e2e-progress-empty", EMPTY_SCHEMA, "customer\\." + PLAIN_TABLE,
                "customer\\." + EMPTY_TABLE);
        int port = config.listenOnFreePort();
        HttpClient http = HttpClient.newHttpClient();
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("empty-run.log"), "run", "--config",
                config.write(dir).toString())) {
            p.await("the copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(EMPTY_SCHEMA, PLAIN_TABLE) == 10_000
                    && p.log().contains("copy of customer." + EMPTY_TABLE + " finished: no rows"));
            VtgateSql.exec("customer", "INSERT INTO " + EMPTY_TABLE + " (id, note) VALUES (1, 'streamed')");
            p.await("the streamed row", Duration.ofMinutes(1), () -> Snapshot.targetCount(EMPTY_SCHEMA, EMPTY_TABLE) == 1);
            HttpResponse<String> health = get(http, port, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"detail\":\"streaming\"");
            assertThat(body(http, port, "/status")).startsWith("state    streaming\n").doesNotContain("copy ");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    private static long seconds(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static List<Double> lags(String metrics) {
        List<Double> out = new ArrayList<>();
        Matcher m = LAG.matcher(metrics);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** The value of a metric of this test's table ({@code name{pipeline=...,table=...} value}). */
    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\{pipeline=\"e2e-progress\",table=\"customer\\." + TABLE
                + "\"} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static void kill(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    /** GET's body, or empty while the endpoint is not listening yet. */
    private static String body(HttpClient http, int port, String path) throws Exception {
        try {
            return get(http, port, path).body();
        } catch (java.net.ConnectException e) {
            return "";
        }
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(HttpClient http, int port, String path) {
        return http.sendAsync(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
    }
}
