package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.vitessreplicator.spi.FatalSinkException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds the pipeline: the object {@code lease.json}, which its holder rewrites every third of
 * {@code sink.lease-ttl} with {@code If-Match} on its own last ETag. Another instance may take it
 * when its heartbeat is older than the TTL, or at once when the holder was a process on the same
 * host that no longer runs (a {@code kill -9} and a restart).
 *
 * <p>The lease keeps a second instance from starting while the first is alive; it is not what
 * keeps the data safe. That is the manifest chain: each commit creates the next manifest with
 * {@code If-None-Match}, and the instance that took over has written one first (its claim), so
 * an instance that lost the lease without noticing cannot commit.
 */
final class Lease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
    private static final Duration POLL = Duration.ofMillis(500);

    /** The object's content. */
    record Holder(String owner, String host, long pid, String heartbeatAt, long ttlSeconds) {
        Instant heartbeat() {
            return Instant.parse(heartbeatAt);
        }
    }

    private final ObjectStore store;
    private final String key;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private volatile String etag;
    private volatile boolean lost;
    private ScheduledExecutorService heartbeat;

    Lease(ObjectStore store, String key, String owner, Duration ttl, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.key = requireNonNull(key, "key is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Takes the lease. A holder whose heartbeat is older than its TTL, or whose process is gone from
     * this host, has let go. A holder whose lease is renewed while this instance watches is alive:
     * the call fails at once, or, with {@code takeOver}, waits for it to stop. A holder that neither
     * renews nor expires yet is waited for until it does one or the other.
     *
     * @param takeOverWait with {@code takeOver}, how long to wait for a live holder to let go
     * @throws FatalSinkException {@link FatalSinkException.Kind#PIPELINE_BUSY} when a live holder keeps it
     */
    void acquire(String pipeline, boolean takeOver, Duration takeOverWait) {
        Instant started = clock.instant();
        String firstSeen = null;
        while (true) {
            Optional<ObjectStore.Stored> current = store.get(key);
            if (current.isEmpty()) {
                if (store.putIfAbsent(key, body())) {
                    etag = store.get(key).map(ObjectStore.Stored::etag).orElse(null);
                    return;
                }
                continue; // another instance created it meanwhile: look at it
            }
            Holder holder = parse(current.get().body());
            if (holder == null || owner.equals(holder.owner()) || expired(holder) || deadOnThisHost(holder)) {
                Optional<String> taken = store.putIfMatch(key, body(), current.get().etag());
                if (taken.isPresent()) {
                    if (holder != null && !owner.equals(holder.owner())) {
                        LOG.info("Pipeline {}: took the lease from {} ({})", pipeline, holder.owner(),
                                expired(holder) ? "its heartbeat of " + holder.heartbeatAt() + " is older than "
                                        + holder.ttlSeconds() + "s" : "its process no longer runs on this host");
                    }
                    etag = taken.get();
                    return;
                }
                continue;
            }
            if (firstSeen == null) {
                firstSeen = current.get().etag();
                LOG.info("Pipeline {}: the lease is held by {} (host {}, pid {}, heartbeat at {}); waiting to see"
                        + " whether it is alive", pipeline, holder.owner(), holder.host(), holder.pid(), holder.heartbeatAt());
            }
            boolean alive = !firstSeen.equals(current.get().etag());
            Duration waited = Duration.between(started, clock.instant());
            if (alive && (!takeOver || waited.compareTo(takeOverWait) >= 0)) {
                throw new FatalSinkException(FatalSinkException.Kind.PIPELINE_BUSY, "Cannot open pipeline " + pipeline
                        + ": another instance " + holder.owner() + " (host " + holder.host() + ", pid " + holder.pid()
                        + ", heartbeat at " + holder.heartbeatAt() + ") holds it. Stop it, or start this instance with"
                        + " --takeover (pipeline.takeover: true) to wait for it to let go"
                        + (takeOver ? "; waited " + waited.toSeconds() + "s" : "") + ".", null);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FatalSinkException(FatalSinkException.Kind.PIPELINE_BUSY, "Interrupted while waiting for"
                        + " pipeline " + pipeline + " to be let go by " + holder.owner() + ".", e);
            }
        }
    }

    /** Starts rewriting the lease every third of its TTL, until {@link #close} or until it is lost. */
    void startHeartbeat(String pipeline) {
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + pipeline);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(() -> beat(pipeline), period, period, TimeUnit.MILLISECONDS);
    }

    private void beat(String pipeline) {
        try {
            Optional<String> next = store.putIfMatch(key, body(), etag);
            if (next.isPresent()) {
                etag = next.get();
                return;
            }
            Optional<Holder> now = store.get(key).map(s -> parse(s.body()));
            lost = true;
            LOG.warn("Pipeline {}: lost the lease to {}; this instance will not commit again", pipeline,
                    now.map(Holder::owner).orElse("nobody (it was deleted)"));
            heartbeat.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Pipeline {}: cannot renew the lease ({}); retrying", pipeline, e.getMessage());
        }
    }

    /** True once the heartbeat found another holder. */
    boolean lost() {
        return lost;
    }

    /** Stops the heartbeat without letting go, as a process that dies would (tests). */
    void halt() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    /** Stops the heartbeat and removes the lease if it is still this instance's. */
    @Override
    public void close() {
        halt();
        if (lost || etag == null) {
            return;
        }
        try {
            // Leave a lease that says "expired": a successor takes it at once.
            Holder released = new Holder(owner, host(), ProcessHandle.current().pid(), Instant.EPOCH.toString(), 0);
            store.putIfMatch(key, GSON.toJson(released).getBytes(StandardCharsets.UTF_8), etag);
        } catch (RuntimeException e) {
            LOG.debug("Cannot release the lease {}: {}", key, e.getMessage());
        }
    }

    private boolean expired(Holder h) {
        return h.heartbeat().plus(Duration.ofSeconds(h.ttlSeconds())).isBefore(clock.instant());
    }

    private static boolean deadOnThisHost(Holder h) {
        return h.host().equals(host()) && h.pid() != ProcessHandle.current().pid() && ProcessHandle.of(h.pid()).isEmpty();
    }

    private byte[] body() {
        Holder h = new Holder(owner, host(), ProcessHandle.current().pid(), clock.instant().toString(), ttl.toSeconds());
        return GSON.toJson(h).getBytes(StandardCharsets.UTF_8);
    }

    private static Holder parse(byte[] body) {
        try {
            Holder h = GSON.fromJson(new String(body, StandardCharsets.UTF_8), Holder.class);
            if (h == null || h.owner() == null || h.heartbeatAt() == null || h.host() == null) {
                return null;
            }
            h.heartbeat();
            return h;
        } catch (JsonParseException | java.time.format.DateTimeParseException e) {
            return null; // unreadable: treated as no holder
        }
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
