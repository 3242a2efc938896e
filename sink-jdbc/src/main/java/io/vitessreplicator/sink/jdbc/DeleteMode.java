package io.vitessreplicator.sink.jdbc;

/** What a source delete does to the target row ({@code sink.delete-mode}). */
public enum DeleteMode {
    /** The row is deleted. */
    HARD,
    /**
     * The row stays and is marked: {@code _vr_deleted = true}, {@code _vr_deleted_at = now()}. A
     * later upsert of the same key clears the mark (the row is revived).
     */
    SOFT
}
