package io.vitessreplicator.source.decode;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata;
import io.vitess.proto.Query;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.source.wire.WireResponse;
import java.time.DateTimeException;
import java.util.Map;

/**
 * Decodes VStream row images of one table into Java values, one per schema column, typed as
 * {@link io.vitessreplicator.model.ColumnType} documents. Copy-phase and streamed rows of the same
 * data decode to equal values (see the decoders for where VStream's text differs and how it is
 * reconciled).
 *
 * <p>A {@code Query.Row} is a list of lengths (-1 for NULL) and one byte string holding the
 * values back to back. The decoder walks it once, hands each included value's bytes to that
 * column's {@link ColumnDecoder} and steps over excluded ones. Not thread-safe: it reuses scratch
 * buffers, and is confined to the stream's reader thread.
 */
public final class RowDecoder {
    private static final int RAW_VALUE_LIMIT = 64;

    private final DecodedTable table;
    private final ColumnDecoder[] decoders; // by VStream column; null when excluded
    private final int outputColumns;

    /**
     * @throws IllegalArgumentException when an included column's type has no mapping
     */
    public RowDecoder(DecodedTable table) {
        this.table = requireNonNull(table, "table is null");
        Map<String, String> unsupported = table.unsupportedColumns();
        if (!unsupported.isEmpty()) {
            StringBuilder why = new StringBuilder();
            unsupported.forEach((column, reason) -> why.append(why.length() == 0 ? "" : "; ")
                    .append(column).append(": ").append(reason));
            throw new IllegalArgumentException("Cannot decode rows of " + table.schema().id() + ": " + why
                    + ". Exclude these columns from replication or leave the table out.");
        }
        this.decoders = new ColumnDecoder[table.sourceColumnCount()];
        int count = 0;
        for (int i = 0; i < decoders.length; i++) {
            if (table.isIncluded(i)) {
                decoders[i] = ColumnDecoders.forColumn(table.sourceColumn(i), table.zeroDates());
                count++;
            }
        }
        this.outputColumns = count;
    }

    /**
     * The row's value bytes are copied here rather than into a new array per row image (a third of
     * the copy phase's allocation was these arrays and protobuf's strings). Decoding is confined to
     * the stream's reader thread, and a decoder never keeps the array it reads.
     */
    private byte[] scratch = new byte[256];
    /** Rows larger than this (a big BLOB) get an array of their own, so one does not pin memory. */
    private static final int MAX_KEPT_SCRATCH = 1 << 20;

    public TableSchema schema() {
        return table.schema();
    }

    /** The values of one row image, in schema column order; null for SQL NULL. */
    public Object[] decode(Query.Row row) {
        int n = row.getLengthsCount();
        checkCount(n);
        com.google.protobuf.ByteString values = row.getValues();
        int size = values.size();
        byte[] bytes = scratch(size);
        values.copyTo(bytes, 0); // every decoder copies what it keeps, so the buffer is reused
        long[] lengths = scratchLengths.length >= n ? scratchLengths : (scratchLengths = new long[n]);
        for (int i = 0; i < n; i++) {
            lengths[i] = row.getLengths(i);
        }
        return decode(bytes, 0, size, lengths, 0, n);
    }

    /** The values of image {@code image} of a response read from the wire; as {@link #decode(Query.Row)}. */
    public Object[] decode(WireResponse response, int image) {
        int n = response.valueCount(image);
        checkCount(n);
        return decode(response.bytes(), response.valuesFrom(image), response.valuesSize(image), response.lengths(),
                response.lengthsFrom(image), n);
    }

    private long[] scratchLengths = new long[16];

    private byte[] scratch(int size) {
        byte[] bytes = scratch;
        if (bytes.length < size) {
            bytes = new byte[Math.max(size, Math.min(2 * bytes.length, MAX_KEPT_SCRATCH))];
            if (bytes.length <= MAX_KEPT_SCRATCH) {
                scratch = bytes;
            }
        }
        return bytes;
    }

    private void checkCount(int n) {
        if (n != decoders.length) {
            throw new ValueDecodingException("Cannot decode a row of " + table.schema().id() + ": it has " + n
                    + " values but the table's FIELD event has " + decoders.length
                    + " columns. Rows must be decoded with the FIELD event that precedes them.");
        }
    }

    /** Values {@code bytes[from, from + size)}, cut by {@code lengths[lengthsFrom, lengthsFrom + n)}. */
    private Object[] decode(byte[] bytes, int from, int size, long[] lengths, int lengthsFrom, int n) {
        Object[] out = new Object[outputColumns];
        int offset = 0;
        int target = 0;
        for (int i = 0; i < n; i++) {
            long length = lengths[lengthsFrom + i];
            ColumnDecoder decoder = decoders[i];
            if (length < 0) {
                if (length != -1) {
                    throw shape("value " + i + " has length " + length);
                }
                if (decoder != null) {
                    target++;
                }
                continue;
            }
            if (length > size - offset) {
                throw shape("value " + i + " runs past the end of the row");
            }
            int len = (int) length;
            if (decoder != null) {
                out[target++] = decodeValue(decoder, i, bytes, from + offset, len);
            }
            offset += len;
        }
        if (offset != size) {
            throw shape("the lengths cover " + offset + " of " + size + " bytes");
        }
        return out;
    }

    /**
     * The model change of one VStream row change: insert (after only), delete (before only) or
     * update (both).
     *
     * @throws ValueDecodingException when vttablet sent a partial image (binlog_row_image other
     *         than FULL, or partial JSON updates), which cannot be turned into whole rows
     */
    public RowChange decode(Binlogdata.RowChange change) {
        if (change.hasDataColumns() && !allSet(change.getDataColumns(), decoders.length)) {
            throw new ValueDecodingException("Cannot decode a change of " + table.schema().id()
                    + ": vttablet sent a partial row image (some columns missing). Set binlog_row_image=FULL on"
                    + " the MySQL servers and do not enable VReplication's allow-noblob-binlog-row-image flag.");
        }
        // json_partial_values (field 4): JSON_SET-style diffs, not values. Also looked for among the
        // unknown fields, for protos older than the field.
        if (hasPartialJson(change) || change.getUnknownFields().hasField(4)) {
            throw new ValueDecodingException("Cannot decode a change of " + table.schema().id()
                    + ": vttablet sent a partial JSON update instead of the JSON value. Set"
                    + " binlog_row_value_options='' (not PARTIAL_JSON) on the MySQL servers.");
        }
        Object[] before = change.hasBefore() ? decode(change.getBefore()) : null;
        Object[] after = change.hasAfter() ? decode(change.getAfter()) : null;
        return new RowChange(table.schema(), before, after);
    }

    private Object decodeValue(ColumnDecoder decoder, int column, byte[] bytes, int offset, int length) {
        try {
            return decoder.decode(bytes, offset, length);
        } catch (ZeroDateException e) {
            throw new ValueDecodingException(describe(column, bytes, offset, length)
                    + ": it is a MySQL zero date and source.zero-dates is FAIL. Set source.zero-dates to NULL to"
                    + " replicate zero dates as NULL, or correct the rows in MySQL.");
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException
                 | IndexOutOfBoundsException e) {
            throw new ValueDecodingException(describe(column, bytes, offset, length) + ": " + e.getMessage()
                    + ". VStream sent a value this version cannot read; report it with this message.", e);
        }
    }

    private String describe(int column, byte[] bytes, int offset, int length) {
        ResolvedColumn c = table.sourceColumn(column);
        return "Cannot decode " + table.schema().id() + "." + c.name() + " (" + c.type().sqlType() + ") value "
                + RawValue.describe(bytes, offset, length, RAW_VALUE_LIMIT);
    }

    private ValueDecodingException shape(String why) {
        return new ValueDecodingException("Cannot decode a row of " + table.schema().id() + ": " + why
                + ". The row is malformed; report it with this message.");
    }

    /**
     * True when vttablet sent partial JSON updates (JSON_SET-style diffs, binlog_row_value_options=
     * PARTIAL_JSON) instead of the values: the json_partial_values bitmap names a column.
     */
    public static boolean hasPartialJson(Binlogdata.RowChange change) {
        if (!change.hasJsonPartialValues() || change.getJsonPartialValues().getCount() == 0) {
            return false;
        }
        for (byte b : change.getJsonPartialValues().getCols().toByteArray()) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean allSet(Binlogdata.RowChange.Bitmap bitmap, int columns) {
        byte[] bits = bitmap.getCols().toByteArray();
        for (int i = 0; i < columns; i++) {
            int b = i >>> 3;
            if (b >= bits.length || (bits[b] & (1 << (i & 7))) == 0) {
                return false;
            }
        }
        return true;
    }
}
