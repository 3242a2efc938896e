package io.vitessreplicator.e2e;

import io.vitessreplicator.model.Position;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A sink's target as the end-to-end tests see it: the {@code sink:} section that points a
 * replicator at it, and a reader that is not the replicator's code (SQL on PostgreSQL; DuckDB over
 * the Parquet files on S3). The same scenarios run against each.
 */
interface TargetProbe {

    /** {@code postgres}, {@code parquet-s3} or {@code redshift}, for test names. */
    String name();

    /** The {@code sink:} section's keys, indented by two spaces, one per line. */
    String sinkYaml();

    /**
     * The table's current rows as normalized text ({@link Snapshot#read}'s format), {@code columns}
     * a SELECT list, ordered by {@code orderBy}.
     */
    List<String> rows(String keyspace, String table, String columns, String orderBy) throws Exception;

    /** How many rows the table has now, or -1 when the target has no such table yet. */
    long count(String keyspace, String table);

    /** The checkpoint's position as the target stores it. */
    Optional<Position> checkpoint(String pipeline);

    /** The schema history, "change: description" in order. */
    List<String> history(String pipeline) throws Exception;

    /** Removes everything the tests wrote into this target. */
    void reset() throws Exception;

    /**
     * Every sink's target, for the scenarios that all sinks run: the PostgreSQL schema
     * {@code schema}, the Parquet prefix {@code prefix}, and the Redshift sink's emulated target in
     * PostgreSQL schema {@code schema_redshift}. A new sink is added here.
     */
    static Stream<TargetProbe> everySink(String schema, String prefix) {
        Stream<TargetProbe> all = Stream.of(postgres(schema), parquet(prefix), redshift(schema + "_redshift"));
        String only = System.getenv("E2E_SINKS");
        if (only == null || only.isBlank()) {
            return all;
        }
        // For a developer's run of one sink's cases (E2E_SINKS=parquet-s3,redshift); CI sets nothing.
        java.util.Set<String> names = java.util.Set.of(only.strip().split("\\s*,\\s*"));
        return all.filter(t -> names.contains(t.name()));
    }

    /** {@link #reset} of each target. */
    static void resetAll(Stream<TargetProbe> targets) throws Exception {
        for (TargetProbe t : targets.toList()) {
            t.reset();
        }
    }

    static TargetProbe postgres(String schema) {
        return new PostgresProbe(schema);
    }

    static TargetProbe parquet(String prefix) {
        return new ParquetProbe(prefix);
    }

    static TargetProbe redshift(String schema) {
        return new RedshiftProbe(schema);
    }
}
