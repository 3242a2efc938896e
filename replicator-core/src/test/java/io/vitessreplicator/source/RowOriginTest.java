package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.FieldEvent;
import binlogdata.Binlogdata.RowEvent;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import com.google.protobuf.ByteString;
import io.vitess.proto.Query;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.pipeline.SourceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each row change says where it came from: vttablet sends copy-phase rows as ROW events without a
 * timestamp, binlog rows with their transaction's commit time; both carry their shard.
 */
class RowOriginTest {
    private final List<SourceEvent> out = new ArrayList<>();

    private static EventTranslator translator() {
        return TestTranslators.keyspaceKs();
    }

    private static VEvent field() {
        return VEvent.newBuilder().setType(VEventType.FIELD).setKeyspace("ks").setShard("-80")
                .setFieldEvent(FieldEvent.newBuilder().setTableName("t")
                        .addFields(Query.Field.newBuilder().setName("id").setType(Query.Type.INT64).setColumnType("bigint")
                                .setFlags(2 /* PRI_KEY_FLAG */))
                        .addFields(Query.Field.newBuilder().setName("v").setType(Query.Type.VARCHAR)
                                .setColumnType("varchar(10)").setCharset(255))).build();
    }

    private static VEvent row(long timestamp, String id, String v) {
        return VEvent.newBuilder().setType(VEventType.ROW).setKeyspace("ks").setShard("-80").setTimestamp(timestamp)
                .setCurrentTime(1_800_000_123_000_000_000L)
                .setRowEvent(RowEvent.newBuilder().setTableName("t").addRowChanges(binlogdata.Binlogdata.RowChange
                        .newBuilder().setAfter(Query.Row.newBuilder().addLengths(id.length()).addLengths(v.length())
                                .setValues(ByteString.copyFromUtf8(id + v))))).build();
    }

    private List<RowChange> changes() {
        return out.stream().filter(SourceEvent.Rows.class::isInstance).flatMap(e -> ((SourceEvent.Rows) e).changes().stream())
                .toList();
    }

    @Test
    void copiedRowsAndBinlogRowsAreToldApart() {
        EventTranslator t = translator();
        t.translate(VEvent.newBuilder().setType(VEventType.BEGIN).build(), out::add);
        t.translate(field(), out::add);
        t.translate(row(0, "1", "copied"), out::add);
        t.translate(row(1_700_000_000L, "2", "streamed"), out::add);
        assertThat(changes()).extracting(RowChange::origin).containsExactly(
                new RowOrigin("-80", Instant.ofEpochSecond(1_800_000_123L), true),
                new RowOrigin("-80", Instant.ofEpochSecond(1_700_000_000L), false));
        assertThat(changes().get(1).after()).containsExactly(2L, "streamed");
    }

    @Test
    void consecutiveRowEventsOfAResponseAreHandedOnTogetherInOrder() {
        EventTranslator t = translator();
        VEvent vgtid = VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(binlogdata.Binlogdata.VGtid.newBuilder()
                .addShardGtids(binlogdata.Binlogdata.ShardGtid.newBuilder().setKeyspace("ks").setShard("-80")
                        .setGtid("MySQL56/a:1-5"))).build();
        t.translate(List.of(VEvent.newBuilder().setType(VEventType.BEGIN).build(), field(), row(0, "1", "a"),
                row(0, "2", "b"), row(0, "3", "c"), vgtid, VEvent.newBuilder().setType(VEventType.COMMIT).build(),
                VEvent.newBuilder().setType(VEventType.BEGIN).build(), row(1_700_000_000L, "4", "d")), out::add);
        // One hand-off for the three copied rows, before the boundary that follows them; the row
        // after the boundary is handed on at the end of the response, not held back.
        // (The FIELD event of a table new to the tracker also records its schema state.)
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SchemaChanged", "TableSeen", "Rows", "Boundary", "Rows");
        assertThat(((SourceEvent.Rows) out.get(2)).changes()).extracting(c -> c.after()[0]).containsExactly(1L, 2L, 3L);
        assertThat(((SourceEvent.Rows) out.get(4)).changes()).extracting(c -> c.after()[0]).containsExactly(4L);
        // Rows of one response share their origin while the times match.
        List<RowChange> copied = ((SourceEvent.Rows) out.get(2)).changes();
        assertThat(copied.get(0).origin()).isSameAs(copied.get(2).origin());
    }
}
