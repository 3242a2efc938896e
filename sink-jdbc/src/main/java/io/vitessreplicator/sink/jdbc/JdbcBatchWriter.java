package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.BatchWriter;
import io.vitessreplicator.spi.ChangeSet;
import io.vitessreplicator.spi.CommitDecision;
import io.vitessreplicator.spi.CommitObserver;
import io.vitessreplicator.spi.CommitRequest;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch as one target transaction on a pooled connection: the batch protocol, written once
 * for every SQL target; the SQL and the loading mechanism are the {@link SqlDialect}'s.
 *
 * <ol>
 *   <li>{@link #write}: per table, stage the rows with the dialect's loader into a staging table,
 *       with an op ('U'/'D') and a sequence number that grows across write calls. Rows of the copy
 *       phase may go straight into the target instead (see {@link #insertDirectly}).</li>
 *   <li>{@link #apply}: merge what is staged for the table, run the change's statements and record
 *       it in the schema history, in the batch transaction.</li>
 *   <li>{@link #commit}: read the checkpoint row under the dialect's lock and let
 *       {@link CommitDecision} judge it: a replay rolls back and applies nothing; a gap or a lost
 *       claim is refused (fatal). Otherwise merge every staging table (set-based statements, never
 *       one per row), store {@code end} and the state, COMMIT.</li>
 *   <li>{@link #close}: roll back unless committed, return the connection.</li>
 * </ol>
 *
 * <p>What it guarantees for every dialect: the data and the checkpoint commit in one transaction;
 * a key's last op within the batch wins; staged tables merge in first-write order, and a table's
 * staged rows merge before a schema change to it; nothing is visible before COMMIT, and a failure
 * leaves the writer FAILED with everything rolled back at close.
 *
 * <p>Commit steps told to the {@link CommitObserver}: {@value #STEP_CHECKPOINT_LOCKED} (the row is
 * locked and the batch judged), {@value #STEP_MERGED} (every table merged, checkpoint not yet
 * updated), {@value #STEP_CHECKPOINT_WRITTEN} (updated, not committed), {@value #STEP_COMMITTED}.
 */
final class JdbcBatchWriter implements BatchWriter {
    static final String STEP_CHECKPOINT_LOCKED = "checkpoint-locked";
    static final String STEP_MERGED = "merged";
    static final String STEP_CHECKPOINT_WRITTEN = "checkpoint-written";
    static final String STEP_COMMITTED = "committed";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchWriter.class);

    private enum State { OPEN, COMMITTED, FAILED, CLOSED }

    private final Connection connection;
    private final Optional<Position> start;
    private final String pipeline;
    private final String owner;
    private final SqlDialect dialect;
    private final SqlDialect.Errors errors;
    private final SqlDialect.StagingLoader loader;
    private final SqlDialect.CheckpointTable checkpoints;
    private final TargetTables targets;
    private final Supplier<Connection> control;
    private final SchemaHistory history;
    private final DeleteMode deleteMode;
    private final CommitObserver observer;
    /** Source tables whose target changed in this batch: forgotten by the resolver if it rolls back. */
    private final Set<TableId> changedTables = new HashSet<>();
    /** Staging per target table name, in first-write order (the merge order). */
    private final Map<String, StagedTable> staged = new LinkedHashMap<>();
    private final List<StagedTable> superseded = new ArrayList<>();
    /**
     * Target tables this batch transaction has written to or changed: a statement on another
     * connection that needs them would wait on this transaction's locks.
     */
    private final Set<String> held = new HashSet<>();
    /** Target tables where a direct insert met an existing key: staged for the rest of the batch. */
    private final Set<String> directRefused = new HashSet<>();
    private State writerState = State.OPEN;
    private long nextSeq = 1;
    private long rowsStaged;
    private int stagingTables;

    /**
     * @param targets resolves a source table to its (created or checked) target table
     * @param control the sink's control connection, for creating tables outside the batch
     */
    JdbcBatchWriter(Connection connection, Optional<Position> start, String pipeline, String owner, SqlDialect dialect,
                    SqlDialect.CheckpointTable checkpoints, TargetTables targets, Supplier<Connection> control,
                    SchemaHistory history, DeleteMode deleteMode, CommitObserver observer) {
        this.connection = requireNonNull(connection, "connection is null");
        this.start = requireNonNull(start, "start is null");
        this.observer = requireNonNull(observer, "observer is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.errors = dialect.errors();
        this.loader = dialect.newStagingLoader(pipeline, owner);
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.targets = requireNonNull(targets, "targets is null");
        this.control = requireNonNull(control, "control is null");
        this.history = requireNonNull(history, "history is null");
        this.deleteMode = requireNonNull(deleteMode, "deleteMode is null");
    }

    @Override
    public void write(ChangeSet changes) {
        requireNonNull(changes, "changes is null");
        requireState("write to");
        TableChanges current = null;
        try {
            for (TableChanges t : changes.tables()) {
                current = t;
                TargetTable target = targets.resolve(t.schema(), control, connection); // creates it even when empty
                if (t.size() == 0) {
                    continue;
                }
                if (t.copiedRowsOnly() && insertDirectly(target, t)) {
                    rowsStaged += t.size();
                    continue;
                }
                StagedTable stage = stagingFor(target);
                nextSeq = stage.append(connection, t, nextSeq);
                rowsStaged += t.size();
            }
        } catch (SQLException e) {
            writerState = State.FAILED;
            throw errors.toSinkException(e, "stage changes of " + current.schema().id() + " for pipeline "
                    + pipeline, "Compare the target table with the type mapping in sink-jdbc/README.md.");
        } catch (RuntimeException e) {
            writerState = State.FAILED;
            throw e;
        }
    }

    /**
     * Rows the copy phase read, new to the target unless a resumed copy reads some again, go
     * straight into the table when the dialect can load directly: no staging table and no merge,
     * which halves the server's work per copied row. Only when nothing of the table is staged in
     * this batch (staged changes merge at commit, so rows written now must not be older than them)
     * and the table is not being copied again (that copy notes the keys it upserts). A key already
     * in the table fails the load: it is rolled back to its savepoint and the rows take the staging
     * path, as does every later write of the table in this batch.
     *
     * @return false when the rows must be staged instead
     */
    private boolean insertDirectly(TargetTable target, TableChanges t) throws SQLException {
        if (!loader.loadsDirectly() || staged.containsKey(target.name()) || directRefused.contains(target.name())
                || targets.copyKeysTable(t.schema().id(), connection).isPresent()) {
            return false;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            loader.loadDirectly(connection, target, t.upserts());
            held.add(target.qualifiedName());
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!errors.isUniqueViolation(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            directRefused.add(target.name());
            LOG.info("{}: copied rows already in the target (a resumed copy reads some rows again); merging them instead",
                    target.qualifiedName());
            return false;
        }
    }

    /**
     * The staging table of {@code target}. If the same target table was staged under a different
     * source schema earlier in this batch (the source table changed mid-batch), the earlier
     * staging is merged first: everything it holds precedes what comes now, so order is kept.
     */
    private StagedTable stagingFor(TargetTable target) throws SQLException {
        StagedTable current = staged.get(target.name());
        if (current != null && current.table().equals(target)) {
            return current;
        }
        if (current != null) {
            merge(current);
            superseded.add(current);
        }
        StagedTable fresh = StagedTable.create(connection, dialect, loader, target, "_vr_stage_" + (++stagingTables));
        staged.put(target.name(), fresh);
        return fresh;
    }

    private void merge(StagedTable stage) {
        held.add(stage.table().qualifiedName());
        try {
            stage.merge(connection, targets.copyKeysTable(stage.table().source().id(), connection).orElse(null));
        } catch (SQLException e) {
            throw errors.toSinkException(e, "merge the staged changes of " + stage.table().source().id()
                    + " into " + stage.table().qualifiedName(), "Nothing of the batch was committed; compare the"
                    + " target table with the type mapping in sink-jdbc/README.md.");
        }
    }

    /**
     * Merges what is staged for the table (those rows have the old shape), then runs the change's
     * statements and records it in the schema history, all in the batch transaction. Statements
     * the dialect cannot run in a transaction run first, on the control connection, before the
     * batch transaction touches the table here.
     */
    @Override
    public void apply(SchemaChange change, Position at) {
        requireNonNull(change, "change is null");
        requireState("apply a schema change to");
        String table = targets.qualifiedName(change.table());
        List<String> statements = List.of();
        try {
            SqlDialect.SchemaChangeStatements ddl = change instanceof SchemaChange.AddTable
                    || change instanceof SchemaChange.CopyTable || change instanceof SchemaChange.CopyCompleted
                    ? null : dialect.schemaChanges().statements(change, table, deleteMode, connection);
            if (ddl != null && !ddl.outsideTransaction().isEmpty() && held.contains(table)) {
                if (ddl.fallback().isEmpty()) {
                    throw new FatalSinkException("Cannot apply a schema change to " + table + " ("
                            + change.describe() + "): " + dialect.name() + " runs it outside a transaction ("
                            + String.join("; ", ddl.outsideTransaction()) + "), and this batch already changed the"
                            + " table, so it would wait on the batch's own locks. Nothing of the batch was committed;"
                            + " run the statements by hand and restart.");
                }
                LOG.info("{}: the batch already changed the table, so the change runs inside the transaction instead"
                        + " of before it: {}", table, String.join("; ", ddl.fallback()));
                ddl = ddl.inTransactionOnly();
            }
            if (ddl != null && !ddl.outsideTransaction().isEmpty()) {
                statements = ddl.outsideTransaction();
                runOutsideTransaction(statements);
            }
            StagedTable stage = staged.remove(targets.targetName(change.table()));
            if (stage != null) {
                merge(stage);
                superseded.add(stage);
            }
            if (change instanceof SchemaChange.AddTable add) {
                targets.resolve(add.schema(), control, connection); // created outside the batch, like any new table
            } else {
                statements = ddl == null ? copySweep(change, table) : ddl.all();
                held.add(table);
                try (Statement s = connection.createStatement()) {
                    for (String sql : ddl == null ? statements : ddl.inTransaction()) {
                        s.execute(sql);
                    }
                }
            }
            changedTables.add(change.table());
            targets.forget(change.table());
            history.record(connection, pipeline, change, table, statements, at);
            LOG.info("Schema change on {} ({}): {}{}", change.table(), table, change.describe(),
                    statements.isEmpty() ? "" : " — " + String.join("; ", statements));
        } catch (SQLException e) {
            writerState = State.FAILED;
            throw errors.toSinkException(e, "apply a schema change to " + table + " (" + change.describe() + ")",
                    "Nothing of the batch was committed. Statements: " + String.join("; ", statements));
        } catch (RuntimeException e) {
            writerState = State.FAILED;
            throw e;
        }
    }

    /** Statements the target cannot run in a transaction block: on the control connection, autocommitted. */
    private void runOutsideTransaction(List<String> statements) throws SQLException {
        try (Statement s = control.get().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * A table copied again: note the keys written from its start, remove the target rows not among
     * them at its end (rows deleted at the source while vttablet copied; see SchemaChange.CopyTable).
     */
    private List<String> copySweep(SchemaChange change, String table) throws SQLException {
        String keys = targets.copyKeysName(change.table());
        List<String> pk = change instanceof SchemaChange.CopyTable c ? c.primaryKey()
                : ((SchemaChange.CopyCompleted) change).primaryKey();
        SqlDialect.SchemaChanges sql = dialect.schemaChanges();
        if (change instanceof SchemaChange.CopyTable) {
            boolean targetExists = dialect.catalog().describe(connection, targets.schema(),
                    targets.targetName(change.table())).isPresent();
            return targetExists ? sql.copyStarted(keys, table, pk) : List.of();
        }
        if (targets.copyKeysTable(change.table(), connection).isEmpty()) {
            return List.of(); // a new table: nothing in the target before the copy
        }
        return sql.copyCompleted(keys, table, pk, deleteMode);
    }

    @Override
    public void commit(CommitRequest request) {
        requireNonNull(request, "request is null");
        requireState("commit");
        Position end = request.end();
        try {
            StoredCheckpoint stored = checkpoints.readAndLock(connection, pipeline).orElseThrow(() ->
                    new FatalSinkException("Cannot commit a batch of pipeline " + pipeline + ": its row in "
                            + checkpoints.qualifiedName() + " is gone (deleted while the pipeline ran?). Restart the"
                            + " pipeline; without a checkpoint it starts over with a copy."));
            CommitDecision.Outcome outcome = CommitDecision.require(pipeline, Optional.ofNullable(stored.position()),
                    stored.owner(), stored.claimedAt(), start, end, owner);
            observer.reached(STEP_CHECKPOINT_LOCKED);
            if (outcome == CommitDecision.Outcome.ALREADY_COMMITTED) {
                connection.rollback();
                writerState = State.COMMITTED;
                LOG.info("Batch of pipeline {} ending at {} is already committed (a replay); applied nothing",
                        pipeline, end);
                return;
            }
            for (StagedTable stage : staged.values()) {
                merge(stage);
            }
            observer.reached(STEP_MERGED);
            checkpoints.recordCommit(connection, pipeline, owner, end, rowsStaged, request.state());
            observer.reached(STEP_CHECKPOINT_WRITTEN);
            connection.commit();
            writerState = State.COMMITTED;
            observer.reached(STEP_COMMITTED);
            LOG.debug("Committed batch of pipeline {}: {} rows staged in {} tables, now at {}", pipeline, rowsStaged,
                    staged.size() + superseded.size(), end);
        } catch (SQLException e) {
            writerState = State.FAILED;
            throw errors.toSinkException(e, "commit a batch of pipeline " + pipeline + " ending at " + end,
                    "Nothing of the batch was committed; fix the cause and restart.");
        } catch (RuntimeException e) {
            writerState = State.FAILED;
            throw e;
        }
    }

    @Override
    public void close() {
        if (writerState == State.CLOSED) {
            return;
        }
        try {
            if (writerState != State.COMMITTED && !connection.isClosed()) {
                connection.rollback();
            }
            if (writerState != State.COMMITTED) {
                changedTables.forEach(targets::forget); // they were checked against changes now undone
            }
        } catch (SQLException e) {
            LOG.warn("Cannot roll back the batch of pipeline {}: {}. The server rolls it back when the connection"
                    + " closes.", pipeline, errors.describe(e));
        } finally {
            try {
                loader.finished(connection, writerState == State.COMMITTED);
            } catch (RuntimeException e) {
                LOG.warn("Cannot clean up after the batch of pipeline {}: {}", pipeline, e.getMessage());
            }
            writerState = State.CLOSED;
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Cannot return connection of pipeline {} to the pool: {}", pipeline, e.getMessage());
            }
        }
    }

    private void requireState(String verb) {
        if (writerState != State.OPEN) {
            throw new IllegalStateException("Cannot " + verb + " a batch writer that is "
                    + writerState.name().toLowerCase(Locale.ROOT) + "; begin a new batch");
        }
    }
}
