package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
    @Test
    void sizesAndDurationsAcceptTheDocumentedUnits() {
        ConfigNode n = ConfigNode.of("s", Map.of("a", "64MiB", "b", "512 kib", "c", "1048576", "d", "2G",
                "e", "500ms", "f", "2", "g", "5m", "h", "1h"));
        long max = Long.MAX_VALUE;
        assertThat(n.bytes("a", 0, 0, max)).isEqualTo(64L << 20);
        assertThat(n.bytes("b", 0, 0, max)).isEqualTo(512L << 10);
        assertThat(n.bytes("c", 0, 0, max)).isEqualTo(1L << 20);
        assertThat(n.bytes("d", 0, 0, max)).isEqualTo(2L << 30);
        Duration big = Duration.ofDays(1);
        assertThat(n.duration("e", null, Duration.ZERO, big)).isEqualTo(Duration.ofMillis(500));
        assertThat(n.duration("f", null, Duration.ZERO, big)).as("bare number is seconds").isEqualTo(Duration.ofSeconds(2));
        assertThat(n.duration("g", null, Duration.ZERO, big)).isEqualTo(Duration.ofMinutes(5));
        assertThat(n.duration("h", null, Duration.ZERO, big)).isEqualTo(Duration.ofHours(1));
        assertThat(n.bytes("absent", 7, 0, max)).isEqualTo(7);
    }

    @Test
    void rangeErrorsUseConfigUnits() {
        assertThat(ConfigNode.formatBytes(64L << 20)).isEqualTo("64MiB");
        assertThat(ConfigNode.formatBytes(4L << 30)).isEqualTo("4GiB");
        assertThat(ConfigNode.formatBytes(1000)).isEqualTo("1000 bytes");
        assertThat(ConfigNode.formatDuration(Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(ConfigNode.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ConfigNode.formatDuration(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ConfigNode.formatDuration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void toStringListsKeysButNoValues() {
        ConfigNode sink = ConfigNode.of("sink", Map.of("password", "hunter2"));
        assertThat(sink.toString()).isEqualTo("ConfigNode[sink: password]");
    }

    @Test
    void unknownKeyWithoutLineOrCloseMatch() {
        ConfigNode n = ConfigNode.of("metrics", Map.of("listen", "x", "zzz", "y"));
        n.string("listen");
        assertThatThrownBy(n::rejectUnknownKeys)
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown config key metrics.zzz. Known keys under metrics: listen.");
    }

    @Test
    void keysDoesNotMarkKeysKnown() {
        ConfigNode n = ConfigNode.of("s", Map.of("a", "1"));
        assertThat(n.keys()).containsExactly("a");
        assertThatThrownBy(n::rejectUnknownKeys).hasMessageContaining("Unknown config key s.a");
    }

    @Test
    void stringsReadsAScalarAsOneItem() {
        ConfigNode n = ConfigNode.of("s", Map.of("one", "x", "many", List.of("a", "b")));
        assertThat(n.strings("one")).containsExactly("x");
        assertThat(n.strings("many")).containsExactly("a", "b");
        assertThat(n.strings("none")).isEmpty();
    }

    @Test
    void suggestsTheClosestKnownKey() {
        assertThat(KeySuggestion.closest("inclde", List.of("include", "exclude"))).contains("include");
        assertThat(KeySuggestion.closest("Vtgate", List.of("vtgate"))).contains("vtgate");
        assertThat(KeySuggestion.closest("colour", List.of("vtgate", "keyspaces"))).isEmpty();
        assertThat(KeySuggestion.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
