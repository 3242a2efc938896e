package io.vitessreplicator.source;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Opens gRPC channels to vtgate with the configured TLS, static auth and message size. */
public final class VtgateChannels {
    // vtgate's static gRPC auth (go/vt/grpcclient/client_auth_static.go) reads these metadata keys.
    static final Metadata.Key<String> USERNAME = Metadata.Key.of("username", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> PASSWORD = Metadata.Key.of("password", Metadata.ASCII_STRING_MARSHALLER);

    private VtgateChannels() {}

    public static ManagedChannel open(VtgateOptions options) {
        var builder = Grpc.newChannelBuilder(options.target(), credentials(options))
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .keepAliveTime(options.keepAlive().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true);
        options.tls().flatMap(VtgateOptions.Tls::serverName).ifPresent(builder::overrideAuthority);
        return builder.build();
    }

    /** Per-call credentials for static auth, or null when no username is configured. */
    public static CallCredentials callCredentials(VtgateOptions options) {
        if (options.username().isEmpty()) {
            return null;
        }
        String user = options.username().get();
        String pass = options.password().orElse("");
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(USERNAME, user);
                headers.put(PASSWORD, pass);
                applier.apply(headers);
            }
        };
    }

    private static ChannelCredentials credentials(VtgateOptions options) {
        if (options.tls().isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        VtgateOptions.Tls tls = options.tls().get();
        try {
            var b = TlsChannelCredentials.newBuilder();
            if (tls.caFile().isPresent()) {
                b.trustManager(tls.caFile().get().toFile());
            }
            if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
                b.keyManager(tls.certFile().get().toFile(), tls.keyFile().get().toFile());
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS files for vtgate " + options.target()
                    + ": " + e.getMessage() + ". Check source.tls.* in the config.", e);
        }
    }

    /** True for gRPC failures worth retrying after a pause (vtgate restarting, network blip). */
    public static boolean isTransient(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN, CANCELLED -> true;
            default -> false;
        };
    }
}
