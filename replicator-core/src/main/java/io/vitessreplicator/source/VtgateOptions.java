package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach vtgate's gRPC port.
 *
 * @param target              host:port of vtgate's gRPC listener
 * @param maxInboundMessageBytes largest single VStreamResponse accepted; vtgate packs many events
 *                            into one response and a single wide row can be large, so the default
 *                            is far above gRPC's 4 MiB
 * @param tls                 TLS settings, or empty for plaintext
 * @param username            static-auth user (vtgate {@code --grpc_auth_mode static}), or empty
 * @param password            static-auth password; never logged
 * @param keepAlive           how often an idle connection is pinged, so a dead vtgate is noticed
 */
public record VtgateOptions(
        String target,
        int maxInboundMessageBytes,
        Optional<Tls> tls,
        Optional<String> username,
        Optional<String> password,
        Duration keepAlive) {

    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;

    public VtgateOptions {
        requireNonNull(target, "target is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(keepAlive, "keepAlive is null");
    }

    public static VtgateOptions plaintext(String target) {
        return new VtgateOptions(target, DEFAULT_MAX_INBOUND_MESSAGE_BYTES, Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
    }

    /**
     * TLS to vtgate.
     *
     * @param caFile     PEM bundle that signs vtgate's certificate, or empty for the JVM's trust store
     * @param certFile   client certificate (PEM) for mutual TLS, or empty
     * @param keyFile    client key (PKCS#8 PEM) for mutual TLS, or empty
     * @param serverName name to verify in vtgate's certificate instead of the host, or empty
     */
    public record Tls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                      Optional<String> serverName) {
        public Tls {
            requireNonNull(caFile, "caFile is null");
            requireNonNull(certFile, "certFile is null");
            requireNonNull(keyFile, "keyFile is null");
            requireNonNull(serverName, "serverName is null");
        }
    }

    @Override
    public String toString() {
        // Keeps the password out of logs and exception messages.
        return "VtgateOptions[target=" + target + ", tls=" + tls.isPresent() + ", username="
                + username.orElse("") + ", maxInboundMessageBytes=" + maxInboundMessageBytes + "]";
    }
}
