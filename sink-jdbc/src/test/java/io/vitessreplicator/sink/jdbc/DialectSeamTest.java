package io.vitessreplicator.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dialect seam honest: the shared protocol's source (every file of this package that is
 * not the PostgreSQL dialect's) must hold no PostgreSQL-only SQL or driver API, and must not name
 * the dialect's classes. A file added to the package is shared, and checked, unless it is added to
 * {@link #POSTGRES_DIALECT} on purpose.
 *
 * <p>Comments are ignored (they may explain what a dialect does); code and string literals are not.
 */
class DialectSeamTest {
    private static final Path SOURCES = Path.of("src/main/java/io/vitessreplicator/sink/jdbc");

    /** The PostgreSQL dialect: the only files allowed to hold PostgreSQL SQL and pgjdbc API. */
    private static final Set<String> POSTGRES_DIALECT = Set.of(
            "PostgresDialect.java", "PostgresCatalog.java", "PostgresPreconditions.java",
            "PostgresCheckpointTable.java", "PostgresAdvisoryLock.java", "PostgresCopyLoader.java",
            "PostgresMergeStatements.java", "PostgresSchemaChanges.java", "PostgresTypeMapping.java",
            "PostgresErrors.java", "PgIdentifier.java", "PostgresReadBack.java",
            // PostgreSQL's COPY text format (bytea hex, arrays, interval, BC dates)
            "CopyTextBuffer.java", "CopyTextEncoder.java", "CopyValueFormat.java", "CopyValueFormats.java",
            "RejectedValueException.java", "JsonText.java",
            // and its binary format (PostgreSQL's send/recv forms of each type)
            "CopyBinaryBuffer.java", "CopyBytes.java", "CopyBinaryEncoder.java", "CopyBinaryFormat.java", "CopyBinaryFormats.java");

    /** The PostgreSQL sink's entry points: no SQL of their own, but they choose the dialect. */
    private static final Set<String> POSTGRES_WIRING = Set.of(
            "PostgresSink.java", "PostgresSinkFactory.java", "PostgresSinkConfig.java");

    /** PostgreSQL-only SQL and driver API, searched in code and string literals (not comments). */
    private static final List<Pattern> POSTGRES_ONLY = List.of(
            Pattern.compile("ON\\s+CONFLICT", Pattern.CASE_INSENSITIVE),
            Pattern.compile("DISTINCT\\s+ON", Pattern.CASE_INSENSITIVE),
            Pattern.compile("pg_\\w*advisory", Pattern.CASE_INSENSITIVE),
            Pattern.compile("COPY\\b.{0,400}?\\bFROM\\s+STDIN", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
            Pattern.compile("FROM\\s+STDIN", Pattern.CASE_INSENSITIVE),
            Pattern.compile("FOR\\s+UPDATE", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bpg_temp\\b|\\bpg_catalog\\b|\\bto_regclass\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bCopyManager\\b|\\bCopyIn\\b|\\bPGConnection\\b|\\borg\\.postgresql\\b"));

    /** A {@code ::} cast inside a string literal (in code, {@code ::} is a method reference). */
    private static final Pattern CAST = Pattern.compile("::");

    @Test
    void sharedCodeHoldsNoPostgresOnlySql() throws IOException {
        List<Path> shared = sharedSources();
        assertThat(shared).extracting(p -> p.getFileName().toString())
                .contains("JdbcBatchWriter.java", "JdbcSink.java", "StagedTable.java", "TargetTables.java",
                        "SqlDialect.java");
        TreeMap<String, List<String>> found = new TreeMap<>();
        for (Path file : shared) {
            List<String> problems = postgresOnly(Files.readString(file, StandardCharsets.UTF_8));
            if (!problems.isEmpty()) {
                found.put(file.getFileName().toString(), problems);
            }
        }
        assertThat(found).as("PostgreSQL-only SQL outside the PostgreSQL dialect; move it behind SqlDialect")
                .isEmpty();
    }

    @Test
    void sharedCodeDoesNotNameTheDialectsClasses() throws IOException {
        TreeMap<String, List<String>> found = new TreeMap<>();
        for (Path file : sharedSources()) {
            if (POSTGRES_WIRING.contains(file.getFileName().toString())) {
                continue;
            }
            String code = Java.parse(Files.readString(file, StandardCharsets.UTF_8)).code();
            List<String> named = new ArrayList<>();
            for (String dialectFile : POSTGRES_DIALECT) {
                String type = dialectFile.substring(0, dialectFile.length() - ".java".length());
                if (Pattern.compile("\\b" + type + "\\b").matcher(code).find()) {
                    named.add(type);
                }
            }
            if (!named.isEmpty()) {
                found.put(file.getFileName().toString(), named);
            }
        }
        assertThat(found).as("shared code must reach the PostgreSQL dialect only through SqlDialect").isEmpty();
    }

    @Test
    void everyListedDialectFileExists() {
        for (String name : POSTGRES_DIALECT) {
            assertThat(SOURCES.resolve(name)).as("rename the entry in POSTGRES_DIALECT too").exists();
        }
        for (String name : POSTGRES_WIRING) {
            assertThat(SOURCES.resolve(name)).exists();
        }
    }

    /** The check itself: it must see SQL through concatenation and in literals, and skip comments. */
    @Test
    void theScanFindsWhatItLooksFor() throws IOException {
        assertThat(postgresOnly("String s = \"INSERT INTO t SELECT 1 ON CONFLICT (id) DO NOTHING\";")).hasSize(1);
        assertThat(postgresOnly("String s = \"COPY \" + table + \" (\" + cols + \") FROM STDIN\";")).hasSize(2);
        assertThat(postgresOnly("String s = \"SELECT DISTINCT ON (k) * FROM t\";")).hasSize(1);
        assertThat(postgresOnly("ps = c.prepareStatement(\"SELECT pg_try_advisory_lock(?)\");")).hasSize(1);
        assertThat(postgresOnly("String s = \"SELECT ?::regclass\";")).hasSize(1);
        assertThat(postgresOnly("CopyManager m = c.unwrap(PGConnection.class).getCopyAPI();")).hasSize(1);
        assertThat(postgresOnly("import org.postgresql.copy.CopyIn;")).hasSize(1);
        assertThat(postgresOnly("""
                // ON CONFLICT and DISTINCT ON are the PostgreSQL dialect's
                /* COPY ... FROM STDIN, pg_advisory_lock */
                list.forEach(this::add); String s = "a \\" :: b"; char c = '"';
                """)).containsExactly("a cast (::) in a string literal: \"a \\\" :: b\"");
        // every shared source parses: no unterminated literal or comment hides code from the scan
        for (Path file : sharedSources()) {
            Java.parse(Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    private static List<Path> sharedSources() throws IOException {
        assertThat(SOURCES).as("run from the sink-jdbc module directory").isDirectory();
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> shared = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !POSTGRES_DIALECT.contains(p.getFileName().toString())).sorted().toList();
            assertThat(shared).isNotEmpty();
            return shared;
        }
    }

    /** What {@code source} holds of PostgreSQL-only SQL or API, one line per finding. */
    private static List<String> postgresOnly(String source) {
        Java java = Java.parse(source);
        List<String> out = new ArrayList<>();
        for (Pattern p : POSTGRES_ONLY) {
            Matcher m = p.matcher(java.code());
            if (m.find()) {
                out.add("'" + m.group().replaceAll("\\s+", " ") + "' matches " + p.pattern());
            }
        }
        for (String literal : java.strings()) {
            if (CAST.matcher(literal).find()) {
                out.add("a cast (::) in a string literal: \"" + literal + "\"");
            }
        }
        return out;
    }

    /**
     * Java source split into code without comments (string literals kept, so SQL built by
     * concatenation stays visible) and the string literals' raw contents.
     */
    private record Java(String code, Set<String> strings) {
        static Java parse(String source) {
            StringBuilder code = new StringBuilder();
            Set<String> strings = new TreeSet<>();
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (source.startsWith("//", i)) {
                    i = indexOrEnd(source, "\n", i);
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated comment at " + i);
                    }
                    i = end + 2;
                    code.append(' ');
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated text block at " + i);
                    }
                    strings.add(source.substring(i + 3, end));
                    code.append(source, i, end + 3);
                    i = end + 3;
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < n && source.charAt(j) != c) {
                        if (source.charAt(j) == '\n') {
                            throw new IllegalArgumentException("unterminated literal at " + i);
                        }
                        j += source.charAt(j) == '\\' ? 2 : 1;
                    }
                    if (j >= n) {
                        throw new IllegalArgumentException("unterminated literal at " + i);
                    }
                    if (c == '"') {
                        strings.add(source.substring(i + 1, j));
                    }
                    code.append(source, i, j + 1);
                    i = j + 1;
                } else {
                    code.append(c);
                    i++;
                }
            }
            return new Java(code.toString(), strings);
        }

        private static int indexOrEnd(String s, String what, int from) {
            int i = s.indexOf(what, from);
            return i < 0 ? s.length() : i;
        }
    }
}
