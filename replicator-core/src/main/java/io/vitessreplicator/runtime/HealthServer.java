package io.vitessreplicator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vitessreplicator.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server for operators: {@code GET /metrics} (Prometheus text) and
 * {@code GET /health} (200 while replicating normally, 503 while starting, restarting after an
 * error, or stopping; the body says which).
 */
final class HealthServer implements AutoCloseable {
    /** What /health reports. */
    record Health(boolean up, String detail) {}

    private final HttpServer server;

    HealthServer(HostPort listen, ReplicatorMetrics metrics, Supplier<Health> health) {
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
                    "{\"status\":\"" + (h.up() ? "UP" : "DOWN") + "\",\"detail\":\"" + h.detail().replace("\"", "'") + "\"}\n");
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
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
