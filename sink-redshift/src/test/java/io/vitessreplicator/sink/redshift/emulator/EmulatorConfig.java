package io.vitessreplicator.sink.redshift.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A {@code jdbc:redshift-emulator://HOST:PORT/DB?param=value&...} URL split into the pgjdbc URL and
 * the emulator's own parameters ({@code s3Endpoint}, {@code s3Region}, {@code s3AccessKeyId},
 * {@code s3SecretAccessKey}), which may also come as connection properties. pgjdbc never sees them.
 */
record EmulatorConfig(String postgresUrl, String databaseKey, String s3Endpoint, String s3Region, String s3AccessKeyId,
                      String s3SecretAccessKey) {
    static final String PREFIX = "jdbc:redshift-emulator:";
    private static final Set<String> OWN = Set.of("s3Endpoint", "s3Region", "s3AccessKeyId", "s3SecretAccessKey");

    @Override
    public String toString() {
        return "EmulatorConfig[" + postgresUrl + ", s3Endpoint=" + s3Endpoint + ", s3Region=" + s3Region + "]";
    }

    /**
     * @param info the caller's properties; the emulator's own keys are removed from it
     */
    static EmulatorConfig parse(String url, Properties info) throws SQLException {
        if (!url.startsWith(PREFIX + "//")) {
            throw new SQLException(Refusal.PREFIX + "expected jdbc:redshift-emulator://HOST:PORT/DB[?params], not " + url,
                    "08001");
        }
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String base = q < 0 ? rest : rest.substring(0, q);
        String endpoint = info.getProperty("s3Endpoint");
        String region = info.getProperty("s3Region");
        String key = info.getProperty("s3AccessKeyId");
        String secret = info.getProperty("s3SecretAccessKey");
        OWN.forEach(info::remove);
        List<String> passed = new ArrayList<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "s3Endpoint" -> endpoint = value;
                    case "s3Region" -> region = value;
                    case "s3AccessKeyId" -> key = value;
                    case "s3SecretAccessKey" -> secret = value;
                    default -> passed.add(pair);
                }
            }
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new SQLException(Refusal.PREFIX + "the URL needs s3Endpoint (e.g. ?s3Endpoint=http://127.0.0.1:15480):"
                    + " COPY reads from that S3 store", "08001");
        }
        String pg = "jdbc:postgresql:" + base + (passed.isEmpty() ? "" : "?" + String.join("&", passed));
        return new EmulatorConfig(pg, base, endpoint, region == null || region.isBlank() ? "us-east-1" : region,
                key, secret);
    }
}
