package bench.debezium;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

/**
 * Debezium's Vitess connector (embedded engine) feeding Debezium's JDBC sink connector task, in one
 * JVM, for bench/debezium/run. Every batch the engine hands over is converted to SinkRecords, given to
 * {@link JdbcSinkConnectorTask#put} (which writes and commits it before returning), then marked
 * processed so the engine may commit its offsets.
 *
 * <p>Configuration (system properties; bench/debezium/run sets them):
 * <pre>
 *   bench.vtgate        host:port of vtgate's gRPC                    (127.0.0.1:15991)
 *   bench.keyspace      Vitess keyspace                                (customer)
 *   bench.table         source table                                   (dbz_rows)
 *   bench.pg.url        JDBC URL of PostgreSQL                         (required)
 *   bench.pg.user, bench.pg.password
 *   bench.pg.schema     target schema; the table is SCHEMA.TABLE       (dbz_pg)
 *   bench.offsets       offsets file of the engine                     (required)
 *   bench.stop.count    stop once this many change events were applied (copy)
 *   bench.stop.marker   stop once the event of the row with this id was applied, and with
 *                       bench.stop.count as many events as that too (backlog: the marker is on
 *                       one shard, and VStream does not order the shards' events, so the other
 *                       shard's last changes may still come after it)
 *   source.KEY=VALUE    any engine / Vitess connector property, overriding the defaults below
 *   sink.KEY=VALUE      any JDBC sink property, overriding the defaults below
 * </pre>
 * Standard output, one line per applied batch, for the driver (phase.py):
 * <pre>
 *   start  EPOCH_S
 *   batch  EPOCH_S APPLIED RECORDS CPU_TICKS CPU_NS
 *   done   EPOCH_S APPLIED RECORDS CPU_TICKS CPU_NS
 *   end    EPOCH_S APPLIED RECORDS          (copy: the first position past the VStream copy)
 * </pre>
 * EPOCH_S: wall clock (seconds, µs resolution) right after the batch was committed by the sink;
 * APPLIED: change events (records with a value) of the table applied so far; RECORDS: all records
 * handed to the sink so far; CPU_TICKS: utime + stime of this process from /proc/self/stat (clock
 * ticks); CPU_NS: the same from the JVM (OperatingSystemMXBean.getProcessCpuTime). Logs go to stderr.
 */
public final class DebeziumBench {

    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static final long COPY_END_WAIT_S = 60;
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

    private DebeziumBench() {
    }

    public static void main(String[] args) throws Exception {
        String vtgate = System.getProperty("bench.vtgate", "127.0.0.1:15991");
        String keyspace = System.getProperty("bench.keyspace", "customer");
        String table = System.getProperty("bench.table", "dbz_rows");
        String pgUrl = required("bench.pg.url");
        String pgSchema = System.getProperty("bench.pg.schema", "dbz_pg");
        String offsets = required("bench.offsets");
        long stopCount = Long.parseLong(System.getProperty("bench.stop.count", "-1"));
        long stopMarker = Long.parseLong(System.getProperty("bench.stop.marker", "-1"));
        if (stopCount < 0 && stopMarker < 0) {
            throw new IllegalArgumentException("set bench.stop.count or bench.stop.marker");
        }
        String topicPrefix = "dbz";
        String topic = topicPrefix + "." + keyspace + "." + table;

        // ---- source: embedded engine + Vitess connector
        Properties source = new Properties();
        source.setProperty("name", "dbz-bench");
        source.setProperty("connector.class", "io.debezium.connector.vitess.VitessConnector");
        source.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        source.setProperty("offset.storage.file.filename", offsets);
        source.setProperty("topic.prefix", topicPrefix);
        source.setProperty("database.hostname", vtgate.substring(0, vtgate.lastIndexOf(':')));
        source.setProperty("database.port", vtgate.substring(vtgate.lastIndexOf(':') + 1));
        source.setProperty("vitess.keyspace", keyspace);
        source.setProperty("table.include.list", keyspace + "." + table);
        source.setProperty("snapshot.mode", "initial");
        // A delete is applied from its "d" event (delete.enabled); the Kafka compaction tombstone that
        // would follow it is useless here and would make the sink delete the row a second time.
        source.setProperty("tombstones.on.delete", "false");
        // Heartbeats carry the connector's position forward when no row event does: without them
        // the position that marks the end of the VStream copy (no table_p_ks left) is never stored,
        // and a restart would copy the rest of the last chunk again. Heartbeat records are not
        // given to the sink.
        source.setProperty("heartbeat.interval.ms", "1000");
        overrides("source.", source);

        // ---- sink: Debezium's JDBC sink task
        Map<String, String> sink = new HashMap<>();
        sink.put("name", "dbz-bench-sink");
        sink.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        sink.put("topics", topic);
        sink.put("connection.url", pgUrl);
        sink.put("connection.username", System.getProperty("bench.pg.user", ""));
        sink.put("connection.password", System.getProperty("bench.pg.password", ""));
        sink.put("insert.mode", "upsert");
        sink.put("delete.enabled", "true");
        sink.put("primary.key.mode", "record_key");
        sink.put("schema.evolution", "basic");
        // The sink consumes Debezium's change-event envelope natively (no ExtractNewRecordState).
        sink.put("collection.name.format", pgSchema + "." + table);
        Properties sinkOverrides = new Properties();
        overrides("sink.", sinkOverrides);
        sinkOverrides.forEach((k, v) -> sink.put((String) k, (String) v));

        // The sink task starts (Hibernate, connection pool) while the engine starts, as the two
        // connectors of a Kafka Connect deployment would; the first batch waits for it.
        JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
        CompletableFuture<Void> sinkStarted = CompletableFuture.runAsync(() -> task.start(sink),
                r -> new Thread(r, "dbz-sink-start").start());

        Applier applier = new Applier(task, sinkStarted, topic, stopCount, stopMarker);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                .create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
                .using(source)
                .using((success, message, error) -> {
                    if ((!success || error != null) && applier.reached) {
                        // The phase ended (its last change is applied and measured); Debezium's async
                        // engine may still reject in-flight work while it stops (seen after a 1M-change
                        // backlog: RejectedExecutionException). Not a failure of the phase.
                        System.err.println("dbz-bench: warning: the engine reported an error while stopping after"
                                + " the phase: " + (error != null ? error : message));
                    } else if (!success || error != null) {
                        FAILURE.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                    }
                    else if (DONE.getCount() > 0) {
                        FAILURE.compareAndSet(null, new IllegalStateException("engine stopped: " + message));
                    }
                    DONE.countDown();
                })
                .notifying(applier)
                .build();

        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "dbz-engine"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (DONE.getCount() > 0) {
                FAILURE.compareAndSet(null, new IllegalStateException("interrupted"));
                closeQuietly(engine);
            }
        }, "dbz-bench-shutdown"));
        out("start " + now());
        executor.execute(engine);
        DONE.await();
        if (FAILURE.get() == null && applier.reached && !applier.stopped) {
            // copy: the N-th row is applied; wait (unmeasured) until the stored position is past
            // the VStream copy, so that a later run resumes streaming instead of copying again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COPY_END_WAIT_S);
            while (!applier.stopped && FAILURE.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!applier.stopped && FAILURE.get() == null) {
                FAILURE.set(new IllegalStateException("the end of the VStream copy was not seen within "
                        + COPY_END_WAIT_S + " s of the last row; the stored position is inside the copy"));
            }
        }
        applier.stopped = true;

        // Stopping commits the engine's offsets (a later run resumes from them); not measured.
        closeQuietly(engine);
        executor.shutdown();
        if (!executor.awaitTermination(120, TimeUnit.SECONDS)) {
            System.err.println("dbz-bench: the engine did not stop within 120 s");
        }
        if (sinkStarted.isDone() && !sinkStarted.isCompletedExceptionally()) {
            task.stop();
        }
        Throwable failure = FAILURE.get();
        if (failure != null) {
            System.err.println("dbz-bench: failed: " + failure);
            failure.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Converts each batch, writes it through the JDBC sink task, then marks it processed. The phase
     * ends ({@code done}) with the batch holding the N-th change event (copy) or the marker row
     * (backlog); a copy then goes on until the position is past the VStream copy (see main).
     */
    private static final class Applier implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
        private final JdbcSinkConnectorTask task;
        private final CompletableFuture<Void> sinkStarted;
        private final String topic;
        private final long stopCount;
        private final long stopMarker;
        private long offset;
        private long applied;
        private boolean markerSeen;
        private long records;
        /** The phase's end was applied (the measurement is over). */
        volatile boolean reached;
        /** No batch is marked processed any more: the engine may be closed. */
        volatile boolean stopped;

        Applier(JdbcSinkConnectorTask task, CompletableFuture<Void> sinkStarted, String topic, long stopCount, long stopMarker) {
            this.task = task;
            this.sinkStarted = sinkStarted;
            this.topic = topic;
            this.stopCount = stopCount;
            this.stopMarker = stopMarker;
        }

        @Override
        public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                                DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
                throws InterruptedException {
            if (stopped) {
                // Left for the next run: not marked processed, so not in the committed offsets.
                return;
            }
            List<SinkRecord> sinkRecords = new ArrayList<>(batch.size());
            long changes = 0;
            SourceRecord last = null;
            for (RecordChangeEvent<SourceRecord> event : batch) {
                SourceRecord r = event.record();
                last = r;
                if (!topic.equals(r.topic())) {
                    continue; // heartbeats
                }
                sinkRecords.add(new SinkRecord(r.topic(), 0, r.keySchema(), r.key(), r.valueSchema(), r.value(),
                        offset++, r.timestamp(), TimestampType.CREATE_TIME, r.headers()));
                if (r.value() != null) {
                    changes++;
                    if (stopMarker >= 0 && isMarker(r)) {
                        markerSeen = true;
                    }
                }
            }
            if (!sinkRecords.isEmpty()) {
                try {
                    sinkStarted.join();
                }
                catch (CompletionException e) {
                    throw new ConnectException("the JDBC sink task did not start", e.getCause());
                }
                task.put(sinkRecords);
                Throwable error = task.getLastProcessingException();
                if (error != null) {
                    throw new ConnectException("JDBC sink failed", error);
                }
            }
            applied += changes;
            records += sinkRecords.size();
            for (RecordChangeEvent<SourceRecord> event : batch) {
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
            if (reached) {
                // copy, after the measurement: stop at the first position past the VStream copy
                if (last != null && pastCopy(last)) {
                    out("end " + now() + " " + applied + " " + records);
                    stopped = true;
                }
                return;
            }
            boolean counted = stopCount < 0 || applied >= stopCount;
            boolean marker = stopMarker >= 0 && markerSeen && counted;
            boolean done = stopMarker >= 0 ? marker : counted;
            if (sinkRecords.isEmpty() && !done) {
                return;
            }
            out((done ? "done " : "batch ") + now() + " " + applied + " " + records + " " + cpuTicks() + " " + cpuNanos());
            if (done) {
                reached = true;
                if (marker || (last != null && pastCopy(last))) {
                    stopped = true;
                }
                DONE.countDown();
            }
        }

        /** The record's position has no table_p_ks (the VStream copy's last primary keys) left. */
        private static boolean pastCopy(SourceRecord r) {
            Object vgtid = r.sourceOffset() == null ? null : r.sourceOffset().get("vgtid");
            return vgtid != null && !vgtid.toString().contains("lastpk");
        }

        private boolean isMarker(SourceRecord r) {
            if (!(r.key() instanceof Struct key)) {
                return false;
            }
            Field id = key.schema().field("id");
            Object v = id == null ? null : key.get(id);
            return v instanceof Number n && n.longValue() == stopMarker;
        }
    }

    private static void closeQuietly(DebeziumEngine<?> engine) {
        try {
            engine.close();
        }
        catch (IllegalStateException e) {
            // already stopped or stopping
        }
        catch (IOException | RuntimeException e) {
            System.err.println("dbz-bench: closing the engine: " + e);
        }
    }

    private static void overrides(String prefix, Properties into) {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> into.setProperty(k.substring(prefix.length()), System.getProperty(k)));
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing -D" + key);
        }
        return v;
    }

    private static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String now() {
        java.time.Instant t = java.time.Instant.now();
        return String.format("%d.%06d", t.getEpochSecond(), t.getNano() / 1000);
    }

    /** utime + stime of this process, in clock ticks, from /proc/self/stat (fields 14 and 15). */
    static long cpuTicks() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
