package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.SchemaChange.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code pipeline.schema-changes:} section: what the pipeline does when the source schema
 * changes while it streams. Lossless type widening (INT to BIGINT, VARCHAR(10) to VARCHAR(50), more
 * DECIMAL digits) is always applied in place; everything else follows one of these keys. A change
 * whose policy is {@code stop} stops the pipeline before anything past it is committed, with a
 * message naming the table, the column and the key.
 *
 * @param addColumn        {@code add} (default): add the column to the target; {@code stop}
 * @param dropColumn       {@code keep} (default): keep the column and its values, nullable, no longer
 *                         written; {@code drop}: drop it from the target; {@code stop}
 * @param renameColumn     {@code rename} (default): rename the target column; {@code stop}
 * @param typeChange       for a change that is not a lossless widening: {@code stop} (default), or
 *                         {@code add-column}: keep the old column with its values and write the
 *                         new values to a new column {@code <name>__<new type>}
 * @param primaryKeyChange {@code apply} (default): change the target's primary key; {@code stop}
 * @param newTable         {@code copy} (default): a table that appears at the source and matches
 *                         the include filter is created in the target and its rows copied while the
 *                         other tables keep streaming; {@code stop}
 * @param dropTable        {@code keep} (default): leave the target table as it is; {@code drop}
 * @param truncate         {@code truncate} (default): empty the target table too; {@code ignore}
 */
public record SchemaChangePolicy(String addColumn, String dropColumn, String renameColumn, String typeChange,
                                 String primaryKeyChange, String newTable, String dropTable, String truncate) {
    public static final String SECTION = "pipeline.schema-changes";

    public static final SchemaChangePolicy DEFAULTS =
            new SchemaChangePolicy("add", "keep", "rename", "stop", "apply", "copy", "keep", "truncate");

    public SchemaChangePolicy {
        requireNonNull(addColumn, "addColumn is null");
        requireNonNull(dropColumn, "dropColumn is null");
        requireNonNull(renameColumn, "renameColumn is null");
        requireNonNull(typeChange, "typeChange is null");
        requireNonNull(primaryKeyChange, "primaryKeyChange is null");
        requireNonNull(newTable, "newTable is null");
        requireNonNull(dropTable, "dropTable is null");
        requireNonNull(truncate, "truncate is null");
    }

    public static SchemaChangePolicy from(ConfigNode section) {
        SchemaChangePolicy p = new SchemaChangePolicy(
                choice(section, "add-column", DEFAULTS.addColumn, "add", "stop"),
                choice(section, "drop-column", DEFAULTS.dropColumn, "keep", "drop", "stop"),
                choice(section, "rename-column", DEFAULTS.renameColumn, "rename", "stop"),
                choice(section, "type-change", DEFAULTS.typeChange, "stop", "add-column"),
                choice(section, "primary-key-change", DEFAULTS.primaryKeyChange, "apply", "stop"),
                choice(section, "new-table", DEFAULTS.newTable, "copy", "stop"),
                choice(section, "drop-table", DEFAULTS.dropTable, "keep", "drop"),
                choice(section, "truncate", DEFAULTS.truncate, "truncate", "ignore"));
        section.rejectUnknownKeys();
        return p;
    }

    private static String choice(ConfigNode section, String key, String defaultValue, String... allowed) {
        return section.choice(key, defaultValue, List.of(allowed)).toLowerCase(Locale.ROOT);
    }

    /**
     * The key whose policy asks for changes of this kind, if one does ({@code widen_column} is always
     * applied; {@code copy_table} comes from {@code new-table} or {@code type-change}).
     */
    public static Optional<String> keyFor(SchemaChange.Kind kind) {
        return Optional.ofNullable(switch (kind) {
            case ADD_COLUMN -> "add-column";
            case KEEP_COLUMN, DROP_COLUMN -> "drop-column";
            case RENAME_COLUMN -> "rename-column";
            case CHANGE_PRIMARY_KEY -> "primary-key-change";
            case ADD_TABLE -> "new-table";
            case TRUNCATE_TABLE -> "truncate";
            case DROP_TABLE -> "drop-table";
            case WIDEN_COLUMN, COPY_TABLE, COPY_COMPLETED -> null;
        });
    }

    /** The value of a key of this section, e.g. {@code value("drop-column")} is {@code keep}. */
    public String value(String key) {
        return switch (key) {
            case "add-column" -> addColumn;
            case "drop-column" -> dropColumn;
            case "rename-column" -> renameColumn;
            case "type-change" -> typeChange;
            case "primary-key-change" -> primaryKeyChange;
            case "new-table" -> newTable;
            case "drop-table" -> dropTable;
            case "truncate" -> truncate;
            default -> throw new IllegalArgumentException("no key " + key + " in " + SECTION);
        };
    }

    /**
     * What these policies ask for that a sink supporting only {@code supported} cannot apply: one
     * line per key (and one for lossless widenings, which no key controls), for {@code validate}
     * and the start-up log. Such a change stops the pipeline when it happens.
     */
    public List<String> unsupportedBy(Set<SchemaChange.Kind> supported, String sinkType) {
        Map<String, List<SchemaChange.Kind>> needs = new LinkedHashMap<>();
        needs.put("add-column", "add".equals(addColumn) ? List.of(Kind.ADD_COLUMN) : List.of());
        needs.put("drop-column", switch (dropColumn) {
            case "keep" -> List.of(Kind.KEEP_COLUMN);
            case "drop" -> List.of(Kind.DROP_COLUMN);
            default -> List.of();
        });
        needs.put("rename-column", "rename".equals(renameColumn) ? List.of(Kind.RENAME_COLUMN) : List.of());
        needs.put("type-change", "add-column".equals(typeChange)
                ? List.of(Kind.ADD_COLUMN, Kind.KEEP_COLUMN, Kind.COPY_TABLE, Kind.COPY_COMPLETED) : List.of());
        needs.put("primary-key-change", "apply".equals(primaryKeyChange) ? List.of(Kind.CHANGE_PRIMARY_KEY) : List.of());
        needs.put("new-table", "copy".equals(newTable) ? List.of(Kind.COPY_TABLE, Kind.COPY_COMPLETED) : List.of());
        needs.put("drop-table", List.of(Kind.DROP_TABLE));
        needs.put("truncate", "truncate".equals(truncate) ? List.of(Kind.TRUNCATE_TABLE) : List.of());
        List<String> out = new ArrayList<>();
        needs.forEach((k, kinds) -> {
            List<SchemaChange.Kind> missing = kinds.stream().filter(x -> !supported.contains(x)).toList();
            if (!missing.isEmpty()) {
                out.add(key(k) + " is " + value(k) + ", but sink " + sinkType + " cannot apply " + missing
                        + ": such a change stops the pipeline." + switch (k) {
                            case "drop-table" -> " Exclude tables that may be dropped.";
                            case "truncate" -> " Set it to ignore to skip truncates.";
                            default -> " Set it to stop to say so in the config.";
                        });
            }
        });
        if (!supported.contains(Kind.WIDEN_COLUMN)) {
            out.add("sink " + sinkType + " cannot widen a column's type (always applied for lossless widenings):"
                    + " such a change stops the pipeline.");
        }
        return out;
    }

    /** The full config path of a key of this section, for messages. */
    public static String key(String key) {
        return SECTION + "." + key;
    }
}
