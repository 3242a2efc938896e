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
 * A table that appears while streaming is copied once every shard has delivered the DDL that
 * created it. The stream that waits for the last shard may end first (seen in an end-to-end run:
 * vttablet's schema reload failed the stream between the two shards' RENAME TABLE). The restarted
 * stream must still copy the table; it did not, because the wait lived only in the ended stream,
 * and the table then stayed without its existing rows.
 */
class NewTableAcrossRestartTest {
    private static final TableId ADDED = new TableId("ks", "added");
    private final List<SourceEvent> out = new ArrayList<>();

    private static VGtid at(int n) {
        String gtid = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n;
        return VGtid.newBuilder()
                .addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("-80").setGtid(gtid))
                .addShardGtids(ShardGtid.newBuilder().setKeyspace("ks").setShard("80-").setGtid(gtid)).build();
    }

    /** The saved state of a pipeline that replicates ks.t on both shards, past the initial copy. */
    private static String streamingState() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        TableSchema t = new TableSchema(new TableId("ks", "t"), List.of(new Column("id", ColumnType.of(ColumnType.Kind.BIGINT,
                "bigint"), false)), List.of("id"));
        List<Query.Field> layout = List.of(Query.Field.newBuilder().setName("id").setType(Query.Type.INT64)
                .setColumnType("bigint").build());
        schemas.onField("ks", "-80", t, null, layout);
        schemas.onField("ks", "80-", t, null, layout);
        schemas.copyCompleted();
        return schemas.snapshot();
    }

    private EventTranslator translator(String state, int position) {
        return new EventTranslator((id, fe) -> Optional.empty(), SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, state),
                x -> true, Position.of(at(position)), Map.of("ks", "t"), new CopyStartWatch(() -> { }));
    }

    private void send(EventTranslator t, String shard, VEvent.Builder e) {
        t.translate(e.setKeyspace("ks").setShard(shard).build(), out::add);
    }

    private String lastState() {
        return out.stream().filter(SourceEvent.SchemaChanged.class::isInstance).map(SourceEvent.SchemaChanged.class::cast)
                .map(SourceEvent.SchemaChanged::state).filter(s -> s != null).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aNewTableSeenOnOneShardBeforeARestartIsCopiedByTheNextStream() {
        EventTranslator first = translator(streamingState(), 1);
        send(first, "-80", VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        send(first, "-80", VEvent.newBuilder().setType(VEventType.DDL).setStatement("create table added (id bigint primary key)"));
        assertThat(out).noneMatch(SourceEvent.AddTables.class::isInstance); // 80- has not delivered it yet
        String saved = lastState();
        assertThat(out).last().isEqualTo(new SourceEvent.Boundary(Position.of(at(2))));

        // The stream ends here; the next one starts from the committed position and state.
        out.clear();
        EventTranslator next = translator(saved, 2);
        send(next, "80-", VEvent.newBuilder().setType(VEventType.HEARTBEAT));
        assertThat(out).filteredOn(SourceEvent.AddTables.class::isInstance).singleElement()
                .isEqualTo(new SourceEvent.AddTables(List.of(ADDED)));
        int restartAt = out.indexOf(new SourceEvent.AddTables(List.of(ADDED)));
        assertThat(out.subList(0, restartAt)).as("the copy's state is committed at the start position first")
                .contains(new SourceEvent.Boundary(Position.of(at(2))));
        SchemaTracker after = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, lastState());
        assertThat(after.copyingTables()).containsExactly("ks.added");
        assertThat(after.awaitingCopy()).isEmpty();
    }

    @Test
    void aNewTableDroppedBeforeItsCopyIsNotCopiedAfterARestart() {
        EventTranslator first = translator(streamingState(), 1);
        send(first, "-80", VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(2)));
        send(first, "-80", VEvent.newBuilder().setType(VEventType.DDL).setStatement("create table added (id bigint primary key)"));
        send(first, "-80", VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(at(3)));
        send(first, "-80", VEvent.newBuilder().setType(VEventType.DDL).setStatement("drop table added"));
        assertThat(SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, lastState()).awaitingCopy()).isEmpty();
    }
}
