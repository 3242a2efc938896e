package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VEvent;
import binlogdata.Binlogdata.VEventType;
import binlogdata.Binlogdata.VGtid;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.pipeline.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vtgate drops a table from a shard's lastpks when its copy finishes there; the translator saves
 * that in the tracker's state, so a resumed copy can leave the table out.
 */
class CopiedTablesTest {
    private static final List<String> SHARDS = List.of("-80", "80-");

    private static ShardGtid shard(String shard, String... copying) {
        ShardGtid.Builder sg = ShardGtid.newBuilder().setKeyspace("ks").setShard(shard).setGtid("MySQL56/a:1-5");
        for (String t : copying) {
            sg.addTablePKs(TableLastPK.newBuilder().setTableName(t)
                    .setLastpk(Query.QueryResult.newBuilder().addFields(Query.Field.newBuilder().setName("id"))));
        }
        return sg.build();
    }

    private static VEvent vgtid(ShardGtid... shards) {
        return VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(VGtid.newBuilder().addAllShardGtids(List.of(shards)))
                .build();
    }

    @Test
    void aTableLeavingEveryShardsLastpksIsSavedAsCopied() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        EventTranslator t = TestTranslators.keyspaceKs(schemas);
        List<SourceEvent> out = new ArrayList<>();
        TableId a = new TableId("ks", "a");
        TableId b = new TableId("ks", "b");

        t.translate(vgtid(shard("-80", "a"), shard("80-", "a")), out::add);
        assertThat(schemas.copiedOnEveryShard(a, SHARDS)).isFalse();
        t.translate(vgtid(shard("-80", "b"), shard("80-", "a")), out::add); // a done on -80 only
        assertThat(schemas.copiedOnEveryShard(a, SHARDS)).isFalse();
        assertThat(out).filteredOn(SourceEvent.SchemaChanged.class::isInstance).hasSize(1);
        t.translate(vgtid(shard("-80", "b"), shard("80-", "b")), out::add);
        assertThat(schemas.copiedOnEveryShard(a, SHARDS)).isTrue();
        assertThat(schemas.copiedOnEveryShard(b, SHARDS)).isFalse();

        // The state the last SchemaChanged carried says so too: what a resumed copy reads.
        SourceEvent.SchemaChanged last = (SourceEvent.SchemaChanged) out.stream()
                .filter(SourceEvent.SchemaChanged.class::isInstance).reduce((x, y) -> y).orElseThrow();
        SchemaTracker restored = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, last.state());
        assertThat(restored.copiedOnEveryShard(a, SHARDS)).isTrue();
        assertThat(restored.copiedOnEveryShard(b, SHARDS)).isFalse();

        // Once the initial copy is done the list is dropped: later copies are planned otherwise.
        restored.copyCompleted();
        assertThat(restored.copiedOnEveryShard(a, SHARDS)).isFalse();
    }

    @Test
    void streamingVgtidsChangeNothing() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        EventTranslator t = TestTranslators.keyspaceKs(schemas);
        List<SourceEvent> out = new ArrayList<>();
        t.translate(vgtid(shard("-80"), shard("80-")), out::add);
        t.translate(vgtid(shard("-80"), shard("80-")), out::add);
        assertThat(out).noneMatch(SourceEvent.SchemaChanged.class::isInstance);
    }
}
