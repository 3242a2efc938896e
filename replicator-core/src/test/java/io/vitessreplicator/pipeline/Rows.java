package io.vitessreplicator.pipeline;

import binlogdata.Binlogdata;
import io.vitessreplicator.model.Column;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.model.RowChange;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.TableSchema;
import java.util.List;

/** Small builders for pipeline unit tests. */
final class Rows {
    static final TableSchema T = new TableSchema(new TableId("ks", "t"),
            List.of(new Column("id", ColumnType.of(ColumnType.Kind.BIGINT, "bigint"), false),
                    new Column("v", ColumnType.of(ColumnType.Kind.VARCHAR, "varchar(10)"), true)),
            List.of("id"));

    private Rows() {}

    static RowChange insert(long id, String v) {
        return new RowChange(T, null, new Object[] {id, v});
    }

    /** A row the copy phase read. */
    static RowChange copied(long id, String v) {
        return new RowChange(T, null, new Object[] {id, v},
                new io.vitessreplicator.model.RowOrigin("0", java.time.Instant.EPOCH, true));
    }

    static RowChange update(long oldId, long newId, String v) {
        return new RowChange(T, new Object[] {oldId, "x"}, new Object[] {newId, v});
    }

    static RowChange delete(long id) {
        return new RowChange(T, new Object[] {id, "x"}, null);
    }

    static Position pos(String gtid) {
        return Position.of(Binlogdata.VGtid.newBuilder().addShardGtids(Binlogdata.ShardGtid.newBuilder()
                .setKeyspace("ks").setShard("0").setGtid(gtid)).build());
    }

    static Position copyPos(String gtid, String table) {
        return Position.of(Binlogdata.VGtid.newBuilder().addShardGtids(Binlogdata.ShardGtid.newBuilder()
                .setKeyspace("ks").setShard("0").setGtid(gtid)
                .addTablePKs(Binlogdata.TableLastPK.newBuilder().setTableName(table))).build());
    }
}
