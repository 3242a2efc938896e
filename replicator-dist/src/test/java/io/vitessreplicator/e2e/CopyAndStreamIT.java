package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core promise end to end, for every sink: 100,000 existing rows on both shards of the sharded
 * keyspace and in the unsharded keyspace are copied, then inserts, updates, deletes, primary-key
 * updates and multi-statement transactions stream in; the target's tables (PostgreSQL's, or the
 * current state DuckDB reads from the Parquet files) then equal the source tables, value for value.
 */
class CopyAndStreamIT {
    private static final String SCHEMA = "e2e_copy_stream";
    private static final String ORDERS_COLS = "id, customer_id, amount, note, updated_at, counter";
    private static final String ITEMS_COLS = "sku, title, price";
    private static final long ORDERS = 80_000;
    private static final long ITEMS = 20_000;

    @TempDir
    static Path dir;

    static Stream<TargetProbe> targets() {
        return TargetProbe.everySink(SCHEMA, "e2e-copy-stream");
    }

    /** Fresh source tables for each sink's run. */
    private static void createSourceTables() throws Exception {
        SourceTables.create("customer", "e2e_cs_orders", "id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL,"
                + " amount DECIMAL(12,2), note VARCHAR(100), updated_at DATETIME(6), counter BIGINT NOT NULL DEFAULT 0", "id");
        SourceTables.create("commerce", "e2e_cs_items", "sku VARCHAR(32) NOT NULL PRIMARY KEY, title VARCHAR(200),"
                + " price DECIMAL(10,2) NOT NULL", "sku");
        SourceTables.create("commerce", "e2e_cs_empty", "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(10)", "id");
        SourceTables.insertRange("customer", "e2e_cs_orders", ORDERS_COLS, 1, ORDERS, 2000,
                id -> id + "," + (id % 977) + "," + (id % 10000) + "." + (id % 100) + ",'order " + id + " ✓',"
                        + "'2024-01-02 03:04:05." + String.format("%06d", id % 1_000_000) + "',0");
        SourceTables.insertRange("commerce", "e2e_cs_items", ITEMS_COLS, 1, ITEMS, 2000,
                id -> "'sku-" + id + "','item " + id + "'," + (id % 500) + ".99");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TargetProbe.resetAll(targets());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void copiesThenStreamsAndTheTargetEqualsTheSource(TargetProbe target) throws Exception {
        target.reset();
        createSourceTables();
        E2eConfig config = new E2eConfig("e2e-copy-stream", target, "customer\\.e2e_cs_.*", "commerce\\.e2e_cs_.*");
        try (ReplicatorProcess replicator = ReplicatorProcess.start(dir.resolve(target.name() + ".log"), "run", "--config",
                config.write(dir).toString())) {
            replicator.await("copy of " + (ORDERS + ITEMS) + " rows", Duration.ofMinutes(5),
                    () -> target.count("customer", "e2e_cs_orders") == ORDERS && target.count("commerce", "e2e_cs_items") == ITEMS);

            assertThat(target.count("commerce", "e2e_cs_empty")).as("an empty source table gets its target table")
                    .isZero();

            streamChanges();

            replicator.await("target equals source", Duration.ofMinutes(2), () -> target.rows("customer", "e2e_cs_orders",
                    ORDERS_COLS, "id").equals(Snapshot.source("customer", "e2e_cs_orders", ORDERS_COLS, "id"))
                    && target.rows("commerce", "e2e_cs_items", ITEMS_COLS, "sku")
                    .equals(Snapshot.source("commerce", "e2e_cs_items", ITEMS_COLS, "sku")));

            assertThat(replicator.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        }
        List<String> source = Snapshot.source("customer", "e2e_cs_orders", ORDERS_COLS, "id");
        assertThat(target.rows("customer", "e2e_cs_orders", ORDERS_COLS, "id")).isEqualTo(source);
        assertThat(source).hasSizeGreaterThan((int) ORDERS); // streamed inserts arrived too
    }

    /** Inserts, updates, deletes, primary-key updates and multi-statement transactions. */
    private static void streamChanges() throws Exception {
        SourceTables.insertRange("customer", "e2e_cs_orders", ORDERS_COLS, ORDERS + 1, ORDERS + 500, 100,
                id -> id + ",7,1.25,'streamed',NOW(6),0");
        VtgateSql.exec("customer",
                "UPDATE e2e_cs_orders SET amount = amount + 1, counter = counter + 1 WHERE id BETWEEN 100 AND 400",
                "UPDATE e2e_cs_orders SET note = NULL, updated_at = NULL WHERE id % 1000 = 7",
                "DELETE FROM e2e_cs_orders WHERE id BETWEEN 1000 AND 1199",
                "UPDATE e2e_cs_orders SET note = '4-byte \uD83D\uDE00 text' WHERE id = 5");
        VtgateSql.exec("commerce",
                "UPDATE e2e_cs_items SET sku = CONCAT('moved-', sku) WHERE sku IN ('sku-1', 'sku-2', 'sku-3')",
                "UPDATE e2e_cs_items SET sku = 'sku-4-renamed', price = 1.00 WHERE sku = 'sku-4'",
                "DELETE FROM e2e_cs_items WHERE sku LIKE 'sku-19%'");
        try (Connection c = VtgateSql.connect("customer"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO e2e_cs_orders (" + ORDERS_COLS + ") VALUES (" + (ORDERS + 1000 + i) + ", 1, 2.00, 'tx', NOW(6), 0)");
                s.execute("UPDATE e2e_cs_orders SET counter = counter + 1 WHERE id = " + (2000 + i));
                s.execute("DELETE FROM e2e_cs_orders WHERE id = " + (3000 + i));
            }
            c.commit();
            s.execute("UPDATE e2e_cs_orders SET counter = counter + 1, note = 'same tx' WHERE id = " + (ORDERS + 1000));
            s.execute("UPDATE e2e_cs_orders SET counter = counter + 1 WHERE id = " + (ORDERS + 1000));
            c.commit();
        }
        try (Connection c = VtgateSql.connect("commerce"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO e2e_cs_items (" + ITEMS_COLS + ") VALUES ('tx-1', 'in a transaction', 3.50)");
            s.execute("UPDATE e2e_cs_items SET title = 'then updated' WHERE sku = 'tx-1'");
            s.execute("UPDATE e2e_cs_items SET sku = 'tx-1-moved' WHERE sku = 'tx-1'");
            s.execute("INSERT INTO e2e_cs_items (" + ITEMS_COLS + ") VALUES ('tx-2', 'inserted then deleted', 1.00)");
            s.execute("DELETE FROM e2e_cs_items WHERE sku = 'tx-2'");
            c.commit();
        }
    }
}
