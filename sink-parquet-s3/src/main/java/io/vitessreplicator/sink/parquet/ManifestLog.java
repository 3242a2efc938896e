package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain of manifests of one pipeline: finding the newest, creating the next one (the commit
 * point), keeping {@code current.json} and pruning old manifests.
 */
final class ManifestLog {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestLog.class);

    private final ObjectStore store;
    private final Layout layout;

    ManifestLog(ObjectStore store, Layout layout) {
        this.store = requireNonNull(store, "store is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    /**
     * The newest manifest: {@code current.json} says where to start looking (it may lag one commit
     * behind after a crash), the listing of {@code commits/} after it says what is newer.
     */
    Optional<Manifest> head() {
        Optional<Manifest> hint = store.get(layout.current()).map(s -> Manifest.parse(s.body(), store.uri(layout.current())));
        Optional<String> after = hint.map(m -> layout.manifest(m.sequence()));
        List<String> newer = store.list(layout.commitsDir(), after);
        long best = hint.map(Manifest::sequence).orElse(0L);
        String bestKey = null;
        for (String k : newer) {
            Optional<Long> seq = Layout.sequenceOf(k);
            if (seq.isPresent() && seq.get() > best) {
                best = seq.get();
                bestKey = k;
            }
        }
        if (bestKey == null) {
            return hint;
        }
        return Optional.of(read(best).orElseThrow(() -> new IllegalStateException("manifest vanished while read")));
    }

    Optional<Manifest> read(long sequence) {
        String key = layout.manifest(sequence);
        return store.get(key).map(s -> Manifest.parse(s.body(), store.uri(key)));
    }

    /** Creates manifest {@code m.sequence()}; false when that sequence exists already. */
    boolean create(Manifest m) {
        return store.putIfAbsent(layout.manifest(m.sequence()), m.toBytes());
    }

    /** Makes {@code current.json} a copy of {@code m}. */
    void publish(Manifest m) {
        store.put(layout.current(), m.toBytes());
    }

    /** Deletes all but the newest {@code keep} manifests (readers use current.json). */
    void prune(long newest, int keep) {
        long oldestKept = newest - keep + 1;
        if (oldestKept <= 1) {
            return;
        }
        List<String> old = new ArrayList<>();
        for (String k : store.list(layout.commitsDir(), Optional.empty())) {
            Optional<Long> seq = Layout.sequenceOf(k);
            if (seq.isPresent() && seq.get() < oldestKept) {
                old.add(k);
            } else if (seq.isPresent()) {
                break; // keys list in sequence order
            }
        }
        if (!old.isEmpty()) {
            store.delete(old);
            LOG.debug("Deleted {} manifests older than {}", old.size(), oldestKept);
        }
    }
}
