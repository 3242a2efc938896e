package io.vitessreplicator.sink.parquet;

import static io.vitessreplicator.spi.contract.TestTables.BIGINT;
import static io.vitessreplicator.spi.contract.TestTables.TEXT;
import static io.vitessreplicator.spi.contract.TestTables.col;
import static io.vitessreplicator.spi.contract.TestTables.key;
import static io.vitessreplicator.spi.contract.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.contract.EveryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sink writes, its own reader (used to rewrite tables) reads back as the same Java values:
 * every type at its edges, and the metadata columns. Independent readers check the files in
 * ParquetContractIT; this pins the rewrite path.
 */
class RowFileRoundTripTest {
    @TempDir
    Path dir;

    private static ParquetSinkConfig config(String wide) {
        ConfigNode node = ConfigNode.of("sink", Map.of("bucket", "lake", "wide-decimals", wide));
        return ParquetSinkConfig.from(node);
    }

    private List<FileRow> roundTrip(ParquetSinkConfig config, TableSchema table, List<Object[]> rows) {
        DataFile f = new DataFile(dir.resolve("t.parquet"), "t.parquet", new FileSchema(table, false, config.wideDecimals()),
                config, Map.of());
        long seq = 1;
        for (Object[] r : rows) {
            f.write(new FileRow(r, FileRow.INSERT, seq++, 1_700_000_000_000_000L, "ks", "-80", null));
        }
        f.finish();
        List<FileRow> back = new ArrayList<>();
        RowFileReader.read(f.local(), table, config.wideDecimals(), back::add);
        return back;
    }

    @Test
    void everyTypeComesBackExactly() {
        TableSchema table = EveryType.table("ks", "every_type");
        for (String wide : List.of("decimal", "string")) {
            List<Object[]> rows = List.of(EveryType.maxima(), EveryType.minima(), EveryType.specials(), EveryType.nulls(4L));
            List<FileRow> back = roundTrip(config(wide), table, rows);
            assertThat(back).hasSize(4);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(back.get(i).data()).as("row %d with wide-decimals %s", i, wide).containsExactly(rows.get(i));
            }
            assertThat(Float.floatToRawIntBits((Float) back.get(2).data()[EveryType.FLOAT]))
                    .isEqualTo(Float.floatToRawIntBits(-0.0f));
            FileRow first = back.get(0);
            assertThat(first.op()).isEqualTo(FileRow.INSERT);
            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.committedAt()).isEqualTo(1_700_000_000_000_000L);
            assertThat(first.keyspace()).isEqualTo("ks");
            assertThat(first.shard()).isEqualTo("-80");
        }
    }

    @Test
    void aColumnTheFileLacksReadsAsNull() {
        TableSchema narrow = table("ks", "t", List.of("id"),
                key("id", BIGINT));
        ParquetSinkConfig config = config("decimal");
        DataFile f = new DataFile(dir.resolve("n.parquet"), "n.parquet", new FileSchema(narrow, false,
                config.wideDecimals()), config, Map.of());
        f.write(new FileRow(new Object[] {5L}, FileRow.COPY, 9, 0, "ks", "0", null));
        f.finish();
        TableSchema wide = table("ks", "t", List.of("id"),
                key("id", BIGINT),
                col("added", TEXT));
        List<FileRow> back = new ArrayList<>();
        RowFileReader.read(f.local(), wide, config.wideDecimals(), back::add);
        assertThat(back).singleElement().satisfies(r -> {
            assertThat(r.data()).containsExactly(5L, null);
            assertThat(r.op()).isEqualTo(FileRow.COPY);
        });
    }

    @Test
    void decimalWidthsAreTheSmallestThatHoldEveryValue() {
        assertThat(ParquetTypes.decimalBytes(1)).isEqualTo(1);
        assertThat(ParquetTypes.decimalBytes(2)).isEqualTo(1);
        assertThat(ParquetTypes.decimalBytes(3)).isEqualTo(2);
        assertThat(ParquetTypes.decimalBytes(18)).isEqualTo(8);
        assertThat(ParquetTypes.decimalBytes(38)).isEqualTo(16);
        assertThat(ParquetTypes.decimalBytes(65)).isEqualTo(28);
    }
}
