package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.pipeline.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * vtgate sends a DDL as {@code VGTID, DDL}, the VGTID already counting the DDL. A batch that ended
 * at that VGTID before the DDL's effects (its schema state, a truncate) were handed over committed
 * a position past the DDL without them; a crash before the next commit lost the DDL for good (seen
 * in CrashSafetyIT on parquet-s3: a column added with DEFAULT 'x' came back filled with '').
 */
class DdlBoundaryTest {
    private final List<SourceEvent> out = new ArrayList<>();

    private static VGtid at(int n) {
        return VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("0")
                .setGtid("MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n)).build();
    }

    /** A translator whose tracker knows table ks.t (id, v) on shard 0, past the initial copy. */
    private EventTranslator translator() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        TableSchema t = new TableSchema(new TableId("ks", "t"), List.of(new Column("id", ColumnType.of(ColumnType.Kind.BIGINT,
                "bigint"), false), new Column("v", ColumnType.of(ColumnType.Kind.INT, "int"), true)), List.of("id"));
        schemas.onField("ks", "0", t, null, List.of(Query.Field.newBuilder().setName("id").setType(Query.Type.INT64)
                .setColumnType("bigint").build(), Query.Field.newBuilder().setName("v").setType(Query.Type.INT32)
                .setColumnType("int").build()));
        schemas.copyCompleted();
        schemas.takeDirty();
        return new EventTranslator((id, fe) -> Optional.empty(), SchemaTracker.restore(SchemaChangePolicy.DEFAULTS,
                schemas.snapshot()), x -> true, Position.of(at(1)), Map.of("ks", "t"), new CopyStartWatch(() -> { }));
    }

    private void send(EventTranslator t, VEvent.Builder e) {
        t.translate(e.setKeyspace("ks").setShard("0").build(), out::add);
    }

    @Test
    void theBoundaryAtADdlsPositionFollowsTheDdlsState() {
        EventTranslator t = translator();
        send(t, VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        send(t, VEvent.newBuilder().setType(VEventType.DDL).setStatement("alter table t add column c int not null default 7"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).as("the DDL's state first").isInstanceOfSatisfying(SourceEvent.SchemaChanged.class,
                c -> assertThat(c.state()).contains("add column c int not null default 7"));
        assertThat(out.get(1)).isEqualTo(new SourceEvent.Boundary(Position.of(at(2))));
    }

    @Test
    void aVgtidOutsideATransactionIsABoundaryOnceTheNextEventIsNotADdl() {
        EventTranslator t = translator();
        send(t, VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        assertThat(out).isEmpty();
        send(t, VEvent.newBuilder().setType(VEventType.HEARTBEAT));
        assertThat(out).containsExactly(new SourceEvent.Boundary(Position.of(at(2))));
    }

    @Test
    void aResyncRequestCopiesTheTableAgainFromTheNextCommitsBoundary() {
        EventTranslator t = translator();
        java.util.Queue<TableId> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
        t.resyncRequests(requests);
        send(t, VEvent.newBuilder().setType(VEventType.BEGIN));
        requests.add(new TableId("ks", "t")); // asked while a transaction streams: it waits for the commit
        send(t, VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        assertThat(out).isEmpty();
        send(t, VEvent.newBuilder().setType(VEventType.COMMIT));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(new SourceEvent.Boundary(Position.of(at(2))));
        assertThat(out.get(1)).isInstanceOfSatisfying(SourceEvent.SchemaChanged.class, c -> {
            assertThat(c.changes()).singleElement().isInstanceOfSatisfying(
                    io.vitessreplicator.model.SchemaChange.CopyTable.class,
                    copy -> assertThat(copy.describe()).contains(EventTranslator.RESYNC_REASON));
            assertThat(c.state()).contains("ks.t");
        });
        assertThat(out.get(2)).isEqualTo(new SourceEvent.AddTables(List.of(new TableId("ks", "t"))));
        assertThat(requests).isEmpty();
    }

    @Test
    void aResyncRequestedWhileTheSourceIsIdleStartsAtTheHeartbeat() {
        EventTranslator t = translator();
        java.util.Queue<TableId> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
        t.resyncRequests(requests);
        send(t, VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        send(t, VEvent.newBuilder().setType(VEventType.HEARTBEAT));
        out.clear();
        requests.add(new TableId("ks", "t"));
        send(t, VEvent.newBuilder().setType(VEventType.HEARTBEAT));
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).isEqualTo(new SourceEvent.AddTables(List.of(new TableId("ks", "t"))));
    }
}
