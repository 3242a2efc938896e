package io.vitessreplicator.runtime;

import io.vitessreplicator.model.TableId;
import io.vitessreplicator.source.SourceStatistics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, on its own thread: asks the source for the row estimates the copy still lacks,
 * logs the copy's progress every {@code metrics.progress-interval}, and, for {@code backfill} on a
 * terminal, redraws a live progress line on stderr.
 */
final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    /** Set by bin/replicator when stderr is a terminal (Java 17 cannot tell for stderr alone). */
    static final String STDERR_IS_TERMINAL = "replicator.stderr-is-terminal";

    private final CopyProgress progress;
    private final SourceStatistics statistics;
    private final long logIntervalNanos;
    private final PrintStream live;
    private final ScheduledExecutorService timer;
    private final Set<String> asked = new HashSet<>();
    private long lastLog = System.nanoTime();
    private boolean lineShown;

    /**
     * @param live where the live line goes, or null for none
     */
    ProgressReporter(CopyProgress progress, SourceStatistics statistics, Duration logInterval, PrintStream live) {
        this.progress = progress;
        this.statistics = statistics;
        this.logIntervalNanos = logInterval.toNanos();
        this.live = live;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "copy-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** stderr for the live line when {@code backfill} runs with stderr on a terminal; else null. */
    static PrintStream liveLine(ReplicationJob.Mode mode) {
        return mode == ReplicationJob.Mode.BACKFILL && Boolean.getBoolean(STDERR_IS_TERMINAL) ? System.err : null;
    }

    private void tick() {
        try {
            estimate();
            if (!progress.active()) {
                clearLine();
                return;
            }
            List<String> lines = progress.lines();
            long now = System.nanoTime();
            if (now - lastLog >= logIntervalNanos) {
                lastLog = now;
                LOG.info("copy progress: {}", String.join("; ", lines));
            }
            if (live != null) {
                live.print("\r\033[K" + String.join(" | ", lines) + "\r");
                live.flush();
                lineShown = true;
            }
        } catch (RuntimeException e) {
            LOG.debug("progress report failed", e);
        }
    }

    private void estimate() {
        if (statistics == null) {
            return;
        }
        for (Map.Entry<TableId, List<String>> e : progress.withoutEstimate().entrySet()) {
            for (String shard : e.getValue()) {
                if (asked.add(e.getKey() + "/" + shard)) {
                    long rows = statistics.estimatedRows(e.getKey().keyspace(), shard, e.getKey().name());
                    if (rows >= 0) {
                        progress.estimated(e.getKey(), shard, rows);
                    }
                }
            }
        }
    }

    private void clearLine() {
        if (live != null && lineShown) {
            live.print("\r\033[K");
            live.flush();
            lineShown = false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clearLine();
    }
}
