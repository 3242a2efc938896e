package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens connections with the configured credentials: single connections (the control connection
 * that holds the pipeline lock, and the short-lived ones of {@code check} and
 * {@code readCheckpoint}) and the pool that batches borrow from.
 *
 * <p>Every connection carries {@code ApplicationName} so an operator can find the sink in the
 * server's session list, and TCP keepalives so a vanished peer is noticed. No socket timeout is
 * set: a large merge may legitimately run for minutes. Failures are sorted by the dialect's
 * {@link SqlDialect.Errors}.
 */
final class JdbcConnector {
    private static final int MAX_APPLICATION_NAME_BYTES = 63;

    private final JdbcSinkSettings config;
    private final SqlDialect dialect;
    private final SqlDialect.Errors errors;
    private final String applicationName;

    JdbcConnector(JdbcSinkSettings config, SqlDialect dialect, String pipeline) {
        this.config = requireNonNull(config, "config is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.errors = dialect.errors();
        this.applicationName = applicationName("vitess-replicator " + requireNonNull(pipeline, "pipeline is null"));
    }

    /** A plain autocommit connection, with the dialect's session setup run. */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(config.url(), properties());
        List<String> setup = dialect.sessionSetup();
        if (!setup.isEmpty()) {
            try (Statement s = c.createStatement()) {
                for (String sql : setup) {
                    s.execute(sql);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return c;
    }

    /**
     * Connects, turning failures into sink exceptions: authentication and unknown-database errors
     * are fatal with a message that names the user and host; connection failures are retriable.
     */
    Connection connectOrThrow(String purpose) {
        try {
            return connect();
        } catch (SQLException e) {
            throw connectFailure(e, purpose);
        }
    }

    /** Retriable when the server may just be unreachable or restarting, fatal otherwise. */
    SinkException connectFailure(SQLException e, String purpose) {
        if (!errors.isAuthenticationFailure(e) && errors.isRetriable(e)) {
            return new RetriableSinkException(where(purpose) + ": " + errors.describe(e) + ". Check that the"
                    + " server is running and reachable; the runtime retries.", e);
        }
        return fatalConnectFailure(e, purpose);
    }

    /** For {@code validate}, where every failure is reported, none retried. */
    FatalSinkException fatalConnectFailure(SQLException e, String purpose) {
        if (errors.isAuthenticationFailure(e)) {
            return new FatalSinkException(FatalSinkException.Kind.CONNECTION, where(purpose) + ": authentication failed for user " + user() + " ("
                    + errors.describe(e) + "). Check sink.user and sink.password.", e);
        }
        if ("3D000".equals(e.getSQLState())) {
            return new FatalSinkException(FatalSinkException.Kind.CONNECTION, where(purpose) + ": " + errors.describe(e) + ". Check the database"
                    + " in sink.url (" + config.redactedUrl() + ").", e);
        }
        return new FatalSinkException(FatalSinkException.Kind.CONNECTION, where(purpose) + ": " + errors.describe(e) + ". Check that the server is"
                + " running and reachable, and sink.url.", e);
    }

    private String where(String purpose) {
        return "Cannot connect to " + dialect.name() + " at " + config.hostPort() + " to " + purpose;
    }

    /** The pool batches borrow from; it connects lazily (the control connection already proved the credentials). */
    HikariDataSource pool(String pipeline) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("vitess-replicator-" + pipeline);
        if (dialect.sessionSetup().isEmpty()) {
            h.setJdbcUrl(config.url());
            config.user().ifPresent(h::setUsername);
            config.password().ifPresent(h::setPassword);
        } else {
            h.setDataSource(new SetupDataSource()); // every pooled connection gets the session setup
        }
        h.setMaximumPoolSize(config.poolMaxSize());
        h.setMinimumIdle(Math.min(1, config.poolMaxSize()));
        h.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
        h.setInitializationFailTimeout(-1);
        h.setAutoCommit(false);
        h.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (dialect.sessionSetup().isEmpty()) {
            Properties p = driverProperties();
            p.forEach((k, v) -> h.addDataSourceProperty((String) k, v));
        }
        return new HikariDataSource(h);
    }

    /** Connections from {@link #connect()}, for the pool when the dialect has session setup. */
    private final class SetupDataSource implements DataSource {
        private PrintWriter logWriter;
        private int loginTimeout;

        @Override
        public Connection getConnection() throws SQLException {
            return connect();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the sink's pool connects with sink.user and sink.password");
        }

        @Override
        public PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            this.logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper of " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }

    String user() {
        return config.user().orElse("(the driver's default user)");
    }

    private Properties properties() {
        Properties p = driverProperties();
        config.user().ifPresent(u -> p.setProperty("user", u));
        config.password().ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    private Properties driverProperties() {
        Properties p = new Properties();
        long seconds = Math.max(1, config.connectTimeout().toSeconds());
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /**
     * PostgreSQL keeps printable ASCII of application_name (others become '?') and cuts it at 63
     * bytes; do both here so the name we log is the name the server shows.
     */
    static String applicationName(String wanted) {
        StringBuilder out = new StringBuilder();
        wanted.codePoints().limit(MAX_APPLICATION_NAME_BYTES)
                .forEach(cp -> out.append(cp >= 0x20 && cp <= 0x7e ? (char) cp : '?'));
        return out.toString();
    }
}
