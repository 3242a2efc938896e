package io.vitessreplicator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vitessreplicator.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small HTTP server for operators: {@code GET /metrics} (Prometheus text), {@code GET /health}
 * (200 while replicating normally; 503 while starting, restarting after an error, or stopping, and
 * 503 with status DEGRADED while the lag is above {@code metrics.lag-limit}; the body says which),
 * {@code GET /status} (plain text: state, copy progress, lag per shard; what
 * {@code replicator status} shows of a running daemon), and {@code POST /resync} (what
 * {@code replicator resync} sends: tables to copy again).
 */
final class HealthServer implements AutoCloseable {
    /** What /health reports: {@code UP}, {@code DOWN} or {@code DEGRADED}; 200 only for UP. */
    record Health(String status, String detail) {
        Health(boolean up, String detail) {
            this(up ? "UP" : "DOWN", detail);
        }

        boolean up() {
            return "UP".equals(status);
        }
    }

    private final HttpServer server;

    HealthServer(HostPort listen, ReplicatorMetrics metrics, Supplier<Health> health) {
        this(listen, metrics, health, () -> "", names -> {
            throw new IllegalStateException("Cannot resync: this process does not replicate.");
        });
    }

    /**
     * @param resync takes {@code POST /resync} (one {@code keyspace.table} per line) and says what
     *               happens; IllegalArgumentException: 400, IllegalStateException: 409
     */
    HealthServer(HostPort listen, ReplicatorMetrics metrics, Supplier<Health> health, Supplier<String> status,
                 Function<List<String>, String> resync) {
        try {
            server = HttpServer.create(listen.toSocketAddress(), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for metrics on " + listen + ": " + e.getMessage()
                    + ". Choose a free address in metrics.listen, or set it to off.", e);
        }
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/health", ex -> {
            Health h = health.get();
            respond(ex, h.up() ? 200 : 503, "application/json",
                    "{\"status\":\"" + h.status() + "\",\"detail\":\"" + h.detail().replace("\"", "'") + "\"}\n");
        });
        server.createContext("/status", ex -> respond(ex, 200, "text/plain; charset=utf-8", status.get()));
        server.createContext("/resync", ex -> {
            if (!"POST".equals(ex.getRequestMethod())) {
                respond(ex, 405, "text/plain; charset=utf-8", "POST one keyspace.table per line\n");
                return;
            }
            List<String> names = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            try {
                respond(ex, 202, "text/plain; charset=utf-8", resync.apply(names) + "\n");
            } catch (IllegalArgumentException e) {
                respond(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
            } catch (IllegalStateException e) {
                respond(ex, 409, "text/plain; charset=utf-8", e.getMessage() + "\n");
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * The URL of {@code path} on a daemon listening at {@code listen}, for the commands that talk
     * to it from the same host ({@code status}, {@code resync}); a wildcard address means loopback.
     */
    static String localUrl(HostPort listen, String path) {
        String host = listen.host().equals("0.0.0.0") || listen.host().equals("::") ? "127.0.0.1" : listen.host();
        return "http://" + host + ":" + listen.port() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
