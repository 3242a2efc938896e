package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sample in config/ must load and validate, so the examples never drift from the code. */
class SampleConfigsTest {
    private static final Map<String, String> ENV = Map.of("PGPASSWORD", "sample-password", "S3_SECRET_KEY", "sample-secret",
            "REDSHIFT_PASSWORD", "sample-redshift-password");

    @Test
    void everySampleConfigIsValid() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(configDir())) {
            samples = files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(samples).extracting(p -> p.getFileName().toString()).contains("postgres.yaml");
        for (Path sample : samples) {
            ReplicatorConfig config = ReplicatorConfig.from(ConfigLoader.load(sample, ENV));
            assertThat(config.sinkType()).as(sample.toString()).isNotBlank();
        }
    }

    @Test
    void postgresSampleTargetsTheLocalStack() {
        ReplicatorConfig config = ReplicatorConfig.from(ConfigLoader.load(configDir().resolve("postgres.yaml"), ENV));
        assertThat(config.source().vtgate()).isEqualTo(new HostPort("127.0.0.1", 15991));
        assertThat(config.source().keyspaces()).containsExactlyInAnyOrder("commerce", "customer");
        assertThat(config.sinkType()).isEqualTo("postgres");
        assertThat(config.sink().requiredString("url")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/replicator");
        assertThat(config.sink().requiredString("user")).isEqualTo("replicator");
        assertThat(config.sink().requiredString("password")).isEqualTo("sample-password");
        assertThat(config.sink().requiredString("schema")).isEqualTo("analytics");
        assertThat(config.metrics().listen()).contains(new HostPort("127.0.0.1", 9464));
    }

    /** The repository's config/ folder; tests run from the module directory (or the repository root). */
    private static Path configDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config");
            if (Files.isRegularFile(candidate.resolve("postgres.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find config/postgres.yaml above " + Path.of("").toAbsolutePath());
    }
}
