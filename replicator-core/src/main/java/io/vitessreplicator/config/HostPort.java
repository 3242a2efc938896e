package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A network address as written in the config ({@code 127.0.0.1:15991}, {@code vtgate:15991},
 * {@code [::1]:9464}). The host is kept unresolved: DNS is looked up when connecting or binding,
 * not when the config is read, so a config check works away from the production network.
 */
public record HostPort(String host, int port) {
    public HostPort {
        requireNonNull(host, "host is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * Parses {@code host:port}; IPv6 addresses go in brackets ({@code [::1]:9464}).
     *
     * @throws IllegalArgumentException with a message fit to follow "Invalid config KEY: "
     */
    public static HostPort parse(String text) {
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(expected(text));
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(expected(text));
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("expected host:port, found '" + text
                        + "'; write an IPv6 address in brackets, e.g. [::1]:15991");
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '@')) {
            throw new IllegalArgumentException(expected(text));
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("port must be a number from 1 to 65535, found '" + text + "'");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /** Resolves the host now; for binding a listener or opening a socket. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 host: the form gRPC targets accept. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String expected(String text) {
        return "expected host:port such as 127.0.0.1:15991, found '" + text + "'";
    }
}
