package io.vitessreplicator.sink.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * PostgreSQL identifiers as this sink writes them: always double-quoted, so MySQL names keep their
 * case and reserved words ({@code order}, {@code user}) need no special handling.
 *
 * <p>PostgreSQL silently truncates identifiers longer than 63 bytes (NAMEDATALEN - 1), which
 * would make two long names collide or make a created table unfindable under its full name; such
 * names are refused instead.
 */
final class PgIdentifier {
    /** NAMEDATALEN - 1 in a default PostgreSQL build. */
    static final int MAX_BYTES = 63;

    private PgIdentifier() {}

    /** {@code name} as a quoted identifier: {@code "a""b"} for {@code a"b}. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** Why PostgreSQL cannot use {@code name} as it is, or empty when it can. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("the name contains a NUL character");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("'" + name + "' is " + bytes + " bytes long and PostgreSQL identifiers hold at most "
                    + MAX_BYTES + " (longer ones are silently truncated)");
        }
        return Optional.empty();
    }
}
