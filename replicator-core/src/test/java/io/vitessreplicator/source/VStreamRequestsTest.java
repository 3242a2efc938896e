package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.TableId;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VStreamRequestsTest {
    private static final String SHADOW = "_vt_vrp_5e0d81e4e5ef11f18f4d9642c5ca43c9_20261121210607_";

    @Test
    void theFilterCarriesTheSelectedTablesAndOnlineDdlShadowTablesOnly() {
        String re = VStreamRequests.filterRegex(List.of(new TableId("customer", "orders")),
                List.of(Pattern.compile("customer\\.order_.*")), List.of("customer"));
        Pattern p = Pattern.compile(re); // vttablet uses Go's RE2; this regex is in the common subset
        assertThat(p.matcher("orders").matches()).isTrue();
        assertThat(p.matcher("order_lines").matches()).isTrue(); // created later, matches the include
        assertThat(p.matcher(SHADOW).matches()).isTrue(); // its ALTER is the migration's
        assertThat(p.matcher("orders2").matches()).isFalse();
        assertThat(p.matcher("_vt_hld_5e0d81e4e5ef11f18f4d9642c5ca43c9_20261121210607_").matches()).isFalse();
    }

    @Test
    void anIncludePatternNotNamingItsKeyspaceStreamsEveryTable() {
        assertThat(VStreamRequests.filterRegex(List.of(new TableId("customer", "orders")),
                List.of(Pattern.compile(".*")), List.of("customer"))).isEqualTo("^.*$");
    }

    @Test
    void keyspacesWithoutTablesAreStreamedFromTheirCurrentPositionFreshOrResumed() {
        var fresh = VStreamRequests.initial(List.of("commerce"), List.of("customer"), java.util.Map.of());
        assertThat(fresh.getShardGtidsList()).extracting(sg -> sg.getKeyspace() + "/" + sg.getShard() + "@" + sg.getGtid())
                .containsExactly("commerce/@", "customer/@current");

        var checkpoint = binlogdata.Binlogdata.VGtid.newBuilder().addShardGtids(binlogdata.Binlogdata.ShardGtid
                .newBuilder().setKeyspace("commerce").setShard("0").setGtid("MySQL56/a:1-9")).build();
        var resumed = VStreamRequests.withKeyspaces(checkpoint, List.of("customer"), java.util.Map.of("customer",
                List.of("-80")));
        assertThat(resumed.getShardGtidsList()).extracting(sg -> sg.getKeyspace() + "/" + sg.getShard() + "@" + sg.getGtid())
                .containsExactly("commerce/0@MySQL56/a:1-9", "customer/-80@current");
        assertThat(VStreamRequests.withKeyspaces(resumed, List.of("customer"), java.util.Map.of()))
                .as("a keyspace the position already streams is left as it is").isEqualTo(resumed);
    }
}
