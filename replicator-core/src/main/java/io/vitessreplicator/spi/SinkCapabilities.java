package io.vitessreplicator.spi;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.SchemaChange;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a sink can take, declared once ({@link Sink#capabilities()}).
 *
 * @param changeForm    how row changes reach {@link BatchWriter#write}
 * @param schemaChanges the schema changes {@link BatchWriter#apply} accepts. The runtime checks the
 *                      {@code pipeline.schema-changes} policies against it at start and in
 *                      {@code validate}, and a change of another kind stops the pipeline with a
 *                      message naming the policy key before anything past it is committed.
 *                      {@link SchemaChange.Kind#ADD_TABLE} is required: every sink must be able to
 *                      receive a table it has not seen.
 */
public record SinkCapabilities(ChangeForm changeForm, Set<SchemaChange.Kind> schemaChanges) {

    /** The two forms in which a sink can receive row changes. */
    public enum ChangeForm {
        /**
         * The net effect per primary key of everything written in one {@code write} call
         * ({@link ChangeSet#tables()}): for targets that hold the current rows (merge, upsert).
         */
        NET,
        /**
         * Every change in stream order, with its before image and origin ({@link ChangeSet#logs()}):
         * for targets that keep a change log (files, append-only tables).
         */
        EVERY_CHANGE
    }

    public SinkCapabilities {
        requireNonNull(changeForm, "changeForm is null");
        schemaChanges = Set.copyOf(requireNonNull(schemaChanges, "schemaChanges is null"));
        if (!schemaChanges.contains(SchemaChange.Kind.ADD_TABLE)) {
            throw new IllegalArgumentException("a sink must support " + SchemaChange.Kind.ADD_TABLE);
        }
    }

    /** Every kind of schema change. */
    public static Set<SchemaChange.Kind> allSchemaChanges() {
        return EnumSet.allOf(SchemaChange.Kind.class);
    }

    public boolean supports(SchemaChange.Kind kind) {
        return schemaChanges.contains(kind);
    }
}
