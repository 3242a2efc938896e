package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkFactory;
import java.time.Duration;

/** {@code sink.type: redshift}. Found through {@link java.util.ServiceLoader}. */
public final class RedshiftSinkFactory implements SinkFactory {
    public static final String TYPE = "redshift";

    /**
     * Redshift runs commits one at a time cluster-wide and each COPY has a fixed cost of seconds, so
     * batches are larger and less frequent than PostgreSQL's: a commit every 30 seconds at most,
     * up to a million rows or 256 MiB; 64 MiB held in memory before it is staged to S3.
     */
    static final BatchLimits DEFAULT_BATCH = new BatchLimits(1_000_000, 256L * 1024 * 1024, Duration.ofSeconds(30),
            64L * 1024 * 1024);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Sink create(ConfigNode section) {
        return new RedshiftSink(RedshiftSinkConfig.from(section));
    }

    @Override
    public BatchLimits defaultBatchLimits() {
        return DEFAULT_BATCH;
    }
}
