package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import io.vitessreplicator.model.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lists the tables of a keyspace and their primary-key columns through vtgate's gRPC Execute
 * (information_schema is routed to one shard; every shard of a keyspace has the same tables).
 *
 * <p>Used before streaming: VStream needs one filter rule per table, and a table without a
 * primary key cannot be replicated exactly (no key to apply updates and deletes by).
 */
public final class TableDiscovery {
    private static final String PRIMARY_KEYS = "SELECT t.table_name, k.column_name"
            + " FROM information_schema.tables t"
            + " LEFT JOIN information_schema.key_column_usage k ON k.table_schema = t.table_schema"
            + " AND k.table_name = t.table_name AND k.constraint_name = 'PRIMARY'"
            + " WHERE t.table_schema = database() AND t.table_type = 'BASE TABLE'"
            + " ORDER BY t.table_name, k.ordinal_position";

    private static final String UNSUPPORTED_COLUMNS = "SELECT table_name, column_name, column_type"
            + " FROM information_schema.columns WHERE table_schema = database() AND data_type IN"
            + " ('geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon',"
            + " 'geomcollection', 'geometrycollection', 'vector')"
            + " ORDER BY table_name, ordinal_position";

    private final ManagedChannel channel;
    private final VtgateOptions options;

    public TableDiscovery(ManagedChannel channel, VtgateOptions options) {
        this.channel = requireNonNull(channel, "channel is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** Tables of {@code keyspace} → their primary-key columns in key order (empty: no primary key). */
    public Map<TableId, List<String>> primaryKeys(String keyspace) {
        Query.QueryResult result = execute(keyspace, PRIMARY_KEYS);
        Map<TableId, List<String>> tables = new LinkedHashMap<>();
        for (Query.Row row : result.getRowsList()) {
            List<String> values = QueryRows.text(row);
            List<String> pk = tables.computeIfAbsent(new TableId(keyspace, values.get(0)), t -> new ArrayList<>());
            if (values.get(1) != null) {
                pk.add(values.get(1));
            }
        }
        return tables;
    }

    /** Columns whose MySQL type has no documented mapping: table → "column (type)" entries. */
    public Map<TableId, List<String>> unsupportedColumns(String keyspace) {
        Map<TableId, List<String>> out = new LinkedHashMap<>();
        for (Query.Row row : execute(keyspace, UNSUPPORTED_COLUMNS).getRowsList()) {
            List<String> v = QueryRows.text(row);
            out.computeIfAbsent(new TableId(keyspace, v.get(0)), t -> new ArrayList<>()).add(v.get(1) + " (" + v.get(2) + ")");
        }
        return out;
    }

    private Query.QueryResult execute(String keyspace, String sql) {
        Vtgate.ExecuteRequest request = Vtgate.ExecuteRequest.newBuilder()
                .setSession(Vtgate.Session.newBuilder().setTargetString(keyspace).setAutocommit(true))
                .setQuery(Query.BoundQuery.newBuilder().setSql(sql))
                .build();
        Vtgate.ExecuteResponse response;
        try {
            var stub = VitessGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            var creds = VtgateChannels.callCredentials(options);
            response = (creds == null ? stub : stub.withCallCredentials(creds)).execute(request);
        } catch (StatusRuntimeException e) {
            throw new SourceException("Cannot list the tables of keyspace " + keyspace + " through vtgate "
                    + options.target() + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription()
                    + ". Check source.vtgate, source.tls (a TLS-only vtgate closes plaintext connections) and source.auth.", e, VtgateChannels.isTransient(e.getStatus().getCode()));
        }
        if (response.hasError() && !response.getError().getMessage().isEmpty()) {
            String msg = response.getError().getMessage();
            throw new SourceException("Cannot list the tables of keyspace " + keyspace + ": " + msg
                    + (msg.contains("unknown database") || msg.contains("keyspace") ? ". Check source.keyspaces." : "."),
                    null, false);
        }
        return response.getResult();
    }
}
