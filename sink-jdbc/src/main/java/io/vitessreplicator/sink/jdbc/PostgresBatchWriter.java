package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.TableSchema;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch as one PostgreSQL transaction on a pooled connection.
 *
 * <ol>
 *   <li>{@link #write}: per table, COPY the rows into a temporary staging table with an op
 *       ('U'/'D') and a sequence number that grows across write calls.</li>
 *   <li>{@link #apply}: merge what is staged for the table, run the change's statements and record
 *       it in the schema history, in the batch transaction.</li>
 *   <li>{@link #commit}: lock the checkpoint row ({@code SELECT ... FOR UPDATE}) and let
 *       {@link CommitDecision} judge it: a replay rolls back and applies nothing; a gap or a lost
 *       claim is refused (fatal). Otherwise merge every staging table (one DELETE or UPDATE, one
 *       INSERT ... ON CONFLICT per table), store {@code end} and the state, COMMIT.</li>
 *   <li>{@link #close}: roll back unless committed, return the connection.</li>
 * </ol>
 *
 * <p>Commit steps told to the {@link CommitObserver}: {@value #STEP_CHECKPOINT_LOCKED} (the row is
 * locked and the batch judged), {@value #STEP_MERGED} (every table merged, checkpoint not yet
 * updated), {@value #STEP_CHECKPOINT_WRITTEN} (updated, not committed), {@value #STEP_COMMITTED}.
 */
final class PostgresBatchWriter implements BatchWriter {
    static final String STEP_CHECKPOINT_LOCKED = "checkpoint-locked";
    static final String STEP_MERGED = "merged";
    static final String STEP_CHECKPOINT_WRITTEN = "checkpoint-written";
    static final String STEP_COMMITTED = "committed";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBatchWriter.class);

    private enum State { OPEN, COMMITTED, FAILED, CLOSED }

    private final Connection connection;
    private final Optional<Position> start;
    private final String pipeline;
    private final String owner;
    private final CheckpointStore checkpoints;
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
    private final CopyTextBuffer buffer = new CopyTextBuffer(StagedTable.FLUSH_BYTES + 64 * 1024);
    private State writerState = State.OPEN;
    private long nextSeq = 1;
    private long rowsStaged;
    private int stagingTables;

    /**
     * @param targets resolves a source table to its (created or checked) target table
     * @param control the sink's control connection, for creating tables outside the batch
     */
    PostgresBatchWriter(Connection connection, Optional<Position> start, String pipeline, String owner,
                        CheckpointStore checkpoints, TargetTables targets, Supplier<Connection> control,
                        SchemaHistory history, DeleteMode deleteMode, CommitObserver observer) {
        this.connection = requireNonNull(connection, "connection is null");
        this.start = requireNonNull(start, "start is null");
        this.observer = requireNonNull(observer, "observer is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.owner = requireNonNull(owner, "owner is null");
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
                nextSeq = stage.copy(connection, t, nextSeq, buffer);
                rowsStaged += t.size();
            }
        } catch (SQLException e) {
            writerState = State.FAILED;
            throw PostgresErrors.toSinkException(e, "stage changes of " + current.schema().id() + " for pipeline "
                    + pipeline, "Compare the target table with the type mapping in sink-jdbc/README.md.");
        } catch (RuntimeException e) {
            writerState = State.FAILED;
            throw e;
        }
    }

    /**
     * Rows the copy phase read, new to the target unless a resumed copy reads some again, go
     * straight into the table with one COPY: no staging table and no merge, which halves the
     * server's work per copied row. Only when nothing of the table is staged in this batch (staged
     * changes merge at commit, so rows written now must not be older than them) and the table is
     * not being copied again (that copy notes the keys it upserts). A key already in the table
     * fails the COPY: it is rolled back to its savepoint and the rows take the staging path, as
     * does every later write of the table in this batch.
     *
     * @return false when the rows must be staged instead
     */
    private boolean insertDirectly(TargetTable target, TableChanges t) throws SQLException {
        if (staged.containsKey(target.name()) || directRefused.contains(target.name())
                || targets.copyKeysTable(t.schema().id(), connection).isPresent()) {
            return false;
        }
        CopyTextEncoder encoder = directEncoders.computeIfAbsent(target, CopyTextEncoder::new);
        Savepoint savepoint = connection.setSavepoint();
        try {
            StagedTable.insertInto(connection, target, encoder, t.upserts(), buffer);
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            directRefused.add(target.name());
            LOG.info("{}: copied rows already in the target (a resumed copy reads some rows again); merging them instead",
                    target.qualifiedName());
            return false;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";
    /** Target tables where a direct insert met an existing key: staged for the rest of the batch. */
    private final Set<String> directRefused = new HashSet<>();
    private final Map<TargetTable, CopyTextEncoder> directEncoders = new HashMap<>();

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
        StagedTable fresh = StagedTable.create(connection, target, "_vr_stage_" + (++stagingTables));
        staged.put(target.name(), fresh);
        return fresh;
    }

    private void merge(StagedTable stage) {
        try {
            stage.merge(connection, targets.copyKeysTable(stage.table().source().id(), connection).orElse(null));
        } catch (SQLException e) {
            throw PostgresErrors.toSinkException(e, "merge the staged changes of " + stage.table().source().id()
                    + " into " + stage.table().qualifiedName(), "Nothing of the batch was committed; compare the"
                    + " target table with the type mapping in sink-jdbc/README.md.");
        }
    }

    /**
     * Merges what is staged for the table (those rows have the old shape), then runs the change's
     * statements and records it in the schema history, all in the batch transaction.
     */
    @Override
    public void apply(SchemaChange change, Position at) {
        requireNonNull(change, "change is null");
        requireState("apply a schema change to");
        String table = targets.qualifiedName(change.table());
        List<String> statements = List.of();
        try {
            StagedTable stage = staged.remove(targets.targetName(change.table()));
            if (stage != null) {
                merge(stage);
                superseded.add(stage);
            }
            if (change instanceof SchemaChange.AddTable add) {
                targets.resolve(add.schema(), control, connection); // created outside the batch, like any new table
            } else {
                statements = change instanceof SchemaChange.CopyTable || change instanceof SchemaChange.CopyCompleted
                        ? copySweep(change, table) : SchemaChangeStatements.of(change, table, deleteMode, connection);
                try (Statement s = connection.createStatement()) {
                    for (String sql : statements) {
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
            throw PostgresErrors.toSinkException(e, "apply a schema change to " + table + " (" + change.describe() + ")",
                    "Nothing of the batch was committed. Statements: " + String.join("; ", statements));
        } catch (RuntimeException e) {
            writerState = State.FAILED;
            throw e;
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
        StringJoiner cols = new StringJoiner(", ");
        StringJoiner match = new StringJoiner(" AND ");
        pk.forEach(k -> {
            cols.add(PgIdentifier.quote(k));
            match.add("k." + PgIdentifier.quote(k) + " = t." + PgIdentifier.quote(k));
        });
        List<String> out = new ArrayList<>();
        if (change instanceof SchemaChange.CopyTable) {
            if (TableCatalog.describe(connection, targets.schema(), targets.targetName(change.table())).isPresent()) {
                out.add("CREATE TABLE IF NOT EXISTS " + keys + " AS SELECT " + cols + " FROM " + table + " WITH NO DATA");
            }
            return out;
        }
        if (targets.copyKeysTable(change.table(), connection).isEmpty()) {
            return out; // a new table: nothing in the target before the copy
        }
        String absent = "NOT EXISTS (SELECT 1 FROM " + keys + " AS k WHERE " + match + ")";
        out.add(deleteMode == DeleteMode.SOFT
                ? "UPDATE " + table + " AS t SET " + PgIdentifier.quote(TargetTable.DELETED_COLUMN) + " = true, "
                + PgIdentifier.quote(TargetTable.DELETED_AT_COLUMN) + " = now() WHERE " + absent + " AND NOT t."
                + PgIdentifier.quote(TargetTable.DELETED_COLUMN)
                : "DELETE FROM " + table + " AS t WHERE " + absent);
        out.add("DROP TABLE " + keys);
        return out;
    }

    @Override
    public void commit(CommitRequest request) {
        requireNonNull(request, "request is null");
        requireState("commit");
        Position end = request.end();
        try {
            StoredCheckpoint stored = checkpoints.readForUpdate(connection, pipeline).orElseThrow(() ->
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
            checkpoints.recordCommit(connection, pipeline, end, rowsStaged, request.state());
            observer.reached(STEP_CHECKPOINT_WRITTEN);
            connection.commit();
            writerState = State.COMMITTED;
            observer.reached(STEP_COMMITTED);
            LOG.debug("Committed batch of pipeline {}: {} rows staged in {} tables, now at {}", pipeline, rowsStaged,
                    staged.size() + superseded.size(), end);
        } catch (SQLException e) {
            writerState = State.FAILED;
            throw PostgresErrors.toSinkException(e, "commit a batch of pipeline " + pipeline + " ending at " + end,
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
                    + " closes.", pipeline, PostgresErrors.describe(e));
        } finally {
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
