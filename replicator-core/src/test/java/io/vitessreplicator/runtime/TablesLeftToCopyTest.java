package io.vitessreplicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SchemaChangePolicy;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.source.SchemaTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resumed initial copy asks vtgate for. */
class TablesLeftToCopyTest {
    private static final List<TableId> TABLES = List.of(new TableId("ks", "a"), new TableId("ks", "b"),
            new TableId("ks", "c"));

    private static Position position(ShardGtid... shards) {
        return Position.of(VGtid.newBuilder().addAllShardGtids(List.of(shards)).build());
    }

    private static ShardGtid shard(String shard, String... withLastpk) {
        ShardGtid.Builder sg = ShardGtid.newBuilder().setKeyspace("ks").setShard(shard).setGtid("MySQL56/a:1-5");
        for (String t : withLastpk) {
            sg.addTablePKs(TableLastPK.newBuilder().setTableName(t)
                    .setLastpk(Query.QueryResult.newBuilder().addFields(Query.Field.newBuilder().setName("id"))));
        }
        return sg.build();
    }

    @Test
    void aFreshCopyAsksForEveryTable() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        assertThat(ReplicationJob.tablesLeftToCopy(null, schemas, TABLES)).containsExactly("a", "b", "c");
    }

    @Test
    void aTableCopiedOnEveryShardIsLeftOut() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        schemas.tableCopiedOnShard("ks", "-80", "a");
        schemas.tableCopiedOnShard("ks", "80-", "a");
        schemas.tableCopiedOnShard("ks", "-80", "b"); // b: only one shard
        Position start = position(shard("-80", "c"), shard("80-", "b"));
        assertThat(ReplicationJob.tablesLeftToCopy(start, schemas, TABLES)).containsExactly("b", "c");
    }

    @Test
    void aTableWithALastpkIsAlwaysAskedFor() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        for (String s : List.of("-80", "80-")) {
            schemas.tableCopiedOnShard("ks", s, "a");
            schemas.tableCopiedOnShard("ks", s, "b");
        }
        // The state was saved a little past the position (its lastpk for b is still there).
        Position start = position(shard("-80", "b"), shard("80-"));
        assertThat(ReplicationJob.tablesLeftToCopy(start, schemas, TABLES)).containsExactly("b", "c");
    }

    @Test
    void neverAnEmptyListWhichVttabletReadsAsEveryTable() {
        SchemaTracker schemas = SchemaTracker.restore(SchemaChangePolicy.DEFAULTS, null);
        for (String s : List.of("-80", "80-")) {
            TABLES.forEach(t -> schemas.tableCopiedOnShard("ks", s, t.name()));
        }
        Position start = position(shard("-80"), shard("80-"));
        assertThat(ReplicationJob.tablesLeftToCopy(start, schemas, TABLES)).containsExactly("a", "b", "c");
    }
}
