package io.vitessreplicator.sink.parquet;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static io.vitessreplicator.spi.contract.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.ColumnType;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.RowOrigin;
import io.vitessreplicator.model.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private static final TableSchema T = table("ks", "t", List.of("id"), key("id", BIGINT));
    private final Partitioner partitioner = new Partitioner(ParquetSinkConfig.from(ConfigNode.of("sink",
            Map.of("bucket", "lake"))));

    private static final TableSchema DATED = table("ks", "d", List.of("id"), key("id", BIGINT),
            col("Created", ColumnType.of(Kind.DATETIME, "datetime(6)")));
    private static final TableSchema DAYS = table("ks", "e", List.of("id"), key("id", BIGINT),
            col("created", ColumnType.of(Kind.DATE, "date")));
    private static final TableSchema STAMPED = table("ks", "s", List.of("id"), key("id", BIGINT),
            col("created", ColumnType.of(Kind.TIMESTAMP, "timestamp")));

    private String at(String instant) {
        return partitioner.of(T, new Object[] {1L}, new RowOrigin("-80", Instant.parse(instant), false));
    }

    private static Partitioner byColumn(String granularity) {
        return new Partitioner(ParquetSinkConfig.from(ConfigNode.of("sink", Map.of("bucket", "lake",
                "partition", Map.of("by", "column", "column", "created", "granularity", granularity)))));
    }

    private static String of(Partitioner p, TableSchema table, Object value, String committed) {
        return p.of(table, new Object[] {1L, value}, new RowOrigin("-80", Instant.parse(committed), false));
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

    @Test
    void aColumnsDayOrMonthNamesTheFolderAndTablesWithoutItFallBackToTheCommitDateOfTheSameDay() {
        Partitioner daily = byColumn("day");
        String noon = "2026-12-02T12:00:00Z";
        assertThat(of(daily, DATED, LocalDateTime.parse("2026-12-02T23:59:59.999999"), noon))
                .isEqualTo("created_day=2026-12-02");
        // The same day under the other label must not reuse the folder just made.
        assertThat(daily.of(T, new Object[] {1L}, new RowOrigin("-80", Instant.parse(noon), false)))
                .isEqualTo("commit_date=2026-12-02");
        assertThat(of(daily, DATED, LocalDateTime.parse("2026-12-02T00:00:00"), noon)).isEqualTo("created_day=2026-12-02");
        assertThat(of(daily, DAYS, LocalDate.parse("2026-12-03"), noon)).isEqualTo("created_day=2026-12-03");
        assertThat(of(daily, STAMPED, Instant.parse("2026-12-03T23:30:00Z"), noon)).isEqualTo("created_day=2026-12-03");
        assertThat(of(daily, STAMPED, Instant.parse("1969-12-31T23:30:00Z"), noon)).isEqualTo("created_day=1969-12-31");
        assertThat(of(daily, DATED, null, noon)).isEqualTo("created_day=__null__");

        Partitioner monthly = byColumn("month");
        assertThat(of(monthly, DATED, LocalDateTime.parse("2026-12-31T10:00:00"), noon)).isEqualTo("created_month=2026-12");
        assertThat(of(monthly, DAYS, LocalDate.parse("2027-01-01"), noon)).isEqualTo("created_month=2027-01");
        assertThat(of(monthly, DAYS, null, noon)).isEqualTo("created_month=__null__");
        assertThat(monthly.of(T, new Object[] {1L}, new RowOrigin("-80", Instant.parse("2027-01-01T00:00:00Z"), false)))
                .isEqualTo("commit_date=2027-01-01");
    }
}
