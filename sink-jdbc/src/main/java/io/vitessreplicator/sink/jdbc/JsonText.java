package io.vitessreplicator.sink.jdbc;

/** Scans JSON text for what PostgreSQL's jsonb refuses, without parsing it. */
final class JsonText {
    private JsonText() {}

    /**
     * Index of the first {@code \u0000} escape in {@code json}, or -1. An escaped backslash
     * ({@code \\u0000}, a literal backslash followed by "u0000") is not one.
     */
    static int indexOfNulEscape(String json) {
        int n = json.length();
        for (int i = 0; i < n; i++) {
            if (json.charAt(i) != '\\' || i + 1 >= n) {
                continue;
            }
            char next = json.charAt(i + 1);
            if (next == 'u' && json.startsWith("0000", i + 2)) {
                return i;
            }
            i++; // skip the escaped character, so "\\" never starts a second escape
        }
        return -1;
    }
}
