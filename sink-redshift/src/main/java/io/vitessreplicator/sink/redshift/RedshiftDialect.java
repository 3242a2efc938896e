package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.sink.jdbc.SqlDialect;
import io.vitessreplicator.sink.jdbc.SqlType;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.util.List;
import java.util.Optional;

/**
 * Amazon Redshift behind the {@link SqlDialect} seam:
 * <ul>
 *   <li>identifiers: always double-quoted, at most 127 bytes, case kept with
 *       {@code enable_case_sensitive_identifier} ({@link RedshiftIdentifiers}; the session setup);</li>
 *   <li>types: {@link RedshiftTypeMapping} (VARCHAR in bytes, VARBYTE, SUPER, NUMERIC(20,0));</li>
 *   <li>catalog: {@code pg_catalog} and {@code information_schema} ({@link RedshiftCatalog});</li>
 *   <li>checkpoint: {@code LOCK} of the checkpoint table, then the row ({@link RedshiftCheckpointTable});
 *       fence: a lease in the row bound to the control session ({@link RedshiftSessionLease});</li>
 *   <li>staging: gzip CSV parts on S3 and one {@code COPY} per table into a temporary table
 *       ({@link RedshiftStagingLoader});</li>
 *   <li>merge: {@code ROW_NUMBER()} deduplication, {@code DELETE ... USING}, {@code UPDATE ... FROM} and
 *       {@code INSERT ... SELECT} ({@link RedshiftMergeStatements});</li>
 *   <li>schema changes: one action per {@code ALTER TABLE}, VARCHAR widening outside the transaction
 *       ({@link RedshiftSchemaChanges});</li>
 *   <li>errors: serializable-isolation conflicts (1023) retried ({@link RedshiftErrors}).</li>
 * </ul>
 */
final class RedshiftDialect implements SqlDialect {
    private final RedshiftSinkConfig config;
    private final RedshiftIdentifiers identifiers;
    private final RedshiftTypeMapping types;
    private final RedshiftSchemaChanges schemaChanges;
    private final RedshiftCatalog catalog;
    private final RedshiftStageStore store;

    RedshiftDialect(RedshiftSinkConfig config, RedshiftStageStore store) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.identifiers = new RedshiftIdentifiers(config.caseMode());
        this.types = new RedshiftTypeMapping(config.typeOptions());
        this.schemaChanges = new RedshiftSchemaChanges(types, config.schemaOptions(),
                RedshiftCatalogLookup.INFORMATION_SCHEMA);
        this.catalog = new RedshiftCatalog(schemaChanges);
    }

    @Override
    public String name() {
        return "Redshift";
    }

    @Override
    public String quote(String identifier) {
        return RedshiftIdentifiers.quote(identifier);
    }

    @Override
    public Optional<String> identifierProblem(String identifier) {
        return identifiers.problem(identifier);
    }

    @Override
    public int maxIdentifierBytes() {
        return RedshiftIdentifiers.MAX_BYTES;
    }

    @Override
    public List<String> sessionSetup() {
        return config.caseMode() == RedshiftIdentifiers.CaseMode.CASE_SENSITIVE ? RedshiftIdentifiers.SESSION_SETUP
                : RedshiftIdentifiers.SESSION_SETUP.subList(1, RedshiftIdentifiers.SESSION_SETUP.size());
    }

    @Override
    public SqlType columnType(TableId table, Column column) {
        return types.of(table, column);
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public CheckpointTable checkpointTable(String schema, String table) {
        return new RedshiftCheckpointTable(qualify(schema, table));
    }

    @Override
    public PipelineFence pipelineFence(String schema, String checkpointTable, String pipeline, String owner) {
        return new RedshiftSessionLease(new RedshiftCheckpointStatements(qualify(schema, checkpointTable)), pipeline,
                owner);
    }

    @Override
    public StagingLoader newStagingLoader(String pipeline, String owner) {
        return new RedshiftStagingLoader(store, pipelinePrefix(pipeline), owner, config.copyAuthorization(),
                config.copyRegion().orElse(null), config.staging().maxPartBytes());
    }

    /** The pipeline's folder under the staging prefix. */
    String pipelinePrefix(String pipeline) {
        return config.staging().prefix() + "/" + RedshiftStagingLoader.fileSafe(pipeline);
    }

    @Override
    public Merge merge(TargetTable table, String stagingName) {
        return new RedshiftMergeStatements(table, stagingName);
    }

    @Override
    public SchemaChanges schemaChanges() {
        return schemaChanges;
    }

    @Override
    public Optional<ReadBack> readBack() {
        return Optional.of(new RedshiftReadBack());
    }

    @Override
    public Errors errors() {
        return RedshiftErrors.INSTANCE;
    }
}
