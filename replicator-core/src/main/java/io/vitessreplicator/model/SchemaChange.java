package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A change to a target table, decided by the core from the source's DDL and FIELD events and the
 * {@code pipeline.schema-changes} policy, handed to the sink in stream order: rows before it were
 * written with the old shape, rows after it with the new one. Column names are target names.
 *
 * <p>{@link #sourceDdl()} is the statement that caused it (empty when only a FIELD event showed
 * it; for an online DDL cut-over, the shadow table's ALTER), kept for the target's schema history.
 */
public sealed interface SchemaChange {

    TableId table();

    String sourceDdl();

    /** One line for logs and the schema history, e.g. {@code add column note varchar(20)}. */
    String describe();

    /** What kind of change: what a sink declares it supports, and a label for history and metrics. */
    default Kind kind() {
        return Kind.of(this);
    }

    /** The kinds of change, one per record type below; {@link #toString()} is the snake-case label. */
    enum Kind {
        ADD_COLUMN, KEEP_COLUMN, DROP_COLUMN, RENAME_COLUMN, WIDEN_COLUMN, CHANGE_PRIMARY_KEY,
        ADD_TABLE, DROP_TABLE, TRUNCATE_TABLE, COPY_TABLE, COPY_COMPLETED;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The kind of a change: its record's name in snake case (AddColumn → ADD_COLUMN). */
        static Kind of(SchemaChange change) {
            return valueOf(change.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toUpperCase(Locale.ROOT));
        }

        /** {@code add_column}, {@code copy_table}, ... as the schema history and metrics name it. */
        @Override
        public String toString() {
            return label;
        }
    }

    /** The column was added: add it. Existing target rows get {@code fill} (the source's default). */
    record AddColumn(TableId table, Column column, Object fill, String sourceDdl) implements SchemaChange {
        public AddColumn {
            requireNonNull(table, "table is null");
            requireNonNull(column, "column is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "add column " + column.name() + " " + column.type().sqlType() + (fill == null ? "" : " filled with " + fill);
        }
    }

    /**
     * The source no longer has the column (dropped, or replaced after an incompatible type change):
     * keep it in the target with its values, nullable, no longer written.
     */
    record KeepColumn(TableId table, String column, String reason, String sourceDdl) implements SchemaChange {
        public KeepColumn {
            requireNonNull(table, "table is null");
            requireNonNull(column, "column is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "keep column " + column + " (" + reason + "), nullable, no longer written";
        }
    }

    /** The column was dropped at the source: drop it. */
    record DropColumn(TableId table, String column, String sourceDdl) implements SchemaChange {
        public DropColumn {
            requireNonNull(table, "table is null");
            requireNonNull(column, "column is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "drop column " + column;
        }
    }

    record RenameColumn(TableId table, String from, String to, String sourceDdl) implements SchemaChange {
        public RenameColumn {
            requireNonNull(table, "table is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "rename column " + from + " to " + to;
        }
    }

    /** A lossless widening: every old value is a valid new value. */
    record WidenColumn(TableId table, Column from, Column to, String sourceDdl) implements SchemaChange {
        public WidenColumn {
            requireNonNull(table, "table is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "change column " + to.name() + " from " + from.type().sqlType() + " to " + to.type().sqlType();
        }
    }

    record ChangePrimaryKey(TableId table, List<String> from, List<String> to, String sourceDdl) implements SchemaChange {
        public ChangePrimaryKey {
            requireNonNull(table, "table is null");
            from = List.copyOf(requireNonNull(from, "from is null"));
            to = List.copyOf(requireNonNull(to, "to is null"));
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "change primary key from (" + String.join(", ", from) + ") to (" + String.join(", ", to) + ")";
        }
    }

    /** A table the pipeline replicates from now on (new at the source, or newly included). */
    record AddTable(TableSchema schema, String sourceDdl) implements SchemaChange {
        public AddTable {
            requireNonNull(schema, "schema is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public TableId table() {
            return schema.id();
        }

        @Override
        public String describe() {
            return "add table with columns " + schema.columnNames() + " primary key " + schema.primaryKey();
        }
    }

    /** The table was dropped at the source; {@code dropTarget} says whether the target's goes too. */
    record DropTable(TableId table, boolean dropTarget, String sourceDdl) implements SchemaChange {
        public DropTable {
            requireNonNull(table, "table is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return dropTarget ? "drop table" : "table dropped at the source; target table kept";
        }
    }

    /** The table was truncated at the source (on its first shard): empty the target table. */
    record TruncateTable(TableId table, String sourceDdl) implements SchemaChange {
        public TruncateTable {
            requireNonNull(table, "table is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "truncate table";
        }
    }

    /**
     * The table is copied again while the others stream (a new table whose target already exists,
     * or a type change with add-column). vttablet copies it from scratch and does not send what
     * changes in the rows it has not copied yet, so target rows deleted at the source meanwhile
     * would stay: the sink notes every key the copy and the stream write from here on, and
     * {@link CopyCompleted} removes the target rows not among them.
     */
    record CopyTable(TableId table, List<String> primaryKey, String reason, String sourceDdl) implements SchemaChange {
        public CopyTable {
            requireNonNull(table, "table is null");
            primaryKey = List.copyOf(primaryKey);
            requireNonNull(reason, "reason is null");
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "copy the table again (" + reason + "); rows the copy does not deliver are removed when it completes";
        }
    }

    /** The copy started by {@link CopyTable} completed on every shard. */
    record CopyCompleted(TableId table, List<String> primaryKey, String sourceDdl) implements SchemaChange {
        public CopyCompleted {
            requireNonNull(table, "table is null");
            primaryKey = List.copyOf(primaryKey);
            requireNonNull(sourceDdl, "sourceDdl is null");
        }

        @Override
        public String describe() {
            return "copy completed: target rows the copy did not deliver are removed";
        }
    }
}
