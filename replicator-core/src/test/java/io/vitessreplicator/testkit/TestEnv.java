package io.vitessreplicator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Addresses of the local test stack (Vitess, PostgreSQL, S3Proxy) that {@code testenv/up} started.
 *
 * <p>Values come from the process environment first, then from {@code testenv/.env}, which
 * {@code testenv/up} writes. Integration tests never fall back to a fake: when the stack is not
 * up, {@link #get} fails with a message that says how to start it.
 */
public final class TestEnv {
    private static final Map<String, String> FILE_VALUES = load();
    /** {@link #override}'s values: the thread's own, inherited by the threads it starts. */
    private static final InheritableThreadLocal<Map<String, String>> OVERRIDES = new InheritableThreadLocal<>();

    private TestEnv() {}

    /** What {@link #override} returns: closing it ends the override on the thread that made it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Points the calling thread, and the threads it starts while the override holds, at other values
     * for some keys: a test class that runs against a second instance of a server (its own vtgate,
     * say) overrides the addresses that the shared helpers read, while the classes running beside it
     * on other threads keep the stack's own. Only for a class whose tests run on the thread that
     * made the override (JUnit's same-thread mode), closed in its {@code @AfterAll}.
     */
    public static Scope override(Map<String, String> values) {
        Map<String, String> previous = OVERRIDES.get();
        Map<String, String> merged = new HashMap<>(previous == null ? Map.of() : previous);
        merged.putAll(values);
        OVERRIDES.set(Map.copyOf(merged));
        return () -> OVERRIDES.set(previous);
    }

    public static String get(String key) {
        Map<String, String> overrides = OVERRIDES.get();
        if (overrides != null && overrides.containsKey(key)) {
            return overrides.get(key);
        }
        String value = System.getenv(key);
        if (value == null || value.isEmpty()) {
            value = FILE_VALUES.get(key);
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Cannot find test stack setting " + key + " in the environment or in "
                    + envFile() + ". Start the stack with testenv/up (mvn verify does it for you).");
        }
        return value;
    }

    public static String host(String hostPortKey) {
        String v = get(hostPortKey);
        return v.substring(0, v.lastIndexOf(':'));
    }

    public static int port(String hostPortKey) {
        String v = get(hostPortKey);
        return Integer.parseInt(v.substring(v.lastIndexOf(':') + 1));
    }

    /** The repository's root folder (for sample configs, schemas, the launcher). */
    public static Path repoDir() {
        String dir = System.getProperty("repo.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("testenv/up"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Cannot find the repository root (no testenv/up above "
                    + Path.of("").toAbsolutePath() + "); run the tests from inside the repository.");
        }
        return p;
    }

    public static String jdbcPostgresUrl() {
        return "jdbc:postgresql://" + get("PGHOST") + ":" + get("PGPORT") + "/" + get("PGDATABASE");
    }

    private static Path envFile() {
        String dir = System.getProperty("testenv.dir");
        return dir != null ? Path.of(dir, ".env") : repoDir().resolve("testenv/.env");
    }

    private static Map<String, String> load() {
        Map<String, String> values = new HashMap<>();
        Path file;
        try {
            file = envFile();
        } catch (IllegalStateException e) {
            return values;
        }
        if (!Files.exists(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.startsWith("#") || l.isEmpty()) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring("export ".length());
                }
                int eq = l.indexOf('=');
                if (eq > 0) {
                    values.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return values;
    }
}
