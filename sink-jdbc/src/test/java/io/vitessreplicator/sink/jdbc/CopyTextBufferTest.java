package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextBufferTest {

    private static String text(CopyTextBuffer b) {
        return new String(b.array(), 0, b.size(), StandardCharsets.US_ASCII);
    }

    @Test
    void digitsWriteEveryLongAsLongToStringDoes() {
        long[] values = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321012L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        CopyTextBuffer b = new CopyTextBuffer(1); // grows as it goes
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            b.digits(v);
            b.put(',');
            expected.append(v).append(',');
        }
        assertThat(text(b)).isEqualTo(expected.toString());
    }

    @Test
    void paddedDigitsPadToTheWidthAndNeverCut() {
        CopyTextBuffer b = new CopyTextBuffer(1);
        b.paddedDigits(7, 2);
        b.put(' ');
        b.paddedDigits(0, 6);
        b.put(' ');
        b.paddedDigits(12345, 4);
        b.put(' ');
        b.paddedDigits(999999, 6);
        b.put(' ');
        b.paddedDigits(5, 1);
        assertThat(text(b)).isEqualTo("07 000000 12345 999999 5");
    }

    @Test
    void textIsEscapedAndEncodedWhetherPlainOrNot() {
        String[] values = {"", "plain ascii, nothing to escape", "back\\slash", "tab\tand\nnewline\r", "caf\u00e9",
                "\u20ac and \ud83d\ude00", "del\u007f", "~ the last printable"};
        String[] expected = {"", "plain ascii, nothing to escape", "back\\\\slash", "tab\\tand\\nnewline\\r",
                "caf\u00e9", "\u20ac and \ud83d\ude00", "del\u007f", "~ the last printable"};
        for (int i = 0; i < values.length; i++) {
            CopyTextBuffer b = new CopyTextBuffer(1);
            b.put('>');
            b.text(values[i]);
            assertThat(new String(b.array(), 0, b.size(), StandardCharsets.UTF_8)).isEqualTo(">" + expected[i]);
        }
    }
}
