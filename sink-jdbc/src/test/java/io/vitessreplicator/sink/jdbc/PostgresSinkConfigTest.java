package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.TableId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSinkConfigTest {

    private static PostgresSinkConfig read(Map<String, ?> values) {
        ConfigNode node = new ConfigNode("sink", values, Map.of("sink.url", 12, "sink.pool.max-size", 20));
        PostgresSinkConfig config = PostgresSinkConfig.from(node);
        node.rejectUnknownKeys();
        return config;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", "jdbc:postgresql://db.example:5433/analytics");
        m.put(key, value);
        return m;
    }

    @Test
    void defaults() {
        PostgresSinkConfig c = read(Map.of("url", "jdbc:postgresql://db.example/analytics"));
        assertThat(c.url()).isEqualTo("jdbc:postgresql://db.example/analytics");
        assertThat(c.user()).isEmpty();
        assertThat(c.password()).isEmpty();
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.tableName().targetName(new TableId("customer", "orders"))).isEqualTo("orders");
        assertThat(c.checkpointTable()).isEqualTo("_vitess_replicator_checkpoint");
        assertThat(c.deleteMode()).isEqualTo(DeleteMode.HARD);
        assertThat(c.createTables()).isTrue();
        assertThat(c.poolMaxSize()).isEqualTo(4);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.hostPort()).isEqualTo("db.example:5432");
    }

    @Test
    void everyKeyExplicitly() {
        Map<String, Object> m = new HashMap<>();
        m.put("url", "jdbc:postgresql://db.example:5433/analytics?sslmode=require");
        m.put("user", "writer");
        m.put("password", "s3cret");
        m.put("schema", "Warehouse");
        m.put("table-name", "{keyspace}_{table}");
        m.put("checkpoint-table", "cp");
        m.put("delete-mode", "SOFT");
        m.put("create-tables", "false");
        m.put("pool", Map.of("max-size", "64"));
        m.put("connect-timeout", "30s");
        PostgresSinkConfig c = read(m);
        assertThat(c.user()).contains("writer");
        assertThat(c.password()).contains("s3cret");
        assertThat(c.schema()).isEqualTo("Warehouse");
        assertThat(c.tableName().targetName(new TableId("customer", "orders"))).isEqualTo("customer_orders");
        assertThat(c.checkpointTable()).isEqualTo("cp");
        assertThat(c.deleteMode()).isEqualTo(DeleteMode.SOFT);
        assertThat(c.createTables()).isFalse();
        assertThat(c.poolMaxSize()).isEqualTo(64);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.hostPort()).isEqualTo("db.example:5433");
    }

    @Test
    void urlIsRequiredAndMustBePostgres() {
        assertThatThrownBy(() -> read(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid config sink.url (line 12): is required.");
        assertThatThrownBy(() -> read(Map.of("url", "jdbc:mysql://h/db?password=abc")))
                .hasMessageStartingWith("Invalid config sink.url (line 12): expected a PostgreSQL JDBC URL starting with"
                        + " jdbc:postgresql://")
                .hasMessageContaining("found 'jdbc:mysql://h/db?password=***'")
                .hasMessageNotContaining("abc");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> read(with("delete-mode", "purge")))
                .hasMessage("Invalid config sink.delete-mode: expected one of hard, soft, found 'purge'.");
        assertThatThrownBy(() -> read(with("pool", Map.of("max-size", "0"))))
                .hasMessage("Invalid config sink.pool.max-size (line 20): must be between 1 and 64, found '0'.");
        assertThatThrownBy(() -> read(with("pool", Map.of("max-size", "65")))).hasMessageContaining("sink.pool.max-size");
        assertThatThrownBy(() -> read(with("pool", Map.of("max-sise", "4"))))
                .hasMessageStartingWith("Unknown config key sink.pool.max-sise.");
        assertThatThrownBy(() -> read(with("connect-timeout", "0s"))).hasMessageContaining("sink.connect-timeout");
        assertThatThrownBy(() -> read(with("create-tables", "yes"))).hasMessageContaining("sink.create-tables");
        assertThatThrownBy(() -> read(with("schema", "s".repeat(64))))
                .hasMessageContaining("sink.schema").hasMessageContaining("at most 63");
        assertThatThrownBy(() -> read(with("checkpoint-table", ""))).hasMessageContaining("sink.checkpoint-table");
        assertThatThrownBy(() -> read(with("table-name", "{keyspace}.{tabel}")))
                .hasMessageContaining("sink.table-name").hasMessageContaining("unknown placeholder {tabel}");
        assertThatThrownBy(() -> read(with("table-name", "t_{table"))).hasMessageContaining("unbalanced brace");
        assertThatThrownBy(() -> read(with("colour", "blue"))).hasMessageStartingWith("Unknown config key sink.colour");
    }

    @Test
    void toStringNeverShowsThePassword() {
        Map<String, Object> m = with("password", "s3cret");
        m.put("url", "jdbc:postgresql://h/db?user=u&password=inurl&ssl=true");
        String s = read(m).toString();
        assertThat(s).doesNotContain("s3cret").doesNotContain("inurl").contains("password=***");
        assertThat(s).contains("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void hostPortListsEveryHostOfAMultiHostUrl() {
        PostgresSinkConfig c = read(Map.of("url", "jdbc:postgresql://a:5433,b/db"));
        assertThat(c.hostPort()).isEqualTo("a:5433,b:5432");
    }
}
