package io.vitessreplicator.source;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata;
import io.vitess.proto.Query;
import io.vitessreplicator.config.SourceConfig;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.source.decode.DecodedTable;
import io.vitessreplicator.source.decode.FieldDecoder;
import io.vitessreplicator.source.decode.RowDecoder;
import io.vitessreplicator.source.wire.WireResponse;
import java.util.Optional;

/**
 * Binds a FIELD event to the decoders for that table, applying the table and column filters of
 * the config. The filter regexes run once per FIELD event, not per row.
 */
public final class DecodingTableBinder implements TableBinder {
    private final SourceConfig config;
    private final FieldDecoder fields;

    public DecodingTableBinder(SourceConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.fields = new FieldDecoder(config::includesColumn, config.zeroDates());
    }

    @Override
    public Optional<TableBinding> bind(TableId table, Binlogdata.FieldEvent event) {
        if (!config.includesTable(table)) {
            return Optional.empty();
        }
        DecodedTable decoded = fields.decode(table.keyspace(), table.name(), event.getFieldsList());
        if (!decoded.isSupported()) {
            throw new SourceException("Cannot replicate " + table + ": " + decoded.unsupportedColumns()
                    + ". Exclude these columns with source.columns.exclude.", null, false);
        }
        if (!decoded.schema().hasPrimaryKey()) {
            throw new SourceException("Cannot replicate " + table + ": no primary key. Add one, or exclude the table"
                    + " with source.tables.exclude.", null, false);
        }
        RowDecoder rows = new RowDecoder(decoded);
        return Optional.of(new TableBinding() {
            @Override
            public TableSchema schema() {
                return rows.schema();
            }

            @Override
            public Object[] decode(Query.Row row) {
                return rows.decode(row);
            }

            @Override
            public Object[] decode(WireResponse response, int image) {
                return rows.decode(response, image);
            }
        });
    }
}
