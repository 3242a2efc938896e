package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

/**
 * What the Redshift dialect does with schema changes Redshift cannot apply the way PostgreSQL does.
 * The core's {@code pipeline.schema-changes} policies decide which changes reach the sink; these
 * decide how (or whether) the sink applies the ones Redshift has no in-place statement for.
 *
 * @param typeRewrite      a lossless widening that is not VARCHAR(n) to VARCHAR(m) (Redshift's only
 *                         in-place type change), e.g. INT to BIGINT or DECIMAL(10,2) to DECIMAL(12,2):
 *                         {@link TypeRewrite#STOP} (default) stops the pipeline naming the column and
 *                         this option; {@link TypeRewrite#REWRITE_COLUMN} copies the column into a new
 *                         one of the wider type in the batch transaction (add, update every row, drop,
 *                         rename: the whole table is rewritten and the column moves to the end).
 *                         A primary-key column used as distribution or sort key cannot be dropped, so
 *                         its rewrite fails in Redshift and stops the batch with Redshift's message.
 * @param primaryKeyChange {@link PrimaryKeyChange#REPLACE_CONSTRAINT} (default): drop the
 *                         informational primary-key constraint and add the new one (Redshift does not
 *                         enforce it; the merge uses the source's key; distribution and sort keys stay);
 *                         {@link PrimaryKeyChange#STOP}: stop the pipeline
 * @param layout           distribution and sort keys of created tables
 */
public record RedshiftSchemaOptions(TypeRewrite typeRewrite, PrimaryKeyChange primaryKeyChange,
                                    RedshiftTableLayout layout) {

    public static final RedshiftSchemaOptions DEFAULTS = new RedshiftSchemaOptions(TypeRewrite.STOP,
            PrimaryKeyChange.REPLACE_CONSTRAINT, RedshiftTableLayout.DEFAULTS);

    public enum TypeRewrite { STOP, REWRITE_COLUMN }

    public enum PrimaryKeyChange { STOP, REPLACE_CONSTRAINT }

    public RedshiftSchemaOptions {
        requireNonNull(typeRewrite, "typeRewrite is null");
        requireNonNull(primaryKeyChange, "primaryKeyChange is null");
        requireNonNull(layout, "layout is null");
    }
}
