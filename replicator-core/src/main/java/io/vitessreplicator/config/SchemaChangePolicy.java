package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

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

    /** The full config path of a key of this section, for messages. */
    public static String key(String key) {
        return SECTION + "." + key;
    }
}
