package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the replicator's YAML file into the root {@link ConfigNode} (path {@code ""}).
 *
 * <p>Every problem becomes a {@link ConfigException} whose message the CLI prints as is: a
 * missing file, YAML syntax (with line and column), duplicate keys (with both lines), an
 * undefined {@code ${ENV}} variable (with the key and line). Values are checked later by the
 * typed readers such as {@link ReplicatorConfig#from(ConfigNode)}; this class only guarantees
 * a well-formed tree of strings, lists and maps with a line for every key path.
 *
 * <p>YAML 1.2 core schema: {@code ~}, {@code null} and an empty value mean "not set";
 * {@code yes}/{@code no}/{@code off} are plain text, never booleans.
 */
public final class ConfigLoader {
    /** Config files are a few KiB; refuse anything that is clearly not one before parsing it. */
    private static final int MAX_CODE_POINTS = 1024 * 1024;

    private ConfigLoader() {}

    /** Reads {@code file}, interpolating {@code ${NAME}} from the process environment. */
    public static ConfigNode load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads {@code file} (UTF-8), interpolating {@code ${NAME}} and {@code ${NAME:-default}} from
     * {@code env}.
     *
     * @throws ConfigException when the file cannot be read or is not a valid config tree
     */
    public static ConfigNode load(Path file, Map<String, String> env) {
        requireNonNull(file, "file is null");
        requireNonNull(env, "env is null");
        if (Files.isDirectory(file)) {
            throw new ConfigException("Cannot read config " + file + ": it is a directory. Pass the path of"
                    + " a YAML config file, e.g. config/postgres.yaml.");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Cannot read config " + file + ": the file does not exist. Pass the path"
                    + " of a YAML config file, e.g. config/postgres.yaml.", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException("Cannot read config " + file + ": permission denied. Make the file"
                    + " readable by the user running the replicator.", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException("Cannot read config " + file + ": the file is not UTF-8 text."
                    + " Save it as UTF-8.", e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config " + file + ": " + e + ".", e);
        }
        return parse(file.toString(), text, env);
    }

    /**
     * Parses YAML text already in memory; {@code name} stands for the file in messages.
     *
     * @throws ConfigException when the text is not a valid config tree
     */
    public static ConfigNode parse(String name, String yaml, Map<String, String> env) {
        requireNonNull(name, "name is null");
        requireNonNull(yaml, "yaml is null");
        requireNonNull(env, "env is null");
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setSchema(new CoreSchema())
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        Optional<Node> document;
        try {
            document = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException("Cannot parse config " + name + ": " + describe(e) + ". Check the"
                    + " indentation and quoting there.", e);
        } catch (YamlEngineException e) {
            throw new ConfigException("Cannot parse config " + name + ": " + withoutPeriod(e.getMessage()) + ".", e);
        }
        if (document.isEmpty()) {
            throw new ConfigException("Cannot load config " + name + ": the file is empty. It needs at least"
                    + " source, pipeline and sink sections; see config/postgres.yaml.");
        }
        if (!(document.get() instanceof MappingNode root)) {
            Node node = document.get();
            String found = node.getNodeType() == NodeType.SEQUENCE ? "a list" : "a single value";
            throw new ConfigException("Cannot load config " + name + ": the top level must be a mapping of"
                    + " sections (source:, pipeline:, sink:), found " + found + " at line "
                    + node.getStartMark().map(m -> m.getLine() + 1).orElse(1) + ". See config/postgres.yaml.");
        }
        YamlTree tree = new YamlTree(new EnvInterpolator(env));
        Map<String, Object> values = tree.rootMapping(root);
        return new ConfigNode("", values, tree.lines());
    }

    /** "mapping values are not allowed here at line 3, column 9" (snakeyaml's marks are 0-based). */
    private static String describe(MarkedYamlEngineException e) {
        String context = e.getContext() == null || e.getContext().isBlank() ? "" : " (" + e.getContext().trim() + ")";
        String problem = (e.getProblem() == null ? "invalid YAML" : withoutPeriod(e.getProblem())) + context;
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        return mark.map(m -> problem + " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                .orElse(problem);
    }

    private static String withoutPeriod(String message) {
        String m = message == null ? "invalid YAML" : message.strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
