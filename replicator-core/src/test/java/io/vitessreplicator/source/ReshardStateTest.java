package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
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
 * vtgate follows a reshard by itself: the VGTIDs name the new shards from the cut-over on. The
 * translator then moves the per-shard state to them (issue 12, item 1): the new shards inherit
 * the row layout the old ones agreed on, the old shards' state leaves the saved state, and a
 * reshard during the copy stops instead of losing the rows not yet copied.
 */
class ReshardStateTest {
    private static final TableId T = new TableId("ks", "t");
    private static final List<Query.Field> FIELDS = List.of(
            Query.Field.newBuilder().setName("id").setType(Query.Type.INT64).setColumnType("bigint").build(),
            Query.Field.newBuilder().setName("v").setType(Query.Type.INT32).setColumnType("int").build());
    private final List<SourceEvent> out = new ArrayList<>();

    private static ShardGtid shard(String shard, int n, String... copying) {
        ShardGtid.Builder b = ShardGtid.newBuilder().setKeyspace("ks").setShard(shard)
                .setGtid("MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n);
        for (String t : copying) {
            b.addTablePKs(TableLastPK.newBuilder().setTableName(t));
        }
        return b.build();
    }

    private static VEvent vgtid(ShardGtid... shards) {
        return VEvent.newBuilder().setType(VEventType.VGTID).setVgtid(VGtid.newBuilder().addAllShardGtids(List.of(shards)))
                .build();
    }

    /** A tracker that knows ks.t on shards -80 and 80- with the same layout, past the copy. */
    private static SchemaTracker twoShards() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        TableSchema t = new TableSchema(T, List.of(new Column("id", ColumnType.of(ColumnType.Kind.BIGINT, "bigint"), false),
                new Column("v", ColumnType.of(ColumnType.Kind.INT, "int"), true)), List.of("id"));
        schemas.onField("ks", "-80", t, null, FIELDS);
        schemas.onField("ks", "80-", t, null, FIELDS);
        schemas.copyCompleted();
        schemas.takeDirty();
        return SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, schemas.snapshot());
    }

    private static EventTranslator translator(SchemaTracker schemas, VGtid start) {
        return new EventTranslator((id, fe) -> Optional.empty(), schemas, x -> true, Position.of(start),
                Map.of("ks", "t"), new CopyStartWatch(() -> { }));
    }

    @Test
    void theNewShardsInheritTheLayoutAndTheOldShardsLeaveTheSavedState() {
        SchemaTracker schemas = twoShards();
        EventTranslator t = translator(schemas, vgtid(shard("-80", 5), shard("80-", 5)).getVgtid());

        t.translate(vgtid(shard("-80", 6), shard("80-", 5)), out::add);
        assertThat(out).as("no shard-set change yet").noneMatch(SourceEvent.SchemaChanged.class::isInstance);

        // vtgate's VGTID after the cut-over: the old shards replaced by the journal's new ones
        t.translate(vgtid(shard("-40", 1), shard("40-80", 1), shard("80-c0", 1), shard("c0-", 1)), out::add);

        for (String s : List.of("-40", "40-80", "80-c0", "c0-")) {
            assertThat(schemas.previousLayout("ks", s, T)).as("layout of " + s).isEqualTo(FIELDS);
        }
        assertThat(schemas.previousLayout("ks", "-80", T)).isNull();
        assertThat(schemas.previousLayout("ks", "80-", T)).isNull();
        SourceEvent.SchemaChanged saved = (SourceEvent.SchemaChanged) out.stream()
                .filter(SourceEvent.SchemaChanged.class::isInstance).reduce((x, y) -> y).orElseThrow();
        assertThat(saved.state()).as("the state saved with the next commit")
                .contains("\"shard\":\"c0-\"").doesNotContain("\"shard\":\"-80\"").doesNotContain("\"shard\":\"80-\"");
    }

    @Test
    void oldShardsThatDisagreedPassNoLayoutOn() {
        SchemaTracker schemas = twoShards();
        // -80 saw an ALTER after its last FIELD event: its rows' layout is not known for sure
        schemas.onDdl("ks", "-80", "alter table t add column c int", List.of("-80", "80-"), x -> true);
        EventTranslator t = translator(schemas, vgtid(shard("-80", 5), shard("80-", 5)).getVgtid());
        t.translate(vgtid(shard("-40", 1), shard("40-80", 1), shard("80-", 7)), out::add);

        assertThat(schemas.previousLayout("ks", "-40", T)).isNull();
        assertThat(schemas.previousLayout("ks", "40-80", T)).isNull();
        assertThat(schemas.previousLayout("ks", "80-", T)).as("a shard the reshard did not move keeps its own")
                .isEqualTo(FIELDS);
    }

    @Test
    void aReshardDuringTheCopyStopsInsteadOfLosingTheRowsNotYetCopied() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        EventTranslator t = TestTranslators.keyspaceKs(schemas);
        t.translate(vgtid(shard("-80", 5, "t"), shard("80-", 5, "t")), out::add);
        assertThatThrownBy(() -> t.translate(vgtid(shard("-40", 1), shard("40-80", 1), shard("80-", 5, "t")), out::add))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("Keyspace ks was resharded (shards [-80] became [-40, 40-80])")
                .hasMessageContaining("copy of its existing rows ran on shards [-80]")
                .hasMessageContaining("Copy again");
    }
}
