package io.vitessreplicator.runtime;

import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.source.DecodingTableBinder;
import io.vitessreplicator.spi.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a {@link ReplicationJob} as a process: metrics/health endpoint, SIGTERM/SIGINT handling
 * (finish the batch in flight, commit, exit 0), and a summary line at the end.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private JobRunner() {}

    static int run(ReplicatorConfig config, ReplicationJob.Mode mode) throws InterruptedException {
        LOG.info(JvmSummary.current());
        CdsArchive.report(LOG);
        ReplicatorMetrics metrics = new ReplicatorMetrics(config.pipeline().name());
        try (Sink sink = ConfigOption.sink(config)) {
            ReplicationJob job = new ReplicationJob(config, sink, DecodingTableBinder::new, metrics);
            // Handled signals (not a shutdown hook) so that the process can exit 0 after a clean stop.
            Signal.handle(new Signal("TERM"), s -> stop(job, "SIGTERM"));
            Signal.handle(new Signal("INT"), s -> stop(job, "SIGINT"));
            HealthServer http = config.metrics().listen()
                    .map(addr -> new HealthServer(addr, metrics, () -> health(job, metrics, config),
                            () -> status(job, metrics), job::requestResync)).orElse(null);
            try {
                long t0 = System.nanoTime();
                Position end = job.run(mode);
                LOG.info("{} finished: {} row changes committed in {} s; position {}",
                        mode == ReplicationJob.Mode.BACKFILL ? "backfill" : "run",
                        (long) metrics.changesApplied(), (System.nanoTime() - t0) / 1_000_000_000L,
                        end == null ? "none" : end.gtidsByShard());
                return ExitCode.OK;
            } finally {
                if (http != null) {
                    http.close();
                }
            }
        }
    }

    /** The job's state, or DEGRADED while a shard's lag is above {@code metrics.lag-limit}. */
    static HealthServer.Health health(ReplicationJob job, ReplicatorMetrics metrics, ReplicatorConfig config) {
        HealthServer.Health h = job.health();
        if (!h.up() || config.metrics().lagLimit().isEmpty()) {
            return h;
        }
        double limit = config.metrics().lagLimit().get().toMillis() / 1000.0;
        return metrics.lag().entrySet().stream().filter(e -> e.getValue() > limit)
                .max(java.util.Map.Entry.comparingByValue())
                .map(e -> new HealthServer.Health("DEGRADED", String.format(java.util.Locale.ROOT,
                        "%s, but %s is %.0f s behind the source, above metrics.lag-limit (%.0f s)", h.detail(),
                        e.getKey(), e.getValue(), limit)))
                .orElse(h);
    }

    /** What GET /status answers: the job's state, the copy's progress, the lag per shard. */
    static String status(ReplicationJob job, ReplicatorMetrics metrics) {
        StringBuilder out = new StringBuilder("state    ").append(job.health().detail()).append('\n');
        metrics.copyProgress().lines().forEach(l -> out.append("copy     ").append(l).append('\n'));
        metrics.lag().forEach((shard, lag) -> out.append("lag      ").append(shard)
                .append(String.format(java.util.Locale.ROOT, "  %.1f s", lag)).append('\n'));
        return out.toString();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * First signal: finish the batch in flight (it may wait for the end of a long source
     * transaction). Second signal: exit at once; the uncommitted batch is rolled back by the
     * target and read again on the next start, so nothing is lost.
     */
    private static void stop(ReplicationJob job, String signal) {
        if (STOPPING.compareAndSet(false, true)) {
            LOG.info("{} received: committing the batch in flight, then exiting (send it again to exit at once)", signal);
            job.requestStop();
        } else {
            LOG.warn("{} received again: exiting without waiting for the batch in flight", signal);
            Runtime.getRuntime().halt(128 + ("SIGINT".equals(signal) ? 2 : 15));
        }
    }
}
