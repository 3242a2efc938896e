package io.vitessreplicator.verify;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.spi.TargetReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compares one table, in three passes:
 * <ol>
 *   <li><b>Source chunks.</b> The source rows in primary-key order, {@code chunkRows} at a time;
 *       for each chunk the target rows of exactly those keys (fetched by key, so that the two
 *       databases' orders of string keys never need to agree), compared value for value. A key the
 *       target lacks or holds with other values is a candidate.</li>
 *   <li><b>Target keys.</b> Every key the target holds, in the target's order, looked up at the
 *       source by key; a key the source lacks is a candidate (an extra row in the target).</li>
 *   <li><b>Recheck.</b> The candidates go through {@link KeyRecheck}: only keys found different
 *       once the target has caught up with the source are reported, up to {@code maxKeys}.</li>
 * </ol>
 */
final class TableVerifier {
    /** First-sight candidates kept per table; beyond it they are counted, not rechecked. */
    static final int MAX_CANDIDATES = 10_000;
    /** Keys rechecked together (one source read, one wait, one target read for all). */
    static final int RECHECK_BATCH = 500;

    /** Where candidates are rechecked: source reads on the primary, the wait for the target. */
    interface Recheck {
        List<Object[]> sourceRowsNow(List<Object[]> keys);

        Optional<String> awaitTargetPassesSource();
    }

    private final SourceTable source;
    private final TargetReader target;
    private final Recheck recheck;
    private final VerifyOptions options;
    private final RowRate rate;
    private final Consumer<String> progress;

    TableVerifier(SourceTable source, TargetReader target, Recheck recheck, VerifyOptions options, RowRate rate,
                  Consumer<String> progress) {
        this.source = requireNonNull(source, "source is null");
        this.target = requireNonNull(target, "target is null");
        this.recheck = requireNonNull(recheck, "recheck is null");
        this.options = requireNonNull(options, "options is null");
        this.rate = requireNonNull(rate, "rate is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    TableReport verify() {
        TableSchema schema = source.schema();
        long targetRows = target.count(schema);
        long sourceRows = source.count();
        if (targetRows < 0) {
            return new TableReport(schema.id(), sourceRows, targetRows, 0, 0, 0, List.of(), List.of(), 0);
        }
        Map<RowKey, Object[]> candidates = new LinkedHashMap<>();
        long[] dropped = {0};
        Consumer<Object[]> candidate = key -> {
            RowKey k = new RowKey(key);
            if (candidates.size() < MAX_CANDIDATES || candidates.containsKey(k)) {
                candidates.put(k, key);
            } else {
                dropped[0]++;
            }
        };
        long compared = compareSourceChunks(schema, candidate);
        long[] targetKeys = {0};
        target.forEachKeyChunk(schema, options.chunkRows(), keys -> {
            targetKeys[0] += keys.size();
            Set<RowKey> present = new HashSet<>();
            source.rowsByKey(keys).forEach(r -> present.add(RowKey.of(schema, r)));
            rate.read(keys.size());
            for (Object[] k : keys) {
                if (!present.contains(new RowKey(k))) {
                    candidate.accept(k);
                }
            }
        });
        progress.accept(schema.id() + ": compared " + compared + " source rows and looked up " + targetKeys[0]
                + " target keys at the source; " + (candidates.size() + dropped[0]) + " keys differed at first sight"
                + (candidates.isEmpty() ? "" : ", rechecking them once the target has caught up"));

        List<Difference> differences = new ArrayList<>();
        List<KeyRecheck.Unconfirmed> unconfirmed = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>(candidates.values());
        int done = 0;
        KeyRecheck keyRecheck = new KeyRecheck(schema, new KeyRecheck.Sides() {
            @Override
            public List<Object[]> sourceRows(List<Object[]> keys) {
                return recheck.sourceRowsNow(keys);
            }

            @Override
            public List<Object[]> targetRows(List<Object[]> keys) {
                return target.rowsByKey(schema, keys);
            }

            @Override
            public Optional<String> awaitTargetPassesSource() {
                return recheck.awaitTargetPassesSource();
            }
        }, options.recheckRounds());
        while (done < pending.size() && differences.size() < options.maxKeys()) {
            List<Object[]> batch = pending.subList(done, Math.min(pending.size(), done + RECHECK_BATCH));
            done += batch.size();
            KeyRecheck.Result r = keyRecheck.run(batch);
            differences.addAll(r.differences());
            unconfirmed.addAll(r.unconfirmed());
        }
        long notRechecked = pending.size() - done + dropped[0];
        if (differences.size() > options.maxKeys()) {
            notRechecked += differences.size() - options.maxKeys();
            differences = differences.subList(0, options.maxKeys());
        }
        return new TableReport(schema.id(), sourceRows, targetRows, compared, targetKeys[0],
                candidates.size() + dropped[0], differences, unconfirmed, notRechecked);
    }

    private long compareSourceChunks(TableSchema schema, Consumer<Object[]> candidate) {
        long compared = 0;
        Object[] after = null;
        while (true) {
            List<Object[]> rows = source.chunkAfter(after, options.chunkRows());
            rate.read(rows.size());
            if (rows.isEmpty()) {
                return compared;
            }
            List<Object[]> keys = new ArrayList<>(rows.size());
            rows.forEach(r -> keys.add(schema.keyOf(r)));
            Map<RowKey, Object[]> stored = new java.util.HashMap<>();
            target.rowsByKey(schema, keys).forEach(r -> stored.put(RowKey.of(schema, r), r));
            for (Object[] row : rows) {
                Object[] t = stored.get(RowKey.of(schema, row));
                if (t == null || !Values.sameRow(schema, row, t)) {
                    candidate.accept(schema.keyOf(row));
                }
            }
            compared += rows.size();
            if (rows.size() < options.chunkRows()) {
                return compared;
            }
            after = schema.keyOf(rows.get(rows.size() - 1));
        }
    }
}
