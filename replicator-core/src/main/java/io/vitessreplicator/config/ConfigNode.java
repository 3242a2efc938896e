package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * {@code max-row} is an error, never silently ignored. A node is therefore stateful: hand the
 * same instance to everyone who reads the section, and reject unknown keys after the last reader.
 *
 * <p>Values are already interpolated ({@code ${ENV}}) by the loader. Scalars arrive as strings,
 * so that {@code 8} and {@code "8"} read the same and every conversion error is ours to word. A
 * key whose value is YAML null ({@code ~} or nothing) is present for {@link #rejectUnknownKeys()}
 * but absent for every getter, so its default applies.
 */
public final class ConfigNode {
    private static final Pattern SIZE = Pattern.compile("(?i)^\\s*(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?\\s*$");
    private static final Pattern DURATION = Pattern.compile("(?i)^\\s*(\\d+)\\s*(ms|s|m|h)?\\s*$");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^\\s*[+-]?\\d+\\s*$");
    private static final long KIB = 1024L;

    private final String path;
    private final Map<String, Object> values;
    private final Map<String, Integer> lines;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param path   the section's key path, e.g. {@code sink}; empty for the root
     * @param values keys to scalar strings, nested {@code Map}s or {@code List}s; null values
     *               stand for YAML null
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

    /**
     * The keys written in this section, in file order. For sections whose keys are data (such as
     * keyspace names), not names we know in advance; listing them does not mark them known.
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
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
            throw error(key, "expected a single value, found " + describe(v));
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
        return string(key).map(s -> {
            long n = parse(key, s, "a whole number", v -> {
                if (!WHOLE_NUMBER.matcher(v).matches()) {
                    return null;
                }
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException tooManyDigits) {
                    return v.trim().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
                }
            });
            return checkRange(key, s, n, (long) min, (long) max, x -> Long.toString(x)).intValue();
        }).orElse(defaultValue);
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
        return string(key).map(s -> {
            long b = parse(key, s, "a size such as 64MiB, 512KiB or 1GiB", v -> {
                Matcher m = SIZE.matcher(v);
                if (!m.matches()) {
                    return null;
                }
                String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                long mult = switch (unit) {
                    case "k", "kb", "kib" -> KIB;
                    case "m", "mb", "mib" -> KIB * KIB;
                    case "g", "gb", "gib" -> KIB * KIB * KIB;
                    default -> 1L;
                };
                try {
                    return Math.multiplyExact(Long.parseLong(m.group(1)), mult);
                } catch (NumberFormatException | ArithmeticException tooLarge) {
                    return Long.MAX_VALUE;
                }
            });
            return checkRange(key, s, b, min, max, ConfigNode::formatBytes);
        }).orElse(defaultValue);
    }

    /** Durations like {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return string(key).map(s -> {
            Duration d = parse(key, s, "a duration such as 500ms, 2s, 5m or 1h", v -> {
                Matcher m = DURATION.matcher(v);
                if (!m.matches()) {
                    return null;
                }
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                try {
                    long n = Long.parseLong(m.group(1));
                    return switch (unit) {
                        case "ms" -> Duration.ofMillis(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofSeconds(n);
                    };
                } catch (NumberFormatException | ArithmeticException tooLarge) {
                    return Duration.ofSeconds(Long.MAX_VALUE);
                }
            });
            return checkRange(key, s, d, min, max, ConfigNode::formatDuration);
        }).orElse(defaultValue);
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        return string(key).map(s -> parse(key, s, "one of " + String.join(", ", allowed), v -> {
            String lc = v.trim().toLowerCase(Locale.ROOT);
            return allowed.contains(lc) ? lc : null;
        })).orElse(defaultValue);
    }

    /** A list of scalars; a single scalar is read as a one-element list. Empty items are errors. */
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
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (o == null) {
                throw error(key + "[" + i + "]", "is empty; remove the item or give it a value");
            }
            if (o instanceof Map || o instanceof List) {
                throw error(key + "[" + i + "]", "expected a plain value, found " + describe(o));
            }
            out.add(o.toString());
        }
        return List.copyOf(out);
    }

    /** A nested mapping; an absent key gives an empty section (so its defaults apply). */
    public ConfigNode section(String key) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return new ConfigNode(pathOf(key), Map.of(), lines);
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw error(key, "expected a mapping (key: value lines below it), found " + describe(v));
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        m.forEach((k, val) -> typed.put(String.valueOf(k), val));
        return new ConfigNode(pathOf(key), typed, lines);
    }

    /** Fails on the first key of this section that no getter asked for. */
    public void rejectUnknownKeys() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                String hint = KeySuggestion.closest(key, known).map(k -> " Did you mean " + k + "?").orElse("");
                throw new ConfigException("Unknown config key " + pathOf(key) + lineSuffix(key) + "." + hint
                        + " Known keys under " + (path.isEmpty() ? "the top level" : path) + ": "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ".");
            }
        }
    }

    /** An error about {@code key} with its path and line: "Invalid config sink.url (line 12): ...". */
    public ConfigException error(String key, String problem) {
        return invalid(pathOf(key), lines.get(pathOf(key)), problem);
    }

    /** Lists the keys only: the values may hold passwords. */
    @Override
    public String toString() {
        return "ConfigNode[" + (path.isEmpty() ? "<root>" : path) + ": " + String.join(", ", values.keySet()) + "]";
    }

    /** The one wording of "this value is wrong", shared with the loader. */
    static ConfigException invalid(String path, Integer line, String problem) {
        return new ConfigException("Invalid config " + path + (line == null ? "" : " (line " + line + ")")
                + ": " + problem + ".");
    }

    /** {@code 67108864} → {@code 64MiB}; sizes that are not whole units stay in bytes. */
    static String formatBytes(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {KIB * KIB * KIB, KIB * KIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        return bytes + " bytes";
    }

    /** {@code PT2S} → {@code 2s}, in the same units the config accepts. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private String lineSuffix(String key) {
        Integer line = lines.get(pathOf(key));
        return line == null ? "" : " (line " + line + ")";
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
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

    private <T extends Comparable<? super T>> T checkRange(String key, String raw, T value, T min, T max,
                                                           Function<T, String> format) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw error(key, "must be between " + format.apply(min) + " and " + format.apply(max)
                    + ", found '" + raw + "'");
        }
        return value;
    }
}
