package io.vitessreplicator.sink.parquet;

import io.vitessreplicator.config.BatchLimits;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.spi.Sink;
import io.vitessreplicator.spi.SinkFactory;
import java.time.Duration;

/** {@code sink.type: parquet-s3}. Found through {@link java.util.ServiceLoader}. */
public final class ParquetSinkFactory implements SinkFactory {
    public static final String TYPE = "parquet-s3";

    /**
     * A lake wants few, large files: a commit every 5 minutes or after about 1 GiB of changes (as
     * held in memory, several times their Parquet size), with 64 MiB in memory at most; rows above
     * that go to the spill files of the open batch.
     */
    static final BatchLimits DEFAULT_BATCH = new BatchLimits(10_000_000, 1024L * 1024 * 1024, Duration.ofMinutes(5),
            64L * 1024 * 1024);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Sink create(ConfigNode section) {
        return new ParquetS3Sink(ParquetSinkConfig.from(section));
    }

    @Override
    public BatchLimits defaultBatchLimits() {
        return DEFAULT_BATCH;
    }
}
