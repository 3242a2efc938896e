package io.vitessreplicator.sink.parquet;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.vitessreplicator.model.Position;
import io.vitessreplicator.spi.FatalSinkException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One commit of a pipeline: the object {@code _vitess_replicator/<pipeline>/commits/<sequence>.json}.
 * It is the checkpoint (position and the core's state) and the complete list of the data files
 * readers must read, per table; the newest one is the pipeline's state. Created with
 * {@code If-None-Match: *}, so one instance alone can write each sequence number. The format is
 * documented in sink-parquet-s3/README.md ("The manifest").
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param sequence      1, 2, 3, ...: one more than the manifest it replaces
 * @param kind          {@code claim} (an instance took the pipeline), {@code commit} (a batch),
 *                      {@code compaction} (files rewritten, nothing else changed)
 * @param owner         the owner token of the instance that wrote it
 * @param claimedAt     when {@code owner} claimed the pipeline (ISO-8601)
 * @param committedAt   when this manifest was written (ISO-8601, the writer's clock)
 * @param position      the VGTID the files are consistent with (vtgate's JSON), absent before the
 *                      first batch
 * @param state         the replicator core's state (JSON text, opaque to readers)
 * @param tables        every table of the pipeline, with its live files
 * @param garbage       files no longer live, kept for readers of older manifests until the
 *                      retention passes, then deleted
 */
record Manifest(int formatVersion, String pipeline, long sequence, String kind, String owner, String claimedAt,
                String committedAt, JsonElement position, String state, List<TableEntry> tables,
                List<GarbageEntry> garbage) {
    static final int FORMAT_VERSION = 1;
    static final String CLAIM = "claim";
    static final String COMMIT = "commit";
    static final String COMPACTION = "compaction";

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .create();

    Manifest {
        tables = tables == null ? List.of() : List.copyOf(tables);
        garbage = garbage == null ? List.of() : List.copyOf(garbage);
    }

    /** One table: where its files are, its columns now, its live files and its schema history. */
    record TableEntry(String keyspace, String table, String path, int schemaVersion, List<String> primaryKey,
                      List<ColumnEntry> columns, List<FileEntry> files, List<String> recopySupersedes,
                      boolean droppedAtSource, List<HistoryEntry> history) {
        TableEntry {
            primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
            columns = columns == null ? List.of() : List.copyOf(columns);
            files = files == null ? List.of() : List.copyOf(files);
            recopySupersedes = recopySupersedes == null ? List.of() : List.copyOf(recopySupersedes);
            history = history == null ? List.of() : List.copyOf(history);
        }

        String name() {
            return keyspace + "." + table;
        }
    }

    /**
     * A column of the table now: its MySQL type (all of the replicator's model, so the sink can
     * read old files back), its Parquet type, and whether new rows carry it ({@code written} is
     * false for a column kept after it was dropped at the source).
     */
    record ColumnEntry(String name, String mysqlType, String kind, boolean unsigned, int length, int precision,
                       int scale, List<String> elements, String parquetType, boolean written) {
        ColumnEntry {
            elements = elements == null ? List.of() : List.copyOf(elements);
        }
    }

    /**
     * A data file: its key relative to the prefix, rows, bytes, the commit that wrote it, the
     * table's schema version then, its partition ({@code commit_date=2026-12-02}, or empty), the
     * range of {@code _seq} in it, and whether it holds changes or a compacted snapshot.
     */
    record FileEntry(String path, long rows, long bytes, long commit, int schemaVersion, String partition, long minSeq,
                     long maxSeq, String kind) {}

    /** A schema change, as the table's history records it. */
    record HistoryEntry(long commit, int schemaVersion, String change, String description, String sourceDdl,
                        String committedAt) {}

    /** A file removed from the live set by commit {@code removedInCommit} at {@code removedAt}. */
    record GarbageEntry(String path, long removedInCommit, String removedAt) {}

    Optional<Position> checkpointPosition() {
        return position == null || position.isJsonNull() ? Optional.empty() : Optional.of(Position.fromJson(position.toString()));
    }

    static JsonElement json(Position p) {
        return JsonParser.parseString(p.toJson());
    }

    Optional<TableEntry> table(String keyspace, String table) {
        return tables.stream().filter(t -> t.keyspace.equals(keyspace) && t.table.equals(table)).findFirst();
    }

    byte[] toBytes() {
        return GSON.toJson(this).getBytes(StandardCharsets.UTF_8);
    }

    /** @param where the object's URI, for the message */
    static Manifest parse(byte[] body, String where) {
        Manifest m;
        try {
            m = GSON.fromJson(new String(body, StandardCharsets.UTF_8), Manifest.class);
        } catch (JsonParseException e) {
            throw new FatalSinkException("Cannot read the manifest " + where + ": " + e.getMessage() + ". It was changed"
                    + " by hand or cut short; restore it from the store's versions, or start a new pipeline.", e);
        }
        if (m == null || m.formatVersion > FORMAT_VERSION) {
            throw new FatalSinkException("Cannot read the manifest " + where + ": format version "
                    + (m == null ? "missing" : m.formatVersion) + " is not one this replicator knows ("
                    + FORMAT_VERSION + "). Run the version that wrote it, or a newer one.");
        }
        return m;
    }
}
