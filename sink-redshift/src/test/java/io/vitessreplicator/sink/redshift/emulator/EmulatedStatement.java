package io.vitessreplicator.sink.redshift.emulator;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;

/**
 * A {@link Statement}, {@code PreparedStatement} or {@code CallableStatement} of an
 * {@link EmulatedConnection}: its SQL is rewritten (or, for COPY and the no-op SET, run by the
 * emulator, whose result is then reported as an update count). For a prepared COPY or SET the
 * delegate is a plain pgjdbc Statement, so parameter setters are not available on it.
 */
final class EmulatedStatement implements InvocationHandler {
    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch");

    private final EmulatedConnection connection;
    private final Statement delegate;
    /** The prepared statement's rewrite; null for a plain Statement. */
    private final Rewritten prepared;
    /** The update count of the last emulated execution, -1 after getMoreResults; null when pgjdbc's results apply. */
    private Long synthetic;

    private EmulatedStatement(EmulatedConnection connection, Statement delegate, Rewritten prepared) {
        this.connection = connection;
        this.delegate = delegate;
        this.prepared = prepared;
    }

    static Statement wrap(EmulatedConnection connection, Statement delegate, Rewritten prepared,
                          Class<? extends Statement> type) {
        return (Statement) Proxy.newProxyInstance(EmulatedStatement.class.getClassLoader(), new Class<?>[] {type},
                new EmulatedStatement(connection, delegate, prepared));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        Class<?>[] params = method.getParameterTypes();
        if (EXECUTE.contains(name)) {
            if (params.length > 0 && params[0] == String.class) {
                if (prepared != null) {
                    throw new SQLException(Refusal.PREFIX + name + "(String) on a PreparedStatement; use the statement's"
                            + " own SQL", "42809");
                }
                return executeSql(method, args);
            }
            if (prepared != null) {
                return executePrepared(method, args);
            }
        }
        switch (name) {
            case "getConnection" -> {
                return connection.proxy();
            }
            case "getUpdateCount" -> {
                return synthetic != null ? (int) Math.min(Integer.MAX_VALUE, synthetic) : delegate.getUpdateCount();
            }
            case "getLargeUpdateCount" -> {
                return synthetic != null ? synthetic : delegate.getLargeUpdateCount();
            }
            case "getResultSet" -> {
                return synthetic != null ? null : delegate.getResultSet();
            }
            case "getMoreResults" -> {
                if (synthetic != null) {
                    synthetic = -1L;
                    return false;
                }
                return EmulatedConnection.call(delegate, method, args);
            }
            case "unwrap" -> {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(self) ? self : delegate.unwrap(type);
            }
            case "isWrapperFor" -> {
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(self) || delegate.isWrapperFor(type);
            }
            case "equals" -> {
                return self == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(self);
            }
            case "toString" -> {
                return "RedshiftEmulatorStatement[" + (prepared != null ? prepared.sql() : delegate) + "]";
            }
            case "executeBatch", "executeLargeBatch" -> synthetic = null;
            default -> { }
        }
        if (!method.getDeclaringClass().isInstance(delegate)) {
            throw new SQLFeatureNotSupportedException(Refusal.PREFIX + name + " is not available on an emulated "
                    + (prepared.action() == Rewritten.Action.COPY ? "COPY" : "SET") + " (it takes no parameters)");
        }
        return EmulatedConnection.call(delegate, method, args);
    }

    private Object executeSql(Method method, Object[] args) throws Throwable {
        EmulatedConnection.refuseGeneratedKeys(method, args);
        Rewritten r = connection.rewrite((String) args[0]);
        if (method.getName().equals("addBatch")) {
            if (r.action() != Rewritten.Action.EXECUTE) {
                throw connection.fail(Refusal.syntax("COPY and SET enable_case_sensitive_identifier cannot be batched"
                        + " in the emulator; execute them alone"));
            }
        }
        if (r.action() != Rewritten.Action.EXECUTE) {
            return emulate(method, r);
        }
        connection.checkBeforeExecute(r);
        connection.ensureDomains(r);
        Object[] rewritten = args.clone();
        rewritten[0] = r.sql();
        synthetic = null;
        return EmulatedConnection.call(delegate, method, rewritten);
    }

    private Object executePrepared(Method method, Object[] args) throws Throwable {
        if (prepared.action() != Rewritten.Action.EXECUTE) {
            if (method.getName().equals("addBatch")) {
                throw connection.fail(Refusal.syntax("COPY and SET enable_case_sensitive_identifier cannot be batched"
                        + " in the emulator; execute them alone"));
            }
            return emulate(method, prepared);
        }
        connection.checkBeforeExecute(prepared);
        synthetic = null;
        return EmulatedConnection.call(delegate, method, args);
    }

    /** Runs a COPY or the no-op SET and reports it the way the called method does. */
    private Object emulate(Method method, Rewritten r) throws SQLException {
        if (method.getName().equals("executeQuery")) {
            throw connection.fail(new SQLException(Refusal.PREFIX + "executeQuery of a statement that returns no rows"
                    + " (" + (r.action() == Rewritten.Action.COPY ? "COPY" : "SET") + ")", "02000"));
        }
        long count = r.action() == Rewritten.Action.COPY ? connection.copy(r.copy()) : 0;
        synthetic = count;
        return switch (method.getName()) {
            case "execute" -> false;
            case "executeUpdate" -> (int) Math.min(Integer.MAX_VALUE, count);
            case "executeLargeUpdate" -> count;
            default -> throw new IllegalStateException(method.getName());
        };
    }
}
