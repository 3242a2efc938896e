package io.vitessreplicator.sink.parquet;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static io.vitessreplicator.spi.contract.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private static final TableSchema T = table("ks", "t", List.of("id"), key("id", BIGINT));
    private final Partitioner partitioner = new Partitioner(ParquetSinkConfig.from(ConfigNode.of("sink",
            Map.of("bucket", "lake"))));

    private String at(String instant) {
        return partitioner.of(T, new Object[] {1L}, new RowOrigin("-80", Instant.parse(instant), false));
    }

    @Test
    void theCommitDateFolderFollowsEachRowsUtcDateAcrossMidnightAndBack() {
        // The folder of the previous row is reused while the day stays; each change of day must show.
        assertThat(at("2026-12-02T23:59:59.999999Z")).isEqualTo("commit_date=2026-12-02");
        assertThat(at("2026-12-02T00:00:00Z")).isEqualTo("commit_date=2026-12-02");
        assertThat(at("2026-12-03T00:00:00Z")).isEqualTo("commit_date=2026-12-03");
        assertThat(at("2026-12-02T12:00:00Z")).isEqualTo("commit_date=2026-12-02");
        assertThat(at("2027-01-01T00:00:00.5Z")).isEqualTo("commit_date=2027-01-01");
        assertThat(at("1969-12-31T23:00:00Z")).isEqualTo("commit_date=1969-12-31");
        assertThat(at("1970-01-01T00:00:00Z")).isEqualTo("commit_date=1970-01-01");
    }
}
