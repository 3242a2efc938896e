package io.vitessreplicator.source;

import io.grpc.ManagedChannel;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One statement through vtgate's Execute RPC, on the channel and credentials the stream uses. */
public final class VtgateExecute {
    private VtgateExecute() {}

    /**
     * @param target vtgate's target string ({@code keyspace}, {@code keyspace:shard@type}, or empty)
     * @throws io.grpc.StatusRuntimeException when the call fails; an error in the statement is in
     *         the response's {@code error}
     */
    static Vtgate.ExecuteResponse execute(ManagedChannel channel, VtgateOptions options, String target, String sql) {
        return execute(channel, options, Vtgate.Session.newBuilder().setTargetString(target).setAutocommit(true).build(),
                Query.BoundQuery.newBuilder().setSql(sql).build(), Duration.ofSeconds(15));
    }

    /**
     * One statement in the given session (target, options, system variables), with bind variables.
     *
     * @throws io.grpc.StatusRuntimeException when the call fails; an error in the statement is in
     *         the response's {@code error}
     */
    public static Vtgate.ExecuteResponse execute(ManagedChannel channel, VtgateOptions options, Vtgate.Session session,
                                                 Query.BoundQuery query, Duration deadline) {
        Vtgate.ExecuteRequest request = Vtgate.ExecuteRequest.newBuilder().setSession(session).setQuery(query).build();
        var stub = VitessGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        var creds = VtgateChannels.callCredentials(options);
        return (creds == null ? stub : stub.withCallCredentials(creds)).execute(request);
    }
}
