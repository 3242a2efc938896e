package io.vitessreplicator.sink.redshift.emulator;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The {@link Connection} the emulator hands out: a dynamic proxy over a pgjdbc connection. SQL of
 * its statements goes through {@link SqlRewriter}; COPY from S3 runs in {@link CopyExecutor};
 * everything else (transactions, isolation, timeouts, savepoints, {@code isValid}) is pgjdbc's.
 * A statement the emulator refuses inside a transaction leaves that transaction failed, as a failed
 * statement does in Redshift and PostgreSQL.
 */
final class EmulatedConnection implements InvocationHandler {
    private final Connection pg;
    private final EmulatorConfig config;
    private final Properties properties;
    private final Connection proxy;

    private EmulatedConnection(Connection pg, EmulatorConfig config, Properties properties) {
        this.pg = pg;
        this.config = config;
        this.properties = properties;
        this.proxy = (Connection) Proxy.newProxyInstance(EmulatedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    static Connection wrap(Connection pg, EmulatorConfig config, Properties properties) {
        return new EmulatedConnection(pg, config, properties).proxy;
    }

    Connection proxy() {
        return proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "createStatement" -> {
                return EmulatedStatement.wrap(this, (Statement) call(pg, method, args), null, Statement.class);
            }
            case "prepareStatement" -> {
                return prepare(method, args, PreparedStatement.class);
            }
            case "prepareCall" -> {
                return prepare(method, args, CallableStatement.class);
            }
            case "nativeSQL" -> {
                Rewritten r = rewrite((String) args[0]);
                return r.action() == Rewritten.Action.EXECUTE ? r.sql() : args[0];
            }
            case "getMetaData" -> {
                DatabaseMetaData meta = pg.getMetaData();
                return Proxy.newProxyInstance(EmulatedConnection.class.getClassLoader(),
                        new Class<?>[] {DatabaseMetaData.class}, (p, m, a) -> m.getName().equals("getConnection")
                                ? proxy : call(meta, m, a));
            }
            case "unwrap" -> {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(self) ? self : pg.unwrap(type);
            }
            case "isWrapperFor" -> {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(self) || pg.isWrapperFor(type);
            }
            case "equals" -> {
                return self == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(self);
            }
            case "toString" -> {
                return "RedshiftEmulatorConnection[" + pg + "]";
            }
            default -> {
                return call(pg, method, args);
            }
        }
    }

    private Object prepare(Method method, Object[] args, Class<? extends Statement> type) throws Throwable {
        refuseGeneratedKeys(method, args);
        Rewritten r = rewrite((String) args[0]);
        if (r.action() != Rewritten.Action.EXECUTE) {
            if (type == CallableStatement.class) {
                throw fail(Refusal.syntax("prepareCall of a COPY or SET is not supported by the emulator"));
            }
            // Nothing to prepare on PostgreSQL: the statement runs in the emulator when executed.
            return EmulatedStatement.wrap(this, pg.createStatement(), r, type);
        }
        ensureDomains(r);
        Object[] rewritten = args.clone();
        rewritten[0] = r.sql();
        return EmulatedStatement.wrap(this, (Statement) call(pg, method, rewritten), r, type);
    }

    /** Redshift has no RETURNING, so nothing can hand back generated keys. */
    static void refuseGeneratedKeys(Method method, Object[] args) throws SQLException {
        if (args == null || args.length != 2) {
            return;
        }
        Object second = args[1];
        if ((second instanceof Integer i && method.getParameterTypes()[1] == int.class
                && i == Statement.RETURN_GENERATED_KEYS) || second instanceof int[] || second instanceof String[]) {
            throw Refusal.notRedshift("generated keys: pgjdbc would append RETURNING, which Redshift does not have");
        }
    }

    Rewritten rewrite(String sql) throws SQLException {
        try {
            return SqlRewriter.rewrite(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** The checks that depend on the connection's state, made just before a statement runs. */
    void checkBeforeExecute(Rewritten r) throws SQLException {
        if (r.truncate() && inTransaction()) {
            throw fail(Refusal.inTransaction("TRUNCATE inside a transaction: Redshift's TRUNCATE commits the open"
                    + " transaction (it cannot be rolled back), so the emulator refuses it when autocommit is off or a"
                    + " transaction is open; use DELETE FROM in a transaction"));
        }
        Rewritten.AlterColumnType alter = r.alterColumn();
        if (alter == null) {
            return;
        }
        if (inTransaction()) {
            throw fail(Refusal.inTransaction("ALTER TABLE ALTER COLUMN cannot run inside a transaction block"
                    + " (Redshift's rule; run it with autocommit on, outside the batch transaction)"));
        }
        try (PreparedStatement ps = pg.prepareStatement("SELECT t.typname, a.atttypmod, pg_catalog.format_type("
                + "a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid ="
                + " a.atttypid WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT"
                + " a.attisdropped")) {
            ps.setString(1, alter.table());
            ps.setString(2, alter.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // PostgreSQL names the missing table or column
                }
                if (!"varchar".equals(rs.getString(1)) || rs.getInt(2) < 4) {
                    throw Refusal.notRedshift("ALTER COLUMN \"" + alter.column() + "\" TYPE varchar(" + alter.newLength()
                            + "): the column is " + rs.getString(3) + "; Redshift only changes the length of a VARCHAR"
                            + " column in place (\"target column type should be varchar\")");
                }
                int current = rs.getInt(2) - 4;
                if (alter.newLength() < current) {
                    throw Refusal.notRedshift("ALTER COLUMN \"" + alter.column() + "\" TYPE varchar(" + alter.newLength()
                            + "): Redshift cannot decrease a VARCHAR's length (the column is varchar(" + current + "))");
                }
            }
        }
    }

    /** Creates the varbyte domains the statement uses, on a connection of their own (committed at once). */
    void ensureDomains(Rewritten r) throws SQLException {
        Set<Integer> missing = EmulatorSchema.missingVarbyte(config.databaseKey(), r.varbyteLengths());
        if (missing.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        p.putAll(properties);
        try (Connection side = new org.postgresql.Driver().connect(config.postgresUrl(), p)) {
            EmulatorSchema.ensureVarbyte(side, config.databaseKey(), missing);
        }
    }

    /** Runs an emulated COPY; returns the rows loaded. */
    long copy(CopyCommand copy) throws SQLException {
        try {
            return new CopyExecutor(config).run(pg, copy);
        } catch (SQLException e) {
            SQLException failure = e.getMessage() != null && e.getMessage().startsWith(Refusal.PREFIX) ? e
                    : Refusal.copy(e.getMessage(), e);
            throw fail(failure);
        }
    }

    boolean inTransaction() throws SQLException {
        return !pg.getAutoCommit() || pg.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    /**
     * Leaves an open transaction failed (as Redshift does after a failed statement) and returns the
     * error to throw. Outside a transaction there is nothing to abort.
     */
    SQLException fail(SQLException error) {
        try {
            if (inTransaction() && pg.unwrap(BaseConnection.class).getTransactionState() != TransactionState.FAILED) {
                try (PreparedStatement ps = pg.prepareStatement("SELECT " + SqlRewriter.SCHEMA + ".fail(?)")) {
                    ps.setString(1, error.getMessage());
                    ps.execute();
                } catch (SQLException expected) {
                    // the transaction is now failed
                }
            }
        } catch (SQLException e) {
            error.addSuppressed(e);
        }
        return error;
    }

    static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
