package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata.ShardGtid;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitessreplicator.source.GtidSet;
import io.vitessreplicator.source.QueryRows;
import io.vitessreplicator.source.SourceException;
import io.vitessreplicator.source.VtgateExecute;
import io.vitessreplicator.source.VtgateOptions;
import io.vitessreplicator.spi.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits until the pipeline's checkpoint has passed the source's current position on every shard
 * of a keyspace: the checkpoint's GTID set of each shard holds the shard's
 * {@code @@global.gtid_executed}, read on its primary (which has every transaction any replica has,
 * so passing it means the target has every change committed before the read).
 */
final class CatchUpWait {
    /** Reads one shard's executed GTID set. */
    interface PositionReader {
        String executed(String keyspace, String shard);
    }

    private final PositionReader positions;
    private final Supplier<Optional<Checkpoint>> checkpoint;
    private final String pipeline;
    private final Duration timeout;
    private final Duration poll;

    CatchUpWait(PositionReader positions, Supplier<Optional<Checkpoint>> checkpoint, String pipeline, Duration timeout,
                Duration poll) {
        this.positions = requireNonNull(positions, "positions is null");
        this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.poll = requireNonNull(poll, "poll is null");
    }

    /** @return empty once the checkpoint has passed; otherwise why it did not, for the operator */
    Optional<String> await(String keyspace) {
        Optional<Checkpoint> first = checkpoint.get();
        if (first.isEmpty()) {
            return Optional.of("pipeline " + pipeline + " has no checkpoint in the target: it has never run. Start it"
                    + " (bin/replicator run) and verify once it has copied the tables");
        }
        Map<String, GtidSet> source = new LinkedHashMap<>();
        for (ShardGtid sg : first.get().position().vgtid().getShardGtidsList()) {
            if (sg.getKeyspace().equals(keyspace)) {
                source.put(sg.getShard(), GtidSet.parse(positions.executed(keyspace, sg.getShard())));
            }
        }
        if (source.isEmpty()) {
            return Optional.of("the checkpoint of pipeline " + pipeline + " has no shard of keyspace " + keyspace
                    + ": the pipeline does not stream it. Check source.keyspaces");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Checkpoint> cp = first;
        while (true) {
            Optional<String> behind = behind(cp.orElseThrow(), keyspace, source);
            if (behind.isEmpty()) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                Checkpoint c = cp.get();
                long age = Duration.between(c.updatedAt(), Instant.now()).toSeconds();
                return Optional.of("the target did not reach the source's position within " + timeout.toSeconds()
                        + " s (--settle-timeout): " + behind.get() + ". The checkpoint of pipeline " + pipeline
                        + " was last committed " + age + " s ago" + (c.position().isCopying() ? ", and it is still"
                        + " copying: verify once the copy has finished" : age > timeout.toSeconds()
                        ? ": is the pipeline running? Start it (bin/replicator run), then verify again"
                        : ": the pipeline runs but lags; verify again with a longer --settle-timeout"));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting for the target");
            }
            cp = checkpoint.get();
        }
    }

    private static Optional<String> behind(Checkpoint c, String keyspace, Map<String, GtidSet> source) {
        for (Map.Entry<String, GtidSet> e : source.entrySet()) {
            String stored = null;
            for (ShardGtid sg : c.position().vgtid().getShardGtidsList()) {
                if (sg.getKeyspace().equals(keyspace) && sg.getShard().equals(e.getKey())) {
                    stored = sg.getGtid();
                }
            }
            String shard = keyspace + "/" + e.getKey();
            if (stored == null) {
                return Optional.of("shard " + shard + " is no longer in the checkpoint");
            }
            if (stored.isEmpty() || stored.equals("current")) {
                return Optional.of("shard " + shard + " is still copying");
            }
            GtidSet missing = e.getValue().minus(GtidSet.parse(stored));
            if (!missing.isEmpty()) {
                return Optional.of("shard " + shard + " lacks " + missing);
            }
        }
        return Optional.empty();
    }

    /** Reads {@code @@global.gtid_executed} of a shard's primary through vtgate. */
    static PositionReader vtgate(ManagedChannel channel, VtgateOptions options) {
        return (keyspace, shard) -> {
            String target = keyspace + ":" + shard + "@primary";
            Vtgate.ExecuteResponse r;
            try {
                r = VtgateExecute.execute(channel, options, Vtgate.Session.newBuilder().setTargetString(target)
                        .setAutocommit(true).build(), Query.BoundQuery.newBuilder()
                        .setSql("SELECT @@global.gtid_executed").build(), Duration.ofSeconds(15));
            } catch (StatusRuntimeException e) {
                throw new SourceException("Cannot read the position of " + keyspace + "/" + shard + " (" + target
                        + "): " + e.getStatus().getCode() + " " + e.getStatus().getDescription() + ".", e, true);
            }
            if (r.hasError() && !r.getError().getMessage().isEmpty()) {
                throw new SourceException("Cannot read the position of " + keyspace + "/" + shard + " (" + target
                        + "): " + r.getError().getMessage() + ".", null, false);
            }
            String v = QueryRows.text(r.getResult().getRows(0)).get(0);
            return v == null ? "" : v;
        };
    }
}
