package io.vitessreplicator.source.wire;

import binlogdata.Binlogdata.VEvent;
import java.util.Arrays;

/**
 * One {@code VStreamResponse} as read from the wire by {@link WireResponseParser}: its events in
 * order, each either a protobuf {@link VEvent} or, for a plain ROW event, a {@link WireRowEvent}
 * whose row images stay in the message's bytes.
 *
 * <p>The row images of all ROW events are described by three flat tables instead of objects: an
 * image is four ints (where its lengths start in {@link #lengths}, how many there are, where its
 * values start in {@link #bytes}, and their size), and a row change is two image numbers (before,
 * after; -1 when absent). The copy phase sends one ROW event per row, so this is the difference
 * between a few objects per row and about a dozen (builders, a lengths list, a byte string and five
 * strings per event). Immutable once parsed; the byte array is never written.
 */
public final class WireResponse {
    private final byte[] bytes;
    Object[] events = new Object[16];
    int eventCount;
    long[] lengths = new long[64];
    int lengthCount;
    int[] images = new int[32];
    int imageCount;
    int[] changes = new int[16];
    int changeCount;

    WireResponse(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The message bytes the images point into. */
    public byte[] bytes() {
        return bytes;
    }

    public int eventCount() {
        return eventCount;
    }

    /** A {@link VEvent} or a {@link WireRowEvent}. */
    public Object event(int i) {
        return events[i];
    }

    /** Where image {@code image}'s value lengths start in {@link #lengths()}. */
    public int lengthsFrom(int image) {
        return images[4 * image];
    }

    /** How many values image {@code image} has (NULLs included). */
    public int valueCount(int image) {
        return images[4 * image + 1];
    }

    /** Where image {@code image}'s values start in {@link #bytes()}. */
    public int valuesFrom(int image) {
        return images[4 * image + 2];
    }

    /** The size of image {@code image}'s values. */
    public int valuesSize(int image) {
        return images[4 * image + 3];
    }

    /** Every image's value lengths, back to back; -1 is NULL (as {@code query.Row} has them). */
    public long[] lengths() {
        return lengths;
    }

    int beforeImage(int change) {
        return changes[2 * change];
    }

    int afterImage(int change) {
        return changes[2 * change + 1];
    }

    void addEvent(Object event) {
        if (eventCount == events.length) {
            events = Arrays.copyOf(events, 2 * eventCount);
        }
        events[eventCount++] = event;
    }

    void addLength(long length) {
        if (lengthCount == lengths.length) {
            lengths = Arrays.copyOf(lengths, 2 * lengthCount);
        }
        lengths[lengthCount++] = length;
    }

    int addImage(int lengthsFrom, int count, int valuesFrom, int valuesSize) {
        if (4 * imageCount + 4 > images.length) {
            images = Arrays.copyOf(images, 2 * images.length);
        }
        int i = 4 * imageCount;
        images[i] = lengthsFrom;
        images[i + 1] = count;
        images[i + 2] = valuesFrom;
        images[i + 3] = valuesSize;
        return imageCount++;
    }

    int addChange(int before, int after) {
        if (2 * changeCount + 2 > changes.length) {
            changes = Arrays.copyOf(changes, 2 * changes.length);
        }
        changes[2 * changeCount] = before;
        changes[2 * changeCount + 1] = after;
        return changeCount++;
    }

    /** Drops what the last, abandoned ROW event added (it is kept as a {@link VEvent} instead). */
    void truncate(int lengthCount, int imageCount, int changeCount) {
        this.lengthCount = lengthCount;
        this.imageCount = imageCount;
        this.changeCount = changeCount;
    }
}
