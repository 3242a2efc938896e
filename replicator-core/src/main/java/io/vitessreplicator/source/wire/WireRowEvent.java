package io.vitessreplicator.source.wire;

import binlogdata.Binlogdata.VEvent;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A ROW event read by {@link WireResponseParser} without protobuf's message classes: its keyspace,
 * shard, table and times, and its row changes as image numbers of its {@link WireResponse}. Only
 * events with full row images and no field the replicator does not know take this form; any other
 * event stays a {@link VEvent}. {@link #toVEvent()} parses the same bytes the usual way.
 */
public final class WireRowEvent {
    private final WireResponse response;
    private final int offset;
    private final int length;
    private final String keyspace;
    private final String shard;
    private final String tableName;
    private final long timestamp;
    private final long currentTime;
    private final int firstChange;
    private final int changeCount;

    WireRowEvent(WireResponse response, int offset, int length, String keyspace, String shard, String tableName,
                 long timestamp, long currentTime, int firstChange, int changeCount) {
        this.response = response;
        this.offset = offset;
        this.length = length;
        this.keyspace = keyspace;
        this.shard = shard;
        this.tableName = tableName;
        this.timestamp = timestamp;
        this.currentTime = currentTime;
        this.firstChange = firstChange;
        this.changeCount = changeCount;
    }

    public WireResponse response() {
        return response;
    }

    public String keyspace() {
        return keyspace;
    }

    public String shard() {
        return shard;
    }

    public String tableName() {
        return tableName;
    }

    /** The transaction's commit time in seconds; 0 for copy-phase rows. */
    public long timestamp() {
        return timestamp;
    }

    /** vtgate's time when it sent the event, in nanoseconds; 0 when not set. */
    public long currentTime() {
        return currentTime;
    }

    public int changeCount() {
        return changeCount;
    }

    /** The before image of change {@code i} (an image number of {@link #response()}), or -1 for an insert. */
    public int before(int i) {
        return response.beforeImage(firstChange + i);
    }

    /** The after image of change {@code i}, or -1 for a delete. */
    public int after(int i) {
        return response.afterImage(firstChange + i);
    }

    /** The same event as protobuf parses it. */
    public VEvent toVEvent() {
        try {
            return VEvent.parser().parseFrom(response.bytes(), offset, length);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a ROW event that parsed once no longer parses", e);
        }
    }
}
