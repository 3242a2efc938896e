package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.sink.redshift.RedshiftStagedFiles.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RedshiftStagedFilesTest {
    /** Parts kept in memory by key. */
    private final Map<String, ByteArrayOutputStream> objects = new LinkedHashMap<>();

    private RedshiftStagedFiles files(long maxPartBytes) {
        return new RedshiftStagedFiles(key -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(objects.put(key, out)).as("each key once").isNull();
            return out;
        }, "pipeline-a/", "batch-000042", "1", maxPartBytes);
    }

    private static void record(RedshiftStagedFiles files, String text) throws IOException {
        files.buffer().ascii(text);
        files.endRecord();
    }

    private String gunzip(String key) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(objects.get(key).toByteArray()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void partsHoldWholeRecordsUpToTheUncompressedLimit() throws IOException {
        RedshiftStagedFiles files = files(25);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String r = "row-" + i + ",\"U\"," + i + "\n"; // 12 bytes: two per part
            records.add(r);
            record(files, r);
        }
        List<Part> parts = files.finish();
        assertThat(parts).extracting(Part::key).containsExactly(
                "pipeline-a/batch-000042/1/part-00000.csv.gz", "pipeline-a/batch-000042/1/part-00001.csv.gz",
                "pipeline-a/batch-000042/1/part-00002.csv.gz", "pipeline-a/batch-000042/1/part-00003.csv.gz");
        assertThat(parts).extracting(Part::records).containsExactly(2L, 2L, 2L, 1L);
        assertThat(parts).extracting(Part::uncompressedBytes).containsExactly(24L, 24L, 24L, 12L);
        StringBuilder all = new StringBuilder();
        for (Part p : parts) {
            assertThat(p.contentLength()).isEqualTo(objects.get(p.key()).size());
            String text = gunzip(p.key());
            assertThat(text).endsWith("\n").hasSize((int) p.uncompressedBytes());
            all.append(text);
        }
        assertThat(all.toString()).isEqualTo(String.join("", records));
        assertThat(files.manifestKey()).isEqualTo("pipeline-a/batch-000042/1/manifest");
    }

    @Test
    void aRecordLargerThanTheLimitGetsAPartOfItsOwn() throws IOException {
        RedshiftStagedFiles files = files(10);
        record(files, "a\n");
        record(files, "0123456789abcdef\n");
        record(files, "b\n");
        List<Part> parts = files.finish();
        assertThat(parts).extracting(Part::records).containsExactly(1L, 1L, 1L);
        assertThat(gunzip(parts.get(1).key())).isEqualTo("0123456789abcdef\n");
    }

    @Test
    void largeBatchesStreamThroughTheBufferIntoOnePart() throws IOException {
        RedshiftStagedFiles files = files(RedshiftStagedFiles.DEFAULT_MAX_PART_BYTES);
        StringBuilder expected = new StringBuilder();
        int n = 3 * RedshiftStagedFiles.FLUSH_BYTES / 20;
        for (int i = 0; i < n; i++) {
            String r = String.format("%08d,\"xyzxyz\"\n", i); // 18 bytes
            expected.append(r);
            record(files, r);
            assertThat(files.buffer().size()).isLessThan(RedshiftStagedFiles.FLUSH_BYTES + 64);
        }
        List<Part> parts = files.finish();
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).records()).isEqualTo(n);
        assertThat(gunzip(parts.get(0).key())).isEqualTo(expected.toString());
        assertThat(parts.get(0).contentLength()).isLessThan(parts.get(0).uncompressedBytes());
    }

    @Test
    void anEmptyBatchHasNoPartsAndNoManifest() throws IOException {
        RedshiftStagedFiles files = files(100);
        assertThat(files.finish()).isEmpty();
        assertThat(objects).isEmpty();
        assertThatThrownBy(() -> RedshiftStagedFiles.manifest("bucket", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skip the COPY");
    }

    @Test
    void recordsMustBeWhole() throws IOException {
        RedshiftStagedFiles files = files(100);
        assertThatThrownBy(files::endRecord).isInstanceOf(IllegalStateException.class);
        files.buffer().ascii("half");
        assertThatThrownBy(files::endRecord).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("complete record");
        assertThatThrownBy(files::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("not ended");
        files.close();
        assertThatThrownBy(files::endRecord).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theManifestListsEveryPartMandatoryWithItsStoredSize() {
        String manifest = RedshiftStagedFiles.manifest("replicator-stage", List.of(
                new Part("pipeline-a/batch-000042/1/part-00000.csv.gz", 2, 24, 57),
                new Part("pipeline-a/batch-000042/1/part-00001.csv.gz", 1, 12, 41)));
        assertThat(manifest).isEqualTo("{\"entries\":["
                + "{\"url\":\"s3://replicator-stage/pipeline-a/batch-000042/1/part-00000.csv.gz\",\"mandatory\":true,"
                + "\"meta\":{\"content_length\":57}},"
                + "{\"url\":\"s3://replicator-stage/pipeline-a/batch-000042/1/part-00001.csv.gz\",\"mandatory\":true,"
                + "\"meta\":{\"content_length\":41}}]}");
        assertThat(RedshiftStagedFiles.manifest("b12", List.of(new Part("we\"ird\\key", 1, 1, 1))))
                .contains("\"url\":\"s3://b12/we\\\"ird\\\\key\"");
        assertThatThrownBy(() -> RedshiftStagedFiles.manifest("Bad_Bucket", List.of(new Part("k", 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreFileSafe() {
        RedshiftStagedFiles.PartOutput none = key -> new ByteArrayOutputStream();
        assertThat(new RedshiftStagedFiles(none, "", "b1", "t", 1).manifestKey()).isEqualTo("b1/t/manifest");
        assertThat(new RedshiftStagedFiles(none, "/a/b//", "b1", "t", 1).manifestKey()).isEqualTo("a/b/b1/t/manifest");
        assertThatThrownBy(() -> new RedshiftStagedFiles(none, "p", "../x", "t", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedshiftStagedFiles(none, "p", "b", "t/u", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedshiftStagedFiles(none, "p", "b", "t", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
