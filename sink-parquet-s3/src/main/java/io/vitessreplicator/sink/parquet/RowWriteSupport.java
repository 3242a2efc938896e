package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link FileRow}s straight into Parquet's record consumer: no intermediate object model
 * (Avro has no unsigned 64-bit integer, no JSON annotation and no way to say "not UTC adjusted" for
 * every engine, so parquet-avro's writer is not used).
 */
final class RowWriteSupport extends WriteSupport<FileRow> {
    private final FileSchema schema;
    private final ParquetSinkConfig.WideDecimals wide;
    private final Map<String, String> footer;
    /** Per column, "keyspace.table.column" for error messages (made once, not per value). */
    private final String[] labels;
    /** The metadata strings repeat row after row: each is encoded once while it repeats. */
    private final BinaryCache op = new BinaryCache();
    private final BinaryCache keyspace = new BinaryCache();
    private final BinaryCache shard = new BinaryCache();
    private RecordConsumer rc;

    RowWriteSupport(FileSchema schema, ParquetSinkConfig.WideDecimals wide, Map<String, String> footer) {
        this.schema = requireNonNull(schema, "schema is null");
        this.wide = requireNonNull(wide, "wide is null");
        this.footer = Map.copyOf(footer);
        String tableName = schema.table().id().toString();
        List<Column> columns = schema.columns();
        this.labels = new String[columns.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = tableName + "." + columns.get(i).name();
        }
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema.message(), footer);
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema.message(), footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.rc = recordConsumer;
    }

    @Override
    public void write(FileRow row) {
        List<Column> columns = schema.columns();
        int n = columns.size();
        rc.startMessage();
        values(columns, row.data());
        string(n, FileSchema.OP, op.of(row.op()));
        rc.startField(FileSchema.SEQ, n + 1);
        rc.addLong(row.seq());
        rc.endField(FileSchema.SEQ, n + 1);
        rc.startField(FileSchema.COMMITTED_AT, n + 2);
        rc.addLong(row.committedAt());
        rc.endField(FileSchema.COMMITTED_AT, n + 2);
        string(n + 3, FileSchema.KEYSPACE, keyspace.of(row.keyspace()));
        string(n + 4, FileSchema.SHARD, shard.of(row.shard()));
        if (schema.beforeImages() && row.before() != null) {
            rc.startField(FileSchema.BEFORE, n + 5);
            rc.startGroup();
            values(columns, row.before());
            rc.endGroup();
            rc.endField(FileSchema.BEFORE, n + 5);
        }
        rc.endMessage();
    }

    private void values(List<Column> columns, Object[] values) {
        for (int i = 0; i < columns.size(); i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            Column c = columns.get(i);
            rc.startField(c.name(), i);
            ParquetTypes.write(rc, c.type(), wide, v, labels[i]);
            rc.endField(c.name(), i);
        }
    }

    private void string(int index, String name, Binary value) {
        rc.startField(name, index);
        rc.addBinary(value);
        rc.endField(name, index);
    }

    /**
     * The UTF-8 {@link Binary} of the last string asked for, kept while the same string comes
     * again. A {@code Binary.fromString} value is immutable, so Parquet may hold it (in a
     * dictionary or as a page's statistics) across rows.
     */
    private static final class BinaryCache {
        private String last;
        private Binary binary;

        Binary of(String value) {
            if (!value.equals(last)) {
                binary = Binary.fromString(value);
                last = value;
            }
            return binary;
        }
    }
}
