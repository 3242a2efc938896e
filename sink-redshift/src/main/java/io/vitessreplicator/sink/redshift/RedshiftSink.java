package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.sink.jdbc.JdbcSink;
import io.vitessreplicator.spi.Checkpoint;
import io.vitessreplicator.spi.SinkContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redshift sink ({@code sink.type: redshift}): the shared {@link JdbcSink} protocol with the
 * {@link RedshiftDialect}. Each batch is staged to S3 as gzip CSV, COPY'd into temporary tables,
 * merged, and committed with the checkpoint row in one transaction; see sink-redshift/README.md.
 *
 * <p>At open, once this instance holds the pipeline, it deletes whatever a crashed predecessor left
 * in the pipeline's staging folder: no other live instance writes there, and nothing committed
 * refers to a staged file.
 */
public final class RedshiftSink extends JdbcSink {
    private static final Logger LOG = LoggerFactory.getLogger(RedshiftSink.class);

    private final RedshiftDialect dialect;
    private final RedshiftStageStore store;

    public RedshiftSink(RedshiftSinkConfig config) {
        this(config, DEFAULT_TAKE_OVER_WAIT);
    }

    /** @param takeOverWait how long a take-over waits for the current holder to let go */
    RedshiftSink(RedshiftSinkConfig config, Duration takeOverWait) {
        this(config, new RedshiftStageStore(config.staging()), takeOverWait);
    }

    private RedshiftSink(RedshiftSinkConfig config, RedshiftStageStore store, Duration takeOverWait) {
        this(config, store, new RedshiftDialect(config, store), takeOverWait);
    }

    private RedshiftSink(RedshiftSinkConfig config, RedshiftStageStore store, RedshiftDialect dialect,
                         Duration takeOverWait) {
        super(config, dialect, takeOverWait);
        this.dialect = dialect;
        this.store = store;
    }

    @Override
    public Optional<Checkpoint> open(SinkContext ctx) {
        Optional<Checkpoint> checkpoint = super.open(ctx);
        String folder = pipelineFolder(ctx.pipeline());
        List<String> left = store.list(folder);
        if (!left.isEmpty()) {
            LOG.info("Deleting {} staged objects an earlier run of pipeline {} left in {}", left.size(), ctx.pipeline(),
                    store.url(folder));
            store.delete(left);
        }
        return checkpoint;
    }

    /**
     * The database checks of the shared protocol, then the staging bucket: the replicator must be
     * able to list, write and delete under the staging prefix (a probe object is written and
     * deleted). Whether the cluster's COPY role can read it shows only at the first COPY.
     */
    @Override
    public void check() {
        super.check();
        String probe = dialect.pipelinePrefix("_check") + "/" + java.util.UUID.randomUUID() + ".probe";
        try {
            store.list(probe);
            store.putText(probe, "{}");
            store.delete(List.of(probe));
        } catch (io.vitessreplicator.spi.RetriableSinkException e) {
            throw new io.vitessreplicator.spi.FatalSinkException(io.vitessreplicator.spi.FatalSinkException.Kind.CONNECTION,
                    "Cannot validate the staging bucket: " + e.getMessage() + " Check sink.staging.endpoint and the"
                    + " network.", e);
        }
    }

    private String pipelineFolder(String pipeline) {
        return dialect.pipelinePrefix(pipeline) + "/";
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            store.close();
        }
    }
}
