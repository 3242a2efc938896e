package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.vitess.proto.Topodata;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import io.vitessreplicator.testkit.TestEnv;
import io.vitessreplicator.testkit.VtgateSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the local stack is a real Vitess: vtgate's VStream gRPC API on the 2-shard keyspace
 * streams a row written through vtgate's MySQL port, and a stream from an empty GTID first copies
 * the rows that existed before it started.
 */
class VStreamStackIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEYSPACE = "customer";

    private ManagedChannel channel;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() {
        channel = VtgateChannels.open(VtgateOptions.plaintext(TestEnv.get("VTGATE_GRPC")));
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void streamsARowInsertedThroughVtgateWithAVgtidNamingBothShards() throws Exception {
        open("current");
        // Heartbeats prove the stream is live before the insert, so the insert cannot be missed.
        awaitEvent(e -> e.getType() == VEventType.HEARTBEAT || e.getType() == VEventType.VGTID);

        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String note = "stream \uD83D\uDE80 " + id; // a 4-byte UTF-8 character survives
        VtgateSql.exec(KEYSPACE, "INSERT INTO smoke_event (id, note) VALUES (" + id + ", '" + note + "')");

        VEvent row = awaitEvent(e -> e.getType() == VEventType.ROW
                && e.getRowEvent().getTableName().endsWith("smoke_event")
                && e.getRowEvent().getRowChangesList().stream().anyMatch(rc -> rc.hasAfter()
                        && QueryRows.text(rc.getAfter()).get(0).equals(Long.toString(id))));
        Binlogdata.RowChange change = row.getRowEvent().getRowChanges(0);
        assertThat(change.hasBefore()).as("an insert has no before image").isFalse();
        assertThat(QueryRows.text(change.getAfter())).containsExactly(Long.toString(id), note);
        assertThat(row.getKeyspace()).isEqualTo(KEYSPACE);

        VEvent vgtid = awaitEvent(e -> e.getType() == VEventType.VGTID);
        Set<String> shards = vgtid.getVgtid().getShardGtidsList().stream()
                .map(Binlogdata.ShardGtid::getShard).collect(Collectors.toSet());
        assertThat(shards).containsExactlyInAnyOrder("-80", "80-");
        assertThat(vgtid.getVgtid().getShardGtidsList()).allSatisfy(sg -> {
            assertThat(sg.getKeyspace()).isEqualTo(KEYSPACE);
            assertThat(sg.getGtid()).startsWith("MySQL56/");
        });
    }

    @Test
    void streamFromEmptyGtidCopiesRowsThatExistedBefore() throws Exception {
        // Rows on both shards (hash vindex spreads consecutive ids), written before the stream opens.
        long base = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(Long.toString(base + i));
            VtgateSql.exec(KEYSPACE, "INSERT INTO smoke_event (id, note) VALUES (" + (base + i) + ", 'before')");
        }

        open("");

        List<String> copied = new ArrayList<>();
        Set<String> copyShards = new java.util.HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean completed = false;
        while (!completed && System.nanoTime() < deadline) {
            VEvent e = next(deadline);
            if (e.getType() == VEventType.ROW && e.getRowEvent().getTableName().endsWith("smoke_event")) {
                copyShards.add(e.getShard());
                e.getRowEvent().getRowChangesList().forEach(rc -> copied.add(QueryRows.text(rc.getAfter()).get(0)));
            }
            // vtgate sends COPY_COMPLETED per shard and a final one with an empty keyspace.
            completed = e.getType() == VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty();
        }
        assertThat(completed).as("copy phase completed").isTrue();
        assertThat(copied).containsAll(ids);
        assertThat(copyShards).containsExactlyInAnyOrder("-80", "80-");
    }

    private void open(String gtid) {
        Vtgate.VStreamRequest request = Vtgate.VStreamRequest.newBuilder()
                .setTabletType(Topodata.TabletType.PRIMARY)
                .setVgtid(Binlogdata.VGtid.newBuilder().addShardGtids(
                        Binlogdata.ShardGtid.newBuilder().setKeyspace(KEYSPACE).setShard("").setGtid(gtid)))
                .setFilter(Binlogdata.Filter.newBuilder().addRules(Binlogdata.Rule.newBuilder()
                        .setMatch("smoke_event").setFilter("select * from smoke_event")))
                .setFlags(Vtgate.VStreamFlags.newBuilder().setHeartbeatInterval(1))
                .build();
        VitessGrpc.newStub(channel).vStream(request, new StreamObserver<>() {
            @Override public void onNext(Vtgate.VStreamResponse r) { received.addAll(r.getEventsList()); }
            @Override public void onError(Throwable t) { received.add(t); }
            @Override public void onCompleted() { received.add(new IllegalStateException("stream ended")); }
        });
    }

    private VEvent awaitEvent(Predicate<VEvent> match) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            VEvent e = next(deadline);
            if (match.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no matching VStream event within " + WAIT);
    }

    private VEvent next(long deadline) throws Exception {
        Object o = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (o == null) {
            throw new AssertionError("no VStream event within " + WAIT);
        }
        if (o instanceof Throwable t) {
            throw new AssertionError("VStream failed: " + t, t);
        }
        return (VEvent) o;
    }
}
