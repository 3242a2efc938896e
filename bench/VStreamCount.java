import binlogdata.Binlogdata;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vitess.proto.Topodata;
import io.vitess.proto.Vtgate;
import io.vitess.proto.grpc.VitessGrpc;
import java.util.Iterator;

/**
 * The source's ceilings: what vtgate's VStream delivers to a client that only parses the responses
 * (gRPC and protobuf, as the replicator does) and counts the row changes of one table. No
 * decoding of values, no batching, no sink. bench/run runs it next to the replicator's phases, so
 * that they can be read against the API any replicator that continues with the binlog has to use.
 *
 *   java -cp 'replicator-dist/target/replicator/lib/*' bench/VStreamCount.java copy VTGATE KEYSPACE TABLE ROWS
 *   java -cp 'replicator-dist/target/replicator/lib/*' bench/VStreamCount.java stream VTGATE KEYSPACE TABLE CHANGES SHARD=GTID...
 *
 * copy: the table's copy phase (an empty position), until every shard's copy is complete.
 * stream: each SHARD's binlog from its GTID (MySQL's gtid_executed; "MySQL56/" is added), until
 * CHANGES row changes of the table have arrived; the bench writes exactly that many after reading
 * the positions, while nothing else writes.
 *
 * Prints rows, wall seconds, the steady rate (from the 10% row to the 90% row) as
 * {@code steady_rows_per_s=N}, and that window as {@code steady_window=C10,T10,C90,T90} (counts and
 * epoch seconds) for bench/measure.py, which reads the processes' CPU in it. Exits 1 if the count
 * differs from ROWS (CHANGES).
 */
public final class VStreamCount {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String vtgate = args[1];
        String keyspace = args[2];
        String table = args[3];
        long expected = Long.parseLong(args[4]);
        boolean copy = switch (mode) {
            case "copy" -> true;
            case "stream" -> false;
            default -> throw new IllegalArgumentException("mode must be copy or stream, not " + mode);
        };
        Binlogdata.VGtid.Builder vgtid = Binlogdata.VGtid.newBuilder();
        if (copy) {
            vgtid.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(keyspace).setShard("").setGtid(""));
        } else {
            for (int i = 5; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("not SHARD=GTID: " + args[i]);
                }
                vgtid.addShardGtids(Binlogdata.ShardGtid.newBuilder().setKeyspace(keyspace)
                        .setShard(args[i].substring(0, eq)).setGtid("MySQL56/" + args[i].substring(eq + 1)));
            }
            if (vgtid.getShardGtidsCount() == 0) {
                throw new IllegalArgumentException("stream needs at least one shard");
            }
        }
        int colon = vtgate.lastIndexOf(':');
        ManagedChannel channel = NettyChannelBuilder.forAddress(vtgate.substring(0, colon),
                Integer.parseInt(vtgate.substring(colon + 1))).usePlaintext().maxInboundMessageSize(64 << 20).build();
        Vtgate.VStreamRequest request = Vtgate.VStreamRequest.newBuilder()
                .setTabletType(Topodata.TabletType.PRIMARY)
                .setVgtid(vgtid)
                // As the replicator asks: a regex rule (a plain table name also needs a SELECT in the
                // rule once streaming), and BEST_EFFORT (a row that vttablet's schema at that
                // position does not describe comes with columns @1, @2... instead of an error)
                .setFilter(Binlogdata.Filter.newBuilder()
                        .setFieldEventMode(Binlogdata.Filter.FieldEventMode.BEST_EFFORT)
                        .addRules(Binlogdata.Rule.newBuilder().setMatch("/^" + table + "$/")))
                .build();
        long t0 = System.nanoTime();
        long rows = 0;
        long t10 = -1;
        long t90 = -1;
        long c10 = -1;
        long c90 = -1;
        try {
            Iterator<Vtgate.VStreamResponse> responses = VitessGrpc.newBlockingStub(channel).vStream(request);
            read:
            while (responses.hasNext()) {
                for (Binlogdata.VEvent e : responses.next().getEventsList()) {
                    if (e.getType() == Binlogdata.VEventType.ROW) {
                        rows += e.getRowEvent().getRowChangesCount();
                        if (t10 < 0 && rows >= expected / 10) {
                            t10 = System.nanoTime();
                            c10 = rows;
                        }
                        if (t90 < 0 && rows >= expected * 9 / 10) {
                            t90 = System.nanoTime();
                            c90 = rows;
                        }
                        if (!copy && rows >= expected) {
                            break read; // the bench wrote exactly this many
                        }
                    } else if (copy && e.getType() == Binlogdata.VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty()) {
                        break read; // every shard's copy is done
                    }
                }
            }
        } finally {
            channel.shutdownNow();
        }
        long end = System.nanoTime();
        double wall = (end - t0) / 1e9;
        System.out.printf("rows=%d wall_s=%.2f rows_per_s=%.0f%n", rows, wall, rows / wall);
        if (t10 >= 0 && t90 > t10) {
            System.out.printf("steady_rows_per_s=%.0f%n", (c90 - c10) / ((t90 - t10) / 1e9));
            // nanoTime to epoch seconds, for the CPU samples bench/measure.py takes
            double epochEnd = System.currentTimeMillis() / 1e3;
            System.out.printf("steady_window=%d,%.3f,%d,%.3f%n", c10, epochEnd - (end - t10) / 1e9, c90,
                    epochEnd - (end - t90) / 1e9);
        }
        if (rows != expected) {
            System.err.println("VStreamCount: " + mode + " delivered " + rows + " row changes, expected " + expected);
            System.exit(1);
        }
    }
}
