package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.FatalSinkException;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes one table's staged rows for {@code COPY} into its staging table, whose columns are the
 * source columns in order followed by {@code _vr_op} ('U' upsert, 'D' delete) and {@code _vr_seq}.
 * A delete row carries only the primary-key values; its other columns are NULL.
 *
 * <p>A value PostgreSQL cannot hold becomes a {@link FatalSinkException} naming the source column
 * and the target table; the partly written row is removed from the buffer first, although the
 * caller abandons the whole COPY anyway.
 *
 * <p>The loader prefers {@link CopyBinaryEncoder}, which writes the same rows in COPY's binary
 * format with the same refusals and messages (built here); this text form is what a table falls
 * back to when a column's target type is not one the binary form is written for.
 */
final class CopyTextEncoder {
    private final TargetTable table;
    private final CopyValueFormat[] formats;
    private final int keyCount;
    /** For each column, its position in a delete's key values, or -1 when not in the key. */
    private final int[] keyPositionOfColumn;

    CopyTextEncoder(TargetTable table) {
        this.table = requireNonNull(table, "table is null");
        List<Column> columns = table.source().columns();
        this.formats = new CopyValueFormat[columns.size()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = CopyValueFormats.forType(columns.get(i).type(), table.columnTypes().get(i));
        }
        int[] keyIndexes = table.source().primaryKeyIndexes();
        this.keyCount = keyIndexes.length;
        this.keyPositionOfColumn = new int[formats.length];
        Arrays.fill(keyPositionOfColumn, -1);
        for (int k = 0; k < keyIndexes.length; k++) {
            keyPositionOfColumn[keyIndexes[k]] = k;
        }
    }

    void writeUpsert(Object[] row, long seq, CopyTextBuffer out) {
        columns(row, out);
        out.fieldSeparator();
        end('U', seq, out);
    }

    /** A row for COPY straight into the target table: its columns only. */
    void writeRow(Object[] row, CopyTextBuffer out) {
        columns(row, out);
        out.endRow();
    }

    /** The row's values, tab-separated, with no separator after the last. */
    private void columns(Object[] row, CopyTextBuffer out) {
        if (row.length != formats.length) {
            throw wrongRowLength(table, row.length);
        }
        int mark = out.mark();
        for (int i = 0; i < formats.length; i++) {
            if (i > 0) {
                out.fieldSeparator();
            }
            value(i, row[i], out, mark);
        }
    }

    void writeDelete(Object[] key, long seq, CopyTextBuffer out) {
        if (key.length != keyCount) {
            throw wrongKeyLength(table, key.length);
        }
        int mark = out.mark();
        for (int i = 0; i < formats.length; i++) {
            int k = keyPositionOfColumn[i];
            if (k < 0) {
                out.nullValue();
            } else {
                if (key[k] == null) {
                    throw nullKey(table, i);
                }
                value(i, key[k], out, mark);
            }
            out.fieldSeparator();
        }
        end('D', seq, out);
    }

    private void value(int column, Object value, CopyTextBuffer out, int rowMark) {
        if (value == null) {
            out.nullValue();
            return;
        }
        try {
            formats[column].write(value, out);
        } catch (RejectedValueException e) {
            out.truncate(rowMark);
            throw rejected(table, column, e);
        }
    }

    // The refusals, worded once for both COPY forms.

    static FatalSinkException wrongRowLength(TargetTable table, int values) {
        return new FatalSinkException("Cannot write a row of " + table.source().id() + ": it has " + values
                + " values but the table has " + table.source().columns().size() + " columns. This is a bug in the"
                + " source decoder; please report it.");
    }

    static FatalSinkException wrongKeyLength(TargetTable table, int values) {
        return new FatalSinkException("Cannot stage a delete of " + table.source().id() + ": the key has "
                + values + " values but the primary key has " + table.source().primaryKeyIndexes().length
                + " columns. This is a bug in the source decoder; please report it.");
    }

    static FatalSinkException nullKey(TargetTable table, int column) {
        return new FatalSinkException("Cannot stage a delete of " + table.source().id() + ": primary-key"
                + " column " + table.source().columns().get(column).name() + " is NULL. This is a bug in the"
                + " source decoder; please report it.");
    }

    static FatalSinkException rejected(TargetTable table, int column, RejectedValueException e) {
        Column c = table.source().columns().get(column);
        return new FatalSinkException("Cannot write column " + table.source().id() + "." + c.name() + " ("
                + c.type().sqlType() + ") to " + table.qualifiedName() + "." + PgIdentifier.quote(c.name()) + ": "
                + e.getMessage() + ". Fix the value at the source or exclude the table; the sink never alters"
                + " values.", e);
    }

    private static void end(char op, long seq, CopyTextBuffer out) {
        out.put(op);
        out.fieldSeparator();
        out.digits(seq);
        out.endRow();
    }
}
