package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One table as a batch changes it; read from and written back to a {@link Manifest.TableEntry}. */
final class TableState {
    final TableId id;
    int schemaVersion;
    List<String> primaryKey;
    final List<Manifest.ColumnEntry> columns;
    final List<Manifest.FileEntry> files;
    List<String> recopySupersedes;
    boolean droppedAtSource;
    final List<Manifest.HistoryEntry> history;

    private TableState(TableId id, int schemaVersion, List<String> primaryKey, List<Manifest.ColumnEntry> columns,
                       List<Manifest.FileEntry> files, List<String> recopySupersedes, boolean droppedAtSource,
                       List<Manifest.HistoryEntry> history) {
        this.id = requireNonNull(id, "id is null");
        this.schemaVersion = schemaVersion;
        this.primaryKey = new ArrayList<>(primaryKey);
        this.columns = new ArrayList<>(columns);
        this.files = new ArrayList<>(files);
        this.recopySupersedes = new ArrayList<>(recopySupersedes);
        this.droppedAtSource = droppedAtSource;
        this.history = new ArrayList<>(history);
    }

    static TableState of(Manifest.TableEntry e) {
        return new TableState(new TableId(e.keyspace(), e.table()), e.schemaVersion(), e.primaryKey(), e.columns(),
                e.files(), e.recopySupersedes(), e.droppedAtSource(), e.history());
    }

    /** A table seen for the first time, at schema version 1. */
    static TableState fresh(TableSchema schema, ParquetSinkConfig.WideDecimals wide) {
        for (Column c : schema.columns()) {
            if (FileSchema.RESERVED.contains(c.name().toLowerCase(Locale.ROOT))) {
                throw new FatalSinkException("Cannot write " + schema.id() + " to Parquet: its column " + c.name()
                        + " has the name of a metadata column the sink adds. Exclude the column with"
                        + " source.columns.exclude, or rename it at the source.");
            }
        }
        List<Manifest.ColumnEntry> cols = new ArrayList<>();
        schema.columns().forEach(c -> cols.add(entry(c, wide, true)));
        return new TableState(schema.id(), 1, schema.primaryKey(), cols, List.of(), List.of(), false, List.of());
    }

    Manifest.TableEntry toEntry() {
        return new Manifest.TableEntry(id.keyspace(), id.name(), Layout.tableDir(id), schemaVersion, primaryKey, columns,
                files, recopySupersedes, droppedAtSource, history);
    }

    static Manifest.ColumnEntry entry(Column c, ParquetSinkConfig.WideDecimals wide, boolean written) {
        ColumnType t = c.type();
        return new Manifest.ColumnEntry(c.name(), t.sqlType(), t.kind().name(), t.unsigned(), t.length(), t.precision(),
                t.scale(), t.elements(), ParquetTypes.describe(t, wide), written);
    }

    static ColumnType typeOf(Manifest.ColumnEntry e) {
        return new ColumnType(ColumnType.Kind.valueOf(e.kind()), e.unsigned(), e.length(), e.precision(), e.scale(),
                e.elements(), e.mysqlType());
    }

    /** Every column of the table now (kept ones too), for reading its files back. */
    TableSchema schema() {
        List<Column> cols = new ArrayList<>();
        columns.forEach(e -> cols.add(new Column(e.name(), typeOf(e), true)));
        return new TableSchema(id, cols, primaryKey);
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    long rows() {
        return files.stream().mapToLong(Manifest.FileEntry::rows).sum();
    }
}
