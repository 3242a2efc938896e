package io.vitessreplicator.source;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vitess.proto.Vtgate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source says about itself, through vtgate's Execute RPC on the stream's channel: its
 * shards, a table's estimated row count per shard (InnoDB's statistics, as {@code SHOW TABLE
 * STATUS} reports them: an estimate, often 10-20% off), and a shard's executed GTID set. Each
 * query goes to one shard ({@code keyspace:shard@type}); a failure is logged and reported as
 * unknown, never thrown: these feed progress reports, not the data path.
 */
public final class SourceStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(SourceStatistics.class);
    private final ManagedChannel channel;
    private final VtgateOptions options;
    private final String tabletType;

    public SourceStatistics(ManagedChannel channel, VtgateOptions options, String tabletType) {
        this.channel = channel;
        this.options = options;
        this.tabletType = tabletType;
    }

    /** Serving shards by keyspace, as vtgate lists them now; empty when it cannot tell. */
    public Map<String, List<String>> shards() {
        Map<String, List<String>> out = new TreeMap<>();
        for (List<String> row : query("", "SHOW VITESS_SHARDS")) {
            String name = row.get(0);
            int slash = name == null ? -1 : name.indexOf('/');
            if (slash > 0) {
                out.computeIfAbsent(name.substring(0, slash), k -> new ArrayList<>()).add(name.substring(slash + 1));
            }
        }
        return out;
    }

    /** The table's estimated rows on the shard, or -1 when unknown. */
    public long estimatedRows(String keyspace, String shard, String table) {
        List<List<String>> rows = query(keyspace + ":" + shard + "@" + tabletType,
                "SHOW TABLE STATUS LIKE '" + table.replace("\\", "\\\\").replace("'", "''")
                        .replace("_", "\\_").replace("%", "\\%") + "'");
        if (rows.isEmpty() || rows.get(0).size() < 5 || rows.get(0).get(4) == null) {
            return -1;
        }
        try {
            return Long.parseLong(rows.get(0).get(4)); // Name, Engine, Version, Row_format, Rows
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The shard's {@code @@global.gtid_executed}, or null when unknown. */
    public String executedGtids(String keyspace, String shard) {
        List<List<String>> rows = query(keyspace + ":" + shard + "@" + tabletType, "SELECT @@global.gtid_executed");
        return rows.isEmpty() ? null : rows.get(0).get(0) == null ? "" : rows.get(0).get(0);
    }

    /**
     * How many transactions of {@code executed} (a shard's {@code gtid_executed}) {@code position}
     * (a VGTID shard position) has not seen; -1 when either cannot be read as a GTID set.
     */
    public static long transactionsBehind(String executed, String position) {
        try {
            return GtidSet.parse(executed).minus(GtidSet.parse(position)).count();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private List<List<String>> query(String target, String sql) {
        try {
            Vtgate.ExecuteResponse r = VtgateExecute.execute(channel, options, target, sql);
            if (r.hasError() && !r.getError().getMessage().isEmpty()) {
                LOG.debug("{} on {}: {}", sql, target, r.getError().getMessage());
                return List.of();
            }
            List<List<String>> out = new ArrayList<>();
            r.getResult().getRowsList().forEach(row -> out.add(QueryRows.text(row)));
            return out;
        } catch (StatusRuntimeException e) {
            LOG.debug("{} on {}: {}", sql, target, e.getStatus());
            return List.of();
        } catch (RuntimeException e) {
            LOG.debug("{} on {} failed", sql, target, e);
            return List.of();
        }
    }
}
