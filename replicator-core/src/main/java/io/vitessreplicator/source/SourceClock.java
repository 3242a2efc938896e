package io.vitessreplicator.source;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How far the stream has reached at the source, per shard: the source time (on this host's clock,
 * epoch milliseconds) up to which the stream has delivered every change of the shard. A boundary
 * carries a snapshot of it; once the boundary commits, the target holds the shard up to that time,
 * and the lag is the time since (see {@code replicator_lag_seconds}).
 *
 * <p>What the stream says, and how it is read:
 * <ul>
 *   <li>A binlog event (COMMIT, DDL) has the source's commit time in whole seconds
 *       ({@code timestamp}) and vttablet's clock when it read the event ({@code current_time}, ns).
 *       The shard has reached that commit time. Its difference to {@code current_time} is how far
 *       the tablet's binlog reader itself is behind (below a second when it is live: the commit
 *       time is truncated).</li>
 *   <li>vtgate sends a HEARTBEAT (no keyspace, no shard, its own clock) only when it has sent
 *       nothing for the heartbeat interval: every shard has then delivered all it had. The shards'
 *       own heartbeats are dropped by vtgate (v24 vstream_manager.go), so a shard that is idle
 *       while others stream gets no heartbeat.</li>
 *   <li>So a shard that has delivered nothing for {@link #idleAfterMillis} while the stream goes
 *       on counts as idle: it has reached the time of the newest event the stream delivered
 *       (vtgate forwards each shard's events as they come).</li>
 * </ul>
 * Source clocks differ from this host's: times are moved onto this host's clock with the offset
 * seen on each event ({@code current_time} against when it arrived). Not thread-safe: the
 * translator's thread only.
 */
final class SourceClock {
    private final LongSupplier nowMillis;
    private final long idleAfterMillis;
    private final Map<String, Shard> shards = new HashMap<>();
    /** This host's time when the stream last delivered a binlog event or heartbeat, or -1. */
    private long lastDeliveryMillis = -1;
    /**
     * A boundary per source transaction would copy the map thousands of times a second; a snapshot
     * at most this old is handed out again (lag is reported in seconds).
     */
    private static final long SNAPSHOT_REUSE_MILLIS = 100;
    private Map<String, Long> cached;
    private long cachedAt;

    private static final class Shard {
        /** The source time the shard has reached, on this host's clock; -1 until known. */
        long reached = -1;
        /** When the shard last delivered a binlog event, or when the stream started holding it (this host's clock). */
        long lastDelivery;
        /** How far behind its binlog the tablet read the last event, beyond the timestamp's truncation. */
        long readDelay;
    }

    SourceClock(long idleAfterMillis) {
        this(idleAfterMillis, System::currentTimeMillis);
    }

    SourceClock(long idleAfterMillis, LongSupplier nowMillis) {
        this.idleAfterMillis = idleAfterMillis;
        this.nowMillis = nowMillis;
    }

    /** A shard the stream holds ({@code keyspace/shard}), known before it sends anything. */
    void shard(String key) {
        shard(key, nowMillis.getAsLong());
    }

    private Shard shard(String key, long now) {
        Shard s = shards.get(key);
        if (s == null) {
            s = new Shard();
            s.lastDelivery = now;
            shards.put(key, s);
        }
        return s;
    }

    /** Forgets shards that left the stream (a reshard). */
    void retain(java.util.Collection<String> keys) {
        shards.keySet().retainAll(keys);
        cached = null;
    }

    /** A binlog event of {@code key} with a commit time (COMMIT, DDL). */
    void binlogEvent(String key, long timestampSeconds, long currentTimeNanos) {
        if (timestampSeconds <= 0) {
            return;
        }
        long now = nowMillis.getAsLong();
        Shard s = shard(key, now);
        long commitMillis = timestampSeconds * 1000;
        if (currentTimeNanos > 0) {
            long sourceNow = currentTimeNanos / 1_000_000;
            long offset = sourceNow - now; // the source's clock minus this host's
            s.reached = Math.max(s.reached, commitMillis - offset);
            s.readDelay = Math.max(0, sourceNow - commitMillis - 1000);
        } else {
            s.reached = Math.max(s.reached, commitMillis);
        }
        s.lastDelivery = now;
        lastDeliveryMillis = now;
    }

    /** vtgate's heartbeat: it had nothing to send, so every shard has delivered all it had. */
    void heartbeat() {
        long now = nowMillis.getAsLong();
        lastDeliveryMillis = now;
        cached = null;
        for (Shard s : shards.values()) {
            s.reached = Math.max(s.reached, now - s.readDelay);
        }
    }

    /**
     * Each shard's reached time ({@code keyspace/shard} → epoch ms on this host's clock) for a
     * boundary at this point of the stream; shards not known yet are left out.
     */
    Map<String, Long> snapshot() {
        long now = nowMillis.getAsLong();
        if (cached != null && now - cachedAt < SNAPSHOT_REUSE_MILLIS) {
            return cached;
        }
        Map<String, Long> out = new HashMap<>(shards.size() * 2);
        for (Map.Entry<String, Shard> e : shards.entrySet()) {
            Shard s = e.getValue();
            long reached = s.reached;
            boolean idle = lastDeliveryMillis >= 0 && now - s.lastDelivery >= idleAfterMillis;
            if (idle) {
                reached = Math.max(reached, lastDeliveryMillis - s.readDelay);
            }
            if (reached >= 0) {
                out.put(e.getKey(), reached);
            }
        }
        cached = Map.copyOf(out);
        cachedAt = now;
        return cached;
    }
}
