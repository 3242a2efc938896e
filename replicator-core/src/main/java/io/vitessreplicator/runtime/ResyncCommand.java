package io.vitessreplicator.runtime;

import io.vitessreplicator.config.HostPort;
import io.vitessreplicator.config.ReplicatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Asks the running daemon (on {@code metrics.listen}) to copy tables again while the others
 * stream. The daemon owns the pipeline, so the request goes to it rather than to the target.
 */
@Command(name = "resync", mixinStandardHelpOptions = true,
        description = "Ask the running pipeline to copy tables again while the other tables stream; target rows the"
                + " source no longer has are removed when the copy completes. Needs the daemon's metrics.listen.")
final class ResyncCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--table", required = true, paramLabel = "KS.T", description = "a table to copy again (repeatable)")
    List<String> tables;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplicatorConfig cfg = config.load();
        if (cfg.metrics().listen().isEmpty()) {
            err.println("replicator: Cannot resync: metrics.listen is off, so the running pipeline cannot be reached."
                    + " Set metrics.listen (it takes the request), restart the pipeline, and ask again.");
            return ExitCode.CONFIG;
        }
        HostPort addr = cfg.metrics().listen().get();
        String url = HealthServer.localUrl(addr, "/resync");
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", tables))).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                out.print(r.body());
                out.flush();
                return ExitCode.OK;
            }
            err.print("replicator: " + r.body());
            err.flush();
            return r.statusCode() == 400 ? ExitCode.USAGE : ExitCode.FAILED;
        } catch (IOException e) {
            err.println("replicator: Cannot resync: no running pipeline answers at " + url + " (metrics.listen): "
                    + e.getMessage() + ". Start the pipeline (bin/replicator run) and ask again.");
            return ExitCode.UNREACHABLE;
        }
    }
}
