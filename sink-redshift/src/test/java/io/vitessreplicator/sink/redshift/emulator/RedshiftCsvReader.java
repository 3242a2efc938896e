package io.vitessreplicator.sink.redshift.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads CSV records the way Redshift's {@code COPY ... CSV QUOTE AS '"' DELIMITER ',' NULL AS '\000'}
 * does, one record at a time from a byte stream (memory holds one record, not the file):
 * <ul>
 *   <li>a record ends with LF, or CRLF outside quotes, or the end of the input (no LF needed after
 *       the last record); a lone CR outside quotes is data;</li>
 *   <li>fields are separated by {@code ,}; a field whose first non-blank byte is {@code "} is quoted:
 *       {@code ""} inside is one quote, commas, CR and LF inside are data, and spaces or tabs between
 *       the quotes and the delimiters are ignored (Redshift's documented CSV behaviour);</li>
 *   <li>a {@code "} inside an unquoted field, or anything but blanks after a closing quote, is an
 *       error; so is an unterminated quoted field;</li>
 *   <li>an unquoted field that is exactly one NUL byte is NULL; a NUL byte anywhere else (quoted, or
 *       mixed into an unquoted value) is an error.</li>
 * </ul>
 * Field bytes are returned as they are (UTF-8 is checked by the caller).
 */
final class RedshiftCsvReader {
    /** A malformed record; the message says what and where (record number, 1-based). */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    private byte[] data = new byte[1024];
    private int dataLength;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private boolean[] nulls = new boolean[16];
    private int fields;
    private long record;

    RedshiftCsvReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next record; false at the end of the input. */
    boolean next() throws IOException, FormatException {
        if (peek() < 0) {
            return false;
        }
        record++;
        fields = 0;
        dataLength = 0;
        while (true) {
            int c = read();
            int fieldStart = dataLength;
            while (c == ' ' || c == '\t') {
                append(c);
                c = read();
            }
            if (c == '"') {
                dataLength = fieldStart; // blanks before the quote are ignored
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new FormatException("record " + record + ": a quoted field is not closed before the end"
                                + " of the file");
                    }
                    if (c == '"') {
                        c = read();
                        if (c == '"') {
                            append('"');
                            continue;
                        }
                        break;
                    }
                    if (c == 0) {
                        throw new FormatException("record " + record + ", field " + (fields + 1) + ": a NUL byte inside"
                                + " a quoted value (only an unquoted field of exactly one NUL is NULL; Redshift"
                                + " VARCHAR cannot hold U+0000)");
                    }
                    append(c);
                }
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                endField(fieldStart, true);
                if (c == ',') {
                    continue;
                }
                if (endOfRecord(c)) {
                    return true;
                }
                throw new FormatException("record " + record + ", field " + fields + ": '" + printable(c)
                        + "' after the closing quote (expected a delimiter or the end of the record)");
            }
            while (true) {
                if (c == ',') {
                    endField(fieldStart, false);
                    break;
                }
                if (endOfRecord(c)) {
                    endField(fieldStart, false);
                    return true;
                }
                if (c == '"') {
                    throw new FormatException("record " + record + ", field " + (fields + 1) + ": a quote inside an"
                            + " unquoted field (quote the whole field and double the quote)");
                }
                append(c);
                c = read();
            }
        }
    }

    /** LF, CRLF or the end of the input (consumes the LF of a CRLF). */
    private boolean endOfRecord(int c) throws IOException {
        if (c < 0 || c == '\n') {
            return true;
        }
        if (c == '\r' && peek() == '\n') {
            read();
            return true;
        }
        return false;
    }

    private void endField(int start, boolean isQuoted) throws FormatException {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
            quoted = Arrays.copyOf(quoted, fields * 2);
            nulls = Arrays.copyOf(nulls, fields * 2);
        }
        boolean isNull = false;
        if (!isQuoted) {
            for (int k = start; k < dataLength; k++) {
                if (data[k] == 0) {
                    if (dataLength - start == 1) {
                        isNull = true;
                    } else {
                        throw new FormatException("record " + record + ", field " + (fields + 1) + ": a NUL byte"
                                + " mixed into an unquoted value (only a field of exactly one NUL is NULL)");
                    }
                }
            }
        }
        starts[fields] = start;
        ends[fields] = dataLength;
        quoted[fields] = isQuoted;
        nulls[fields] = isNull;
        fields++;
    }

    /** The current record's number, 1-based. */
    long recordNumber() {
        return record;
    }

    int fieldCount() {
        return fields;
    }

    boolean isNull(int field) {
        return nulls[field];
    }

    boolean isQuoted(int field) {
        return quoted[field];
    }

    /** The field's bytes live in {@link #data()} from {@link #start} to {@link #end}. */
    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    byte[] data() {
        return data;
    }

    /** The field's bytes (a copy; for tests and messages). */
    byte[] bytes(int field) {
        return Arrays.copyOfRange(data, starts[field], ends[field]);
    }

    private void append(int c) {
        if (dataLength == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[dataLength++] = (byte) c;
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static String printable(int c) {
        if (c >= 0x20 && c < 0x7f) {
            return String.valueOf((char) c);
        }
        return String.format("0x%02x", c);
    }
}
