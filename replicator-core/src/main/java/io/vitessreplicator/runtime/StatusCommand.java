package io.vitessreplicator.runtime;

import binlogdata.Binlogdata.ShardGtid;
import io.grpc.ManagedChannel;
import io.vitessreplicator.config.HostPort;
import io.vitessreplicator.config.ReplicatorConfig;
import io.vitessreplicator.source.SourceStatistics;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.Sink;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the pipeline's checkpoint as stored in the target (phase, position per shard and how many"
                + " source transactions it is behind, owner, age), and the running daemon's copy progress and lag.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplicatorConfig cfg = config.load();
        Optional<Checkpoint> cp;
        try (Sink sink = ConfigOption.sink(cfg)) {
            cp = sink.readCheckpoint(cfg.pipeline().name());
            if (cp.isEmpty()) {
                out.println("pipeline " + cfg.pipeline().name() + ": no checkpoint yet (the first run copies the tables)");
            }
        }
        if (cp.isPresent()) {
            Checkpoint c = cp.get();
            out.println("pipeline " + c.pipeline() + ": " + (c.position().isCopying() ? "copying" : "streaming"));
            out.println("owner    " + c.owner());
            out.println("updated  " + c.updatedAt() + " (" + Duration.between(c.updatedAt(), Instant.now()).toSeconds()
                    + " s ago)");
            Map<String, String> behind = behind(cfg, c);
            c.position().gtidsByShard().forEach((shard, gtid) -> out.println("shard    " + shard + "  "
                    + (gtid.isEmpty() ? "(copy not started)" : gtid) + behind.getOrDefault(shard, "")));
            c.position().vgtid().getShardGtidsList().forEach(sg -> sg.getTablePKsList().forEach(t ->
                    out.println("copying  " + sg.getKeyspace() + "/" + sg.getShard() + " " + t.getTableName()
                            + (t.hasLastpk() ? " (resumes after the last copied key)" : " (not started)"))));
        }
        cfg.metrics().listen().ifPresentOrElse(addr -> out.print(live(addr)),
                () -> out.println("live     metrics.listen is off: the running daemon's progress and lag are not reachable"));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * Per shard: how many transactions the source has executed that the checkpoint has not seen
     * (read on the tablet type the pipeline streams from).
     */
    private static Map<String, String> behind(ReplicatorConfig cfg, Checkpoint c) {
        Map<String, String> out = new TreeMap<>();
        ManagedChannel channel = VtgateChannels.open(cfg.source().vtgateOptions());
        try {
            SourceStatistics source = new SourceStatistics(channel, cfg.source().vtgateOptions(),
                    cfg.source().tabletType().configName());
            for (ShardGtid sg : c.position().vgtid().getShardGtidsList()) {
                if (sg.getGtid().isEmpty() || sg.getGtid().equals("current")) {
                    continue;
                }
                String executed = source.executedGtids(sg.getKeyspace(), sg.getShard());
                long n = executed == null ? -1 : SourceStatistics.transactionsBehind(executed, sg.getGtid());
                out.put(sg.getKeyspace() + "/" + sg.getShard(), n < 0 ? "  (source position unknown)"
                        : n == 0 ? "  (caught up with the source)"
                        : String.format(Locale.ROOT, "  (%,d source transactions behind)", n));
            }
        } finally {
            channel.shutdownNow();
        }
        return out;
    }

    /** The running daemon's own report (GET /status on metrics.listen), or why there is none. */
    private static String live(HostPort addr) {
        String url = HealthServer.localUrl(addr, "/status");
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "live     " + url + " answered " + r.statusCode() + "\n";
            }
            return "live     from the running daemon at " + url + "\n" + r.body();
        } catch (IOException e) {
            return "live     no running daemon answers at " + url + " (metrics.listen): " + e.getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
