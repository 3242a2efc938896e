package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sink.table-name} pattern: the target table name with {@code {keyspace}} and
 * {@code {table}} replaced by the source table's keyspace and name. Placeholders are the only
 * braces allowed, so a typo such as {@code {tabel}} is a config error rather than a literal name.
 */
public final class TableNamePattern {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private final String pattern;

    private TableNamePattern(String pattern) {
        this.pattern = pattern;
    }

    /** The problem with {@code pattern}, or empty when it is usable. */
    public static Optional<String> problem(String pattern) {
        if (pattern.isBlank()) {
            return Optional.of("expected a table name pattern such as {table} or {keyspace}_{table}, found an empty value");
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("keyspace") && !name.equals("table")) {
                return Optional.of("unknown placeholder {" + name + "} in '" + pattern
                        + "'; the placeholders are {keyspace} and {table}");
            }
        }
        String rest = PLACEHOLDER.matcher(pattern).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            return Optional.of("unbalanced brace in '" + pattern + "'; the placeholders are {keyspace} and {table}");
        }
        if (rest.indexOf('\0') >= 0) {
            return Optional.of("the pattern contains a NUL character");
        }
        return Optional.empty();
    }

    public static TableNamePattern of(String pattern) {
        requireNonNull(pattern, "pattern is null");
        problem(pattern).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return new TableNamePattern(pattern);
    }

    public String targetName(TableId table) {
        return pattern.replace("{keyspace}", table.keyspace()).replace("{table}", table.name());
    }

    @Override
    public String toString() {
        return pattern;
    }
}
