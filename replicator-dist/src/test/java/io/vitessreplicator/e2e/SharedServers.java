package io.vitessreplicator.e2e;

/**
 * How the end-to-end test classes share the test stack when they run at the same time (the
 * failsafe configuration of this module runs classes concurrently; see its {@code pom.xml}).
 *
 * <ul>
 *   <li>A class that stops or restarts a server everyone uses (PostgreSQL, S3Proxy, the main
 *       vttestserver), or times something another class's load would move (a copy's ETA), is
 *       {@code @Isolated}: it runs with nothing else.
 *   <li>The classes that use the multi-process cluster hold {@link #CLUSTER}, so they run one after
 *       another: they add and remove tablets (one pid file), purge a shard's binary logs, rewrite
 *       routing rules, and one needs 30 s without a schema reload.
 *   <li>A class that needs a server configured otherwise starts its own instance rather than
 *       restarting the shared one ({@code SchemaChangesWithoutSchemaHistoryIT}: a vttestserver
 *       without schema history, reached through {@code TestEnv.override}).
 *   <li>Everything else uses its own source tables, target schema or prefix and pipeline names, so
 *       it can run next to any other class; two classes that share a target schema hold a
 *       {@code @ResourceLock} on it.
 * </ul>
 */
final class SharedServers {
    /** The {@code @ResourceLock} of the classes that use the multi-process Vitess cluster. */
    static final String CLUSTER = "vitess-cluster";

    private SharedServers() {}
}
