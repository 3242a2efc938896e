package io.vitessreplicator.sink.jdbc;

import java.time.Duration;
import java.util.Optional;

/**
 * The settings the shared JDBC protocol reads from a sink's validated, frozen config. Each SQL
 * target's config class ({@link PostgresSinkConfig}, the Redshift sink's) implements it and adds its own keys.
 */
public interface JdbcSinkSettings {
    /** The JDBC URL, passwords included; never printed (see {@link #redactedUrl()}). */
    String url();

    /** The URL with any password masked, for messages and logs. */
    String redactedUrl();

    /** {@code host:port} as written in the URL, for messages. */
    String hostPort();

    Optional<String> user();

    /** Not printed anywhere; only handed to the driver. */
    Optional<String> password();

    /** The target schema: data tables and the checkpoint table live here. */
    String schema();

    TableNamePattern tableName();

    String checkpointTable();

    DeleteMode deleteMode();

    boolean createTables();

    int poolMaxSize();

    Duration connectTimeout();
}
