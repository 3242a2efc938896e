package io.vitessreplicator.e2e;

import io.vitessreplicator.model.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the checkpoint the PostgreSQL sink keeps in the target, as an operator would. */
final class Checkpoints {
    static final String TABLE = "_vitess_replicator_checkpoint";

    private Checkpoints() {}

    static Optional<Position> read(String schema, String pipeline) {
        try (Connection c = Snapshot.postgres();
             PreparedStatement ps = c.prepareStatement("SELECT position FROM " + schema + "." + TABLE + " WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(Position.fromJson(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty(); // not created yet
        }
    }

    /**
     * Transactions contained in each shard's GTID set ({@code MySQL56/uuid:1-5:7,uuid2:1-3} → 8):
     * a checkpoint that moved backwards would contain fewer.
     */
    static Map<String, Long> transactionCounts(Position p) {
        Map<String, Long> counts = new TreeMap<>();
        p.gtidsByShard().forEach((shard, gtid) -> counts.put(shard, countTransactions(gtid)));
        return counts;
    }

    static long countTransactions(String gtid) {
        String set = gtid.startsWith("MySQL56/") ? gtid.substring("MySQL56/".length()) : gtid;
        long n = 0;
        for (String uuidSet : set.split(",")) {
            String[] parts = uuidSet.trim().split(":");
            for (int i = 1; i < parts.length; i++) {
                String[] range = parts[i].split("-");
                long from = Long.parseLong(range[0]);
                long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                n += to - from + 1;
            }
        }
        return n;
    }
}
