package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import io.vitessreplicator.spi.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a SQL target does differently, behind one narrow seam. The batch protocol that uses
 * it ({@link JdbcBatchWriter}: stage → merge → checkpoint → commit, and {@link JdbcSink}: open,
 * claim, fence, check) is written once; a dialect supplies only the SQL and the few target
 * mechanisms SQL cannot express portably (how rows reach a staging table, how the pipeline is
 * fenced, which errors are transient).
 *
 * <p>Twelve methods, grouped by concern. The larger concerns return small strategy objects
 * (the nested interfaces below) rather than widening this interface. Modelled on Debezium's
 * {@code DatabaseDialect}, but only what this sink's protocol needs: no generic statement
 * builders, no value binding (values travel in the staging loader's own format).
 *
 * <p>What every dialect must uphold, because the shared protocol relies on it:
 * <ul>
 *   <li>Every statement it returns or runs on a batch connection is part of the batch
 *       transaction (unless documented as running outside it), so a rollback undoes it.</li>
 *   <li>Names are always produced with {@link #quote}: the shared code never writes an
 *       identifier itself.</li>
 *   <li>Statements are deterministic for the same input: a retried batch runs the same SQL.</li>
 * </ul>
 *
 * <p>Implementations: {@link PostgresDialect}. Implementations are stateless and may be shared;
 * the objects they hand out per batch ({@link #newStagingLoader}) are not.
 */
public interface SqlDialect {

    // ---- naming -------------------------------------------------------------------------------

    /** The target's name for messages, e.g. "PostgreSQL" ("Cannot connect to PostgreSQL at ..."). */
    String name();

    /**
     * {@code identifier} quoted so that the target keeps it exactly (case, reserved words, embedded
     * quotes). Must be injective: two different names never quote to the same text.
     */
    String quote(String identifier);

    /**
     * Why the target cannot use {@code identifier} exactly as it is (empty, too long, a character
     * it cannot hold), or empty when it can. A name the target would silently alter (truncate,
     * fold) must be refused here, never accepted.
     */
    Optional<String> identifierProblem(String identifier);

    /** The longest identifier in UTF-8 bytes, for names the sink derives itself (copy-keys tables). */
    int maxIdentifierBytes();

    /**
     * Statements run on every new connection before anything else (session settings the other
     * statements rely on, e.g. how quoted names are folded). None by default.
     */
    default List<String> sessionSetup() {
        return List.of();
    }

    /** {@code "schema"."name"}: a qualified name built from {@link #quote}. */
    default String qualify(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    // ---- types --------------------------------------------------------------------------------

    /**
     * The target type of a source column: one that holds every value of the source type exactly.
     *
     * @throws FatalSinkException naming the table and column when the type has no exact mapping
     */
    SqlType columnType(TableId table, Column column);

    // ---- the target's catalog and server ------------------------------------------------------

    /** Reads what exists in the target and creates target tables; see {@link Catalog}. */
    Catalog catalog();

    // ---- checkpoint and fencing ---------------------------------------------------------------

    /** The checkpoint table {@code schema.table}; see {@link CheckpointTable}. */
    CheckpointTable checkpointTable(String schema, String table);

    /**
     * The open-time one-writer guard of one pipeline, taken for the instance {@code owner} (its owner
     * token); see {@link PipelineFence}.
     */
    PipelineFence pipelineFence(String schema, String checkpointTable, String pipeline, String owner);

    // ---- staging and merge --------------------------------------------------------------------

    /**
     * A loader for one batch of {@code pipeline}, written by the instance {@code owner} (it may hold
     * buffers, and name staged files after both); see {@link StagingLoader}.
     */
    StagingLoader newStagingLoader(String pipeline, String owner);

    /**
     * The statements that merge a staging table created by {@link StagingLoader#create} with the
     * same {@code stagingName} into {@code table}; see {@link Merge}.
     */
    Merge merge(TargetTable table, String stagingName);

    // ---- schema changes -----------------------------------------------------------------------

    /** DDL for schema changes, the re-copy sweep and the schema-history table; see {@link SchemaChanges}. */
    SchemaChanges schemaChanges();

    // ---- errors -------------------------------------------------------------------------------

    /** How the target's {@link SQLException}s are sorted and described; see {@link Errors}. */
    Errors errors();

    /** What already exists in the target, the DDL that creates target tables, and server checks. */
    /**
     * How {@code verify} reads the target's values back into the pipeline's representation; empty
     * when this target cannot be read back yet.
     */
    default Optional<ReadBack> readBack() {
        return Optional.empty();
    }

    /**
     * Reading target values back as the source's Java values ({@link io.vitessreplicator.model.ColumnType}
     * documents which): the inverse of what the staging loader writes, for {@code verify}.
     */
    interface ReadBack {
        /** The SELECT expression that reads {@code quotedColumn} for {@link #read}. */
        String select(String quotedColumn, Column column, SqlType type);

        /**
         * The value at {@code index} of the current row (selected with {@link #select}), typed as the
         * source column's values are; {@code type} is the target column's type.
         */
        Object read(java.sql.ResultSet rs, int index, Column column, SqlType type) throws SQLException;

        /** The placeholder of a key value in a WHERE clause, e.g. {@code CAST(? AS bigint)}. */
        String keyParameter(Column column, SqlType type);

        /** Binds a key value (in the source's representation) to a {@link #keyParameter}. */
        void bindKey(java.sql.PreparedStatement ps, int index, Column column, SqlType type, Object value)
                throws SQLException;

        /**
         * The condition that holds for exactly the {@code keys} given keys: {@code quotedKeyColumns}
         * are the key's columns, {@code parameters} their {@link #keyParameter}s, bound key after key
         * in this order. By default {@code k IN (?, ...)}, or {@code (a, b) IN ((?, ?), ...)} for a
         * composite key.
         */
        default String keysCondition(List<String> quotedKeyColumns, List<String> parameters, int keys) {
            String tuple = parameters.size() == 1 ? parameters.get(0) : "(" + String.join(", ", parameters) + ")";
            String columns = quotedKeyColumns.size() == 1 ? quotedKeyColumns.get(0)
                    : "(" + String.join(", ", quotedKeyColumns) + ")";
            return columns + " IN (" + String.join(", ", java.util.Collections.nCopies(keys, tuple)) + ")";
        }
    }

    interface Catalog {
        /**
         * Fails with a {@link FatalSinkException} naming the problem when the server cannot hold
         * the pipeline's data (wrong encoding, a read-only replica). Run at open and by check.
         */
        void checkServer(Connection c, String hostPort) throws SQLException;

        /**
         * Fails with a {@link FatalSinkException} naming the missing privilege and the GRANT that
         * gives it. Run by check only, on a read-only transaction: must change nothing.
         */
        void checkPrivileges(Connection c, String schema, String checkpointTable) throws SQLException;

        /** Creates {@code schema} unless it exists; on the control connection, autocommitted. */
        void ensureSchema(Connection control, String schema) throws SQLException;

        /** Whether an ordinary table {@code schema.table} exists. */
        boolean tableExists(Connection c, String schema, String table) throws SQLException;

        /** Whether any relation of that qualified (already quoted) name exists. */
        boolean relationExists(Connection c, String qualifiedName) throws SQLException;

        /** The table's columns, unique keys and comment, or empty when there is no such table. */
        Optional<ExistingTable> describe(Connection c, String schema, String table) throws SQLException;

        /**
         * Creates {@code table} if missing (key columns as its primary key, soft-delete columns
         * when its delete mode asks) and records its source table in its comment, which
         * {@link ExistingTable#comment()} must read back. Idempotent; run in one transaction on
         * the control connection.
         */
        List<String> createTable(TargetTable table);

        /** The soft-delete columns, name → type, in the order {@link #createTable} adds them. */
        Map<String, SqlType> softDeleteColumns();

        /**
         * Whether an existing column whose catalog prints {@code actual} holds every value of
         * {@code expected}: by default only the same type. A target whose widenings run outside the
         * batch transaction also accepts the wider type a rolled-back batch (or an operator) left.
         */
        default boolean holds(String actual, SqlType expected) {
            return actual.equals(expected.catalogName());
        }
    }

    /**
     * The checkpoint table: one row per pipeline with its position, owner token, counters and the
     * core's state. The row is the fence: every batch reads it through {@link #readAndLock} and
     * commits only when it is still the owner (decided by the shared code with
     * {@code CommitDecision}).
     */
    interface CheckpointTable {
        /** The table as written in SQL and in messages. */
        String qualifiedName();

        /** Creates the table (and adds columns later versions need) if missing; idempotent. */
        void createIfMissing(Connection control) throws SQLException;

        /** The row as stored now, taking no lock (status, messages). */
        Optional<StoredCheckpoint> read(Connection c, String pipeline) throws SQLException;

        /**
         * The row, locked so that no other transaction can change it (or commit a batch of this
         * pipeline) until the caller's transaction ends: a row lock, or a lock on the whole table
         * where the target has no row locks. Runs in the batch transaction, before its decision.
         */
        Optional<StoredCheckpoint> readAndLock(Connection batch, String pipeline) throws SQLException;

        /**
         * Under the same lock as {@link #readAndLock}, writes {@code owner} as the pipeline's owner
         * (creating the row for a fresh pipeline) in the caller's transaction; returns the row as it
         * was before.
         */
        Optional<StoredCheckpoint> claim(Connection c, String pipeline, String owner) throws SQLException;

        /**
         * Stores the batch's end position, its counters and {@code state} (unchanged when null) in
         * the batch transaction, on the row {@link #readAndLock} locked, which names {@code owner}
         * (the shared code checked it; a target may check it again in the statement).
         */
        void recordCommit(Connection batch, String pipeline, String owner, Position end, long rowsStaged, String state)
                throws SQLException;
    }

    /**
     * The open-time guard: detects a live second instance of a pipeline before it claims the row.
     * It is an early, friendly refusal, not the safety net: the owner token checked under
     * {@link CheckpointTable#readAndLock} is what keeps a replaced instance from committing. A target
     * without session locks may implement it on the checkpoint table's lock.
     */
    interface PipelineFence {
        /** Takes the guard if free, on the control connection; true when this session holds it. */
        boolean tryAcquire(Connection control) throws SQLException;

        /** Waits up to {@code timeout} for the holder to let go (take-over); false when it did not. */
        boolean acquireWithin(Connection control, Duration timeout) throws SQLException;

        /** Who holds the guard, for messages ("pid 123 from 10.0.0.5"), if the target can tell. */
        Optional<String> holder(Connection c) throws SQLException;

        /** Lets go explicitly (closing the connection must let go too). */
        void release(Connection control) throws SQLException;
    }

    /**
     * How a batch's rows get into the target before they are merged. One loader per batch; it may
     * keep buffers between calls.
     *
     * <p>A staging table holds the source columns in order, then {@link TargetTable#OP_COLUMN}
     * ('U' upsert with the full row, 'D' delete with only the key columns) and
     * {@link TargetTable#SEQ_COLUMN} (the shared writer's sequence, growing across the batch). It
     * lives no longer than the batch transaction and is invisible to other sessions.
     */
    interface StagingLoader {
        /** Creates the empty staging table {@code stagingName} for {@code table} in the batch transaction. */
        Staging create(Connection batch, TargetTable table, String stagingName) throws SQLException;

        /**
         * Whether {@link #loadDirectly} is available: rows new to the target inserted without
         * staging, failing with an error {@link Errors#isUniqueViolation} recognises when a key is
         * already there. False where the target cannot detect that (no enforced keys).
         */
        default boolean loadsDirectly() {
            return false;
        }

        /**
         * Inserts {@code rows} (full rows, each key once) straight into the target table in the
         * batch transaction. The caller sets a savepoint first and rolls back to it on failure.
         */
        default void loadDirectly(Connection batch, TargetTable table, List<Object[]> rows) throws SQLException {
            throw new UnsupportedOperationException("this dialect loads every row through staging");
        }

        /**
         * The batch is over: committed, or rolled back (nothing of it applied). Cleans up what the
         * loader left outside the transaction (staged files, session-scoped tables); runs before the
         * connection goes back to the pool. A failure here must not undo a commit: it is logged, and
         * what was left is swept later.
         */
        default void finished(Connection batch, boolean committed) {}
    }

    /** One staging table within one batch transaction. */
    interface Staging {
        /**
         * Appends {@code changes}: deletes as 'D' rows of their key, upserts as 'U' rows, each with
         * the next sequence number from {@code seq}. Memory must not grow with the number of rows.
         *
         * @return the next unused sequence number
         */
        long append(Connection batch, TableChanges changes, long seq) throws SQLException;

        /**
         * Makes everything appended visible to the merge; called once, right before it. For a
         * target that loads from files (upload, then COPY from object storage), this is the load.
         */
        default void complete(Connection batch) throws SQLException {}
    }

    /**
     * The set-based statements that merge one staging table into its target. Each key's row with
     * the highest {@link TargetTable#SEQ_COLUMN} is its last op; a key is in exactly one of the two
     * sets, so the two lists may run in either order. Never a statement per row.
     */
    interface Merge {
        /**
         * Applies keys whose last op is 'D': deletes their rows, or marks them in soft-delete mode
         * (a marked row keeps its first deletion time). Run only when deletes were staged; the
         * update counts are summed for the log.
         */
        List<String> deletes();

        /**
         * Inserts or overwrites the rows of keys whose last op is 'U' (reviving marked rows). Run
         * only when upserts were staged; the last statement's update count is logged as upserted.
         */
        List<String> upserts();

        /** Inserts the keys whose last op is 'U' into {@code keysTable} (a table being copied again). */
        String noteUpsertedKeys(String keysTable);
    }

    /** DDL for schema changes; the decisions (when, which change) are the shared writer's. */
    interface SchemaChanges {
        /**
         * The statements for one change (not AddTable, CopyTable or CopyCompleted) to the target
         * {@code table} ("schema"."name").
         *
         * @param catalog the batch connection, to read what the statements depend on (e.g. the
         *                current primary-key constraint's name)
         */
        SchemaChangeStatements statements(SchemaChange change, String table, DeleteMode deleteMode, Connection catalog)
                throws SQLException;

        /** Creates {@code keysTable} with {@code table}'s key columns and no rows, if missing. */
        List<String> copyStarted(String keysTable, String table, List<String> primaryKey);

        /**
         * Removes (or marks) the rows of {@code table} whose key is not in {@code keysTable}, then
         * drops {@code keysTable}.
         */
        List<String> copyCompleted(String keysTable, String table, List<String> primaryKey, DeleteMode deleteMode);

        /** CREATE TABLE IF NOT EXISTS for the schema-history table (columns: see {@link SchemaHistory}). */
        String createHistoryTable(String table);
    }

    /**
     * The statements of one schema change.
     *
     * @param outsideTransaction statements the target cannot run in a transaction block (e.g. a
     *                           column widening on some targets). The writer runs them first, on the
     *                           control connection, autocommitted, before it merges the table's
     *                           staged rows; they must be idempotent (a retried batch runs them
     *                           again) and harmless if the batch then rolls back. They must not
     *                           touch a table the batch transaction already wrote to, or they wait
     *                           on the batch's own locks.
     * @param inTransaction      statements run in the batch transaction, after the merge
     * @param fallback           what the batch transaction runs instead of {@code outsideTransaction}
     *                           when it already holds the table (it merged rows into it or changed it
     *                           earlier in the batch), where a statement on another connection would
     *                           wait on the batch's own locks: the same change done inside the
     *                           transaction, at a higher cost. Empty when there is none; the batch then
     *                           stops with a message.
     */
    record SchemaChangeStatements(List<String> outsideTransaction, List<String> inTransaction, List<String> fallback) {
        public SchemaChangeStatements {
            outsideTransaction = List.copyOf(outsideTransaction);
            inTransaction = List.copyOf(inTransaction);
            fallback = List.copyOf(fallback);
        }

        public SchemaChangeStatements(List<String> outsideTransaction, List<String> inTransaction) {
            this(outsideTransaction, inTransaction, List.of());
        }

        public static SchemaChangeStatements transactional(List<String> statements) {
            return new SchemaChangeStatements(List.of(), statements);
        }

        /** The statements as run when the batch transaction already holds the table: all in the transaction. */
        public SchemaChangeStatements inTransactionOnly() {
            List<String> all = new ArrayList<>(fallback);
            all.addAll(inTransaction);
            return new SchemaChangeStatements(List.of(), all);
        }

        /** Every statement, in the order run, for the schema history. */
        public List<String> all() {
            if (outsideTransaction.isEmpty()) {
                return inTransaction;
            }
            List<String> all = new ArrayList<>(outsideTransaction);
            all.addAll(inTransaction);
            return all;
        }
    }

    /**
     * Sorts the target's errors into what the runtime does next. Fencing is not an error class
     * here: a lost claim is found by the shared commit decision on the locked checkpoint row.
     */
    interface Errors {
        /**
         * True when the same batch may succeed if tried again: nothing of it was committed and the
         * cause is outside the data (connection loss, serialization conflict, deadlock, server
         * restarting, lock wait timeout, resources). Anything unknown is not retriable.
         */
        boolean isRetriable(SQLException e);

        /** True when the server refused the credentials. */
        boolean isAuthenticationFailure(SQLException e);

        /** True when a unique or primary key already holds the row's key ({@link StagingLoader#loadDirectly}). */
        boolean isUniqueViolation(SQLException e);

        /** The server's message with every detail it gives (code, detail, hint, location). */
        String describe(SQLException e);

        /**
         * {@link RetriableSinkException} or {@link FatalSinkException}, worded
         * "Cannot {@code action}: {@code describe(e)}. ...".
         *
         * @param action what was being done, completing "Cannot ..."
         * @param advice what to do when fatal, one sentence
         */
        default SinkException toSinkException(SQLException e, String action, String advice) {
            String detail = describe(e);
            if (isRetriable(e)) {
                return new RetriableSinkException("Cannot " + action + ": " + detail
                        + ". The batch was not committed and will be retried.", e);
            }
            return new FatalSinkException("Cannot " + action + ": " + detail + ". " + advice, e);
        }
    }
}
