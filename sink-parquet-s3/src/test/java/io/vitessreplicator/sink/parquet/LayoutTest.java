package io.vitessreplicator.sink.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.TableId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayoutTest {
    private final Layout layout = new Layout("orders-lake");

    @Test
    void manifestsSortBySequenceAndNameIt() {
        assertThat(layout.manifest(42)).isEqualTo("_vitess_replicator/orders-lake/commits/000000000042.json");
        assertThat(layout.manifest(9).compareTo(layout.manifest(10))).isNegative();
        assertThat(Layout.sequenceOf(layout.manifest(42))).contains(42L);
        assertThat(Layout.sequenceOf("_vitess_replicator/orders-lake/current.json")).isEqualTo(Optional.empty());
    }

    @Test
    void dataFilesCarryPipelineCommitAndWriter() {
        String f = layout.dataFile(new TableId("customer", "orders"), "commit_date=2026-12-02", 7, "0a1b2c3d", "3");
        assertThat(f).isEqualTo("customer/orders/commit_date=2026-12-02/orders-lake-000000000007-0a1b2c3d-3.parquet");
        assertThat(layout.dataFile(new TableId("customer", "orders"), "", 7, "0a1b2c3d", "s0"))
                .isEqualTo("customer/orders/orders-lake-000000000007-0a1b2c3d-s0.parquet");
        assertThat(layout.isOwnDataFile(f)).isTrue();
        assertThat(Layout.sequenceOfDataFile(f)).isEqualTo(7);
    }

    @Test
    void anotherPipelinesFilesAndTheSinksOwnObjectsAreNotItsDataFiles() {
        String other = new Layout("orders-lake-2").dataFile(new TableId("customer", "orders"), "", 1, "0a1b2c3d", "0");
        assertThat(layout.isOwnDataFile(other)).isFalse();
        assertThat(layout.isOwnDataFile(layout.manifest(1))).isFalse();
        assertThat(layout.isOwnDataFile("customer/orders/part-0.parquet")).isFalse();
    }
}
