package io.vitessreplicator.source;

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
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate.VStreamResponse;
import io.vitessreplicator.pipeline.SourceEvent;
import io.vitessreplicator.source.wire.WireResponseParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translator gives the same events for a response read from the wire as for the protobuf
 * messages of the same bytes: ROW events decoded from the message's bytes, and the ones that must
 * take the usual path (a boundary pending, a partial image) taking it.
 */
class WireTranslationTest {
    private static EventTranslator translator() {
        return TestTranslators.keyspaceKs();
    }

    private static VEvent field(String shard) {
        return field(shard, "t");
    }

    private static VEvent field(String shard, String tableName) {
        return VEvent.newBuilder().setType(VEventType.FIELD).setKeyspace("ks").setShard(shard)
                .setFieldEvent(FieldEvent.newBuilder().setTableName(tableName)
                        .addFields(Query.Field.newBuilder().setName("id").setType(Query.Type.INT64).setColumnType("bigint")
                                .setFlags(2 /* PRI_KEY_FLAG */))
                        .addFields(Query.Field.newBuilder().setName("v").setType(Query.Type.VARCHAR)
                                .setColumnType("varchar(10)").setCharset(255))).build();
    }

    private static Query.Row image(String id, String v) {
        Query.Row.Builder r = Query.Row.newBuilder().addLengths(id.length());
        r.addLengths(v == null ? -1 : v.length());
        return r.setValues(ByteString.copyFromUtf8(id + (v == null ? "" : v))).build();
    }

    private static VEvent row(String shard, long timestamp, RowChange... changes) {
        return row(shard, "t", timestamp, changes);
    }

    private static VEvent row(String shard, String tableName, long timestamp, RowChange... changes) {
        return VEvent.newBuilder().setType(VEventType.ROW).setKeyspace("ks").setShard(shard).setTimestamp(timestamp)
                .setCurrentTime(1_800_000_123_000_000_000L)
                .setRowEvent(RowEvent.newBuilder().setTableName(tableName).addAllRowChanges(Arrays.asList(changes))).build();
    }

    private static RowChange insert(String id, String v) {
        return RowChange.newBuilder().setAfter(image(id, v)).build();
    }

    private static VEvent vgtid(String gtid) {
        return VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid
                .newBuilder().setKeyspace("ks").setShard("-80").setGtid(gtid))).build();
    }

    private static VEvent of(VEventType type) {
        return VEvent.newBuilder().setType(type).setKeyspace("ks").setShard("-80").build();
    }

    /** What a translator's output says, with row values compared by content. */
    private static List<String> describe(List<SourceEvent> events) {
        List<String> out = new ArrayList<>();
        for (SourceEvent e : events) {
            if (e instanceof SourceEvent.Rows rows) {
                out.add("Rows " + rows.bytes());
                rows.changes().forEach(c -> out.add(c.schema().id() + " " + Arrays.toString(c.before()) + " -> "
                        + Arrays.toString(c.after()) + " " + c.origin().shard() + " " + c.origin().copied()
                        + (c.origin().copied() ? "" : " " + c.origin().commitTime())));
            } else {
                out.add(e.toString());
            }
        }
        return out;
    }

    @Test
    void aResponseReadFromTheWireTranslatesAsItsProtobufMessagesDo() throws Exception {
        List<List<VEvent>> responses = List.of(
                // the copy phase: a VGTID outside a transaction (a boundary pending), then rows
                List.of(field("-80"), vgtid("MySQL56/a:1-5"), row("-80", 0, insert("1", "a")),
                        row("-80", 0, insert("2", null)), row("-80", 0, insert("3", ""))),
                // the binlog: a transaction with an update and a delete, on two shards
                List.of(of(VEventType.BEGIN), field("80-"), row("80-", 1_700_000_000L,
                        RowChange.newBuilder().setBefore(image("9", "x")).setAfter(image("9", "y")).build(),
                        RowChange.newBuilder().setBefore(image("10", "z")).build()),
                        row("-80", 1_700_000_001L, insert("4", "d")), vgtid("MySQL56/a:1-6"), of(VEventType.COMMIT)));
        List<SourceEvent> fromMessages = new ArrayList<>();
        List<SourceEvent> fromWire = new ArrayList<>();
        EventTranslator a = translator();
        EventTranslator b = translator();
        for (List<VEvent> events : responses) {
            a.translate(events, fromMessages::add);
            b.translate(WireResponseParser.parse(VStreamResponse.newBuilder().addAllEvents(events).build().toByteArray()),
                    fromWire::add);
        }
        assertThat(describe(fromWire)).isEqualTo(describe(fromMessages));
        assertThat(describe(fromWire)).filteredOn(s -> s.startsWith("ks.t ")).hasSize(6);
    }

    @Test
    void partialJsonValuesAreRefusedOnEitherPath() throws Exception {
        RowChange partialJson = RowChange.newBuilder().setBefore(image("1", "a")).setAfter(image("1", "b"))
                .setJsonPartialValues(RowChange.Bitmap.newBuilder().setCount(2).setCols(ByteString.copyFrom(new byte[] {2})))
                .build();
        List<VEvent> events = List.of(of(VEventType.BEGIN), field("-80"), row("-80", 1_700_000_000L, partialJson));
        assertThatThrownBy(() -> translator().translate(events, e -> { }))
                .isInstanceOf(SourceException.class).hasMessageContaining("partial JSON")
                .hasMessageContaining("binlog_row_value_options");
        assertThatThrownBy(() -> translator().translate(WireResponseParser.parse(VStreamResponse.newBuilder()
                .addAllEvents(events).build().toByteArray()), e -> { }))
                .isInstanceOf(SourceException.class).hasMessageContaining("partial JSON");
    }

    /**
     * With source.exclude-keyspace-from-table-name vtgate sends bare table names; without it, or
     * before Vitess 23, it sends {@code keyspace.table}. Both name the same table, and a bare name
     * with a dot in it is that whole name in the event's keyspace, not a keyspace and a table.
     */
    @Test
    void bareAndKeyspaceQualifiedTableNamesNameTheSameTable() throws Exception {
        for (boolean wire : new boolean[] {false, true}) {
            List<String> bare = describe(translate(wire, "t"));
            assertThat(describe(translate(wire, "ks.t"))).as("wire " + wire).isEqualTo(bare)
                    .filteredOn(s -> s.startsWith("ks.t null -> [1, a]")).hasSize(1);
            assertThat(describe(translate(wire, "a.b"))).as("wire " + wire)
                    .filteredOn(s -> s.startsWith("ks.a.b null -> [1, a]")).hasSize(1);
        }
    }

    /** One transaction inserting a row into the table named {@code tableName}, on either path. */
    private static List<SourceEvent> translate(boolean wire, String tableName) throws Exception {
        List<VEvent> events = List.of(vgtid("MySQL56/a:1-5"), of(VEventType.BEGIN), field("-80", tableName),
                row("-80", tableName, 1_700_000_000L, insert("1", "a")), vgtid("MySQL56/a:1-6"), of(VEventType.COMMIT));
        List<SourceEvent> out = new ArrayList<>();
        EventTranslator t = translator();
        if (wire) {
            t.translate(WireResponseParser.parse(VStreamResponse.newBuilder().addAllEvents(events).build().toByteArray()),
                    out::add);
        } else {
            t.translate(events, out::add);
        }
        return out;
    }
}
