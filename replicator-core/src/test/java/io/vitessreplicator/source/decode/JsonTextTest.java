package io.vitessreplicator.source.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    private static String canonical(String json) {
        byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return JsonText.canonical(b, 2, b.length - 4);
    }

    @Test
    void copyPhaseTextIsUnchanged() {
        // Values as MySQL 9.7 printed them in the copy phase.
        String[] mysql = {
            "{\"a\": {\"b\": [1, 2.5, -30000000000.0, true, null, \"ü🚀\\\"q\"]}, \"e\": {}, \"f\": 0.1, \"n\": 12345678901234567890}",
            "[1, \"x\", {\"k\": [true, false]}, -0.0, 1e300]",
            "{\"a\": 2, \"b\": \"\\u0001\\t\", \"z\": 1, \"aa\": []}",
            "\"just a string\"", "null", "12.5", "{}", "[]", "true",
            "[[], {}, [[1]], {\"a\": {}}, \"\", null, false]",
        };
        for (String json : mysql) {
            assertThat(canonical(json)).isEqualTo(json);
        }
    }

    @Test
    void streamedKeyOrderIsRewrittenToMysqlsLengthThenBytesOrder() {
        assertThat(canonical("{\"a\": 2, \"aa\": [], \"b\": \"\\u0001\\t\", \"z\": 1}"))
                .isEqualTo("{\"a\": 2, \"b\": \"\\u0001\\t\", \"z\": 1, \"aa\": []}");
        assertThat(canonical("{\"big\": 1.5, \"bit\": \"x\", \"neg\": 0.000, \"ts\": \"t\", \"y\": 2024}"))
                .isEqualTo("{\"y\": 2024, \"ts\": \"t\", \"big\": 1.5, \"bit\": \"x\", \"neg\": 0.000}");
        // nested objects inside arrays, and multi-byte keys (é is 2 bytes, sorts after "ab")
        assertThat(canonical("[{\"é\": 1, \"ab\": 2, \"B\": 3}]")).isEqualTo("[{\"B\": 3, \"ab\": 2, \"é\": 1}]");
    }

    @Test
    void escapedKeysAreComparedByTheirRealBytes() {
        // "\u0041" is "A" (1 byte), which sorts before "B"; the escape is kept as written.
        assertThat(canonical("{\"B\": 1, \"\\u0041\": 2}")).isEqualTo("{\"\\u0041\": 2, \"B\": 1}");
    }

    @Test
    void whitespaceIsNormalizedToMysqlSeparators() {
        assertThat(canonical(" {\"b\":1,\n\"a\" :[1 ,2]} ")).isEqualTo("{\"a\": [1, 2], \"b\": 1}");
    }

    @Test
    void malformedJsonFails() {
        assertThatThrownBy(() -> canonical("{\"a\" 1}")).hasMessageContaining("':' expected");
        assertThatThrownBy(() -> canonical("[1, 2")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> canonical("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> canonical("1 2")).hasMessageContaining("trailing characters");
    }
}
