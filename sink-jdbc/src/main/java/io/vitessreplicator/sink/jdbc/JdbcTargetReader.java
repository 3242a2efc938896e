package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.TargetReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a SQL target's tables back for {@code verify}, on one connection of its own (never the
 * pipeline's): rows by key with one {@code WHERE} on the keys per lookup (the dialect's
 * {@link SqlDialect.ReadBack#keysCondition}, {@code (key) IN (...)} by default), so that the target's
 * equality decides, not its string order; every key through a cursor, so the walk holds
 * {@code chunkRows} keys in memory, not the table. Soft-deleted rows count as absent.
 */
final class JdbcTargetReader implements TargetReader {
    /** Bind parameters per statement at most (PostgreSQL's protocol allows 32767). */
    private static final int MAX_PARAMETERS = 30_000;

    private final Connection connection;
    private final TargetTables tables;
    private final SqlDialect dialect;
    private final SqlDialect.ReadBack readBack;
    private final TargetReadSql sql;

    JdbcTargetReader(Connection connection, TargetTables tables, SqlDialect dialect, SqlDialect.ReadBack readBack) {
        this.connection = requireNonNull(connection, "connection is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.readBack = requireNonNull(readBack, "readBack is null");
        this.sql = new TargetReadSql(dialect::quote, readBack);
    }

    @Override
    public long count(TableSchema table) {
        TargetTable t = tables.describe(table);
        try {
            if (!dialect.catalog().tableExists(connection, t.schema(), t.name())) {
                return -1;
            }
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery(sql.count(t))) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e, "count the rows of " + t.qualifiedName());
        }
    }

    @Override
    public List<Object[]> rowsByKey(TableSchema table, List<Object[]> keys) {
        TargetTable t = tables.describe(table);
        List<Object[]> rows = new ArrayList<>();
        int perStatement = Math.max(1, MAX_PARAMETERS / table.primaryKey().size());
        for (int from = 0; from < keys.size(); from += perStatement) {
            List<Object[]> part = keys.subList(from, Math.min(keys.size(), from + perStatement));
            try (PreparedStatement ps = connection.prepareStatement(sql.rowsByKey(t, part.size()))) {
                int p = 1;
                for (Object[] key : part) {
                    for (int i = 0; i < key.length; i++) {
                        readBack.bindKey(ps, p++, keyColumn(t, i), t.columnTypes().get(t.source().primaryKeyIndexes()[i]), key[i]);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, table.columns(), t.columnTypes()));
                    }
                }
            } catch (SQLException e) {
                throw failure(e, "read rows of " + t.qualifiedName() + " by key");
            }
        }
        return rows;
    }

    @Override
    public void forEachKeyChunk(TableSchema table, int chunkRows, Consumer<List<Object[]>> chunk) {
        TargetTable t = tables.describe(table);
        List<Column> keyColumns = new ArrayList<>();
        List<SqlType> keyTypes = new ArrayList<>();
        for (int i : table.primaryKeyIndexes()) {
            keyColumns.add(table.columns().get(i));
            keyTypes.add(t.columnTypes().get(i));
        }
        try {
            connection.setAutoCommit(false); // a cursor: the driver fetches chunkRows rows at a time
            try (Statement s = connection.createStatement()) {
                s.setFetchSize(chunkRows);
                try (ResultSet rs = s.executeQuery(sql.keys(t))) {
                    List<Object[]> keys = new ArrayList<>(chunkRows);
                    while (rs.next()) {
                        keys.add(row(rs, keyColumns, keyTypes));
                        if (keys.size() == chunkRows) {
                            chunk.accept(keys);
                            keys = new ArrayList<>(chunkRows);
                        }
                    }
                    if (!keys.isEmpty()) {
                        chunk.accept(keys);
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e, "read the keys of " + t.qualifiedName());
        }
    }

    private Object[] row(ResultSet rs, List<Column> columns, List<SqlType> types) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = readBack.read(rs, i + 1, columns.get(i), types.get(i));
        }
        return row;
    }

    private static Column keyColumn(TargetTable t, int keyIndex) {
        return t.source().columns().get(t.source().primaryKeyIndexes()[keyIndex]);
    }

    private RuntimeException failure(SQLException e, String action) {
        return new io.vitessreplicator.spi.FatalSinkException("Cannot " + action + " for verify: "
                + dialect.errors().describe(e) + ". Check that the sink's user may read it and that the target is up.", e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written; the server drops the session
        }
    }
}
