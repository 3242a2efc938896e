package io.vitessreplicator.sink.parquet;

import io.vitessreplicator.spi.contract.SinkContractSuite;
import io.vitessreplicator.spi.contract.SinkTarget;
import java.util.Map;

/** The Parquet-on-S3 sink against the contract every sink passes, on S3Proxy, read back with DuckDB and pyarrow. */
class ParquetContractIT extends SinkContractSuite {
    @Override
    protected SinkTarget newTarget(String name) {
        return new ParquetTarget(name, Map.of());
    }
}
