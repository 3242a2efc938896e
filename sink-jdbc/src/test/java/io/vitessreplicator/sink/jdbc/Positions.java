package io.vitessreplicator.sink.jdbc;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.TableLastPK;
import binlogdata.Binlogdata.VGtid;
import io.vitessreplicator.model.Position;

/** Hand-made stream positions: one unsharded keyspace whose GTID set grows with {@code n}. */
final class Positions {
    private static final String SERVER = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private Positions() {}

    static Position at(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder()
                .setKeyspace("commerce").setShard("0").setGtid(SERVER + ":1-" + n)).build());
    }

    /** A copy-phase position: still copying table {@code t}. */
    static Position copying(int n) {
        return Position.of(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder()
                .setKeyspace("commerce").setShard("0").setGtid(SERVER + ":1-" + n)
                .addTablePKs(TableLastPK.newBuilder().setTableName("t"))).build());
    }
}
