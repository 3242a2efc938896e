package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Redshift identifiers as this sink writes them: always double-quoted, at most 127 bytes.
 *
 * <p>Redshift folds unquoted names to lower case and, unless the session sets
 * {@code enable_case_sensitive_identifier}, folds quoted names too: {@code "OrderId"} becomes
 * {@code orderid}, and {@code "Orders"} and {@code "orders"} are the same table. Silent folding would
 * break the seam's rule that a name is kept exactly, so there are two modes:
 * <ul>
 *   <li>{@link CaseMode#CASE_SENSITIVE} (the default): every connection the sink opens runs
 *       {@link #SESSION_SETUP} first, so quoted names keep their case, as in MySQL;</li>
 *   <li>{@link CaseMode#LOWER_CASE_ONLY}: the session setting is not used (e.g. a cluster whose
 *       parameter group or tools forbid it); a name with an upper-case letter is refused, naming it,
 *       instead of being folded.</li>
 * </ul>
 * Names longer than 127 bytes of UTF-8 are refused (Redshift would reject or truncate them), as are
 * control characters (Redshift accepts only printable characters in delimited identifiers).
 */
public final class RedshiftIdentifiers {
    /** Redshift's limit on identifier length, in bytes of UTF-8. */
    public static final int MAX_BYTES = 127;

    /**
     * Run on every connection before any other statement: quoted identifiers keep their case, and
     * timestamps without a zone (SYSDATE) are UTC when stored in TIMESTAMPTZ columns.
     */
    public static final List<String> SESSION_SETUP = List.of(
            "SET enable_case_sensitive_identifier TO true",
            "SET timezone TO 'UTC'");

    /** How the target treats the case of quoted names. */
    public enum CaseMode {
        /** The session sets {@code enable_case_sensitive_identifier}; names keep their case. */
        CASE_SENSITIVE,
        /** The session does not; names with upper-case letters are refused. */
        LOWER_CASE_ONLY
    }

    private final CaseMode mode;

    public RedshiftIdentifiers(CaseMode mode) {
        this.mode = requireNonNull(mode, "mode is null");
    }

    public CaseMode mode() {
        return mode;
    }

    /** {@code name} as a delimited identifier: {@code "a""b"} for {@code a"b}. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /**
     * The last part of a qualified name written by {@link #qualified}, unquoted: the name by which
     * Redshift exposes a table in a statement that names it {@code "schema"."name"}.
     */
    public static String unqualifiedName(String qualifiedName) {
        return unquoteParts(qualifiedName).get(1);
    }

    /** The schema and the name of {@code "schema"."name"}, unquoted. */
    public static List<String> unquoteParts(String qualifiedName) {
        String s = qualifiedName;
        StringBuilder part = new StringBuilder();
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '"') {
                throw new IllegalArgumentException("not a quoted qualified name: " + qualifiedName);
            }
            i++;
            part.setLength(0);
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated quoted name: " + qualifiedName);
                }
                char c = s.charAt(i);
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        part.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                part.append(c);
                i++;
            }
            parts.add(part.toString());
            if (i < s.length()) {
                if (s.charAt(i) != '.') {
                    throw new IllegalArgumentException("not a quoted qualified name: " + qualifiedName);
                }
                i++;
            }
        }
        if (parts.size() != 2) {
            throw new IllegalArgumentException("expected \"schema\".\"name\": " + qualifiedName);
        }
        return List.copyOf(parts);
    }

    /** Why Redshift cannot use {@code name} exactly as it is, or empty when it can. */
    public Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isISOControl(cp)) {
                return Optional.of("'" + name.replace("\0", "\\0") + "' contains the control character U+"
                        + String.format("%04X", cp) + ", which Redshift identifiers cannot hold");
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                return Optional.of("'" + name + "' contains an unpaired UTF-16 surrogate");
            }
            i += Character.charCount(cp);
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("'" + name + "' is " + bytes + " bytes long and Redshift identifiers hold at most "
                    + MAX_BYTES);
        }
        if (mode == CaseMode.LOWER_CASE_ONLY && !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("'" + name + "' has upper-case letters, which Redshift folds to lower case unless"
                    + " quoted identifiers are case-sensitive; use the case-sensitive mode (the sink then sets"
                    + " enable_case_sensitive_identifier on its sessions) or rename it");
        }
        return Optional.empty();
    }
}
