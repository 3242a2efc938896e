package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of("PGPASSWORD", "s3cret", "EMPTY", "", "HOST", "db");

    private static ConfigNode parse(String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, ENV);
    }

    @Test
    void scalarsStayAsWrittenAndNestingBecomesMapsAndLists() {
        ConfigNode root = parse("""
                a:
                  count: 010
                  flag: no
                  ratio: 1e3
                  list: [x, "y", 3]
                  nested:
                    deep: value
                """);
        ConfigNode a = root.section("a");
        assertThat(a.string("count")).contains("010");
        assertThat(a.string("flag")).contains("no");
        assertThat(a.string("ratio")).contains("1e3");
        assertThat(a.strings("list")).containsExactly("x", "y", "3");
        assertThat(a.section("nested").string("deep")).contains("value");
        assertThat(a.keys()).containsExactly("count", "flag", "ratio", "list", "nested");
    }

    @Test
    void yamlNullIsAbsentButStillAKey() {
        ConfigNode a = parse("""
                a:
                  tilde: ~
                  empty:
                  word: null
                  quoted: "null"
                """).section("a");
        assertThat(a.string("tilde")).isEmpty();
        assertThat(a.string("empty")).isEmpty();
        assertThat(a.string("word")).isEmpty();
        assertThat(a.string("quoted")).contains("null");
        assertThat(a.keys()).containsExactly("tilde", "empty", "word", "quoted");
        ConfigNode fresh = parse("a:\n  tilde: ~\n").section("a");
        assertThatThrownBy(fresh::rejectUnknownKeys).as("a typo with no value is still a typo")
                .hasMessageContaining("Unknown config key a.tilde (line 2)");
    }

    @Test
    void interpolatesEnvironmentVariables() {
        ConfigNode a = parse("""
                a:
                  password: ${PGPASSWORD}
                  url: jdbc:postgresql://${HOST}:5432/x
                  fallback: ${MISSING:-default value}
                  empty-with-default: ${EMPTY:-used}
                  dollars: pa$$word$$
                  lone: a$b
                  list: ["${HOST}", x]
                  optional: ${MISSING:-}
                """).section("a");
        assertThat(a.string("password")).contains("s3cret");
        assertThat(a.string("url")).contains("jdbc:postgresql://db:5432/x");
        assertThat(a.string("fallback")).contains("default value");
        assertThat(a.string("empty-with-default")).contains("used");
        assertThat(a.string("dollars")).contains("pa$word$");
        assertThat(a.string("lone")).contains("a$b");
        assertThat(a.strings("list")).containsExactly("db", "x");
        assertThat(a.string("optional")).as("a reference that comes out empty means not set").isEmpty();
    }

    @Test
    void undefinedVariableNamesKeyLineAndVariable() {
        assertThatThrownBy(() -> parse("""
                sink:
                  type: postgres
                  password: ${VTGATE_PASSWORD}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid config sink.password (line 3): environment variable VTGATE_PASSWORD is not"
                        + " set; set it, or give a default with ${VTGATE_PASSWORD:-value}.");
    }

    @Test
    void undefinedVariableInAListNamesTheItem() {
        assertThatThrownBy(() -> parse("""
                source:
                  keyspaces:
                    - commerce
                    - ${KS}
                """))
                .hasMessageContaining("Invalid config source.keyspaces[1] (line 4): environment variable KS");
    }

    @Test
    void unterminatedAndInvalidReferencesAreErrors() {
        assertThatThrownBy(() -> parse("a: ${HOST\n"))
                .hasMessageContaining("Invalid config a (line 1): '${HOST' has no closing }");
        assertThatThrownBy(() -> parse("a: ${1X}\n"))
                .hasMessageContaining("Invalid config a (line 1): '${1X}' does not name an environment variable");
    }

    @Test
    void recordsALineForEveryKeyPath() {
        ConfigNode root = parse("""
                source:
                  tables:
                    include:
                      - a
                      - '('
                """);
        ConfigNode tables = root.section("source").section("tables");
        assertThat(tables.error("include", "x")).hasMessage("Invalid config source.tables.include (line 3): x.");
        assertThat(tables.error("include[1]", "x")).hasMessage("Invalid config source.tables.include[1] (line 5): x.");
    }

    @Test
    void duplicateKeyNamesKeyAndBothLines() {
        assertThatThrownBy(() -> parse("""
                source:
                  vtgate: a:1
                  keyspaces: [x]
                  vtgate: b:2
                """))
                .hasMessage("Invalid config source.vtgate (line 4): duplicate key, already set on line 2;"
                        + " keep one of the two.");
    }

    @Test
    void malformedYamlReportsLineAndColumn() {
        assertThatThrownBy(() -> parse("""
                source:
                  vtgate: 127.0.0.1:15991
                   keyspaces: [x]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot parse config test.yaml: mapping values are not allowed here")
                .hasMessageContaining("at line 3, column 13");
        assertThatThrownBy(() -> parse("a: [x, y\n"))
                .hasMessageStartingWith("Cannot parse config test.yaml: ")
                .hasMessageContaining("at line 2, column 1");
    }

    @Test
    void emptyFileIsAnError() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("Cannot load config test.yaml: the file is empty");
        assertThatThrownBy(() -> parse("# only a comment\n")).hasMessageContaining("the file is empty");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThatThrownBy(() -> parse("- a\n- b\n"))
                .hasMessageContaining("Cannot load config test.yaml: the top level must be a mapping of sections"
                        + " (source:, pipeline:, sink:), found a list at line 1");
        assertThatThrownBy(() -> parse("just text\n")).hasMessageContaining("found a single value at line 1");
    }

    @Test
    void keysMustBePlainNames() {
        assertThatThrownBy(() -> parse("a:\n  ? [x]\n  : y\n"))
                .hasMessageStartingWith("Cannot parse config test.yaml: Non scalar key");
        assertThatThrownBy(() -> parse("a:\n  ~: y\n")).hasMessageContaining("found an empty key");
    }

    @Test
    void aliasesAreExpandedAndCyclesRejected() {
        ConfigNode root = parse("""
                base: &b [x, y]
                copy: *b
                """);
        assertThat(root.strings("copy")).containsExactly("x", "y");
        assertThatThrownBy(() -> parse("a: &a\n  b: *a\n"))
                .hasMessageContaining("Invalid config a.b (line 2): a YAML alias refers to a section that contains it");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "a:\n  b: ${PGPASSWORD}\n");
        assertThat(ConfigLoader.load(file, ENV).section("a").string("b")).contains("s3cret");
    }

    @Test
    void missingFileOrDirectoryIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read config " + missing + ": the file does not exist. Pass the path of a YAML"
                        + " config file, e.g. config/postgres.yaml.");
        assertThatThrownBy(() -> ConfigLoader.load(dir, ENV))
                .hasMessage("Cannot read config " + dir + ": it is a directory. Pass the path of a YAML config"
                        + " file, e.g. config/postgres.yaml.");
    }

    @Test
    void malformedFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "a: 'unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
                .hasMessageStartingWith("Cannot parse config " + file + ": ");
    }

    @Test
    void notUtf8IsAClearError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
                .hasMessage("Cannot read config " + file + ": the file is not UTF-8 text. Save it as UTF-8.");
    }

    @Test
    void listsKeepEmptyItemsForTheReaderToReject() {
        ConfigNode root = parse("a: [x, ~]\n");
        assertThatThrownBy(() -> root.strings("a"))
                .hasMessage("Invalid config a[1] (line 1): is empty; remove the item or give it a value.");
    }
}
