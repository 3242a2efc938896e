package io.vitessreplicator.spi;

import io.vitessreplicator.model.TableSchema;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a sink's target tables back as the pipeline's own values: each value typed as
 * {@link io.vitessreplicator.model.ColumnType} documents for the source column (a PostgreSQL
 * {@code numeric(20,0)} comes back as the {@link java.math.BigInteger} of a BIGINT UNSIGNED, a
 * {@code jsonb} as JSON text, an {@code interval} as the {@link java.time.Duration} of a TIME), so
 * that a target row compares with the source row it was written from, value for value.
 *
 * <p>Rows the target keeps but the pipeline counts as deleted (soft deletes, deletion markers in
 * files) are not returned. Keys are arrays of the primary-key values in
 * {@link TableSchema#primaryKey()} order.
 */
public interface TargetReader extends AutoCloseable {

    /** The rows stored for {@code table} now, or -1 when the target has no table for it. */
    long count(TableSchema table);

    /**
     * The stored rows whose primary key is one of {@code keys}, in any order, each with the values of
     * {@code table}'s columns in their order. A key the target does not hold is simply absent.
     */
    List<Object[]> rowsByKey(TableSchema table, List<Object[]> keys);

    /**
     * Hands every primary key stored for {@code table} to {@code chunk}, at most {@code chunkRows}
     * at a time, in the target's own order (which need not be the source's).
     */
    void forEachKeyChunk(TableSchema table, int chunkRows, Consumer<List<Object[]>> chunk);

    @Override
    void close();
}
