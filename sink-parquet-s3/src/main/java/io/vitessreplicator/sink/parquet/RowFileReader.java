package io.vitessreplicator.sink.parquet;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a data file this sink wrote back into {@link FileRow}s, for rewriting a table (compaction,
 * and schema changes old files cannot express). Values come back as the Java types of the given
 * table schema, matched by column name; a column the file lacks reads as null. Before images are
 * not read.
 */
final class RowFileReader {
    private RowFileReader() {}

    static void read(Path file, TableSchema schema, ParquetSinkConfig.WideDecimals wide, Consumer<FileRow> rows) {
        // The row-group API, not ParquetReader: that one pulls in Hadoop's MapReduce input formats.
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetConf.READ_OPTIONS)) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            int[] index = indexes(fileSchema, schema);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(fileSchema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(fileSchema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.accept(row(records.read(), schema, index, wide));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** For each column of {@code schema}, its field index in the file, or -1. */
    private static int[] indexes(GroupType file, TableSchema schema) {
        int[] out = new int[schema.columns().size()];
        for (int i = 0; i < out.length; i++) {
            String name = schema.columns().get(i).name();
            out[i] = -1;
            for (int f = 0; f < file.getFieldCount(); f++) {
                if (file.getFieldName(f).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    out[i] = f;
                }
            }
        }
        return out;
    }

    private static FileRow row(Group g, TableSchema schema, int[] index, ParquetSinkConfig.WideDecimals wide) {
        List<Column> columns = schema.columns();
        Object[] data = new Object[columns.size()];
        for (int i = 0; i < data.length; i++) {
            int f = index[i];
            if (f >= 0 && g.getFieldRepetitionCount(f) > 0) {
                data[i] = value(g, f, columns.get(i).type(), wide);
            }
        }
        return new FileRow(data, g.getString(FileSchema.OP, 0), g.getLong(FileSchema.SEQ, 0),
                g.getLong(FileSchema.COMMITTED_AT, 0), g.getString(FileSchema.KEYSPACE, 0),
                g.getString(FileSchema.SHARD, 0), null);
    }

    private static Object value(Group g, int f, ColumnType t, ParquetSinkConfig.WideDecimals wide) {
        return switch (t.kind()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIT -> g.getLong(f, 0);
            case BIGINT -> t.unsigned() ? new BigInteger(Long.toUnsignedString(g.getLong(f, 0))) : (Object) g.getLong(f, 0);
            case DECIMAL -> ParquetTypes.decimalOf(g.getBinary(f, 0), t, wide);
            case FLOAT -> g.getFloat(f, 0);
            case DOUBLE -> g.getDouble(f, 0);
            case CHAR, VARCHAR, TEXT, ENUM, JSON -> g.getBinary(f, 0).toStringUsingUTF8();
            case BINARY, VARBINARY, BLOB -> g.getBinary(f, 0).getBytes();
            case DATE -> LocalDate.ofEpochDay(g.getInteger(f, 0));
            case DATETIME -> LocalDateTime.ofInstant(ParquetTypes.instantOfMicros(g.getLong(f, 0)), ZoneOffset.UTC);
            case TIMESTAMP -> ParquetTypes.instantOfMicros(g.getLong(f, 0));
            case TIME -> Duration.of(g.getLong(f, 0), ChronoUnit.MICROS);
            case YEAR -> g.getInteger(f, 0);
            case SET -> {
                Group list = g.getGroup(f, 0);
                List<String> members = new ArrayList<>();
                int n = list.getFieldRepetitionCount(0);
                for (int i = 0; i < n; i++) {
                    members.add(list.getGroup(0, i).getBinary(0, 0).toStringUsingUTF8());
                }
                yield members;
            }
            case UNSUPPORTED -> throw new IllegalArgumentException(t.toString());
        };
    }

}
