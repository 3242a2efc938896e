package io.vitessreplicator.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of the copy phase per table and shard: rows committed against the source's estimate,
 * with rate and ETA. Counts are of this run: a copy resumed after a restart counts from where it
 * resumed, so its percentage starts low and its ETA is an upper bound until the rate settles.
 * Thread-safe: the commit thread reports rows, the reporter thread and /status read.
 */
final class CopyProgress {
    private static final Logger LOG = LoggerFactory.getLogger(CopyProgress.class);

    /** One table's copy on one shard. */
    private static final class Part {
        final AtomicLong copied = new AtomicLong();
        volatile long estimated = -1;
    }

    /** One table's copy. */
    private final class Table {
        final String name;
        final Map<String, Part> shards = new TreeMap<>();
        final Counter copiedTotal;
        volatile long firstRowNanos = -1;
        /** A committed position listed the table's copy (an empty table may never have a row to count). */
        volatile boolean listed;
        volatile boolean done;

        Table(String name) {
            this.name = name;
            this.copiedTotal = Counter.builder("replicator.copy.rows").tag("table", name)
                    .description("Rows of the copy phase committed in the target, this run").register(registry);
            Gauge.builder("replicator.copy.rows.estimated", this, Table::estimated).tag("table", name)
                    .description("The source's estimate of the table's rows (InnoDB statistics), summed over shards")
                    .register(registry);
        }

        synchronized Part part(String shard) {
            return shards.computeIfAbsent(shard, s -> new Part());
        }

        synchronized long copied() {
            return shards.values().stream().mapToLong(p -> p.copied.get()).sum();
        }

        synchronized double estimated() {
            long sum = 0;
            boolean any = false;
            for (Part p : shards.values()) {
                if (p.estimated >= 0) {
                    sum += p.estimated;
                    any = true;
                }
            }
            return any ? sum : Double.NaN;
        }

        synchronized List<String> shardNames() {
            return List.copyOf(shards.keySet());
        }
    }

    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    CopyProgress(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    CopyProgress(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    private synchronized Table table(String name) {
        return tables.computeIfAbsent(name, Table::new);
    }

    /** A copy of these tables on these shards starts (or resumes) now; estimates may follow. */
    void planned(Map<TableId, List<String>> shardsByTable) {
        shardsByTable.forEach((t, shards) -> {
            Table table = table(t.toString());
            table.done = false;
            table.listed = false;
            shards.forEach(table::part);
        });
    }

    /** The source's estimate of a table's rows on a shard. */
    void estimated(TableId table, String shard, long rows) {
        table(table.toString()).part(shard).estimated = rows;
    }

    /** Tables and shards still without an estimate. */
    synchronized Map<TableId, List<String>> withoutEstimate() {
        Map<TableId, List<String>> out = new LinkedHashMap<>();
        for (Table t : tables.values()) {
            for (String shard : t.shardNames()) {
                if (t.part(shard).estimated < 0 && !t.done) {
                    out.computeIfAbsent(TableId.parse(t.name), k -> new ArrayList<>()).add(shard);
                }
            }
        }
        return out;
    }

    /** Copy rows of a committed batch: {@code keyspace.table} → shard → rows. */
    void copied(Map<String, Map<String, Long>> rows) {
        rows.forEach((name, byShard) -> {
            Table t = table(name);
            if (t.firstRowNanos < 0) {
                t.firstRowNanos = nanoTime.getAsLong();
            }
            byShard.forEach((shard, n) -> {
                t.part(shard).copied.addAndGet(n);
                t.copiedTotal.increment(n);
            });
        });
    }

    /**
     * A position was committed: a table whose copy no shard lists any more has finished, once it
     * had a row or was listed before (vtgate drops a table from a shard's lastpks when its copy
     * there completes). The copy phase's end finishes them all, empty tables included.
     */
    void committed(Position end) {
        boolean copying = end.isCopying();
        Set<String> listed = new HashSet<>();
        if (copying) {
            end.vgtid().getShardGtidsList().forEach(sg -> sg.getTablePKsList()
                    .forEach(t -> listed.add(sg.getKeyspace() + "." + t.getTableName())));
        }
        List<Table> finished = new ArrayList<>();
        synchronized (this) {
            for (Table t : tables.values()) {
                if (t.done) {
                    continue;
                }
                if (listed.contains(t.name)) {
                    t.listed = true;
                } else if (!copying || t.firstRowNanos >= 0 || t.listed) {
                    t.done = true;
                    finished.add(t);
                }
            }
        }
        for (Table t : finished) {
            long copied = t.copied();
            if (t.firstRowNanos < 0) {
                LOG.info("copy of {} finished: no rows", t.name);
                continue;
            }
            double seconds = Math.max(1e-3, (nanoTime.getAsLong() - t.firstRowNanos) / 1e9);
            LOG.info("copy of {} finished: {} rows in {} from its first row ({} rows/s)", t.name, String.format(Locale.ROOT, "%,d", copied),
                    ReplicatorMetrics.duration(seconds), String.format(Locale.ROOT, "%,.0f", copied / seconds));
        }
    }

    /** Whether some table's copy is still running. */
    synchronized boolean active() {
        return tables.values().stream().anyMatch(t -> !t.done);
    }

    /**
     * One line per table still copying: rows, estimate, percentage, rate and ETA; tables not
     * started yet say so.
     */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        long now = nanoTime.getAsLong();
        for (Table t : tables.values()) {
            if (t.done) {
                continue;
            }
            long copied = t.copied();
            double estimated = t.estimated();
            if (t.firstRowNanos < 0) {
                out.add(t.name + ": waiting" + (Double.isNaN(estimated) ? "" : String.format(Locale.ROOT,
                        " (~%,.0f rows)", estimated)));
                continue;
            }
            double seconds = Math.max(1e-3, (now - t.firstRowNanos) / 1e9);
            double rate = copied / seconds;
            StringBuilder line = new StringBuilder(t.name).append(": ")
                    .append(String.format(Locale.ROOT, "%,d", copied));
            if (!Double.isNaN(estimated)) {
                line.append(String.format(Locale.ROOT, " of ~%,.0f rows (%.0f%%)", estimated,
                        estimated > 0 ? Math.min(100, 100.0 * copied / estimated) : 100.0));
            } else {
                line.append(" rows");
            }
            line.append(String.format(Locale.ROOT, ", %,.0f rows/s", rate));
            Duration eta = eta(copied, estimated, rate);
            if (eta != null) {
                line.append(", ETA ").append(ReplicatorMetrics.duration(eta.toMillis() / 1000.0));
            }
            out.add(line.toString());
        }
        return out;
    }

    /**
     * The time left at this rate: null when unknown (no estimate, no rate yet), zero once the
     * estimate is reached (the estimate was low; the copy ends when the source says so).
     */
    static Duration eta(long copied, double estimated, double rowsPerSecond) {
        if (Double.isNaN(estimated) || rowsPerSecond <= 0) {
            return null;
        }
        double left = Math.max(0, estimated - copied);
        return Duration.ofMillis((long) (left / rowsPerSecond * 1000));
    }
}
