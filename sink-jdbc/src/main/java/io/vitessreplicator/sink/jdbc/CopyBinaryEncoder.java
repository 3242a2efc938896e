package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link CopyTextEncoder}'s rows in COPY's binary format: the same columns (for staging, followed
 * by {@code _vr_op} as a one-byte {@code "char"} and {@code _vr_seq} as a bigint), the same values,
 * the same refusals with the same messages. PostgreSQL spends less CPU receiving binary values
 * than parsing text, and so does this side producing them.
 *
 * <p>Binary values must be of the column's exact type. This encoder trusts
 * {@link TargetTable#columnTypes()} to be the target's column types: for PostgreSQL they are,
 * because {@link TargetTables} adopts an existing table only when each column has exactly the
 * mapped type ({@code PostgresCatalog} keeps {@code SqlDialect.Catalog.holds}' exact default; a
 * catalog that accepted other types would have to hand their actual types on, or binary COPY would
 * fail on them). A table with any column whose target type is not one {@link CopyBinaryFormats} is
 * written for has no binary encoder ({@link #of} is empty): it is written with the text encoder,
 * whose values the server parses into whatever type the column has.
 */
final class CopyBinaryEncoder {
    private final TargetTable table;
    private final CopyBinaryFormat[] formats;
    private final int keyCount;
    /** For each column, its position in a delete's key values, or -1 when not in the key. */
    private final int[] keyPositionOfColumn;

    private CopyBinaryEncoder(TargetTable table, CopyBinaryFormat[] formats) {
        this.table = table;
        this.formats = formats;
        int[] keyIndexes = table.source().primaryKeyIndexes();
        this.keyCount = keyIndexes.length;
        this.keyPositionOfColumn = new int[formats.length];
        Arrays.fill(keyPositionOfColumn, -1);
        for (int k = 0; k < keyIndexes.length; k++) {
            keyPositionOfColumn[keyIndexes[k]] = k;
        }
    }

    /** The binary encoder of {@code table}, or empty when a column needs the text form (see {@link #textOnlyColumn}). */
    static Optional<CopyBinaryEncoder> of(TargetTable table) {
        requireNonNull(table, "table is null");
        List<Column> columns = table.source().columns();
        CopyBinaryFormat[] formats = new CopyBinaryFormat[columns.size()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = CopyBinaryFormats.forType(columns.get(i).type(), table.columnTypes().get(i));
            if (formats[i] == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new CopyBinaryEncoder(table, formats));
    }

    /** The first column whose target type has no binary form here, as "name (source type → target type)". */
    static Optional<String> textOnlyColumn(TargetTable table) {
        List<Column> columns = table.source().columns();
        for (int i = 0; i < columns.size(); i++) {
            SqlType target = table.columnTypes().get(i);
            if (CopyBinaryFormats.forType(columns.get(i).type(), target) == null) {
                return Optional.of(columns.get(i).name() + " (" + columns.get(i).type().sqlType() + " → "
                        + target.ddl() + ")");
            }
        }
        return Optional.empty();
    }

    void writeUpsert(Object[] row, long seq, CopyBinaryBuffer out) {
        checkRow(row);
        int mark = out.mark();
        out.fieldCount(formats.length + 2);
        for (int i = 0; i < formats.length; i++) {
            value(i, row[i], out, mark);
        }
        end('U', seq, out);
    }

    /** A row for COPY straight into the target table: its columns only. */
    void writeRow(Object[] row, CopyBinaryBuffer out) {
        checkRow(row);
        int mark = out.mark();
        out.fieldCount(formats.length);
        for (int i = 0; i < formats.length; i++) {
            value(i, row[i], out, mark);
        }
    }

    void writeDelete(Object[] key, long seq, CopyBinaryBuffer out) {
        if (key.length != keyCount) {
            throw CopyTextEncoder.wrongKeyLength(table, key.length);
        }
        int mark = out.mark();
        out.fieldCount(formats.length + 2);
        for (int i = 0; i < formats.length; i++) {
            int k = keyPositionOfColumn[i];
            if (k < 0) {
                out.nullField();
            } else {
                if (key[k] == null) {
                    out.truncate(mark);
                    throw CopyTextEncoder.nullKey(table, i);
                }
                value(i, key[k], out, mark);
            }
        }
        end('D', seq, out);
    }

    private void checkRow(Object[] row) {
        if (row.length != formats.length) {
            throw CopyTextEncoder.wrongRowLength(table, row.length);
        }
    }

    private void value(int column, Object value, CopyBinaryBuffer out, int rowMark) {
        if (value == null) {
            out.nullField();
            return;
        }
        int at = out.beginField();
        try {
            formats[column].write(value, out);
        } catch (RejectedValueException e) {
            out.truncate(rowMark);
            throw CopyTextEncoder.rejected(table, column, e);
        }
        out.endField(at);
    }

    private static void end(char op, long seq, CopyBinaryBuffer out) {
        out.int32(1);
        out.int8(op);
        out.int32(8);
        out.int64(seq);
    }
}
