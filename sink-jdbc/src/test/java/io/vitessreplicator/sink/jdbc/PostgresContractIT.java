package io.vitessreplicator.sink.jdbc;

import io.vitessreplicator.spi.contract.SinkContractSuite;
import io.vitessreplicator.spi.contract.SinkTarget;

/** The PostgreSQL sink against the contract every sink passes. */
class PostgresContractIT extends SinkContractSuite {
    @Override
    protected SinkTarget newTarget(String name) {
        return new PostgresTarget(name);
    }
}
