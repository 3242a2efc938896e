package io.vitessreplicator.source.decode;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table as one FIELD event describes it: the {@link TableSchema} of the replicated columns, and
 * what {@link RowDecoder} needs to read ROW events against it (which VStream column feeds which
 * schema column, how text is decoded, the zero-date policy).
 *
 * <p>Row images from VStream hold every column of the FIELD event, in its order; the schema holds
 * only the included ones. Keep the DecodedTable of the latest FIELD event per table: a DDL is
 * followed by a new FIELD event, and rows after it must be read against the new one.
 */
public final class DecodedTable {
    private final TableSchema schema;
    private final List<ResolvedColumn> sourceColumns;
    private final boolean[] included;
    private final List<String> excludedColumns;
    private final ZeroDatePolicy zeroDates;

    DecodedTable(TableSchema schema, List<ResolvedColumn> sourceColumns, boolean[] included,
                 List<String> excludedColumns, ZeroDatePolicy zeroDates) {
        this.schema = requireNonNull(schema, "schema is null");
        this.sourceColumns = List.copyOf(requireNonNull(sourceColumns, "sourceColumns is null"));
        this.included = requireNonNull(included, "included is null").clone();
        this.excludedColumns = List.copyOf(requireNonNull(excludedColumns, "excludedColumns is null"));
        this.zeroDates = requireNonNull(zeroDates, "zeroDates is null");
    }

    /** The replicated columns and the primary key. */
    public TableSchema schema() {
        return schema;
    }

    /** Columns the filter dropped, in VStream order. */
    public List<String> excludedColumns() {
        return excludedColumns;
    }

    /**
     * Replicated columns whose type has no mapping (GEOMETRY, VECTOR, an undecodable character
     * set), name → reason, in column order. Rows of a table with any cannot be decoded: refuse the
     * table or exclude these columns.
     */
    public Map<String, String> unsupportedColumns() {
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            ResolvedColumn c = sourceColumns.get(i);
            if (included[i] && !c.isSupported()) {
                unsupported.put(c.name(), c.unsupportedReason());
            }
        }
        return unsupported;
    }

    public boolean isSupported() {
        return unsupportedColumns().isEmpty();
    }

    public ZeroDatePolicy zeroDates() {
        return zeroDates;
    }

    /** Number of values in a VStream row image of this table (excluded columns included). */
    int sourceColumnCount() {
        return sourceColumns.size();
    }

    ResolvedColumn sourceColumn(int index) {
        return sourceColumns.get(index);
    }

    boolean isIncluded(int sourceIndex) {
        return included[sourceIndex];
    }

    @Override
    public String toString() {
        return schema + (excludedColumns.isEmpty() ? "" : " excluded=" + excludedColumns);
    }
}
