package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vitess.proto.Query;
import io.vitess.proto.Vtgate;
import io.vitessreplicator.config.SourceConfig;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.source.QueryRows;
import io.vitessreplicator.source.SourceException;
import io.vitessreplicator.source.VtgateChannels;
import io.vitessreplicator.source.VtgateExecute;
import io.vitessreplicator.source.VtgateOptions;
import io.vitessreplicator.source.decode.DecodedTable;
import io.vitessreplicator.source.decode.FieldDecoder;
import io.vitessreplicator.source.decode.RowDecoder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One source table read through vtgate's Execute RPC, as {@code verify} needs it: in primary-key
 * chunks, by a set of keys, and counted. Rows are decoded by the stream's own decoders
 * ({@link FieldDecoder}, {@link RowDecoder}): an Execute result is a {@code Query.Row} with fields,
 * the same format as VStream's copy phase, so a source row and the row the pipeline wrote from it
 * come out as equal Java values.
 *
 * <p>Execute results carry no {@code column_type} text, which the decoders need (ENUM members,
 * DECIMAL scale, fractional seconds); it is taken from {@code information_schema.columns}. The
 * session reads TIMESTAMP values in UTC ({@code time_zone='+00:00'}), as vttablet's copy phase does.
 * The columns the pipeline excludes ({@code source.columns.exclude}) are not read.
 */
final class SourceTable {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ManagedChannel channel;
    private final VtgateOptions options;
    private final TableId id;
    private final Vtgate.Session session;
    private final List<String> columnTypes;
    private final String columnList;
    private final String from;
    private final List<String> keyColumns;
    private final TableSchema schema;
    private final RowDecoder decoder;

    /**
     * @param tabletType {@code replica}, {@code rdonly} or {@code primary}: where the rows are read
     * @param primaryKey the key's columns in their declared order (the order of the key's index)
     */
    SourceTable(ManagedChannel channel, SourceConfig config, TableId id, String tabletType, List<String> primaryKey) {
        this.channel = requireNonNull(channel, "channel is null");
        this.options = config.vtgateOptions();
        this.id = requireNonNull(id, "id is null");
        this.keyColumns = List.copyOf(primaryKey);
        this.session = Vtgate.Session.newBuilder().setTargetString(id.keyspace() + "@" + tabletType).setAutocommit(true)
                .setOptions(Query.ExecuteOptions.newBuilder().setIncludedFields(Query.ExecuteOptions.IncludedFields.ALL))
                .putSystemVariables("time_zone", "'+00:00'")
                .build();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        Query.QueryResult columns = execute("list the columns of " + id,
                "SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = database()"
                        + " AND table_name = :t ORDER BY ordinal_position",
                List.of(bind("t", text(id.name()))), id.keyspace() + "@" + tabletType);
        for (Query.Row row : columns.getRowsList()) {
            List<String> v = QueryRows.text(row);
            names.add(v.get(0));
            types.add(v.get(1));
        }
        if (names.isEmpty()) {
            throw new SourceException("Cannot verify " + id + ": the source has no such table. Check the --table name"
                    + " (KEYSPACE.TABLE).", null, false);
        }
        List<String> included = names.stream().filter(n -> config.includesColumn(id, n)).toList();
        this.columnTypes = included.stream().map(n -> types.get(names.indexOf(n))).toList();
        this.columnList = String.join(", ", included.stream().map(SourceTable::quote).toList());
        this.from = " FROM " + quote(id.name());
        Query.QueryResult empty = execute("read the columns of " + id, "SELECT " + columnList + from + " LIMIT 0",
                List.of(), null);
        DecodedTable decoded = new FieldDecoder((t, c) -> true, config.zeroDates())
                .decode(id.keyspace(), id.name(), withColumnTypes(empty.getFieldsList()));
        if (!decoded.isSupported()) {
            throw new SourceException("Cannot verify " + id + ": " + decoded.unsupportedColumns()
                    + ". These columns are not replicated either; exclude them with source.columns.exclude.", null, false);
        }
        this.schema = new TableSchema(id, decoded.schema().columns(), keyColumns);
        this.decoder = new RowDecoder(decoded);
    }

    /** The replicated columns and the primary key in its declared order. */
    TableSchema schema() {
        return schema;
    }

    /** {@code SELECT COUNT(*)}: the rows the source has now. */
    long count() {
        Query.QueryResult r = execute("count the rows of " + id, "SELECT COUNT(*)" + from, List.of(), null);
        return Long.parseLong(QueryRows.text(r.getRows(0)).get(0));
    }

    /**
     * Up to {@code limit} rows in primary-key order (MySQL's order), starting after key {@code after},
     * or at the start when it is null.
     */
    List<Object[]> chunkAfter(Object[] after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columnList).append(from);
        List<BindEntry> binds = new ArrayList<>();
        if (after != null) {
            sql.append(" WHERE ").append(keyTuple()).append(" > ").append(bindTuple("a", after, binds));
        }
        sql.append(" ORDER BY ").append(String.join(", ", keyColumns.stream().map(SourceTable::quote).toList()))
                .append(" LIMIT ").append(limit);
        return decode(execute("read a chunk of " + id, sql.toString(), binds, null));
    }

    /** The rows of the given keys that the source has now, in any order. */
    List<Object[]> rowsByKey(List<Object[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<BindEntry> binds = new ArrayList<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            in.append(i == 0 ? "" : ", ").append(bindTuple("k" + i + "_", keys.get(i), binds));
        }
        return decode(execute("read rows of " + id + " by key",
                "SELECT " + columnList + from + " WHERE " + keyTuple() + " IN (" + in + ")", binds, null));
    }

    private List<Object[]> decode(Query.QueryResult result) {
        List<Object[]> rows = new ArrayList<>(result.getRowsCount());
        for (Query.Row row : result.getRowsList()) {
            rows.add(decoder.decode(row));
        }
        return rows;
    }

    private String keyTuple() {
        List<String> quoted = keyColumns.stream().map(SourceTable::quote).toList();
        return quoted.size() == 1 ? quoted.get(0) : "(" + String.join(", ", quoted) + ")";
    }

    private String bindTuple(String prefix, Object[] key, List<BindEntry> binds) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            String name = prefix + i;
            ColumnType type = schema.columns().get(schema.primaryKeyIndexes()[i]).type();
            binds.add(bind(name, bindValue(type, key[i])));
            names.add(":" + name);
        }
        return names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    }

    private record BindEntry(String name, Query.BindVariable value) {}

    private static BindEntry bind(String name, Query.BindVariable value) {
        return new BindEntry(name, value);
    }

    private static Query.BindVariable text(String s) {
        return Query.BindVariable.newBuilder().setType(Query.Type.VARCHAR)
                .setValue(ByteString.copyFrom(s, StandardCharsets.UTF_8)).build();
    }

    private static Query.BindVariable typed(Query.Type type, String value) {
        return Query.BindVariable.newBuilder().setType(type).setValue(ByteString.copyFromUtf8(value)).build();
    }

    /**
     * A key value as MySQL compares it with the column: numbers as numbers, ENUM and SET by their
     * index (MySQL orders them by index, and compares them with an integer by index), temporal
     * values as text in the session's UTC.
     */
    static Query.BindVariable bindValue(ColumnType type, Object v) {
        return switch (type.kind()) {
            case ENUM -> typed(Query.Type.INT64, Integer.toString(type.elements().indexOf((String) v) + 1));
            case SET -> {
                long mask = 0;
                for (Object m : (List<?>) v) {
                    mask |= 1L << type.elements().indexOf((String) m);
                }
                yield typed(Query.Type.UINT64, Long.toUnsignedString(mask));
            }
            case BIT -> typed(Query.Type.UINT64, Long.toUnsignedString((Long) v));
            default -> {
                if (v instanceof Long || v instanceof Integer) {
                    yield typed(Query.Type.INT64, v.toString());
                } else if (v instanceof BigInteger b) {
                    yield typed(Query.Type.UINT64, b.toString());
                } else if (v instanceof BigDecimal d) {
                    yield typed(Query.Type.DECIMAL, d.toPlainString());
                } else if (v instanceof Float || v instanceof Double) {
                    yield typed(Query.Type.FLOAT64, v.toString());
                } else if (v instanceof byte[] b) {
                    yield Query.BindVariable.newBuilder().setType(Query.Type.VARBINARY).setValue(ByteString.copyFrom(b))
                            .build();
                } else if (v instanceof String s) {
                    yield text(s);
                } else if (v instanceof LocalDate d) {
                    yield text(d.toString());
                } else if (v instanceof LocalDateTime t) {
                    yield text(DATE_TIME.format(t));
                } else if (v instanceof Instant i) {
                    yield text(DATE_TIME.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
                } else if (v instanceof Duration d) {
                    yield text(time(d));
                }
                throw new IllegalArgumentException("Cannot use a " + v.getClass().getSimpleName() + " value of a "
                        + type.sqlType() + " column in a key");
            }
        };
    }

    private static String time(Duration d) {
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        return sign + a.toHours() + ":" + String.format("%02d:%02d.%06d", a.toMinutesPart(), a.toSecondsPart(),
                a.toNanosPart() / 1000);
    }

    private List<Query.Field> withColumnTypes(List<Query.Field> fields) {
        List<Query.Field> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(fields.get(i).toBuilder().setColumnType(columnTypes.get(i)).build());
        }
        return out;
    }

    private Query.QueryResult execute(String what, String sql, List<BindEntry> binds, String target) {
        Query.BoundQuery.Builder q = Query.BoundQuery.newBuilder().setSql(sql);
        binds.forEach(b -> q.putBindVariables(b.name(), b.value()));
        Vtgate.Session s = target == null ? session : session.toBuilder().setTargetString(target).build();
        Vtgate.ExecuteResponse response;
        try {
            response = VtgateExecute.execute(channel, options, s, q.build(), DEADLINE);
        } catch (StatusRuntimeException e) {
            throw new SourceException("Cannot " + what + " through vtgate " + options.target() + ": "
                    + e.getStatus().getCode() + " " + e.getStatus().getDescription()
                    + ". Check that vtgate is up and serves " + s.getTargetString() + " (--tablet-type).", e,
                    VtgateChannels.isTransient(e.getStatus().getCode()));
        }
        if (response.hasError() && !response.getError().getMessage().isEmpty()) {
            String msg = response.getError().getMessage();
            throw new SourceException("Cannot " + what + " (target " + s.getTargetString() + "): " + msg
                    + (msg.contains("row count exceeded") ? ". Lower --chunk-rows below vtgate's and vttablet's"
                    + " result size limit." : msg.contains("no healthy tablet") || msg.contains("no valid tablet")
                    ? ". No tablet of that type serves the keyspace; choose another --tablet-type." : "."), null, false);
        }
        return response.getResult();
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
