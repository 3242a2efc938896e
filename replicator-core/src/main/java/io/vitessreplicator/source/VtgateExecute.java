package io.vitessreplicator.source;

import io.grpc.ManagedChannel;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.util.concurrent.TimeUnit;

/** One statement through vtgate's Execute RPC, on the channel and credentials the stream uses. */
final class VtgateExecute {
    private VtgateExecute() {}

    /**
     * @param target vtgate's target string ({@code keyspace}, {@code keyspace:shard@type}, or empty)
     * @throws io.grpc.StatusRuntimeException when the call fails; an error in the statement is in
     *         the response's {@code error}
     */
    static Vtgate.ExecuteResponse execute(ManagedChannel channel, VtgateOptions options, String target, String sql) {
        Vtgate.ExecuteRequest request = Vtgate.ExecuteRequest.newBuilder()
                .setSession(Vtgate.Session.newBuilder().setTargetString(target).setAutocommit(true))
                .setQuery(Query.BoundQuery.newBuilder().setSql(sql))
                .build();
        var stub = VitessGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS);
        var creds = VtgateChannels.callCredentials(options);
        return (creds == null ? stub : stub.withCallCredentials(creds)).execute(request);
    }
}
