package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.TargetTable;
import io.vitessreplicator.sink.redshift.RedshiftStagedFiles.Part;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes staged files of every column kind with awkward values, then reads them back with an
 * independent reader, {@code src/test/python/read_staged_csv.py} (Python's gzip and csv modules,
 * plus a byte-level split that keeps whether each field was quoted, which is how NULL is told from
 * the empty string), and compares the decoded texts with the hand-written expected ones.
 *
 * <p>Runs {@code python3} from PATH (the script needs only the standard library); fails, does not
 * skip, when there is none.
 */
class RedshiftCsvReadBackTest {
    private static final Path SCRIPT = Paths.get("src", "test", "python", "read_staged_csv.py");

    @TempDir
    Path dir;

    @Test
    void pythonsCsvReaderGetsBackEveryValueNullAndQuoting() throws Exception {
        TargetTable every = Samples.target(Samples.everyType(), "warehouse", "every_type", DeleteMode.HARD,
                new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS));
        RedshiftCsvEncoder encoder = new RedshiftCsvEncoder(every);
        // small parts, so the reader also sees records continue across files
        RedshiftStagedFiles files = new RedshiftStagedFiles(key -> {
            Path p = dir.resolve(key);
            Files.createDirectories(p.getParent());
            return Files.newOutputStream(p);
        }, "stage", "batch-000001", "every_type", 400);

        List<List<String>> expected = new ArrayList<>();
        List<List<Boolean>> expectedQuoted = new ArrayList<>();

        encoder.writeUpsert(ReadBackSamples.nastyRow(), 1, files.buffer());
        files.endRecord();
        expect(expected, expectedQuoted, ReadBackSamples.NASTY_ROW_FIELDS, "U", 1);

        Object[] nulls = new Object[ReadBackSamples.COLUMNS];
        nulls[0] = BigInteger.ZERO;
        encoder.writeUpsert(nulls, 2, files.buffer());
        files.endRecord();
        List<String> nullFields = new ArrayList<>(java.util.Collections.nCopies(ReadBackSamples.COLUMNS, (String) null));
        nullFields.set(0, "0");
        expect(expected, expectedQuoted, nullFields, "U", 2);

        encoder.writeDelete(new Object[] {new BigInteger("5")}, 3, files.buffer());
        files.endRecord();
        List<String> deleteFields = new ArrayList<>(nullFields);
        deleteFields.set(0, "5");
        expect(expected, expectedQuoted, deleteFields, "D", 3);

        encoder.writeUpsert(ReadBackSamples.lookalikeRow(), 4, files.buffer());
        files.endRecord();
        expect(expected, expectedQuoted, ReadBackSamples.lookalikeFields(), "U", 4);

        for (int i = 5; i < 40; i++) { // more records, more parts
            encoder.writeUpsert(ReadBackSamples.nastyRow(), i, files.buffer());
            files.endRecord();
            expect(expected, expectedQuoted, ReadBackSamples.NASTY_ROW_FIELDS, "U", i);
        }
        List<Part> parts = files.finish();
        assertThat(parts).hasSizeGreaterThan(5);
        List<String> args = new ArrayList<>();
        for (Part p : parts) {
            Path file = dir.resolve(p.key());
            assertThat(Files.size(file)).isEqualTo(p.contentLength());
            args.add(file.toString());
        }

        JsonObject read = runReader(args);
        List<List<String>> records = new ArrayList<>();
        for (JsonElement r : read.getAsJsonArray("records")) {
            List<String> fields = new ArrayList<>();
            for (JsonElement f : r.getAsJsonArray()) {
                fields.add(f.isJsonNull() ? null : f.getAsString());
            }
            records.add(fields);
        }
        List<List<Boolean>> quoted = new ArrayList<>();
        for (JsonElement r : read.getAsJsonArray("quoted")) {
            List<Boolean> flags = new ArrayList<>();
            for (JsonElement f : r.getAsJsonArray()) {
                flags.add(f.getAsBoolean());
            }
            quoted.add(flags);
        }
        for (int i = 0; i < expected.size(); i++) {
            assertThat(records.get(i)).as("record %d", i).containsExactlyElementsOf(expected.get(i));
            assertThat(quoted.get(i)).as("quoting of record %d", i).containsExactlyElementsOf(expectedQuoted.get(i));
        }
        assertThat(records).hasSameSizeAs(expected);
        assertThat(quoted).hasSameSizeAs(expected);
    }

    @Test
    void theReaderItselfTellsNullFromTheEmptyStringAndRejectsBrokenFiles() throws Exception {
        Path good = gzip("a.csv.gz", "\0,\"\",\"x\",1\n");
        JsonObject read = runReader(List.of(good.toString()));
        JsonArray r = read.getAsJsonArray("records").get(0).getAsJsonArray();
        assertThat(r.get(0).isJsonNull()).isTrue();
        assertThat(r.get(1).getAsString()).isEmpty();
        assertThat(r.get(2).getAsString()).isEqualTo("x");
        // an unterminated quote, and a stray quote in an unquoted field, are errors
        assertThat(exitCode(gzip("b.csv.gz", "\"abc\n"))).isEqualTo(1);
        assertThat(exitCode(gzip("c.csv.gz", "ab\"c\n"))).isEqualTo(1);
        assertThat(exitCode(gzip("d.csv.gz", "1,2\n1\n"))).isEqualTo(1);
    }

    private static void expect(List<List<String>> expected, List<List<Boolean>> expectedQuoted, List<String> fields,
                               String op, long seq) {
        List<String> all = new ArrayList<>(fields);
        all.add(op);
        all.add(Long.toString(seq));
        expected.add(all);
        List<Boolean> q = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
            q.add(fields.get(c) != null && ReadBackSamples.QUOTED_COLUMNS.contains(c));
        }
        q.add(true);  // _vr_op
        q.add(false); // _vr_seq
        expectedQuoted.add(q);
    }

    private Path gzip(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Process start(List<String> files) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList("python3", SCRIPT.toString()));
        command.addAll(files);
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run python3 from PATH for the independent read-back of the staged CSV"
                    + " (" + e.getMessage() + "); install Python 3 (only its standard library is needed)", e);
        }
    }

    private static JsonObject runReader(List<String> files) throws Exception {
        Process p = start(files);
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(p.exitValue()).as("read_staged_csv.py exit code; output: %s", out).isZero();
        return JsonParser.parseString(out).getAsJsonObject();
    }

    private static int exitCode(Path file) throws Exception {
        Process p = start(List.of(file.toString()));
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
