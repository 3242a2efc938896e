package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things are, relative to the configured prefix:
 * <pre>
 * _vitess_replicator/&lt;pipeline&gt;/commits/&lt;sequence, 12 digits&gt;.json   one manifest per commit
 * _vitess_replicator/&lt;pipeline&gt;/current.json                           a copy of the newest, for readers
 * _vitess_replicator/&lt;pipeline&gt;/lease.json                             who holds the pipeline
 * &lt;keyspace&gt;/&lt;table&gt;/_symlink_format_manifest/manifest                the table's live files, one URI a line
 * &lt;keyspace&gt;/&lt;table&gt;/[&lt;partition&gt;/]&lt;pipeline&gt;-&lt;sequence&gt;-&lt;writer&gt;-&lt;n&gt;.parquet  data files
 * </pre>
 * A data file's name carries the commit that wrote it and the writing instance, so a retried
 * commit of the same instance overwrites its own files, and no instance ever overwrites another's.
 */
final class Layout {
    static final String ROOT = "_vitess_replicator/";
    private static final Pattern DATA_FILE = Pattern.compile("(?:.*/)?([A-Za-z0-9_.-]+)-(\\d{12,})-([0-9a-f]{8})-([a-z]?\\d+)\\.parquet");

    private final String pipeline;

    Layout(String pipeline) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
    }

    String pipelineDir() {
        return ROOT + pipeline + "/";
    }

    String commitsDir() {
        return pipelineDir() + "commits/";
    }

    String manifest(long sequence) {
        return commitsDir() + String.format("%012d", sequence) + ".json";
    }

    /** The sequence of a manifest key, if it is one. */
    static Optional<Long> sequenceOf(String manifestKey) {
        int slash = manifestKey.lastIndexOf('/');
        String name = manifestKey.substring(slash + 1);
        if (!name.endsWith(".json") || name.length() < 17) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(0, name.length() - 5)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String current() {
        return pipelineDir() + "current.json";
    }

    String lease() {
        return pipelineDir() + "lease.json";
    }

    /** Probe objects {@code check()} writes and deletes. */
    String probe(String name) {
        return pipelineDir() + "probe-" + name;
    }

    /**
     * The table's live files for Hive's SymlinkTextInputFormat (Athena, Trino, Spark), written after
     * each commit that changes them; like current.json it may lag one commit after a crash.
     */
    static String symlinkManifest(Manifest.TableEntry t) {
        return t.path() + "_symlink_format_manifest/manifest";
    }

    static String tableDir(TableId table) {
        return table.keyspace() + "/" + table.name() + "/";
    }

    /**
     * @param partition {@code name=value}, or empty for an unpartitioned table
     * @param part      {@code 0}, {@code 1}, ... or {@code s0}, ... for a snapshot written by compaction
     */
    String dataFile(TableId table, String partition, long sequence, String writer, String part) {
        return tableDir(table) + (partition.isEmpty() ? "" : partition + "/")
                + pipeline + "-" + String.format("%012d", sequence) + "-" + writer + "-" + part + ".parquet";
    }

    /** True for a data file this pipeline wrote (any instance, any commit). */
    boolean isOwnDataFile(String key) {
        if (key.startsWith(ROOT)) {
            return false;
        }
        Matcher m = DATA_FILE.matcher(key);
        return m.matches() && m.group(1).equals(pipeline);
    }

    /** The commit sequence in a data file's name. */
    static long sequenceOfDataFile(String key) {
        Matcher m = DATA_FILE.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a data file: " + key);
        }
        return Long.parseLong(m.group(2));
    }
}
