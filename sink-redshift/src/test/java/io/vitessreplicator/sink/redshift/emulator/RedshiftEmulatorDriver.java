package io.vitessreplicator.sink.redshift.emulator;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Test-only JDBC driver that emulates Amazon Redshift on PostgreSQL, so the Redshift sink can be
 * tested where no cluster exists. URLs: {@code jdbc:redshift-emulator://HOST:PORT/DB?param=value&...}
 * with the emulator's own {@code s3Endpoint} (required), {@code s3Region} (default us-east-1),
 * {@code s3AccessKeyId} and {@code s3SecretAccessKey} (used for COPYs that authorize with
 * {@code IAM_ROLE}); every other parameter and property goes to pgjdbc.
 *
 * <p>It is strict on purpose: statement text is rewritten only where Redshift SQL has a direct
 * PostgreSQL equivalent, PostgreSQL-only SQL is refused, Redshift's own restrictions are enforced,
 * and {@code COPY ... FROM 's3://...'} is executed by reading the manifest and gzip CSV parts from
 * S3 with Redshift's parsing rules. See {@code sink-redshift/EMULATOR.md}. Registered through
 * {@code META-INF/services/java.sql.Driver} of the test classes; nothing of it ships.
 */
public final class RedshiftEmulatorDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new RedshiftEmulatorDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties properties = new Properties();
        if (info != null) {
            properties.putAll(info);
        }
        EmulatorConfig config = EmulatorConfig.parse(url, properties);
        Connection pg = new org.postgresql.Driver().connect(config.postgresUrl(), properties);
        if (pg == null) {
            throw new SQLException(Refusal.PREFIX + "pgjdbc did not accept " + config.postgresUrl(), "08001");
        }
        try {
            EmulatorSchema.ensure(pg, config.databaseKey());
            try (Statement s = pg.createStatement()) {
                // Redshift reads a backslash in a string literal as an escape, as PostgreSQL does with this off.
                s.execute("SET standard_conforming_strings TO off");
                s.execute("SET escape_string_warning TO off");
            }
        } catch (SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return EmulatedConnection.wrap(pg, config, properties);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(EmulatorConfig.PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging in the emulator");
    }
}
