package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tables and columns are replicated: {@code source.tables.include/exclude} and
 * {@code source.columns.exclude}. Patterns are Java regular expressions that must match the whole
 * name ({@code customer\..*} matches {@code customer.orders}, {@code orders} matches nothing in a
 * keyspace), case-sensitively as MySQL on Linux names tables.
 *
 * <p>Matching runs every pattern, so decide once per table (or schema change) and keep the
 * answer, rather than asking for every row.
 *
 * @param includeTables  a table is replicated when one of these matches {@code keyspace.table}...
 * @param excludeTables  ...and none of these does
 * @param excludeColumns columns whose {@code keyspace.table.column} matches one of these are dropped
 */
public record TableFilter(List<Pattern> includeTables, List<Pattern> excludeTables, List<Pattern> excludeColumns) {
    /** Everything: the default of {@code source.tables.include}. */
    public static final Pattern ALL = Pattern.compile(".*");

    public TableFilter {
        includeTables = List.copyOf(requireNonNull(includeTables, "includeTables is null"));
        excludeTables = List.copyOf(requireNonNull(excludeTables, "excludeTables is null"));
        excludeColumns = List.copyOf(requireNonNull(excludeColumns, "excludeColumns is null"));
    }

    /** Reads {@code tables} and {@code columns} under {@code source} and rejects unknown keys in them. */
    public static TableFilter from(ConfigNode source) {
        ConfigNode tables = source.section("tables");
        List<Pattern> include = tables.has("include") ? patterns(tables, "include") : List.of(ALL);
        if (include.isEmpty()) {
            throw tables.error("include", "is an empty list, so no table would be replicated; remove the key"
                    + " to include every table");
        }
        List<Pattern> exclude = patterns(tables, "exclude");
        tables.rejectUnknownKeys();

        ConfigNode columns = source.section("columns");
        List<Pattern> excludeColumns = patterns(columns, "exclude");
        columns.rejectUnknownKeys();
        return new TableFilter(include, exclude, excludeColumns);
    }

    public boolean includesTable(TableId table) {
        String name = table.keyspace() + "." + table.name();
        return matchesAny(includeTables, name) && !matchesAny(excludeTables, name);
    }

    /** Whether {@code column} of {@code table} is kept; says nothing about the table itself. */
    public boolean includesColumn(TableId table, String column) {
        return !matchesAny(excludeColumns, table.keyspace() + "." + table.name() + "." + column);
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> patterns(ConfigNode node, String key) {
        List<String> texts = node.strings(key);
        List<Pattern> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(Pattern.compile(texts.get(i)));
            } catch (PatternSyntaxException e) {
                String where = e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : "";
                throw node.error(key + "[" + i + "]", "'" + texts.get(i) + "' is not a valid regular expression: "
                        + e.getDescription() + where + " (remember that YAML double quotes need \\\\ for a"
                        + " regex backslash)");
            }
        }
        return out;
    }
}
