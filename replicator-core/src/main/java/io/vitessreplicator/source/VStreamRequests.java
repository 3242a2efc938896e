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
     * @param keyspaces keyspaces to copy and stream (used only when {@code start} is null)
     * @param streamOnly keyspaces with no table to replicate yet: streamed from their current
     *                  position without a copy (a copy stream with nothing to copy is refused by
     *                  vttablet), so that tables created in them later (by MoveTables, say) are
     *                  seen; added to a {@code start} that lacks them
     * @param shards    keyspace → shard names to stream; a keyspace absent here streams all shards
     * @param tables    the tables to replicate now
     * @param includes  the include patterns of the config: tables that appear later and match them
     *                  must be streamed too
     * @param tablesToCopy table names vttablet copies when the position asks for a copy (empty: all
     *                  tables of the filter)
     * @param excludeKeyspaceFromTableName ask for bare table names ({@code SourceConfig})
     */
    public static Vtgate.VStreamRequest build(Position start, List<String> keyspaces, List<String> streamOnly,
                                              Map<String, List<String>> shards, List<TableId> tables, List<java.util.regex.Pattern> includes,
                                              List<String> tablesToCopy, Topodata.TabletType tabletType,
                                              int heartbeatSeconds, boolean excludeKeyspaceFromTableName) {
        Binlogdata.VGtid vgtid = start != null ? withKeyspaces(start.vgtid(), streamOnly, shards)
                : initial(keyspaces, streamOnly, shards);
        // One regex rule for the union of selected table names. Rules apply to every streamed
        // keyspace, and a plain-name rule for a table missing from one keyspace makes vttablet fail
        // the copy ("table x is not present in the database"); a regex simply matches nothing
        // there. A table whose name is selected in one keyspace but not in another is streamed and
        // dropped by the TableBinder.
        // BEST_EFFORT: when vttablet's schema for a position does not fit a binlog row (a stream
        // replaying rows from before an ALTER), it sends the row with columns named @1, @2... instead
        // of failing the stream; SchemaTracker reads them with the row layout it followed (RowLayouts).
        Binlogdata.Filter.Builder filter = Binlogdata.Filter.newBuilder()
                .setFieldEventMode(Binlogdata.Filter.FieldEventMode.BEST_EFFORT)
                .addRules(Binlogdata.Rule.newBuilder().setMatch("/" + filterRegex(tables, includes,
                        java.util.stream.Stream.concat(keyspaces.stream(), streamOnly.stream()).toList()) + "/"));
        return Vtgate.VStreamRequest.newBuilder()
                .setTabletType(tabletType)
                .setVgtid(vgtid)
                .setFilter(filter)
                // exclude_keyspace_from_table_name (source.exclude-keyspace-from-table-name): without
                // it vtgate clones every FIELD and ROW event to write "keyspace." before its table
                // name (vstream_manager.go, maybeUpdateTableName). The keyspace is in the event
                // anyway; servers older than the flag (Vitess 23) ignore it (FieldDecoder.unqualified).
                .setFlags(Vtgate.VStreamFlags.newBuilder().setHeartbeatInterval(heartbeatSeconds)
                        .setExcludeKeyspaceFromTableName(excludeKeyspaceFromTableName)
                        .addAllTablesToCopy(new TreeSet<>(tablesToCopy)))
                .build();
    }

    /**
     * The table-name regex of the filter rule (Go RE2 syntax): the selected names, plus the name
     * part of each include pattern that names its keyspace literally ({@code customer\.order_.*}
     * → {@code order_.*}), so tables created later that match are streamed, plus online DDL's
     * shadow tables ({@link #ONLINE_DDL_SHADOW}). An include pattern
     * that does not (e.g. the default {@code .*}) or uses syntax RE2 lacks makes it {@code .*};
     * tables the config excludes are then dropped by the replicator, not by vttablet.
     */
    static String filterRegex(List<TableId> tables, List<java.util.regex.Pattern> includes, List<String> keyspaces) {
        java.util.Set<String> parts = new TreeSet<>(tables.stream().map(TableId::name).map(VStreamRequests::quoteRegex).toList());
        for (java.util.regex.Pattern p : includes) {
            String re = p.pattern();
            String rest = null;
            for (String ks : keyspaces) {
                String prefix = quoteRegex(ks) + "\\.";
                if (re.startsWith(prefix)) {
                    rest = re.substring(prefix.length());
                }
            }
            if (rest == null || rest.contains("(?=") || rest.contains("(?!") || rest.contains("(?<") || rest.matches(".*\\\\[1-9].*")
                    || rest.contains("++") || rest.contains("*+") || rest.contains("?+")) {
                return "^.*$";
            }
            parts.add("(?:" + rest + ")");
        }
        parts.add(ONLINE_DDL_SHADOW);
        return "^(?:" + String.join("|", parts) + ")$";
    }

    /**
     * The shadow tables of Vitess online DDL ({@code ddl_strategy=vitess}): the stream must carry
     * their DDL (the CREATE and the ALTER that say what the migration changes) so that the
     * cut-over's table swap can be applied as that ALTER. vttablet never sends their rows (it
     * skips Vitess's internal tables), and the copy is limited to the selected tables.
     */
    static final String ONLINE_DDL_SHADOW = "_vt_vrp_[0-9a-f]{32}_[0-9]{14}_";

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

    static Binlogdata.VGtid initial(List<String> keyspaces, List<String> streamOnly, Map<String, List<String>> shards) {
        Binlogdata.VGtid.Builder b = Binlogdata.VGtid.newBuilder();
        keyspaces.forEach(ks -> add(b, ks, shards, ""));
        streamOnly.forEach(ks -> add(b, ks, shards, CURRENT));
        return b.build();
    }

    /** vtgate's GTID for "from the shard's current position" (shard "" = every shard of the keyspace). */
    static final String CURRENT = "current";

    /** {@code vgtid} with the {@code streamOnly} keyspaces it lacks, from their current position. */
    static Binlogdata.VGtid withKeyspaces(Binlogdata.VGtid vgtid, List<String> streamOnly,
                                          Map<String, List<String>> shards) {
        Binlogdata.VGtid.Builder b = vgtid.toBuilder();
        for (String ks : streamOnly) {
            if (vgtid.getShardGtidsList().stream().noneMatch(sg -> sg.getKeyspace().equals(ks))) {
                add(b, ks, shards, CURRENT);
            }
        }
        return b.build();
    }

    private static void add(Binlogdata.VGtid.Builder b, String ks, Map<String, List<String>> shards, String gtid) {
        List<String> named = shards.getOrDefault(ks, List.of());
        if (named.isEmpty()) {
            b.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(ks).setShard("").setGtid(gtid));
        } else {
            for (String shard : named) {
                b.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(ks).setShard(shard).setGtid(gtid));
            }
        }
    }
}
