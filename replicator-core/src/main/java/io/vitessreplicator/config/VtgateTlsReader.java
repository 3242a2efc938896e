package io.vitessreplicator.config;

import io.vitessreplicator.source.VtgateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code source.tls} into {@link VtgateOptions.Tls}, checking the files now: a missing
 * certificate should stop the replicator at start with the key's name, not surface later as a
 * handshake failure on every reconnect.
 */
final class VtgateTlsReader {
    private static final List<String> SETTINGS = List.of("ca-file", "cert-file", "key-file", "server-name");

    private VtgateTlsReader() {}

    /** Empty when TLS is off (the default). Relative paths are relative to the working directory. */
    static Optional<VtgateOptions.Tls> read(ConfigNode tls) {
        boolean enabled = tls.bool("enabled", false);
        Optional<Path> ca = file(tls, "ca-file", enabled);
        Optional<Path> cert = file(tls, "cert-file", enabled);
        Optional<Path> key = file(tls, "key-file", enabled);
        Optional<String> serverName = tls.string("server-name").map(String::trim).filter(s -> !s.isEmpty());
        tls.rejectUnknownKeys();
        if (!enabled) {
            // Files given but TLS off is almost always a forgotten "enabled: true": refuse to fall
            // back to plaintext silently.
            for (String setting : SETTINGS) {
                if (tls.has(setting)) {
                    throw tls.error(setting, "is set but " + tls.pathOf("enabled") + " is false; set"
                            + " enabled: true to use TLS, or remove the TLS settings");
                }
            }
            return Optional.empty();
        }
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? "key-file" : "cert-file";
            String given = cert.isPresent() ? "cert-file" : "key-file";
            throw tls.error(missing, "is required when " + tls.pathOf(given) + " is set: a client certificate"
                    + " needs its private key");
        }
        return Optional.of(new VtgateOptions.Tls(ca, cert, key, serverName));
    }

    /** The path, checked to be a readable file when TLS is on. */
    private static Optional<Path> file(ConfigNode tls, String key, boolean enabled) {
        Optional<String> text = tls.string(key).map(String::trim).filter(s -> !s.isEmpty());
        if (text.isEmpty() || !enabled) {
            return text.map(Path::of);
        }
        Path path = Path.of(text.get());
        if (!Files.isRegularFile(path)) {
            throw tls.error(key, "file " + path.toAbsolutePath() + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw tls.error(key, "file " + path.toAbsolutePath() + " is not readable by this user");
        }
        return Optional.of(path);
    }
}
