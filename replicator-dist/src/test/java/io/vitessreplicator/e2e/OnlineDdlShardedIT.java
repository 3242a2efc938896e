package io.vitessreplicator.e2e;

import io.vitessreplicator.testkit.TestEnv;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@link OnlineDdlIT}'s scenarios on two shards, on the test stack's multi-process cluster
 * (testenv/lib/start-vitess-cluster.sh): each shard has its own mysqld, `_vt` database and online
 * DDL executor, so each runs the migration and cuts over at its own moment, as in production.
 */
@ResourceLock(SharedServers.CLUSTER)
class OnlineDdlShardedIT extends OnlineDdlIT {
    @Override
    Stack stack() {
        return new Stack(TestEnv.get("VTGATE_CLUSTER_GRPC"), TestEnv.get("VTGATE_CLUSTER_MYSQL"),
                TestEnv.get("VTCTLD_CLUSTER_SERVER"), "customer", true, "primary", "e2e_online_ddl_sharded");
    }

    /** The cluster runs from testenv/up on. */
    @Override
    void startStack() {}

    @Override
    void stopStack() {}
}
