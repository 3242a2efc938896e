package io.vitessreplicator.source.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.FieldEvent;
import binlogdata.Binlogdata.RowChange;
import binlogdata.Binlogdata.RowEvent;
import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate.VStreamResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-read ROW events must say exactly what protobuf's parser says about the same bytes, and
 * every event the hand path does not take must come out as protobuf parses it.
 */
class WireResponseParserTest {
    private final Random random = new Random(7);

    private Query.Row row(int columns) {
        Query.Row.Builder r = Query.Row.newBuilder();
        StringBuilder values = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            switch (random.nextInt(5)) {
                case 0 -> r.addLengths(-1); // NULL
                case 1 -> r.addLengths(0); // empty string
                default -> {
                    String v = Long.toString(random.nextLong(), 36).repeat(1 + random.nextInt(40));
                    r.addLengths(v.length());
                    values.append(v);
                }
            }
        }
        return r.setValues(ByteString.copyFromUtf8(values.toString())).build();
    }

    private VEvent rowEvent(String table, int changes, long timestamp) {
        RowEvent.Builder re = RowEvent.newBuilder().setTableName(table).setKeyspace("customer").setShard("-80")
                .setFlags(1);
        for (int i = 0; i < changes; i++) {
            RowChange.Builder rc = RowChange.newBuilder();
            switch (random.nextInt(3)) {
                case 0 -> rc.setAfter(row(6));
                case 1 -> rc.setBefore(row(6));
                default -> rc.setBefore(row(6)).setAfter(row(6));
            }
            re.addRowChanges(rc);
        }
        return VEvent.newBuilder().setType(VEventType.ROW).setKeyspace("customer").setShard("-80")
                .setTimestamp(timestamp).setCurrentTime(1_800_000_000_123_456_789L).setRowEvent(re).build();
    }

    private static WireResponse parse(List<VEvent> events) throws InvalidProtocolBufferException {
        return WireResponseParser.parse(VStreamResponse.newBuilder().addAllEvents(events).build().toByteArray());
    }

    /** Checks a hand-read ROW event against the protobuf message it came from. */
    private static void assertSameRows(WireRowEvent w, VEvent expected) {
        assertThat(w.toVEvent()).isEqualTo(expected);
        assertThat(w.keyspace()).isEqualTo(expected.getKeyspace());
        assertThat(w.shard()).isEqualTo(expected.getShard());
        assertThat(w.tableName()).isEqualTo(expected.getRowEvent().getTableName());
        assertThat(w.timestamp()).isEqualTo(expected.getTimestamp());
        assertThat(w.currentTime()).isEqualTo(expected.getCurrentTime());
        RowEvent re = expected.getRowEvent();
        assertThat(w.changeCount()).isEqualTo(re.getRowChangesCount());
        for (int i = 0; i < re.getRowChangesCount(); i++) {
            RowChange rc = re.getRowChanges(i);
            assertSameImage(w.response(), w.before(i), rc.hasBefore() ? rc.getBefore() : null);
            assertSameImage(w.response(), w.after(i), rc.hasAfter() ? rc.getAfter() : null);
        }
    }

    private static void assertSameImage(WireResponse r, int image, Query.Row expected) {
        if (expected == null) {
            assertThat(image).isEqualTo(-1);
            return;
        }
        assertThat(image).isGreaterThanOrEqualTo(0);
        long[] lengths = Arrays.copyOfRange(r.lengths(), r.lengthsFrom(image), r.lengthsFrom(image) + r.valueCount(image));
        assertThat(lengths).containsExactly(expected.getLengthsList().stream().mapToLong(Long::longValue).toArray());
        byte[] values = Arrays.copyOfRange(r.bytes(), r.valuesFrom(image), r.valuesFrom(image) + r.valuesSize(image));
        assertThat(values).isEqualTo(expected.getValues().toByteArray());
    }

    @Test
    void rowEventsAreReadAsProtobufReadsThemAndEveryOtherEventIsProtobufs() throws Exception {
        List<VEvent> events = new ArrayList<>();
        events.add(VEvent.newBuilder().setType(VEventType.BEGIN).setKeyspace("customer").setShard("-80").build());
        events.add(VEvent.newBuilder().setType(VEventType.FIELD).setKeyspace("customer").setShard("-80")
                .setFieldEvent(FieldEvent.newBuilder().setTableName("t").addFields(Query.Field.newBuilder()
                        .setName("id").setType(Query.Type.INT64))).build());
        for (int i = 0; i < 200; i++) {
            // the copy phase: one change per event; the binlog: several, with a commit time
            events.add(rowEvent(i % 50 == 0 ? "other" : "t", i % 3 == 0 ? 1 + random.nextInt(20) : 1,
                    i % 2 == 0 ? 0 : 1_700_000_000L + i));
        }
        events.add(VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(VGtid.newBuilder().addShardGtids(
                ShardGtid.newBuilder().setKeyspace("customer").setShard("-80").setGtid("MySQL56/a:1-9"))).build());
        events.add(VEvent.newBuilder().setType(VEventType.COMMIT).setKeyspace("customer").setShard("-80").build());
        events.add(VEvent.newBuilder().setType(VEventType.DDL).setStatement("alter table t add column c int").build());
        WireResponse r = parse(events);

        assertThat(r.eventCount()).isEqualTo(events.size());
        for (int i = 0; i < events.size(); i++) {
            VEvent expected = events.get(i);
            if (expected.getType() == VEventType.ROW) {
                assertThat(r.event(i)).as("event %d", i).isInstanceOf(WireRowEvent.class);
                assertSameRows((WireRowEvent) r.event(i), expected);
            } else {
                assertThat(r.event(i)).as("event %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void rowEventsTheHandPathDoesNotFitAreLeftToProtobuf() throws Exception {
        VEvent plain = rowEvent("t", 2, 0);
        RowChange.Bitmap partial = RowChange.Bitmap.newBuilder().setCount(6).setCols(ByteString.copyFrom(new byte[] {0x1f})).build();
        RowChange.Bitmap all = RowChange.Bitmap.newBuilder().setCount(6).setCols(ByteString.copyFrom(new byte[] {0x3f})).build();
        VEvent partialImage = plain.toBuilder().setRowEvent(plain.getRowEvent().toBuilder().setRowChanges(0,
                plain.getRowEvent().getRowChanges(0).toBuilder().setDataColumns(partial))).build();
        VEvent fullImage = plain.toBuilder().setRowEvent(plain.getRowEvent().toBuilder().setRowChanges(0,
                plain.getRowEvent().getRowChanges(0).toBuilder().setDataColumns(all))).build();
        VEvent partialJson = plain.toBuilder().setRowEvent(plain.getRowEvent().toBuilder().setRowChanges(0,
                plain.getRowEvent().getRowChanges(0).toBuilder().setJsonPartialValues(all))).build();
        VEvent unknownField = plain.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        VEvent nonAsciiTable = plain.toBuilder().setRowEvent(plain.getRowEvent().toBuilder().setTableName("tëst")).build();
        VEvent throttled = plain.toBuilder().setThrottled(true).setThrottledReason("lag").setSequenceNumber(5).build();

        WireResponse r = parse(List.of(partialImage, fullImage, partialJson, unknownField, nonAsciiTable, throttled));

        assertThat(r.event(0)).isEqualTo(partialImage); // the translator reports partial images
        assertSameRows((WireRowEvent) r.event(1), fullImage); // a bitmap naming every column is a full image
        assertThat(r.event(2)).isEqualTo(partialJson); // ... and partial JSON values
        assertThat(r.event(3)).isEqualTo(unknownField);
        assertThat(r.event(4)).isEqualTo(nonAsciiTable);
        // Known fields the translator does not read. Its images are right although the events
        // before it were given back to protobuf after their images had been read.
        assertSameRows((WireRowEvent) r.event(5), throttled);
    }

    @Test
    void unpackedLengthsAndAbsentValuesReadAsProtobufReadsThem() throws Exception {
        // Some encoders write repeated numbers unpacked; an all-NULL row has no values field.
        Query.Row allNull = Query.Row.newBuilder().addLengths(-1).addLengths(-1).build();
        byte[] unpackedRow = {0x08, 0x06, 0x08, 0x01, 0x12, 0x03, 'a', 'b', 'c'}; // lengths 3, -1 (zigzag 6, 1)
        Query.Row unpacked = Query.Row.parseFrom(unpackedRow);
        VEvent event = VEvent.newBuilder().setType(VEventType.ROW).setRowEvent(RowEvent.newBuilder().setTableName("t")
                .addRowChanges(RowChange.newBuilder().setBefore(allNull).setAfter(unpacked))).build();
        WireResponse r = parse(List.of(event));
        assertSameRows((WireRowEvent) r.event(0), event);
        assertThat(unpacked.getLengthsList()).containsExactly(3L, -1L); // what the bytes mean, read by protobuf
    }

    @Test
    void malformedBytesAreRefused() throws Exception {
        byte[] good = VStreamResponse.newBuilder().addEvents(rowEvent("t", 3, 0)).build().toByteArray();
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        assertThatThrownBy(() -> WireResponseParser.parse(truncated)).isInstanceOf(InvalidProtocolBufferException.class);
        byte[] garbage = "not a protobuf message at all".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> WireResponseParser.parse(garbage)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void theMarshallerReadsWhatGrpcHandsIt() {
        List<VEvent> events = List.of(rowEvent("t", 4, 0), VEvent.newBuilder().setType(VEventType.COMMIT).build());
        byte[] bytes = VStreamResponse.newBuilder().addAllEvents(events).build().toByteArray();
        WireResponse r = new WireResponseMarshaller().parse(new ByteArrayInputStream(bytes));
        assertSameRows((WireRowEvent) r.event(0), events.get(0));
        assertThat(r.event(1)).isEqualTo(events.get(1));
    }
}
