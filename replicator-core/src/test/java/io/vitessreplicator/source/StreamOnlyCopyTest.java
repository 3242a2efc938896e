package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.pipeline.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A fresh copy whose stream also holds a keyspace with no table yet (streamed from "current", no
 * copy): vtgate then never sends the stream's final COPY_COMPLETED, so the copy ends when every
 * shard of the copied keyspaces sent its own, not before and not never.
 */
class StreamOnlyCopyTest {
    private final List<SourceEvent> out = new ArrayList<>();

    private static ShardGtid shard(String ks, String shard, String... copying) {
        ShardGtid.Builder b = ShardGtid.newBuilder().setKeyspace(ks).setShard(shard).setGtid("MySQL56/a:1-5");
        for (String t : copying) {
            b.addTablePKs(TableLastPK.newBuilder().setTableName(t));
        }
        return b.build();
    }

    private static VEvent vgtid(ShardGtid... shards) {
        return VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(VGtid.newBuilder().addAllShardGtids(List.of(shards)))
                .build();
    }

    private static VEvent copyCompleted(String ks, String shard) {
        return VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).setKeyspace(ks).setShard(shard).build();
    }

    @Test
    void theCopyEndsWhenEveryShardOfTheCopiedKeyspacesCompleted() {
        EventTranslator t = new EventTranslator((id, fe) -> Optional.empty(),
                SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null), x -> true, null, Map.of("ks", "t"),
                new CopyStartWatch(() -> { })).streamOnly(List.of("moved"));
        t.translate(vgtid(shard("ks", "-80", "t"), shard("ks", "80-", "t"), shard("moved", "-80"), shard("moved", "80-")),
                out::add);
        t.translate(copyCompleted("ks", "-80"), out::add);
        assertThat(out).noneMatch(SourceEvent.CopyCompleted.class::isInstance);
        t.translate(vgtid(shard("ks", "-80"), shard("ks", "80-", "t"), shard("moved", "-80"), shard("moved", "80-")),
                out::add);
        t.translate(copyCompleted("ks", "80-"), out::add);
        assertThat(out).filteredOn(SourceEvent.CopyCompleted.class::isInstance).hasSize(1);
    }
}
