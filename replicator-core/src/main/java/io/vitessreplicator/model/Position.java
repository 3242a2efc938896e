package io.vitessreplicator.model;

import static java.util.Objects.requireNonNull;

import binlogdata.Binlogdata.ShardGtid;
import binlogdata.Binlogdata.VGtid;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the stream stands: for every keyspace/shard, the GTID set applied so far, and while the
 * copy phase runs, the last primary key copied per table (VStream's TablePKs).
 *
 * <p>A Position is exactly the VGTID that vtgate sent; handing it back to vtgate resumes the
 * stream (or the copy) right after it. Stored in the target as JSON (protobuf's JSON form), so
 * an operator can read it.
 */
public final class Position {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final VGtid vgtid;

    private Position(VGtid vgtid) {
        this.vgtid = requireNonNull(vgtid, "vgtid is null");
    }

    public static Position of(VGtid vgtid) {
        return new Position(vgtid);
    }

    public static Position fromJson(String json) {
        VGtid.Builder b = VGtid.newBuilder();
        try {
            PARSER.merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("Cannot parse stored position: " + e.getMessage(), e);
        }
        return new Position(b.build());
    }

    public String toJson() {
        try {
            return PRINTER.print(vgtid);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public VGtid vgtid() {
        return vgtid;
    }

    /** True while any shard is still copying (has table lastpks, or an empty GTID). */
    public boolean isCopying() {
        for (ShardGtid sg : vgtid.getShardGtidsList()) {
            if (sg.getTablePKsCount() > 0 || sg.getGtid().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** keyspace/shard → GTID set, sorted, for display and comparisons. */
    public Map<String, String> gtidsByShard() {
        Map<String, String> m = new TreeMap<>();
        for (ShardGtid sg : vgtid.getShardGtidsList()) {
            m.put(sg.getKeyspace() + "/" + sg.getShard(), sg.getGtid());
        }
        return m;
    }

    public List<String> shards() {
        return new ArrayList<>(gtidsByShard().keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && vgtid.equals(p.vgtid);
    }

    @Override
    public int hashCode() {
        return vgtid.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
