package io.vitessreplicator.source.decode;

/**
 * Turns the bytes of one non-NULL value into the column's Java value (see
 * {@link io.vitessreplicator.model.ColumnType}). One instance per column, built once per FIELD
 * event, called for every row: implementations parse the bytes in place and allocate only the
 * result.
 *
 * <p>A value that does not fit throws {@link IllegalArgumentException} (or a
 * {@link java.time.DateTimeException}/{@link ArithmeticException} from the JDK) with a short
 * reason; {@link RowDecoder} adds table, column, type and raw value to the message. A zero date
 * under {@link io.vitessreplicator.model.ZeroDatePolicy#FAIL} throws {@link ZeroDateException}.
 */
@FunctionalInterface
interface ColumnDecoder {
    Object decode(byte[] bytes, int offset, int length);
}
