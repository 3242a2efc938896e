package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.Position;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision only; PositionLostIT shows it against a shard whose binary logs were purged. */
class PositionCheckTest {
    private static final String U = "dcd0b67b-ee9c-11f1-b044-02fc00000001";

    private static Position position(String gtidMinus80, String gtid80Plus) {
        return Position.of(VGtid.newBuilder()
                .addShardGtids(ShardGtid.newBuilder().setKeyspace("customer").setShard("-80").setGtid(gtidMinus80))
                .addShardGtids(ShardGtid.newBuilder().setKeyspace("customer").setShard("80-").setGtid(gtid80Plus))
                .build());
    }

    @Test
    void aShardThatPurgedUnseenTransactionsIsNamedWithThem() {
        Map<String, String> purged = Map.of("-80", U + ":1-57", "80-", U + ":1-10");
        PositionCheck check = new PositionCheck((ks, shard) -> purged.get(shard));
        Position p = position("MySQL56/" + U + ":1-37", "MySQL56/" + U + ":1-40");

        assertThatThrownBy(() -> check.verify("orders", p))
                .isInstanceOf(PositionLostException.class)
                .hasMessageContaining("Cannot resume pipeline orders")
                .hasMessageContaining("on shard customer/-80.")
                .hasMessageContaining("customer/-80: " + U + ":38-57")
                .hasMessageNotContaining("customer/80-")
                .hasMessageContaining("copy the tables again")
                .satisfies(e -> assertThat(((PositionLostException) e).shards())
                        .containsExactly(new PositionCheck.LostShard("customer", "-80", U + ":38-57")));
    }

    @Test
    void shardsThatStillHoldEverythingPass() {
        PositionCheck check = new PositionCheck((ks, shard) -> U + ":1-37");
        assertThatCode(() -> check.verify("orders", position("MySQL56/" + U + ":1-37", "MySQL56/" + U + ":1-90")))
                .doesNotThrowAnyException();
    }

    @Test
    void copyingShardsAndUnreadableShardsAreNotJudged() {
        // an empty GTID (copy not started) has nothing to resume; null: gtid_purged could not be read
        PositionCheck check = new PositionCheck((ks, shard) -> shard.equals("-80") ? U + ":1-99" : null);
        assertThatCode(() -> check.verify("orders", position("", "MySQL56/" + U + ":1-2"))).doesNotThrowAnyException();
    }
}
