package io.vitessreplicator.spi.contract;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.CommitObserver;
import io.vitessreplicator.spi.Sink;
import java.util.List;

/**
 * One sink's real target, as the {@link SinkContractSuite} sees it: a place to open sinks in, and
 * a reader that is not the sink's own code (SQL for PostgreSQL, DuckDB for Parquet files).
 * Each test gets a new, empty target (its own schema, its own bucket prefix).
 */
public interface SinkTarget extends AutoCloseable {

    /** A new sink on this target, not opened yet: each call is like a new process. */
    Sink newSink();

    /**
     * The table's current rows as the target's reader sees them (for a change-log target: the
     * documented current-state query), sorted by {@code primaryKey}, each as the values of
     * {@code columns} in the Java types {@link io.vitessreplicator.model.ColumnType} documents. Empty when
     * the table does not exist.
     */
    List<List<Object>> currentRows(TableId table, List<Column> columns, List<String> primaryKey);

    /** The column names a reader sees for the table now, data columns only, in any order; empty when it does not exist. */
    List<String> columnNames(TableId table);

    boolean tableExists(TableId table);

    /** The steps of one commit, in order, as the sink tells its {@link CommitObserver}. */
    List<String> commitSteps();

    /** The first step at which a commit is durable: a crash there or later leaves it committed. */
    String commitPoint();

    /**
     * Ends the sink as {@code kill -9} would end its process: it releases nothing and cleans up
     * nothing; the target sees its connections, locks or leases die as they would.
     */
    void kill(Sink sink);

    /**
     * Takes the pipeline's claim away from a sink that keeps running (a network cut, a long pause):
     * afterwards another instance can open the pipeline without waiting.
     */
    void loseClaim(Sink sink);

    @Override
    void close();
}
