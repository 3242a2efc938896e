package io.vitessreplicator.sink.jdbc;

import java.time.Duration;

/**
 * The PostgreSQL sink ({@code sink.type: postgres}): the shared {@link JdbcSink} protocol with the
 * {@link PostgresDialect}. The pipeline's fence is a session-level advisory lock held by the
 * control connection; see sink-jdbc/README.md.
 */
public final class PostgresSink extends JdbcSink {

    public PostgresSink(PostgresSinkConfig config) {
        this(config, DEFAULT_TAKE_OVER_WAIT);
    }

    /** @param takeOverWait how long a take-over waits for the current holder to let go */
    PostgresSink(PostgresSinkConfig config, Duration takeOverWait) {
        super(config, new PostgresDialect(), takeOverWait);
    }
}
