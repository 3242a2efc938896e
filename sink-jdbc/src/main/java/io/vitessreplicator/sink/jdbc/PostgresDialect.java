package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableId;
import java.util.Optional;

/**
 * PostgreSQL behind the {@link SqlDialect} seam. Every piece is PostgreSQL's own:
 * <ul>
 *   <li>identifiers: always double-quoted, at most 63 bytes ({@link PgIdentifier});</li>
 *   <li>types: {@link PostgresTypeMapping} (jsonb, interval, {@code text[]}, numeric up to 1000 digits);</li>
 *   <li>catalog: {@code pg_catalog} and {@code format_type()} ({@link PostgresCatalog}), server checks
 *       ({@link PostgresPreconditions});</li>
 *   <li>checkpoint: {@code SELECT ... FOR UPDATE} on the row and {@code INSERT ... ON CONFLICT} to claim
 *       ({@link PostgresCheckpointTable}); fence: a session advisory lock ({@link PostgresAdvisoryLock});</li>
 *   <li>staging: {@code COPY ... FROM STDIN} into {@code pg_temp} tables through pgjdbc's CopyManager,
 *       and straight into the target for copy-phase rows ({@link PostgresCopyLoader});</li>
 *   <li>merge: {@code DISTINCT ON} for each key's last row, {@code DELETE ... USING} and
 *       {@code INSERT ... ON CONFLICT DO UPDATE} ({@link PostgresMergeStatements});</li>
 *   <li>schema changes: transactional DDL, all in the batch transaction ({@link PostgresSchemaChanges});</li>
 *   <li>errors: by SQLSTATE ({@link PostgresErrors}).</li>
 * </ul>
 * Stateless.
 */
final class PostgresDialect implements SqlDialect {
    private static final PostgresCatalog CATALOG = new PostgresCatalog();
    private static final PostgresSchemaChanges SCHEMA_CHANGES = new PostgresSchemaChanges();
    private static final PostgresReadBack READ_BACK = new PostgresReadBack();

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String quote(String identifier) {
        return PgIdentifier.quote(identifier);
    }

    @Override
    public Optional<String> identifierProblem(String identifier) {
        return PgIdentifier.problem(identifier);
    }

    @Override
    public int maxIdentifierBytes() {
        return PgIdentifier.MAX_BYTES;
    }

    @Override
    public SqlType columnType(TableId table, Column column) {
        return PostgresTypeMapping.of(table, column);
    }

    @Override
    public Catalog catalog() {
        return CATALOG;
    }

    @Override
    public CheckpointTable checkpointTable(String schema, String table) {
        return new PostgresCheckpointTable(qualify(schema, table));
    }

    @Override
    public PipelineFence pipelineFence(String schema, String checkpointTable, String pipeline, String owner) {
        return new PostgresAdvisoryLock(schema, checkpointTable, pipeline);
    }

    @Override
    public StagingLoader newStagingLoader(String pipeline, String owner) {
        return new PostgresCopyLoader();
    }

    @Override
    public Merge merge(TargetTable table, String stagingName) {
        return new PostgresMergeStatements(table, stagingName);
    }

    @Override
    public SchemaChanges schemaChanges() {
        return SCHEMA_CHANGES;
    }

    @Override
    public Optional<ReadBack> readBack() {
        return Optional.of(READ_BACK);
    }

    @Override
    public Errors errors() {
        return PostgresErrors.ERRORS;
    }
}
