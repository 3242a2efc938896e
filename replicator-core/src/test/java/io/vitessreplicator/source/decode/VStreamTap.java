package io.vitessreplicator.source.decode;

import binlogdata.Binlogdata;
import binlogdata.Binlogdata.VEvent;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.vitess.proto.Topodata;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One VStream of one table, whose events a test takes one by one with a deadline (no sleeps). */
final class VStreamTap {
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final long deadline;

    private VStreamTap(Duration wait) {
        this.deadline = System.nanoTime() + wait.toNanos();
    }

    /**
     * Streams {@code table} of every shard of {@code keyspace}: from {@code gtid} "" the copy phase
     * runs first, from "current" only new changes arrive.
     */
    static VStreamTap open(ManagedChannel channel, String keyspace, String table, String gtid, Duration wait) {
        VStreamTap tap = new VStreamTap(wait);
        Vtgate.VStreamRequest request = Vtgate.VStreamRequest.newBuilder()
                .setTabletType(Topodata.TabletType.PRIMARY)
                .setVgtid(Binlogdata.VGtid.newBuilder().addShardGtids(
                        Binlogdata.ShardGtid.newBuilder().setKeyspace(keyspace).setShard("").setGtid(gtid)))
                .setFilter(Binlogdata.Filter.newBuilder().addRules(Binlogdata.Rule.newBuilder()
                        .setMatch(table).setFilter("select * from " + table)))
                .setFlags(Vtgate.VStreamFlags.newBuilder().setHeartbeatInterval(1))
                .build();
        VitessGrpc.newStub(channel).vStream(request, new StreamObserver<>() {
            @Override public void onNext(Vtgate.VStreamResponse r) { tap.received.addAll(r.getEventsList()); }
            @Override public void onError(Throwable t) { tap.received.add(t); }
            @Override public void onCompleted() { tap.received.add(new IllegalStateException("stream ended")); }
        });
        return tap;
    }

    /** The next event; fails the test when none arrives before the deadline. */
    VEvent next() throws InterruptedException {
        Object o = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (o == null) {
            throw new AssertionError("no VStream event before the deadline");
        }
        if (o instanceof Throwable t) {
            throw new AssertionError("VStream failed: " + t, t);
        }
        return (VEvent) o;
    }
}
