package io.vitessreplicator.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.pipeline.BatchListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The replicator's metrics, in Prometheus form at {@code /metrics}. Names are prefixed
 * {@code replicator_}; see the README for the list.
 */
final class ReplicatorMetrics implements BatchListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplicatorMetrics.class);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter changes;
    private final Counter batches;
    private final Counter spills;
    private final Counter copyStartsMissed;
    private final Timer commitTime;
    private final AtomicLong lastCommitEpochMillis = new AtomicLong();
    private final AtomicLong copying = new AtomicLong();
    private volatile LongSupplier bufferBytes = () -> 0;
    private final Map<String, AtomicLong> shardCounts = new ConcurrentHashMap<>();
    private List<String> lastShards = List.of();
    private final CopyProgress copyProgress = new CopyProgress(registry);
    /** Per {@code keyspace/shard}: the source time (epoch ms, this host's clock) the target holds the shard up to. */
    private final Map<String, AtomicLong> caughtUpMillis = new ConcurrentHashMap<>();

    ReplicatorMetrics(String pipeline) {
        registry.config().commonTags("pipeline", pipeline);
        // Sinks register their own meters on Micrometer's global registry (they see no runtime
        // class); those reach /metrics through this registry.
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        changes = Counter.builder("replicator.changes.applied").description("Row changes in committed batches (before coalescing)").register(registry);
        batches = Counter.builder("replicator.batches.committed").description("Batches committed in the sink").register(registry);
        spills = Counter.builder("replicator.transaction.spills").description("Times a transaction larger than batch.max-bytes was staged in the sink before its end").register(registry);
        copyStartsMissed = Counter.builder("replicator.copy.starts.missed").description("Times shards asked to copy"
                + " streamed on without copying (vttablet's schema cache did not list the table) and were asked again")
                .register(registry);
        commitTime = Timer.builder("replicator.batch.commit").description("Time to write and commit a batch in the sink").register(registry);
        Gauge.builder("replicator.last.commit.timestamp", lastCommitEpochMillis, v -> v.get() / 1000.0)
                .description("Unix time of the last committed batch").baseUnit("seconds").register(registry);
        Gauge.builder("replicator.copy.phase", copying, AtomicLong::get)
                .description("1 while the copy phase runs, 0 when streaming").register(registry);
        Gauge.builder("replicator.buffer", this, m -> m.bufferBytes.getAsLong())
                .description("Bytes held in the buffer between source and batcher").baseUnit("bytes").register(registry);
    }

    Counter restarts(String reason) {
        return Counter.builder("replicator.restarts").tag("reason", reason)
                .description("Stream restarts from the checkpoint after an error").register(registry);
    }

    void copyStartMissed() {
        copyStartsMissed.increment();
    }

    void bufferBytes(LongSupplier supplier) {
        bufferBytes = supplier;
    }

    void position(Position p) {
        copying.set(p != null && p.isCopying() ? 1 : 0);
        if (p != null) {
            shards(p.shards());
        }
    }

    /**
     * {@code replicator_shards{keyspace}}: the shards the committed position names, and a log line
     * whenever that set changes (a reshard's cut-over, shards added by a restart with another
     * {@code source.shards}). A keyspace that left the set reports 0.
     */
    private synchronized void shards(List<String> current) {
        if (current.equals(lastShards)) {
            return;
        }
        if (lastShards.isEmpty()) {
            LOG.info("streaming from {} shards: {}", current.size(), current);
        } else {
            List<String> gone = lastShards.stream().filter(s -> !current.contains(s)).toList();
            List<String> added = current.stream().filter(s -> !lastShards.contains(s)).toList();
            LOG.info("the shard set changed: {} -> {} (gone: {}, new: {})", lastShards, current, gone, added);
            for (String shard : gone) {
                if (caughtUpMillis.remove(shard) != null) {
                    int slash = shard.indexOf('/');
                    var lag = registry.find("replicator.lag").tag("keyspace", shard.substring(0, slash))
                            .tag("shard", shard.substring(slash + 1)).meter();
                    if (lag != null) {
                        registry.remove(lag);
                    }
                }
            }
        }
        lastShards = List.copyOf(current);
        Map<String, Long> counts = current.stream()
                .collect(Collectors.groupingBy(s -> s.substring(0, s.indexOf('/')), Collectors.counting()));
        shardCounts.keySet().forEach(ks -> shardCounts.get(ks).set(counts.getOrDefault(ks, 0L)));
        counts.forEach((ks, n) -> shardCounts.computeIfAbsent(ks, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("replicator.shards", v, AtomicLong::get).tag("keyspace", k)
                    .description("Shards of the keyspace the committed position names").register(registry);
            return v;
        }).set(n));
    }

    long lastCommitEpochMillis() {
        return lastCommitEpochMillis.get();
    }

    double changesApplied() {
        return changes.count();
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void schemaChanged(io.vitessreplicator.model.SchemaChange change) {
        Counter.builder("replicator.schema.changes").tag("change", change.kind().toString())
                .description("Schema changes applied to target tables, in committed batches").register(registry).increment();
    }

    @Override
    public void committed(Position end, int changeCount, int writes, long nanos) {
        changes.increment(changeCount);
        batches.increment();
        commitTime.record(Duration.ofNanos(nanos));
        lastCommitEpochMillis.set(System.currentTimeMillis());
        position(end);
        copyProgress.committed(end);
    }

    @Override
    public void copied(Map<String, Map<String, Long>> rowsByTableAndShard) {
        copyProgress.copied(rowsByTableAndShard);
    }

    CopyProgress copyProgress() {
        return copyProgress;
    }

    /**
     * {@code replicator_lag_seconds{keyspace,shard}}: how long ago the source committed the newest
     * change the target holds of the shard, or 0-1 s when the target holds all the shard has sent
     * (see {@code SourceClock}). NaN while the copy phase runs and before the first commit.
     */
    @Override
    public void caughtUp(Map<String, Long> sourceMillis) {
        sourceMillis.forEach((shard, millis) -> caughtUpMillis.computeIfAbsent(shard, k -> {
            AtomicLong v = new AtomicLong(-1);
            int slash = k.indexOf('/');
            Gauge.builder("replicator.lag", v, x -> lagSeconds(x.get())).tag("keyspace", k.substring(0, slash))
                    .tag("shard", k.substring(slash + 1)).baseUnit("seconds")
                    .description("Seconds since the source committed the newest change the target holds of the shard")
                    .register(registry);
            return v;
        }).accumulateAndGet(millis, Math::max));
    }

    private double lagSeconds(long caughtUp) {
        if (caughtUp < 0 || copying.get() == 1) {
            return Double.NaN;
        }
        return Math.max(0, System.currentTimeMillis() - caughtUp) / 1000.0;
    }

    /** Lag per {@code keyspace/shard} in seconds, for /health and /status; only shards streamed now. */
    Map<String, Double> lag() {
        Map<String, Double> out = new java.util.TreeMap<>();
        List<String> current = lastShards;
        caughtUpMillis.forEach((shard, v) -> {
            double lag = lagSeconds(v.get());
            if (!Double.isNaN(lag) && (current.isEmpty() || current.contains(shard))) {
                out.put(shard, lag);
            }
        });
        return out;
    }

    /** A duration for people: {@code 42s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    @Override
    public void spilled(int changeCount, long bytes) {
        spills.increment();
        LOG.info("transaction larger than pipeline.batch.max-bytes: staged {} changes ({} bytes) in the open batch",
                changeCount, bytes);
    }
}
