package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The statements {@code verify}'s reader sends to a SQL target, rendered by the dialect's
 * {@link SqlDialect.ReadBack}; public so that a dialect's golden-SQL tests can render them.
 * Soft-deleted rows are excluded.
 */
public final class TargetReadSql {
    private final UnaryOperator<String> quote;
    private final SqlDialect.ReadBack readBack;

    /** @param quote the dialect's {@link SqlDialect#quote} */
    public TargetReadSql(UnaryOperator<String> quote, SqlDialect.ReadBack readBack) {
        this.quote = requireNonNull(quote, "quote is null");
        this.readBack = requireNonNull(readBack, "readBack is null");
    }

    /** The live rows of {@code t}. */
    public String count(TargetTable t) {
        return "SELECT count(*) FROM " + t.qualifiedName() + where(t, "");
    }

    /** The live rows of {@code keys} keys, each key's parameters bound in key-column order. */
    public String rowsByKey(TargetTable t, int keys) {
        return "SELECT " + selectList(t, false) + " FROM " + t.qualifiedName() + where(t, keysCondition(t, keys));
    }

    /** Every live key. */
    public String keys(TargetTable t) {
        return "SELECT " + selectList(t, true) + " FROM " + t.qualifiedName() + where(t, "");
    }

    private String selectList(TargetTable t, boolean keysOnly) {
        List<String> out = new ArrayList<>();
        List<Column> columns = t.source().columns();
        if (keysOnly) {
            for (int i : t.source().primaryKeyIndexes()) {
                out.add(readBack.select(quote.apply(columns.get(i).name()), columns.get(i), t.columnTypes().get(i)));
            }
        } else {
            for (int i = 0; i < columns.size(); i++) {
                out.add(readBack.select(quote.apply(columns.get(i).name()), columns.get(i), t.columnTypes().get(i)));
            }
        }
        return String.join(", ", out);
    }

    private String keysCondition(TargetTable t, int keys) {
        List<String> quoted = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (int i : t.source().primaryKeyIndexes()) {
            quoted.add(quote.apply(t.source().columns().get(i).name()));
            parameters.add(readBack.keyParameter(t.source().columns().get(i), t.columnTypes().get(i)));
        }
        return readBack.keysCondition(quoted, parameters, keys);
    }

    private String where(TargetTable t, String condition) {
        String live = t.deleteMode() == DeleteMode.SOFT ? quote.apply(TargetTable.DELETED_COLUMN) + " IS NOT TRUE" : "";
        if (condition.isEmpty() && live.isEmpty()) {
            return "";
        }
        return " WHERE " + (condition.isEmpty() ? live : live.isEmpty() ? condition : condition + " AND " + live);
    }
}
