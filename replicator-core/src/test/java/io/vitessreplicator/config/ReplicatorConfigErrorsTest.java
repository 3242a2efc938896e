package io.vitessreplicator.config;

import static io.vitessreplicator.config.ReplicatorConfigTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each invalid config fails at start with a message that names the key, its line and the fix. */
class ReplicatorConfigErrorsTest {
    /** MINIMAL (7 lines) with {@code lines} added under {@code source:} after the keyspaces, at line 4. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertSourceInvalid(String lines) {
        return assertInvalid(MINIMAL.replace("  keyspaces: [commerce]\n", "  keyspaces: [commerce]\n" + lines));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String yaml) {
        return assertInvalid(yaml, Map.of());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String yaml, Map<String, String> env) {
        return assertThatThrownBy(() -> ReplicatorConfig.from(ConfigLoader.parse("test.yaml", yaml, env)))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void unknownTopLevelKeyComesBeforeMissingValues() {
        assertInvalid("soruce:\n  vtgate: a:1\n")
                .hasMessage("Unknown config key soruce (line 1). Did you mean source? Known keys under the top"
                        + " level: source, pipeline, sink, metrics.");
    }

    @Test
    void unknownNestedKeyNamesFullPathAndLine() {
        assertSourceInvalid("  tables:\n    inclde: ['a\\..*']\n")
                .hasMessage("Unknown config key source.tables.inclde (line 5). Did you mean include? Known keys"
                        + " under source.tables: include, exclude.");
        assertSourceInvalid("  reconnect:\n    max-attempt: 3\n")
                .hasMessageContaining("Unknown config key source.reconnect.max-attempt (line 5). Did you mean max-attempts?");
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  batch:\n    max-row: 5\n"))
                .hasMessageContaining("Unknown config key pipeline.batch.max-row (line 7)");
        assertInvalid(MINIMAL + "metrics:\n  port: 9464\n")
                .hasMessageContaining("Unknown config key metrics.port (line 9)");
        assertSourceInvalid("  colour: blue\n")
                .hasMessageContaining("Unknown config key source.colour (line 4). Known keys under source: vtgate,");
    }

    @Test
    void missingRequiredKeys() {
        assertInvalid(MINIMAL.replace("  vtgate: 127.0.0.1:15991\n", ""))
                .hasMessage("Invalid config source.vtgate: is required.");
        assertInvalid(MINIMAL.replace("  keyspaces: [commerce]\n", ""))
                .hasMessageContaining("Invalid config source.keyspaces: is required: list the keyspaces to stream");
        assertInvalid(MINIMAL.replace("  keyspaces: [commerce]\n", "  keyspaces: []\n"))
                .hasMessageContaining("Invalid config source.keyspaces (line 3): is required");
        assertInvalid(MINIMAL.replace("  name: p1\n", ""))
                .hasMessage("Invalid config pipeline.name: is required.");
        assertInvalid(MINIMAL.replace("  type: postgres\n", ""))
                .hasMessage("Invalid config sink.type: is required.");
        assertInvalid(MINIMAL.replace("  type: postgres\n", "  type:\n"))
                .hasMessage("Invalid config sink.type (line 7): is required.");
    }

    @Test
    void wrongType() {
        assertSourceInvalid("  tablet-type:\n    kind: replica\n")
                .hasMessage("Invalid config source.tablet-type (line 4): expected a single value, found a mapping.");
        assertSourceInvalid("  tables: [a, b]\n")
                .hasMessage("Invalid config source.tables (line 4): expected a mapping (key: value lines below it),"
                        + " found a list.");
        assertSourceInvalid("  keyspaces2: x\n").hasMessageContaining("Unknown config key source.keyspaces2");
        assertInvalid(MINIMAL.replace("  keyspaces: [commerce]\n", "  keyspaces:\n    commerce: yes\n"))
                .hasMessage("Invalid config source.keyspaces (line 3): expected a list, found a mapping.");
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  takeover: yes\n"))
                .hasMessage("Invalid config pipeline.takeover (line 6): expected true or false, found 'yes'.");
    }

    @Test
    void badSize() {
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  batch:\n    max-bytes: 64 megs\n"))
                .hasMessage("Invalid config pipeline.batch.max-bytes (line 7): expected a size such as 64MiB, 512KiB"
                        + " or 1GiB, found '64 megs'.");
        assertSourceInvalid("  max-message-size: 1MiB\n")
                .hasMessage("Invalid config source.max-message-size (line 4): must be between 4MiB and 2GiB,"
                        + " found '1MiB'.");
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  buffer:\n    max-bytes: 99999999999GiB\n"))
                .hasMessageContaining("Invalid config pipeline.buffer.max-bytes (line 7): must be between 1MiB and 16GiB");
    }

    @Test
    void badDuration() {
        assertSourceInvalid("  heartbeat-interval: soon\n")
                .hasMessage("Invalid config source.heartbeat-interval (line 4): expected a duration such as 500ms,"
                        + " 2s, 5m or 1h, found 'soon'.");
        assertSourceInvalid("  heartbeat-interval: 1500ms\n")
                .hasMessage("Invalid config source.heartbeat-interval (line 4): must be whole seconds (VStream"
                        + " heartbeats are), found 1500ms.");
        assertSourceInvalid("  heartbeat-interval: 500ms\n")
                .hasMessage("Invalid config source.heartbeat-interval (line 4): must be between 1s and 10m,"
                        + " found '500ms'.");
    }

    @Test
    void outOfRange() {
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  batch:\n    max-rows: 0\n"))
                .hasMessage("Invalid config pipeline.batch.max-rows (line 7): must be between 1 and 100000000, found '0'.");
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  batch:\n    max-rows: 99999999999999999999\n"))
                .hasMessageContaining("must be between 1 and 10000000");
        assertInvalid(MINIMAL.replace("  name: p1\n", "  name: p1\n  batch:\n    max-rows: lots\n"))
                .hasMessageContaining("pipeline.batch.max-rows (line 7): expected a whole number, found 'lots'");
        assertSourceInvalid("  reconnect:\n    max-attempts: -1\n")
                .hasMessageContaining("source.reconnect.max-attempts (line 5): must be between 0 and 1000000");
        assertSourceInvalid("  reconnect:\n    initial-backoff: 10s\n    max-backoff: 5s\n")
                .hasMessage("Invalid config source.reconnect.max-backoff (line 6): must be at least"
                        + " source.reconnect.initial-backoff (10s), found 5s.");
    }

    @Test
    void badChoice() {
        assertSourceInvalid("  tablet-type: master\n")
                .hasMessage("Invalid config source.tablet-type (line 4): expected one of primary, replica, rdonly,"
                        + " found 'master'.");
        assertSourceInvalid("  zero-dates: epoch\n")
                .hasMessage("Invalid config source.zero-dates (line 4): expected one of null, fail, found 'epoch'.");
        assertSourceInvalid("  on-position-lost: recopy\n")
                .hasMessage("Invalid config source.on-position-lost (line 4): expected one of stop, resnapshot,"
                        + " found 'recopy'.");
        assertSourceInvalid("  exclude-keyspace-from-table-name: yes\n")
                .hasMessageContaining("source.exclude-keyspace-from-table-name (line 4)")
                .hasMessageContaining("true or false");
    }

    @Test
    void badAddress() {
        assertInvalid(MINIMAL.replace("127.0.0.1:15991", "localhost"))
                .hasMessage("Invalid config source.vtgate (line 2): expected host:port such as 127.0.0.1:15991,"
                        + " found 'localhost'.");
        assertInvalid(MINIMAL.replace("127.0.0.1:15991", "localhost:0"))
                .hasMessageContaining("source.vtgate (line 2): port must be a number from 1 to 65535");
        assertInvalid(MINIMAL.replace("127.0.0.1:15991", "::1:15991"))
                .hasMessageContaining("write an IPv6 address in brackets");
        assertInvalid(MINIMAL + "metrics:\n  listen: 9464\n")
                .hasMessageContaining("Invalid config metrics.listen (line 9): expected host:port");
    }

    @Test
    void badRegex() {
        assertSourceInvalid("  tables:\n    include:\n      - 'ok\\..*'\n      - 'customer\\.(orders'\n")
                .hasMessageStartingWith("Invalid config source.tables.include[1] (line 7): 'customer\\.(orders' is"
                        + " not a valid regular expression: Unclosed group");
        assertSourceInvalid("  columns:\n    exclude: ['*ssn']\n")
                .hasMessageContaining("Invalid config source.columns.exclude[0] (line 5): '*ssn' is not a valid"
                        + " regular expression: Dangling meta character '*' at position 1");
        assertSourceInvalid("  tables:\n    include: []\n")
                .hasMessageContaining("source.tables.include (line 5): is an empty list, so no table would be replicated");
    }

    @Test
    void badNames() {
        assertInvalid(MINIMAL.replace("[commerce]", "[commerce, com.merce]"))
                .hasMessage("Invalid config source.keyspaces[1] (line 3): 'com.merce' is not a valid keyspace name"
                        + " (letters, digits, _ and -).");
        assertInvalid(MINIMAL.replace("[commerce]", "[commerce, commerce]"))
                .hasMessageContaining("source.keyspaces[1] (line 3): keyspace 'commerce' is listed twice");
        assertInvalid(MINIMAL.replace("name: p1", "name: my pipeline"))
                .hasMessageContaining("Invalid config pipeline.name (line 5): must be 1 to 63 letters");
        assertInvalid(MINIMAL.replace("name: p1", "name: " + "x".repeat(64)))
                .hasMessageContaining("pipeline.name (line 5)");
    }

    @Test
    void shardsOfAnUnlistedKeyspace() {
        assertSourceInvalid("  shards:\n    customer: ['-80']\n")
                .hasMessage("Invalid config source.shards.customer (line 5): keyspace 'customer' is not in"
                        + " source.keyspaces [commerce]; add it there or remove it here.");
        assertSourceInvalid("  shards:\n    commerce: []\n")
                .hasMessageContaining("source.shards.commerce (line 5): lists no shard");
        assertSourceInvalid("  shards:\n    commerce: ['-80', '8/0']\n")
                .hasMessageContaining("source.shards.commerce[1] (line 5): '8/0' is not a valid shard name");
    }

    @Test
    void authPasswordNeedsUsername() {
        assertSourceInvalid("  auth:\n    password: ${VTGATE_PASSWORD}\n")
                .hasMessageContaining("source.auth.password (line 5): environment variable VTGATE_PASSWORD is not set");
        assertInvalid(MINIMAL.replace("  keyspaces: [commerce]\n",
                "  keyspaces: [commerce]\n  auth:\n    password: ${VTGATE_PASSWORD}\n"), Map.of("VTGATE_PASSWORD", "pw"))
                .hasMessage("Invalid config source.auth.password (line 5): is set without source.auth.username;"
                        + " vtgate static auth needs both.")
                .hasMessageNotContaining("pw.");
    }

    @Test
    void tlsFilesMustExistAndGoTogether(@TempDir Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
        Path missing = dir.resolve("ca.pem");
        assertSourceInvalid("  tls:\n    enabled: true\n    ca-file: " + missing + "\n")
                .hasMessage("Invalid config source.tls.ca-file (line 6): file " + missing + " does not exist or is not"
                        + " a regular file.");
        assertSourceInvalid("  tls:\n    enabled: true\n    cert-file: " + cert + "\n")
                .hasMessage("Invalid config source.tls.key-file: is required when source.tls.cert-file is set: a"
                        + " client certificate needs its private key.");
        assertSourceInvalid("  tls:\n    ca-file: " + cert + "\n")
                .hasMessage("Invalid config source.tls.ca-file (line 5): is set but source.tls.enabled is false; set"
                        + " enabled: true to use TLS, or remove the TLS settings.");
    }

    @Test
    void duplicateKeyInAFullConfig() {
        assertInvalid(MINIMAL + "sink:\n  type: redshift\n")
                .hasMessage("Invalid config sink (line 8): duplicate key, already set on line 6; keep one of the two.");
    }
}
