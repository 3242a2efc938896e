package io.vitessreplicator.source.wire;

import binlogdata.Binlogdata.VEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a {@code VStreamResponse} from its protobuf bytes, taking plain ROW events apart by hand
 * and every other event with protobuf's generated parser.
 *
 * <p>Why: the copy phase sends one ROW event per row, and protobuf's generated code spends more on
 * such an event than the replicator spends decoding its values: a builder and a message for the
 * event, its row event, each row change and each row, a list for the lengths, a copy of the
 * values, and five strings (proto3 decodes strings eagerly). Here a ROW event costs one small
 * object; the strings come from a cache (the events of a response name the same keyspace, shard
 * and table), and the row images stay where they are in the message's bytes.
 *
 * <p>What takes the hand path is narrow on purpose: a ROW event whose fields are all known here,
 * with full row images (no {@code data_columns} naming a subset) and no partial JSON values. Any
 * other event, and any ROW event that does not fit, is parsed by protobuf, so the translator's
 * checks and error messages see it as before. The wire format read here is protobuf's, which
 * protobuf guarantees to stay compatible: fields are known by number, unknown ones send the event
 * down the protobuf path.
 */
public final class WireResponseParser {
    // VStreamResponse
    private static final int RESPONSE_EVENTS = 1;
    // binlogdata.VEvent
    private static final int EVENT_TYPE = 1;
    private static final int EVENT_TIMESTAMP = 2;
    private static final int EVENT_ROW_EVENT = 5;
    private static final int EVENT_CURRENT_TIME = 20;
    private static final int EVENT_KEYSPACE = 22;
    private static final int EVENT_SHARD = 23;
    private static final int EVENT_THROTTLED = 24;
    private static final int EVENT_THROTTLED_REASON = 25;
    private static final int EVENT_COMMIT_PARENT = 26;
    private static final int EVENT_SEQUENCE_NUMBER = 27;
    private static final int EVENT_EVENT_GTID = 28;
    private static final int TYPE_ROW = binlogdata.Binlogdata.VEventType.ROW_VALUE;
    // binlogdata.RowEvent
    private static final int ROW_EVENT_TABLE_NAME = 1;
    private static final int ROW_EVENT_ROW_CHANGES = 2;
    private static final int ROW_EVENT_KEYSPACE = 3;
    private static final int ROW_EVENT_SHARD = 4;
    private static final int ROW_EVENT_FLAGS = 5;
    private static final int ROW_EVENT_IS_INTERNAL_TABLE = 6;
    // binlogdata.RowChange
    private static final int CHANGE_BEFORE = 1;
    private static final int CHANGE_AFTER = 2;
    private static final int CHANGE_DATA_COLUMNS = 3;
    // binlogdata.RowChange.Bitmap
    private static final int BITMAP_COUNT = 1;
    private static final int BITMAP_COLS = 2;
    // query.Row
    private static final int ROW_LENGTHS = 1;
    private static final int ROW_VALUES = 2;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] b;
    private int pos;
    private final WireResponse response;
    /** The last string read for each of keyspace, shard and table name: offset, length, value. */
    private final int[] cachedAt = new int[6];
    private final String[] cached = new String[3];

    private WireResponseParser(byte[] bytes) {
        this.b = bytes;
        this.response = new WireResponse(bytes);
    }

    /**
     * @throws InvalidProtocolBufferException when the bytes are not a {@code VStreamResponse}
     */
    public static WireResponse parse(byte[] bytes, int offset, int length) throws InvalidProtocolBufferException {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + bytes.length);
        }
        WireResponseParser p = new WireResponseParser(bytes);
        p.response(offset, offset + length);
        return p.response;
    }

    public static WireResponse parse(byte[] bytes) throws InvalidProtocolBufferException {
        return parse(bytes, 0, bytes.length);
    }

    private void response(int from, int end) throws InvalidProtocolBufferException {
        pos = from;
        try {
            while (pos < end) {
                long tag = varint(end);
                if (tag >>> 3 == RESPONSE_EVENTS && (tag & 7) == LENGTH_DELIMITED) {
                    int eventEnd = delimited(end);
                    event(pos, eventEnd);
                    pos = eventEnd;
                } else {
                    skip((int) tag & 7, end);
                }
            }
        } catch (Malformed e) {
            throw new InvalidProtocolBufferException("Cannot read a VStream response: " + e.getMessage());
        }
    }

    private void event(int from, int end) throws InvalidProtocolBufferException {
        int lengths = response.lengthCount;
        int images = response.imageCount;
        int changes = response.changeCount;
        WireRowEvent row;
        try {
            row = rowEvent(from, end);
        } catch (Malformed e) {
            row = null; // protobuf's parser below says what is wrong
        }
        if (row != null) {
            response.addEvent(row);
        } else {
            response.truncate(lengths, images, changes);
            response.addEvent(VEvent.parser().parseFrom(b, from, end - from));
        }
    }

    /** The event as a {@link WireRowEvent}, or null when it is not one this parser takes apart. */
    private WireRowEvent rowEvent(int from, int end) {
        pos = from;
        long type = 0;
        long timestamp = 0;
        long currentTime = 0;
        String keyspace = "";
        String shard = "";
        int rowFrom = -1;
        int rowEnd = -1;
        while (pos < end) {
            long tag = varint(end);
            int field = (int) (tag >>> 3);
            int wire = (int) tag & 7;
            switch (field) {
                case EVENT_TYPE -> type = expectVarint(wire, end);
                case EVENT_TIMESTAMP -> timestamp = expectVarint(wire, end);
                case EVENT_CURRENT_TIME -> currentTime = expectVarint(wire, end);
                case EVENT_KEYSPACE -> keyspace = string(wire, end, 0);
                case EVENT_SHARD -> shard = string(wire, end, 1);
                case EVENT_ROW_EVENT -> {
                    if (rowFrom >= 0 || wire != LENGTH_DELIMITED) {
                        return null; // protobuf would merge two: leave that to it
                    }
                    rowEnd = delimited(end);
                    rowFrom = pos;
                    pos = rowEnd;
                }
                // Known, and not read for ROW events by the translator.
                case EVENT_THROTTLED, EVENT_THROTTLED_REASON, EVENT_COMMIT_PARENT, EVENT_SEQUENCE_NUMBER,
                     EVENT_EVENT_GTID -> skip(wire, end);
                default -> {
                    return null;
                }
            }
            if (type != TYPE_ROW && field == EVENT_TYPE) {
                return null;
            }
        }
        if (type != TYPE_ROW || rowFrom < 0) {
            return null;
        }
        int firstChange = response.changeCount;
        String table = rowEventBody(rowFrom, rowEnd);
        if (table == null) {
            return null;
        }
        return new WireRowEvent(response, from, end - from, keyspace, shard, table, timestamp, currentTime,
                firstChange, response.changeCount - firstChange);
    }

    /** Reads a RowEvent's changes into the response; its table name, or null when it does not fit. */
    private String rowEventBody(int from, int end) {
        pos = from;
        String table = "";
        while (pos < end) {
            long tag = varint(end);
            int wire = (int) tag & 7;
            switch ((int) (tag >>> 3)) {
                case ROW_EVENT_TABLE_NAME -> table = string(wire, end, 2);
                case ROW_EVENT_ROW_CHANGES -> {
                    if (wire != LENGTH_DELIMITED) {
                        return null;
                    }
                    int changeEnd = delimited(end);
                    if (!rowChange(pos, changeEnd)) {
                        return null;
                    }
                    pos = changeEnd;
                }
                case ROW_EVENT_KEYSPACE, ROW_EVENT_SHARD, ROW_EVENT_FLAGS, ROW_EVENT_IS_INTERNAL_TABLE -> skip(wire, end);
                default -> {
                    return null;
                }
            }
        }
        return table;
    }

    private boolean rowChange(int from, int end) {
        pos = from;
        int before = -1;
        int after = -1;
        while (pos < end) {
            long tag = varint(end);
            int wire = (int) tag & 7;
            int field = (int) (tag >>> 3);
            if (wire != LENGTH_DELIMITED) {
                return false;
            }
            int fieldEnd = delimited(end);
            switch (field) {
                case CHANGE_BEFORE, CHANGE_AFTER -> {
                    if ((field == CHANGE_BEFORE ? before : after) >= 0) {
                        return false; // protobuf would merge two images
                    }
                    int image = row(pos, fieldEnd);
                    if (image < 0) {
                        return false;
                    }
                    if (field == CHANGE_BEFORE) {
                        before = image;
                    } else {
                        after = image;
                    }
                }
                case CHANGE_DATA_COLUMNS -> {
                    if (!allColumns(pos, fieldEnd)) {
                        return false; // a partial image: the translator reports it
                    }
                }
                default -> {
                    return false; // partial JSON values, or a field newer than this parser
                }
            }
            pos = fieldEnd;
        }
        response.addChange(before, after);
        return true;
    }

    /** Whether a data_columns bitmap names every column (or none, as an unset bitmap does). */
    private boolean allColumns(int from, int end) {
        long count = 0;
        int colsFrom = -1;
        int colsEnd = -1;
        while (pos < end) {
            long tag = varint(end);
            int wire = (int) tag & 7;
            switch ((int) (tag >>> 3)) {
                case BITMAP_COUNT -> count = expectVarint(wire, end);
                case BITMAP_COLS -> {
                    if (wire != LENGTH_DELIMITED) {
                        return false;
                    }
                    colsEnd = delimited(end);
                    colsFrom = pos;
                    pos = colsEnd;
                }
                default -> {
                    return false;
                }
            }
        }
        if (count == 0) {
            return true;
        }
        long set = 0;
        for (int i = Math.max(colsFrom, 0); i < colsEnd; i++) {
            set += Integer.bitCount(b[i] & 0xff);
        }
        return set == count;
    }

    /** Adds a query.Row's image to the response; its number, or -1 when it does not fit. */
    private int row(int from, int end) {
        pos = from;
        int lengthsFrom = response.lengthCount;
        int valuesFrom = -1;
        int valuesEnd = -1;
        while (pos < end) {
            long tag = varint(end);
            int wire = (int) tag & 7;
            switch ((int) (tag >>> 3)) {
                case ROW_LENGTHS -> {
                    if (wire == LENGTH_DELIMITED) {
                        int packedEnd = delimited(end);
                        while (pos < packedEnd) {
                            response.addLength(zigzag(varint(packedEnd)));
                        }
                    } else if (wire == VARINT) {
                        response.addLength(zigzag(varint(end)));
                    } else {
                        return -1;
                    }
                }
                case ROW_VALUES -> {
                    if (wire != LENGTH_DELIMITED || valuesFrom >= 0) {
                        return -1;
                    }
                    valuesEnd = delimited(end);
                    valuesFrom = pos;
                    pos = valuesEnd;
                }
                default -> {
                    return -1;
                }
            }
        }
        if (valuesFrom < 0) {
            valuesFrom = end;
            valuesEnd = end;
        }
        return response.addImage(lengthsFrom, response.lengthCount - lengthsFrom, valuesFrom, valuesEnd - valuesFrom);
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private long expectVarint(int wire, int end) {
        if (wire != VARINT) {
            throw Malformed.INSTANCE;
        }
        return varint(end);
    }

    /** A string field, from the cache slot {@code slot} when the same bytes were read last. */
    private String string(int wire, int end, int slot) {
        if (wire != LENGTH_DELIMITED) {
            throw Malformed.INSTANCE;
        }
        int stringEnd = delimited(end);
        int from = pos;
        int length = stringEnd - from;
        pos = stringEnd;
        String last = cached[slot];
        int lastFrom = cachedAt[2 * slot];
        if (last != null && cachedAt[2 * slot + 1] == length
                && Arrays.equals(b, from, stringEnd, b, lastFrom, lastFrom + length)) {
            return last;
        }
        for (int i = from; i < stringEnd; i++) {
            if (b[i] < 0) {
                throw Malformed.INSTANCE; // not ASCII: protobuf's parser checks and decodes UTF-8
            }
        }
        String s = new String(b, from, length, StandardCharsets.US_ASCII);
        cached[slot] = s;
        cachedAt[2 * slot] = from;
        cachedAt[2 * slot + 1] = length;
        return s;
    }

    /** Reads a length prefix; leaves {@link #pos} at the field's first byte and returns its end. */
    private int delimited(int end) {
        long length = varint(end);
        if (length < 0 || length > end - pos) {
            throw new Malformed("a field of " + length + " bytes runs past its message");
        }
        return pos + (int) length;
    }

    private void skip(int wire, int end) {
        switch (wire) {
            case VARINT -> varint(end);
            case FIXED64 -> advance(8, end);
            case LENGTH_DELIMITED -> pos = delimited(end);
            case FIXED32 -> advance(4, end);
            default -> throw new Malformed("wire type " + wire + " is not read here");
        }
    }

    private void advance(int n, int end) {
        if (n > end - pos) {
            throw new Malformed("a fixed-size field runs past its message");
        }
        pos += n;
    }

    private long varint(int end) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new Malformed("a number runs past its message");
            }
            byte x = b[pos++];
            result |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw new Malformed("a number is longer than 10 bytes");
    }

    /** Bytes this parser does not take; thrown without a stack trace, as it steers the parse. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed("a field has an unexpected wire type");

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
