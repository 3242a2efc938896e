package io.vitessreplicator.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a composed YAML node tree into the plain values {@link ConfigNode} reads (strings, lists,
 * maps) and records the line of every key path on the way.
 *
 * <p>We walk the node tree ourselves rather than let snakeyaml construct Java objects because
 * construction loses the marks (so errors could not name a line), silently keeps the last of two
 * duplicate keys, and turns {@code 010}, {@code 1e3} or {@code no} into numbers and booleans
 * whose text we could no longer report. Scalars stay exactly as written, interpolated.
 */
final class YamlTree {
    private final EnvInterpolator interpolator;
    private final Map<String, Integer> lines = new HashMap<>();
    /** Nodes on the current path: an alias that points to one of its own ancestors is a cycle. */
    private final Set<Node> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());

    YamlTree(EnvInterpolator interpolator) {
        this.interpolator = interpolator;
    }

    /** Full key path (e.g. {@code source.tables.include[0]}) → 1-based line. */
    Map<String, Integer> lines() {
        return Collections.unmodifiableMap(lines);
    }

    /** The root mapping's keys and values; the caller has checked that {@code root} is a mapping. */
    Map<String, Object> rootMapping(MappingNode root) {
        ancestors.add(root);
        return mapping(root, "");
    }

    private Object value(Node node, String path) {
        if (!ancestors.add(node)) {
            throw ConfigNode.invalid(path, lineOf(path, node), "a YAML alias refers to a section that contains it;"
                    + " write the values out instead");
        }
        try {
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar, path);
            }
            if (node instanceof SequenceNode sequence) {
                return sequence(sequence, path);
            }
            if (node instanceof MappingNode mapping) {
                return mapping(mapping, path);
            }
            throw ConfigNode.invalid(path, lineOf(path, node), "unsupported YAML node " + node.getNodeType());
        } finally {
            ancestors.remove(node);
        }
    }

    private Map<String, Object> mapping(MappingNode node, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = line(keyNode);
            // snakeyaml already refuses lists and mappings as keys; an empty key remains.
            if (!(keyNode instanceof ScalarNode keyScalar) || keyScalar.getTag().equals(Tag.NULL)) {
                throw ConfigNode.invalid(path.isEmpty() ? "<top level>" : path, keyLine,
                        "found an empty key; keys must be plain names");
            }
            String key = keyScalar.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (keyScalar.getTag().equals(Tag.MERGE)) {
                throw ConfigNode.invalid(childPath, keyLine, "YAML merge keys (<<) are not supported;"
                        + " write the keys out");
            }
            Integer earlier = firstLine.putIfAbsent(key, keyLine);
            if (earlier != null) {
                throw ConfigNode.invalid(childPath, keyLine, "duplicate key, already set on line " + earlier
                        + "; keep one of the two");
            }
            lines.put(childPath, keyLine);
            out.put(key, value(tuple.getValueNode(), childPath));
        }
        return out;
    }

    private List<Object> sequence(SequenceNode node, String path) {
        List<Object> out = new ArrayList<>();
        List<Node> items = node.getValue();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            lines.put(itemPath, line(items.get(i)));
            out.add(value(items.get(i), itemPath));
        }
        return Collections.unmodifiableList(out);
    }

    /** The interpolated text, or null for YAML null and for a reference that came out empty. */
    private String scalar(ScalarNode node, String path) {
        if (node.getTag().equals(Tag.NULL)) {
            return null;
        }
        String raw = node.getValue();
        String value;
        try {
            value = interpolator.interpolate(raw);
        } catch (IllegalArgumentException e) {
            throw ConfigNode.invalid(path, lineOf(path, node), e.getMessage());
        }
        // "${VTGATE_USER:-}" with the variable unset means "not configured", like an empty value.
        return value.isEmpty() && !raw.isEmpty() ? null : value;
    }

    /**
     * The line of the key (or list item) that holds {@code node}: for an alias, the node itself
     * sits where its anchor was defined, which is not where the reader should look.
     */
    private int lineOf(String path, Node node) {
        return lines.getOrDefault(path, line(node));
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
