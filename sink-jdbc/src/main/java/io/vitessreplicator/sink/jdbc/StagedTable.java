package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target table's staging within one batch transaction: rows appended by the dialect's loader
 * (once per {@code write} call) and merged into the target once, with the dialect's statements.
 */
final class StagedTable {
    private static final Logger LOG = LoggerFactory.getLogger(StagedTable.class);

    private final TargetTable table;
    private final SqlDialect.Staging staging;
    private final SqlDialect.Merge sql;
    private long upsertsStaged;
    private long deletesStaged;

    private StagedTable(TargetTable table, SqlDialect.Staging staging, SqlDialect.Merge sql) {
        this.table = table;
        this.staging = staging;
        this.sql = sql;
    }

    /** Creates the staging table (it lives no longer than the batch transaction). */
    static StagedTable create(Connection batch, SqlDialect dialect, SqlDialect.StagingLoader loader, TargetTable table,
                              String stagingName) throws SQLException {
        requireNonNull(table, "table is null");
        SqlDialect.Staging staging = loader.create(batch, table, stagingName);
        return new StagedTable(table, staging, dialect.merge(table, stagingName));
    }

    TargetTable table() {
        return table;
    }

    /**
     * Appends {@code changes} to staging; each row gets the next sequence number from {@code seq}.
     *
     * @return the next unused sequence number
     */
    long append(Connection batch, TableChanges changes, long seq) throws SQLException {
        long next = staging.append(batch, changes, seq);
        deletesStaged += changes.deletes().size();
        upsertsStaged += changes.upserts().size();
        return next;
    }

    /**
     * The set-based deletes (or soft-delete marks) and upserts; each kind skipped when nothing of
     * it was staged. With {@code copyKeysTable} (the table is being copied again), the upserted keys
     * are noted there too.
     */
    void merge(Connection batch, String copyKeysTable) throws SQLException {
        staging.complete(batch);
        long deleted = 0;
        long upserted = 0;
        try (Statement s = batch.createStatement()) {
            if (deletesStaged > 0) {
                for (String statement : sql.deletes()) {
                    deleted += s.executeUpdate(statement);
                }
            }
            if (upsertsStaged > 0) {
                for (String statement : sql.upserts()) {
                    upserted = s.executeUpdate(statement);
                }
                if (copyKeysTable != null) {
                    s.executeUpdate(sql.noteUpsertedKeys(copyKeysTable));
                }
            }
        }
        LOG.debug("Merged into {}: {} rows deleted{}, {} upserted (staged: {} deletes, {} upserts)",
                table.qualifiedName(), deleted, table.deleteMode() == DeleteMode.SOFT ? " (marked)" : "", upserted,
                deletesStaged, upsertsStaged);
    }
}
