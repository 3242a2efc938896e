package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.pipeline.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The copy's end: vtgate sends the stream's final COPY_COMPLETED only when every shard of the
 * stream sent its own, which never happens when a resumed copy has shards that had already
 * completed (seen on the cluster: a backfill resumed after -80 completed never exited). The
 * translator then ends the copy itself when the copying shards complete.
 */
class CopyCompletionTest {
    private final List<SourceEvent> out = new ArrayList<>();

    private static ShardGtid shard(String shard, String gtid, TableLastPK... pks) {
        return ShardGtid.newBuilder().setKeyspace("ks").setShard(shard).setGtid(gtid).addAllTablePKs(List.of(pks)).build();
    }

    private static final TableLastPK MARKER = TableLastPK.newBuilder().setTableName("t").build();

    private EventTranslator translator(VGtid start) {
        return new EventTranslator((id, fe) -> Optional.empty(), SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null),
                t -> true, Position.of(start), Map.of("ks", "t"), new CopyStartWatch(() -> { }));
    }

    private void shardCompleted(EventTranslator t, String shard) {
        t.translate(VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).setKeyspace("ks").setShard(shard).build(), out::add);
    }

    private long copyEnds() {
        return out.stream().filter(SourceEvent.CopyCompleted.class::isInstance).count();
    }

    @Test
    void aResumedCopyWhoseOtherShardsHadCompletedEndsWithItsLastCopyingShard() {
        EventTranslator t = translator(VGtid.newBuilder().addShardGtids(shard("-80", "MySQL56/a:1-5"))
                .addShardGtids(shard("80-", "MySQL56/b:1-5", MARKER)).build());
        shardCompleted(t, "80-");
        assertThat(copyEnds()).isEqualTo(1);
        t.translate(VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).build(), out::add);
        assertThat(copyEnds()).as("ended once").isEqualTo(1);
    }

    @Test
    void whenEveryShardCopiesTheEndIsVtgates() {
        EventTranslator t = translator(VGtid.newBuilder().addShardGtids(shard("-80", "MySQL56/a:1-5", MARKER))
                .addShardGtids(shard("80-", "MySQL56/b:1-5", MARKER)).build());
        shardCompleted(t, "-80");
        shardCompleted(t, "80-");
        assertThat(copyEnds()).isZero();
        t.translate(VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).build(), out::add);
        assertThat(copyEnds()).isEqualTo(1);
    }

    @Test
    void aCopyWhoseShardsAllCompletedBeforeTheStreamIsRecordedAsEndedAtTheFirstEvent() {
        EventTranslator t = translator(VGtid.newBuilder().addShardGtids(shard("-80", "MySQL56/a:1-5"))
                .addShardGtids(shard("80-", "MySQL56/b:1-5")).build());
        t.translate(VEvent.newBuilder().setType(VEventType.HEARTBEAT).build(), out::add);
        assertThat(copyEnds()).isEqualTo(1);
        assertThat(out).filteredOn(SourceEvent.Boundary.class::isInstance).singleElement()
                .satisfies(b -> assertThat(((SourceEvent.Boundary) b).position().isCopying()).isFalse());
    }
}
