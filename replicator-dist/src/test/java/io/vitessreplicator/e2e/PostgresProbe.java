package io.vitessreplicator.e2e;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL sink's target: one schema, read with SQL. */
final class PostgresProbe implements TargetProbe {
    private final String schema;

    PostgresProbe(String schema) {
        this.schema = schema;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String sinkYaml() {
        return "  type: postgres\n"
                + "  url: " + TestEnv.jdbcPostgresUrl() + "\n"
                + "  user: " + TestEnv.get("PGUSER") + "\n"
                + "  password: ${PGPASSWORD}\n"
                + "  schema: " + schema + "\n";
    }

    @Override
    public List<String> rows(String keyspace, String table, String columns, String orderBy) throws Exception {
        return Snapshot.target(schema, table, columns, orderBy);
    }

    @Override
    public long count(String keyspace, String table) {
        return Snapshot.targetCount(schema, table);
    }

    @Override
    public Optional<Position> checkpoint(String pipeline) {
        return Checkpoints.read(schema, pipeline);
    }

    @Override
    public List<String> history(String pipeline) throws Exception {
        return Snapshot.schemaHistory(schema, pipeline);
    }

    @Override
    public void reset() throws Exception {
        Snapshot.dropSchema(schema);
    }

    @Override
    public String toString() {
        return name();
    }
}
