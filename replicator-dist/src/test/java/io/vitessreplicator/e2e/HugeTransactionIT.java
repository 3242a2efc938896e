package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One source transaction far larger than the batcher's memory budget (vtgate sends it over many
 * responses): it is staged in the target in pieces and becomes visible all at once. Watched from
 * PostgreSQL while it replicates, the table is either entirely before or entirely after it.
 */
class HugeTransactionIT {
    private static final String SCHEMA = "e2e_huge";
    private static final String TABLE = "e2e_huge_rows";
    private static final long ROWS = 40_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, counter BIGINT NOT NULL,"
                + " payload VARCHAR(255) NOT NULL", "id");
        SourceTables.insertRange("customer", TABLE, "id, counter, payload", 1, ROWS, 4000,
                id -> id + ",0,'" + "x".repeat(200) + "'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void aTransactionLargerThanTheBudgetIsStagedInPiecesAndAppearsAtOnce() throws Exception {
        E2eConfig config = new E2eConfig("e2e-huge", SCHEMA, "customer\\." + TABLE);
        config.extraPipeline = "  buffer: {max-bytes: 1MiB}\n";
        config.maxBytes = "64KiB";
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(3), () -> Snapshot.targetCount(SCHEMA, TABLE) == ROWS);

            // One transaction: every row's counter goes from 0 to 1, in statements under vttablet's
            // 10,000-row limit. Vitess commits it on each shard as one transaction per shard.
            try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (long from = 1; from <= ROWS; from += 8000) {
                    s.execute("UPDATE " + TABLE + " SET counter = 1, payload = REPEAT('y', 200) WHERE id BETWEEN "
                            + from + " AND " + (from + 7999));
                }
                c.commit();
            }

            Set<Long> seen = new TreeSet<>();
            p.await("the transaction applied", Duration.ofMinutes(3), () -> {
                long n = countUpdated();
                seen.add(n);
                return n == ROWS;
            });
            // Each shard's part is one transaction: the target shows none, one whole shard's part, or all.
            long shardA = shardRows("-80");
            System.out.println("HugeTransactionIT: counts seen " + seen + "; shard -80 holds " + shardA);
            assertThat(seen).as("rows with counter = 1 as seen from PostgreSQL while replicating")
                    .isSubsetOf(0L, shardA, ROWS - shardA, ROWS);
            assertThat(p.log()).contains("transaction larger than pipeline.batch.max-bytes");
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        assertThat(Snapshot.target(SCHEMA, TABLE, "id, counter, payload", "id"))
                .isEqualTo(Snapshot.source("customer", TABLE, "id, counter, payload", "id"));
    }

    private static long countUpdated() throws Exception {
        try (Connection c = Snapshot.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + TABLE + " WHERE counter = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long shardRows(String shard) throws Exception {
        try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement()) {
            s.execute("USE `customer:" + shard + "`"); // target one shard
            s.execute("SET workload = 'olap'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
