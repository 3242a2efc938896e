package io.vitessreplicator.source;

import binlogdata.Binlogdata;
import io.vitess.proto.Topodata;
import io.vitess.proto.Vtgate;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableId;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Builds the VStreamRequest: where to start, which tables, from which tablets. */
public final class VStreamRequests {
    private VStreamRequests() {}

    /**
     * @param start     the committed position, or null for a fresh pipeline: every shard starts
     *                  with an empty GTID, which makes vtgate copy the tables first
     * @param keyspaces keyspaces to stream (used only when {@code start} is null)
     * @param shards    keyspace → shard names to stream; a keyspace absent here streams all shards
     * @param tables    the tables to replicate: one filter rule each
     */
    public static Vtgate.VStreamRequest build(Position start, List<String> keyspaces, Map<String, List<String>> shards,
                                              List<TableId> tables, Topodata.TabletType tabletType,
                                              int heartbeatSeconds) {
        Binlogdata.VGtid vgtid = start != null ? start.vgtid() : initial(keyspaces, shards);
        // One regex rule for the union of selected table names. Rules apply to every streamed
        // keyspace, and a plain-name rule for a table missing from one keyspace makes vttablet fail
        // the copy ("table x is not present in the database"); a regex simply matches nothing
        // there. A table whose name is selected in one keyspace but not in another is streamed and
        // dropped by the TableBinder.
        String names = new TreeSet<>(tables.stream().map(TableId::name).toList()).stream()
                .map(VStreamRequests::quoteRegex).collect(Collectors.joining("|"));
        Binlogdata.Filter.Builder filter = Binlogdata.Filter.newBuilder()
                .addRules(Binlogdata.Rule.newBuilder().setMatch("/^(?:" + names + ")$/"));
        return Vtgate.VStreamRequest.newBuilder()
                .setTabletType(tabletType)
                .setVgtid(vgtid)
                .setFilter(filter)
                .setFlags(Vtgate.VStreamFlags.newBuilder().setHeartbeatInterval(heartbeatSeconds))
                .build();
    }

    /** Escapes a table name for the Go regexp syntax vttablet uses. */
    static String quoteRegex(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    static Binlogdata.VGtid initial(List<String> keyspaces, Map<String, List<String>> shards) {
        Binlogdata.VGtid.Builder b = Binlogdata.VGtid.newBuilder();
        for (String ks : keyspaces) {
            List<String> named = shards.getOrDefault(ks, List.of());
            if (named.isEmpty()) {
                b.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(ks).setShard("").setGtid(""));
            } else {
                for (String shard : named) {
                    b.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(ks).setShard(shard).setGtid(""));
                }
            }
        }
        return b.build();
    }
}
