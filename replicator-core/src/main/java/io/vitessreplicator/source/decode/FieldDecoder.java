package io.vitessreplicator.source.decode;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata;
import io.vitess.proto.Query;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.model.ZeroDatePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a VStream FIELD event into a {@link DecodedTable}: exact {@link ColumnType}s (see
 * {@link FieldTypeResolver}), nullability from NOT_NULL_FLAG, the primary key from PRI_KEY_FLAG,
 * and the columns the {@link ColumnFilter} keeps.
 *
 * <p>Primary key order: a FIELD event flags primary-key columns but does not say their order in
 * the key, so a composite key is listed in column order. When the key's declared order differs
 * (PRIMARY KEY (b, a) on columns a, b), the list is still the right set of columns; only code that
 * depends on the declared order (e.g. to match the copy phase's lastpk) must take it elsewhere.
 *
 * <p>Zero dates: under {@link ZeroDatePolicy#NULL} a NOT NULL DATE, DATETIME or TIMESTAMP column
 * can still decode to null, so such columns are reported nullable; a target created from the
 * schema then accepts the nulls the policy produces.
 */
public final class FieldDecoder {
    private final ColumnFilter columnFilter;
    private final ZeroDatePolicy zeroDates;

    public FieldDecoder(ColumnFilter columnFilter, ZeroDatePolicy zeroDates) {
        this.columnFilter = requireNonNull(columnFilter, "columnFilter is null");
        this.zeroDates = requireNonNull(zeroDates, "zeroDates is null");
    }

    /** Decodes a FIELD event; its keyspace is the event's own. */
    public DecodedTable decode(Binlogdata.FieldEvent event) {
        return decode(event.getKeyspace(), event.getTableName(), event.getFieldsList());
    }

    /**
     * @param keyspace  the keyspace the event came from
     * @param tableName the event's table name: {@code keyspace.table} (as vtgate sends it) or {@code table}
     * @param fields    the event's fields, in row-image order
     * @throws IllegalArgumentException when the filter excludes a primary-key column
     */
    public DecodedTable decode(String keyspace, String tableName, List<Query.Field> fields) {
        requireNonNull(keyspace, "keyspace is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(fields, "fields is null");
        TableId id = new TableId(keyspace, unqualified(keyspace, tableName));
        List<ResolvedColumn> resolved = new ArrayList<>(fields.size());
        boolean[] included = new boolean[fields.size()];
        List<Column> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            ResolvedColumn c = FieldTypeResolver.resolve(fields.get(i));
            resolved.add(c);
            included[i] = columnFilter.include(id, c.name());
            if (!included[i]) {
                if (c.primaryKey()) {
                    throw new IllegalArgumentException("Cannot exclude column " + c.name() + " of " + id
                            + ": it is part of the primary key, which every change needs. Remove it from the"
                            + " column exclusions.");
                }
                excluded.add(c.name());
                continue;
            }
            columns.add(new Column(c.name(), c.type(), !c.notNull() || zeroDateMayBeNull(c.type())));
            if (c.primaryKey()) {
                primaryKey.add(c.name());
            }
        }
        return new DecodedTable(new TableSchema(id, columns, primaryKey), resolved, included, excluded, zeroDates);
    }

    private boolean zeroDateMayBeNull(ColumnType type) {
        Kind k = type.kind();
        return zeroDates == ZeroDatePolicy.NULL && (k == Kind.DATE || k == Kind.DATETIME || k == Kind.TIMESTAMP);
    }

    /**
     * A FIELD or ROW event's table name without its keyspace. vtgate qualifies these names
     * ({@code keyspace.table}) unless the request sets {@code exclude_keyspace_from_table_name}
     * ({@code source.exclude-keyspace-from-table-name: true}; servers before that flag ignore it);
     * vttablet never does. The keyspace is the event's own, so a bare name with a dot in it stays
     * whole, unless its own name starts with the keyspace and a dot: that one case reads the same
     * either way, and is taken as qualified.
     */
    public static String unqualified(String keyspace, String tableName) {
        String prefix = keyspace + ".";
        return !keyspace.isEmpty() && tableName.startsWith(prefix) ? tableName.substring(prefix.length()) : tableName;
    }
}
