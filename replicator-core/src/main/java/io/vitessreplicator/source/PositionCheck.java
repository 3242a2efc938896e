package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata.ShardGtid;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitessreplicator.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a stream resumes from a checkpoint: can every shard still serve the changes after it?
 * A shard can when its MySQL has purged no transaction the checkpoint has not seen
 * ({@code @@global.gtid_purged} minus the checkpoint's GTID set is empty).
 *
 * <p>Without this check a lost position is invisible: vttablet's MySQL answers the binlog dump
 * with error 1236, vtgate then ignores that tablet and looks for another one of the tablet type,
 * and when there is none it reports only that it found no tablet, which looks transient and is
 * retried forever. The query goes to the tablet type the stream uses ({@code keyspace:shard@type});
 * when a shard has several tablets of that type, vtgate picks one, which may not be the one the
 * stream would use.
 */
public final class PositionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PositionCheck.class);

    /** A shard that can no longer serve a position, and the transactions it no longer has. */
    public record LostShard(String keyspace, String shard, String missing) {
        @Override
        public String toString() {
            return keyspace + "/" + shard + " (purged " + missing + ")";
        }
    }

    /** Reads a shard's {@code @@global.gtid_purged}; null when it cannot be read now. */
    interface PurgedReader {
        String purged(String keyspace, String shard);
    }

    private final PurgedReader reader;

    PositionCheck(PurgedReader reader) {
        this.reader = requireNonNull(reader, "reader is null");
    }

    public PositionCheck(ManagedChannel channel, VtgateOptions options, String tabletType) {
        this((keyspace, shard) -> readPurged(channel, options, keyspace, shard, tabletType));
    }

    /**
     * @throws PositionLostException when a shard purged what the position has not seen
     */
    public void verify(String pipeline, Position position) {
        List<LostShard> lost = lostShards(position);
        if (!lost.isEmpty()) {
            String shards = lost.stream().map(l -> l.keyspace() + "/" + l.shard()).collect(Collectors.joining(", "));
            throw new PositionLostException("Cannot resume pipeline " + pipeline + ": the source no longer has the"
                    + " changes after its checkpoint on shard" + (lost.size() == 1 ? " " : "s ") + shards + ". "
                    + (lost.size() == 1 ? "Its MySQL" : "Their MySQL servers") + " purged binary logs holding "
                    + lost.stream().map(l -> l.keyspace() + "/" + l.shard() + ": " + l.missing())
                            .collect(Collectors.joining("; "))
                    + ", which the checkpoint has not seen, so those changes cannot be streamed and the target"
                    + " would silently miss them. To recover, copy the tables again: give the pipeline a new"
                    + " sink schema (or drop its target tables and checkpoint) and start it, and keep binary logs"
                    + " longer than the replicator may be stopped (MySQL binlog_expire_logs_seconds).", lost);
        }
    }

    /** The shards of {@code position} whose MySQL purged transactions the position has not seen. */
    List<LostShard> lostShards(Position position) {
        List<LostShard> lost = new ArrayList<>();
        for (ShardGtid sg : position.vgtid().getShardGtidsList()) {
            String gtid = sg.getGtid();
            if (gtid.isEmpty() || gtid.equals("current")) {
                continue; // nothing to resume from on this shard: it copies, or starts at its current position
            }
            GtidSet seen;
            try {
                seen = GtidSet.parse(gtid);
            } catch (IllegalArgumentException e) {
                LOG.debug("not checking {}/{}: {}", sg.getKeyspace(), sg.getShard(), e.getMessage());
                continue;
            }
            String purgedText = reader.purged(sg.getKeyspace(), sg.getShard());
            if (purgedText == null) {
                continue;
            }
            GtidSet missing = GtidSet.parse(purgedText).minus(seen);
            if (!missing.isEmpty()) {
                lost.add(new LostShard(sg.getKeyspace(), sg.getShard(), missing.toString()));
            }
        }
        return lost;
    }

    private static String readPurged(ManagedChannel channel, VtgateOptions options, String keyspace, String shard,
                                     String tabletType) {
        try {
            Vtgate.ExecuteResponse response = VtgateExecute.execute(channel, options,
                    keyspace + ":" + shard + "@" + tabletType, "SELECT @@global.gtid_purged");
            if (response.hasError() && !response.getError().getMessage().isEmpty()) {
                LOG.warn("cannot check that {}/{} still has the checkpoint's changes ({}); streaming without the check",
                        keyspace, shard, response.getError().getMessage());
                return null;
            }
            List<Query.Row> rows = response.getResult().getRowsList();
            if (rows.isEmpty()) {
                return null;
            }
            String value = QueryRows.text(rows.get(0)).get(0);
            return value == null ? "" : value;
        } catch (StatusRuntimeException e) {
            LOG.warn("cannot check that {}/{} still has the checkpoint's changes ({} {}); streaming without the check",
                    keyspace, shard, e.getStatus().getCode(), e.getStatus().getDescription());
            return null;
        }
    }
}
