package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vtgate's errors for a shard set the stream cannot follow, as the replicator reports them. */
class TopologyErrorsTest {
    private static VGtid streaming(String... shards) {
        VGtid.Builder b = VGtid.newBuilder();
        for (String s : shards) {
            b.addShardGtids(ShardGtid.newBuilder().setKeyspace("customer").setShard(s).setGtid("MySQL56/a:1-3"));
        }
        return b.build();
    }

    private static final Map<String, List<String>> SERVING = Map.of("customer", List.of("-40", "40-80", "80-c0", "c0-"));

    @Test
    void aShardDeletedWhileStoppedIsALostPosition() {
        // vtgate v24, vstream_manager.go keyspaceHasBeenResharded
        var e = new StatusRuntimeException(Status.FAILED_PRECONDITION.withDescription("failed to determine if keyspace"
                + " customer has been resharded: shard provided in VGTID, -80, not found in the customer keyspace"));
        SourceException s = TopologyErrors.describe(e, streaming("-80", "80-"), SERVING::get);
        assertThat(s).isInstanceOf(PositionLostException.class).hasCause(e);
        assertThat(s.isTransient()).isFalse();
        assertThat(s.getMessage()).contains("shards [-80, 80-] of keyspace customer", "shard -80 no longer exists",
                "serving shards are now [-40, 40-80, 80-c0, c0-]", "copy the tables again");
        assertThat(((PositionLostException) s).shards()).extracting(PositionCheck.LostShard::shard)
                .containsExactly("-80", "80-");
    }

    @Test
    void pinnedShardsThatAReshardMovesTogetherWithOthersStopWithTheConfigKey() {
        // vtgate v24, vstream_manager.go getJournalEvent
        var e = new StatusRuntimeException(Status.INTERNAL.withDescription("error getting journal event for shard GTID"
                + " keyspace:\"customer\" shard:\"-80\" gtid:\"MySQL56/a:1-9\" on tablet zone1-0000000101: not all"
                + " journaling participants are in the stream: journal: [keyspace:\"customer\" shard:\"-80\""
                + " keyspace:\"customer\" shard:\"80-\"], stream: [keyspace:\"customer\" shard:\"-80\" gtid:\"MySQL56/a:1-9\"]"));
        SourceException s = TopologyErrors.describe(e, streaming("-80"), SERVING::get);
        assertThat(s).isNotInstanceOf(PositionLostException.class).hasCause(e);
        assertThat(s.isTransient()).as("INTERNAL is otherwise retried; this does not heal").isFalse();
        assertThat(s.getMessage()).contains("reshard of keyspace customer", "only shards [-80]",
                "source.shards.customer", "moves shards [-80, 80-] together to [-40, 40-80, 80-c0, c0-]",
                "Nothing is lost");
    }

    @Test
    void otherErrorsAreNotTheirs() {
        var e = new StatusRuntimeException(Status.UNAVAILABLE.withDescription("connection refused"));
        assertThat(TopologyErrors.describe(e, streaming("-80"), k -> List.of())).isNull();
    }
}
