package io.vitessreplicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.Position;
import org.junit.jupiter.api.Test;

class ReplicatorMetricsShardsTest {
    private static Position position(String... keyspaceShards) {
        VGtid.Builder b = VGtid.newBuilder();
        for (String ks : keyspaceShards) {
            String[] p = ks.split("/");
            b.addShardGtids(ShardGtid.newBuilder().setKeyspace(p[0]).setShard(p[1]).setGtid("MySQL56/u:1-5"));
        }
        return Position.of(b.build());
    }

    @Test
    void theGaugeFollowsTheShardsOfTheCommittedPosition() {
        ReplicatorMetrics m = new ReplicatorMetrics("p-shards");
        m.position(position("commerce/0", "customer/-80", "customer/80-"));
        assertThat(m.scrape()).contains("replicator_shards{keyspace=\"customer\",pipeline=\"p-shards\"} 2.0")
                .contains("replicator_shards{keyspace=\"commerce\",pipeline=\"p-shards\"} 1.0");

        // a reshard's cut-over: customer now has four shards
        m.committed(position("commerce/0", "customer/-40", "customer/40-80", "customer/80-c0", "customer/c0-"), 1, 1, 1);
        assertThat(m.scrape()).contains("replicator_shards{keyspace=\"customer\",pipeline=\"p-shards\"} 4.0");

        // a keyspace no longer streamed reports 0
        m.position(position("commerce/0"));
        assertThat(m.scrape()).contains("replicator_shards{keyspace=\"customer\",pipeline=\"p-shards\"} 0.0")
                .contains("replicator_shards{keyspace=\"commerce\",pipeline=\"p-shards\"} 1.0");
    }
}
