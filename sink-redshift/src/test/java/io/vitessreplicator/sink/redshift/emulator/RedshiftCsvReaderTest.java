package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftCsvReaderTest {
    /** A field as the test sees it: NULL, or its text with a marker for quoted ones. */
    private static List<List<String>> read(byte[] bytes) throws Exception {
        return read(new ByteArrayInputStream(bytes));
    }

    private static List<List<String>> read(InputStream in) throws Exception {
        RedshiftCsvReader r = new RedshiftCsvReader(in);
        List<List<String>> records = new ArrayList<>();
        while (r.next()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < r.fieldCount(); i++) {
                fields.add(r.isNull(i) ? null : (r.isQuoted(i) ? "q:" : "u:")
                        + new String(r.bytes(i), StandardCharsets.UTF_8));
            }
            records.add(fields);
        }
        return records;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nulEmptyQuotedAndUnquoted() throws Exception {
        assertThat(read(b("\0,,\"\",\"a\",b,\" \"\n"))).containsExactly(
                java.util.Arrays.asList(null, "u:", "q:", "q:a", "u:b", "q: "));
    }

    @Test
    void quotedFieldsCarryQuotesCommasAndLineBreaks() throws Exception {
        assertThat(read(b("\"say \"\"hi\"\"\",\"a,b\",\"l1\nl2\r\nl3\rx\"\n2,3,4\n"))).containsExactly(
                List.of("q:say \"hi\"", "q:a,b", "q:l1\nl2\r\nl3\rx"), List.of("u:2", "u:3", "u:4"));
    }

    @Test
    void recordsEndWithLfCrlfOrTheEndOfTheInput() throws Exception {
        assertThat(read(b("a,b\r\nc,d\ne,f"))).containsExactly(List.of("u:a", "u:b"), List.of("u:c", "u:d"),
                List.of("u:e", "u:f"));
        assertThat(read(b(""))).isEmpty();
        assertThat(read(b("\n"))).containsExactly(List.of("u:"));
        // a lone CR in an unquoted field is data
        assertThat(read(b("a\rb,c\n"))).containsExactly(List.of("u:a\rb", "u:c"));
    }

    @Test
    void blanksAroundQuotedFieldsAreIgnoredButKeptInUnquotedOnes() throws Exception {
        assertThat(read(b(" \"a\" ,\t\"b\"\t, c \n"))).containsExactly(List.of("q:a", "q:b", "u: c "));
    }

    @Test
    void multiByteUtf8IsKeptAsBytes() throws Exception {
        assertThat(read(b("\"é€😀\",日本\n"))).containsExactly(List.of("q:é€😀", "u:日本"));
    }

    @Test
    void recordsSpanningReadBuffers() throws Exception {
        StringBuilder s = new StringBuilder();
        String big = "x".repeat(200_000);
        s.append('"').append(big).append("\"\"").append("\",1\n");
        for (int i = 0; i < 1000; i++) {
            s.append(i).append(",\"v").append(i).append("\"\n");
        }
        // a stream that hands out 7 bytes at a time
        byte[] bytes = b(s.toString());
        InputStream slow = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
                return super.read(buf, off, Math.min(len, 7));
            }
        };
        List<List<String>> records = read(slow);
        assertThat(records).hasSize(1001);
        assertThat(records.get(0)).containsExactly("q:" + big + "\"", "u:1");
        assertThat(records.get(1000)).containsExactly("u:999", "q:v999");
    }

    @Test
    void nulAnywhereButAloneIsAnError() {
        assertThatThrownBy(() -> read(b("\"a\0b\",1\n"))).isInstanceOf(RedshiftCsvReader.FormatException.class)
                .hasMessageContaining("record 1, field 1: a NUL byte inside a quoted value");
        assertThatThrownBy(() -> read(b("1,\"\0\"\n"))).hasMessageContaining("field 2: a NUL byte inside a quoted value");
        assertThatThrownBy(() -> read(b("1\n2,a\0\n"))).hasMessageContaining("record 2, field 2: a NUL byte mixed into");
        assertThatThrownBy(() -> read(b("\0\0\n"))).hasMessageContaining("a NUL byte mixed into");
    }

    @Test
    void malformedQuotingIsAnError() {
        assertThatThrownBy(() -> read(b("\"abc\n"))).hasMessageContaining("not closed before the end of the file");
        assertThatThrownBy(() -> read(b("\"a\"b,1\n"))).hasMessageContaining("'b' after the closing quote");
        assertThatThrownBy(() -> read(b("a\"b,1\n"))).hasMessageContaining("a quote inside an unquoted field");
    }

    @Test
    void utf8Validation() {
        assertThat(Utf8.firstInvalid(b("aé€😀"), 0, b("aé€😀").length)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xff}, 0, 2)).isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xc3}, 0, 1)).isEqualTo(0); // truncated
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xc0, (byte) 0x80}, 0, 2)).isEqualTo(0); // overlong NUL
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3)).isEqualTo(0); // surrogate
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4)).isEqualTo(0);
    }
}
