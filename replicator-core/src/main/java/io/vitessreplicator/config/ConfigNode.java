package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping section of the YAML config (e.g. {@code sink}), read through typed getters that
 * report errors with the key's full path and line.
 *
 * <p>Every getter records the key as known. After a component has read its section it calls
 * {@link #rejectUnknownKeys()}, which fails on the first key nobody asked for: a typo such as
 * {@code max-row} is an error, never silently ignored.
 *
 * <p>Values are already interpolated ({@code ${ENV}}) by the loader. Scalars arrive as strings,
 * so that {@code 8} and {@code "8"} read the same and every conversion error is ours to word.
 */
public final class ConfigNode {
    private static final Pattern SIZE = Pattern.compile("(?i)^\\s*(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?\\s*$");
    private static final Pattern DURATION = Pattern.compile("(?i)^\\s*(\\d+)\\s*(ms|s|m|h)?\\s*$");

    private final String path;
    private final Map<String, Object> values;
    private final Map<String, Integer> lines;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param path   the section's key path, e.g. {@code sink}; empty for the root
     * @param values keys to scalar strings, nested {@code Map}s or {@code List}s
     * @param lines  full key path → 1-based line in the file, for messages (may be empty)
     */
    public ConfigNode(String path, Map<String, ?> values, Map<String, Integer> lines) {
        this.path = requireNonNull(path, "path is null");
        this.values = new LinkedHashMap<>(requireNonNull(values, "values is null"));
        this.lines = requireNonNull(lines, "lines is null");
    }

    /** A node with no line information, for tests and programmatic use. */
    public static ConfigNode of(String path, Map<String, ?> values) {
        return new ConfigNode(path, values, Map.of());
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        known.add(key);
        return values.get(key) != null;
    }

    public Optional<String> string(String key) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, "expected a single value, found a " + (v instanceof Map ? "mapping" : "list"));
        }
        return Optional.of(v.toString());
    }

    public String requiredString(String key) {
        return string(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> error(key, "is required"));
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return string(key).map(s -> parse(key, s, "a whole number from " + min + " to " + max, v -> {
            int i = Integer.parseInt(v.trim());
            return i >= min && i <= max ? i : null;
        })).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(s -> parse(key, s, "true or false", v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        })).orElse(defaultValue);
    }

    /** Sizes like {@code 64MiB}, {@code 512KiB}, {@code 1048576}; KB/MB/GB are read as powers of 1024 too. */
    public long bytes(String key, long defaultValue, long min, long max) {
        return string(key).map(s -> parse(key, s, "a size such as 64MiB (between " + min + " and " + max + " bytes)", v -> {
            Matcher m = SIZE.matcher(v);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
            long mult = switch (unit) {
                case "k", "kb", "kib" -> 1024L;
                case "m", "mb", "mib" -> 1024L * 1024;
                case "g", "gb", "gib" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            long b = Math.multiplyExact(n, mult);
            return b >= min && b <= max ? b : null;
        })).orElse(defaultValue);
    }

    /** Durations like {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return string(key).map(s -> parse(key, s, "a duration such as 500ms, 2s or 5m (between " + min + " and " + max + ")", v -> {
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
        })).orElse(defaultValue);
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        return string(key).map(s -> parse(key, s, "one of " + String.join(", ", allowed), v -> {
            String lc = v.trim().toLowerCase(Locale.ROOT);
            return allowed.contains(lc) ? lc : null;
        })).orElse(defaultValue);
    }

    /** A list of scalars; a single scalar is read as a one-element list. */
    public List<String> strings(String key) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Map) {
            throw error(key, "expected a list, found a mapping");
        }
        if (!(v instanceof List<?> list)) {
            return List.of(v.toString());
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map || o instanceof List) {
                throw error(key, "expected a list of plain values");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** A nested mapping; an absent key gives an empty section (so its defaults apply). */
    public ConfigNode section(String key) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return new ConfigNode(pathOf(key), Map.of(), lines);
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw error(key, "expected a mapping (key: value lines below it), found '" + v + "'");
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        m.forEach((k, val) -> typed.put(String.valueOf(k), val));
        return new ConfigNode(pathOf(key), typed, lines);
    }

    /** Fails on the first key of this section that no getter asked for. */
    public void rejectUnknownKeys() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("Unknown config key " + pathOf(key) + lineSuffix(key)
                        + ". Known keys under " + (path.isEmpty() ? "the top level" : path) + ": "
                        + String.join(", ", known) + ".");
            }
        }
    }

    /** An error about {@code key} with its path and line: "Invalid config sink.url (line 12): ...". */
    public ConfigException error(String key, String problem) {
        return new ConfigException("Invalid config " + pathOf(key) + lineSuffix(key) + ": " + problem + ".");
    }

    private String lineSuffix(String key) {
        Integer line = lines.get(pathOf(key));
        return line == null ? "" : " (line " + line + ")";
    }

    private <T> T parse(String key, String raw, String expected, Function<String, T> parser) {
        T result;
        try {
            result = parser.apply(raw);
        } catch (NumberFormatException | ArithmeticException e) {
            result = null;
        }
        if (result == null) {
            throw error(key, "expected " + expected + ", found '" + raw + "'");
        }
        return result;
    }
}
