package io.vitessreplicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CopyProgressTest {
    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CopyProgress progress = new CopyProgress(registry, nanos::get);
    private final TableId orders = TableId.parse("customer.orders");

    private static Position copying(String... tablesOnShard) {
        VGtid.Builder v = VGtid.newBuilder();
        ShardGtid.Builder sg = ShardGtid.newBuilder().setKeyspace("customer").setShard("-80").setGtid("MySQL56/u:1-5");
        for (String t : tablesOnShard) {
            sg.addTablePKs(TableLastPK.newBuilder().setTableName(t));
        }
        v.addShardGtids(sg);
        v.addShardGtids(ShardGtid.newBuilder().setKeyspace("customer").setShard("80-").setGtid("MySQL56/u:1-5"));
        return Position.of(v.build());
    }

    @Test
    void reportsRowsAgainstTheEstimateWithRateAndEta() {
        progress.planned(Map.of(orders, List.of("-80", "80-")));
        assertThat(progress.withoutEstimate()).containsEntry(orders, List.of("-80", "80-"));
        progress.estimated(orders, "-80", 600);
        progress.estimated(orders, "80-", 400);
        assertThat(progress.lines()).containsExactly("customer.orders: waiting (~1,000 rows)");

        progress.copied(Map.of("customer.orders", Map.of("-80", 100L, "80-", 100L)));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(progress.lines()).containsExactly("customer.orders: 200 of ~1,000 rows (20%), 100 rows/s, ETA 8s");
        assertThat(registry.get("replicator.copy.rows").tag("table", "customer.orders").counter().count()).isEqualTo(200);
        assertThat(registry.get("replicator.copy.rows.estimated").tag("table", "customer.orders").gauge().value())
                .isEqualTo(1000);
    }

    @Test
    void aTableIsFinishedWhenNoShardListsItAnyMore() {
        progress.planned(Map.of(orders, List.of("-80")));
        progress.copied(Map.of("customer.orders", Map.of("-80", 10L)));
        progress.committed(copying("orders"));
        assertThat(progress.active()).isTrue();
        progress.committed(copying("other"));
        assertThat(progress.active()).isFalse();
        assertThat(progress.lines()).isEmpty();
    }

    @Test
    void anEmptyTableIsFinishedWhenNoShardListsItAnyMoreOrTheCopyEnds() {
        TableId empty = TableId.parse("customer.empty");
        TableId never = TableId.parse("customer.never_listed");
        progress.planned(Map.of(orders, List.of("-80"), empty, List.of("-80"), never, List.of("-80")));
        progress.committed(copying("orders", "empty"));
        progress.committed(copying("orders")); // empty: listed before, no row, not listed now
        assertThat(progress.lines()).containsExactlyInAnyOrder("customer.orders: waiting", "customer.never_listed: waiting");
        progress.copied(Map.of("customer.orders", Map.of("-80", 10L)));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        progress.committed(copying("orders")); // never_listed: not started yet, as far as anyone can tell
        assertThat(progress.lines()).containsExactlyInAnyOrder("customer.orders: 10 rows, 1 rows/s",
                "customer.never_listed: waiting");
        progress.committed(copying()); // the copy phase is over on every shard
        assertThat(progress.active()).isFalse();
        assertThat(progress.lines()).isEmpty();
    }

    @Test
    void etaIsUnknownWithoutAnEstimateAndZeroPastIt() {
        assertThat(CopyProgress.eta(10, Double.NaN, 5)).isNull();
        assertThat(CopyProgress.eta(10, 100, 0)).isNull();
        assertThat(CopyProgress.eta(150, 100, 10)).isEqualTo(Duration.ZERO);
        assertThat(CopyProgress.eta(50, 100, 10)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(ReplicatorMetrics.duration(42)).isEqualTo("42s");
        assertThat(ReplicatorMetrics.duration(185)).isEqualTo("3m05s");
        assertThat(ReplicatorMetrics.duration(7620)).isEqualTo("2h07m");
    }
}
