package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.spi.SinkFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PostgresSinkFactoryTest {

    @Test
    void isFoundByServiceLoaderAsPostgres() {
        assertThat(ServiceLoader.load(SinkFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("postgres")))
                .singleElement().isInstanceOf(PostgresSinkFactory.class);
    }

    @Test
    void createsASinkWithoutConnecting() {
        assertThat(new PostgresSinkFactory().create(ConfigNode.of("sink",
                Map.of("url", "jdbc:postgresql://nowhere.invalid/db", "password", "pw"))).toString())
                .startsWith("PostgresSink{PostgresSinkConfig{url=jdbc:postgresql://nowhere.invalid/db")
                .doesNotContain("pw,");
    }
}
