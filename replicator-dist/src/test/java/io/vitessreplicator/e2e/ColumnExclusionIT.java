package io.vitessreplicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.testkit.VtgateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** source.columns.exclude keeps a column out of the target, in the copy and in streaming. */
class ColumnExclusionIT {
    private static final String SCHEMA = "e2e_columns";
    private static final String TABLE = "e2e_columns_users";

    @TempDir
    static Path dir;

    @BeforeAll
    static void createSourceTable() throws Exception {
        Snapshot.dropSchema(SCHEMA);
        SourceTables.create("customer", TABLE, "id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(100),"
                + " password_hash VARBINARY(64), name VARCHAR(50)", "id");
        SourceTables.insertRange("customer", TABLE, "id, email, password_hash, name", 1, 50, 50,
                id -> id + ",'u" + id + "@example.com',x'DEADBEEF','user " + id + "'");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Snapshot.dropSchema(SCHEMA);
    }

    @Test
    void anExcludedColumnNeverReachesTheTarget() throws Exception {
        E2eConfig config = new E2eConfig("e2e-columns", SCHEMA, "customer\\." + TABLE);
        config.extraSource = "  columns:\n    exclude: ['customer\\." + TABLE + "\\.password_hash']\n";
        try (ReplicatorProcess p = ReplicatorProcess.start(dir.resolve("run.log"), "run", "--config", config.write(dir).toString())) {
            p.await("copy", Duration.ofMinutes(2), () -> Snapshot.targetCount(SCHEMA, TABLE) == 50);
            VtgateSql.exec("customer", "UPDATE " + TABLE + " SET name = 'renamed', password_hash = x'00' WHERE id <= 10",
                    "INSERT INTO " + TABLE + " (id, email, password_hash, name) VALUES (51, 'new@example.com', x'01', 'new')");
            p.await("streamed changes", Duration.ofMinutes(1), () -> Snapshot.target(SCHEMA, TABLE, "id, email, name", "id")
                    .equals(Snapshot.source("customer", TABLE, "id, email, name", "id")));
            assertThat(p.terminate(Duration.ofSeconds(60))).isZero();
        }
        List<String> columns = new ArrayList<>();
        try (Connection c = Snapshot.postgres(); ResultSet rs = c.getMetaData().getColumns(null, SCHEMA, TABLE, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        assertThat(columns).containsExactly("id", "email", "name");
    }
}
