import binlogdata.Binlogdata;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vitess.proto.Topodata;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.util.Iterator;

/**
 * The VStream ceiling of a copy: what vtgate delivers for one table's copy phase to a client that
 * only parses the responses (gRPC and protobuf, as the replicator does) and counts the rows. No
 * decoding, no sink. bench/run runs it next to the native ceiling, so the replicator's copy can be
 * read against the source API it has to use.
 *
 *   java -cp 'replicator-dist/target/replicator/lib/*' bench/VStreamCopyCount.java VTGATE KEYSPACE TABLE ROWS
 *
 * Prints rows, wall seconds and the steady rate (from the 10% row to the 90% row), and
 * {@code steady_rows_per_s=N} for bench/measure.py. Exits 1 if the copy does not deliver ROWS rows.
 */
public final class VStreamCopyCount {
    public static void main(String[] args) throws Exception {
        String vtgate = args[0];
        String keyspace = args[1];
        String table = args[2];
        long expected = Long.parseLong(args[3]);
        int colon = vtgate.lastIndexOf(':');
        ManagedChannel channel = NettyChannelBuilder.forAddress(vtgate.substring(0, colon),
                Integer.parseInt(vtgate.substring(colon + 1))).usePlaintext().maxInboundMessageSize(64 << 20).build();
        Vtgate.VStreamRequest request = Vtgate.VStreamRequest.newBuilder()
                .setTabletType(Topodata.TabletType.PRIMARY)
                .setVgtid(Binlogdata.VGtid.newBuilder().addShardGtids(Binlogdata.ShardGtid.newBuilder()
                        .setKeyspace(keyspace).setShard("").setGtid("")))
                .setFilter(Binlogdata.Filter.newBuilder().addRules(Binlogdata.Rule.newBuilder().setMatch(table)))
                .build();
        long t0 = System.nanoTime();
        long rows = 0;
        long t10 = -1;
        long t90 = -1;
        try {
            Iterator<Vtgate.VStreamResponse> responses = VitessGrpc.newBlockingStub(channel).vStream(request);
            read:
            while (responses.hasNext()) {
                for (Binlogdata.VEvent e : responses.next().getEventsList()) {
                    if (e.getType() == Binlogdata.VEventType.ROW) {
                        rows += e.getRowEvent().getRowChangesCount();
                        if (t10 < 0 && rows >= expected / 10) {
                            t10 = System.nanoTime();
                        }
                        if (t90 < 0 && rows >= expected * 9 / 10) {
                            t90 = System.nanoTime();
                        }
                    } else if (e.getType() == Binlogdata.VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty()) {
                        break read; // every shard's copy is done
                    }
                }
            }
        } finally {
            channel.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rows=%d wall_s=%.2f rows_per_s=%.0f%n", rows, wall, rows / wall);
        if (t10 >= 0 && t90 > t10) {
            System.out.printf("steady_rows_per_s=%.0f%n", (expected * 9 / 10 - expected / 10) / ((t90 - t10) / 1e9));
        }
        if (rows != expected) {
            System.err.println("VStreamCopyCount: the copy delivered " + rows + " rows, expected " + expected);
            System.exit(1);
        }
    }
}
