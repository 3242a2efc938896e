package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a data file: the table's columns (as the rows of one schema version carry
 * them), then the metadata columns {@code _op}, {@code _seq}, {@code _committed_at},
 * {@code _keyspace}, {@code _shard} and, with before images, {@code _before} (a group of the data
 * columns).
 */
final class FileSchema {
    static final String OP = "_op";
    static final String SEQ = "_seq";
    static final String COMMITTED_AT = "_committed_at";
    static final String KEYSPACE = "_keyspace";
    static final String SHARD = "_shard";
    static final String BEFORE = "_before";
    /** Names a source column may not have: they would collide with the metadata columns. */
    static final Set<String> RESERVED = Set.of(OP, SEQ, COMMITTED_AT, KEYSPACE, SHARD, BEFORE);

    private final TableSchema table;
    private final boolean beforeImages;
    private final MessageType message;

    FileSchema(TableSchema table, boolean beforeImages, ParquetSinkConfig.WideDecimals wide) {
        this.table = requireNonNull(table, "table is null");
        this.beforeImages = beforeImages;
        List<Type> fields = new ArrayList<>();
        List<Type> data = new ArrayList<>();
        for (Column c : table.columns()) {
            data.add(ParquetTypes.field(c, wide));
        }
        fields.addAll(data);
        fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(OP));
        fields.add(Types.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true)).named(SEQ));
        fields.add(Types.required(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(COMMITTED_AT));
        fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(KEYSPACE));
        fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SHARD));
        if (beforeImages) {
            fields.add(Types.optionalGroup().addFields(data.toArray(Type[]::new)).named(BEFORE));
        }
        this.message = new MessageType(table.id().name(), fields);
    }

    TableSchema table() {
        return table;
    }

    List<Column> columns() {
        return table.columns();
    }

    boolean beforeImages() {
        return beforeImages;
    }

    MessageType message() {
        return message;
    }
}
