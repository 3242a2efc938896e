package io.vitessreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.SchemaChange.Kind;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SchemaChangePolicyTest {

    @Test
    void aSinkThatAppliesEverythingIsFineWithEveryPolicy() {
        assertThat(SchemaChangePolicy.DEFAULTS.unsupportedBy(EnumSet.allOf(Kind.class), "x")).isEmpty();
    }

    @Test
    void eachPolicyThatAsksForWhatTheSinkCannotApplyIsNamed() {
        EnumSet<Kind> onlyColumns = EnumSet.of(Kind.ADD_TABLE, Kind.ADD_COLUMN, Kind.KEEP_COLUMN);
        assertThat(SchemaChangePolicy.DEFAULTS.unsupportedBy(onlyColumns, "lake")).containsExactly(
                "pipeline.schema-changes.rename-column is rename, but sink lake cannot apply [rename_column]: such a"
                        + " change stops the pipeline. Set it to stop to say so in the config.",
                "pipeline.schema-changes.primary-key-change is apply, but sink lake cannot apply [change_primary_key]:"
                        + " such a change stops the pipeline. Set it to stop to say so in the config.",
                "pipeline.schema-changes.new-table is copy, but sink lake cannot apply [copy_table, copy_completed]:"
                        + " such a change stops the pipeline. Set it to stop to say so in the config.",
                "pipeline.schema-changes.drop-table is keep, but sink lake cannot apply [drop_table]: such a change"
                        + " stops the pipeline. Exclude tables that may be dropped.",
                "pipeline.schema-changes.truncate is truncate, but sink lake cannot apply [truncate_table]: such a"
                        + " change stops the pipeline. Set it to ignore to skip truncates.",
                "sink lake cannot widen a column's type (always applied for lossless widenings): such a change stops"
                        + " the pipeline.");
    }

    @Test
    void aPolicySetToStopAsksForNothing() {
        SchemaChangePolicy stopRenames = new SchemaChangePolicy("add", "drop", "stop", "stop", "apply", "copy", "keep",
                "ignore");
        EnumSet<Kind> kinds = EnumSet.allOf(Kind.class);
        kinds.remove(Kind.RENAME_COLUMN);
        kinds.remove(Kind.TRUNCATE_TABLE);
        kinds.remove(Kind.KEEP_COLUMN);
        assertThat(stopRenames.unsupportedBy(kinds, "x")).isEmpty();
    }

    @Test
    void everyKindHasItsPolicyKeyWhereOneAsksForIt() {
        assertThat(SchemaChangePolicy.keyFor(Kind.KEEP_COLUMN)).contains("drop-column");
        assertThat(SchemaChangePolicy.keyFor(Kind.TRUNCATE_TABLE)).contains("truncate");
        assertThat(SchemaChangePolicy.keyFor(Kind.WIDEN_COLUMN)).isEmpty();
        for (Kind k : Kind.values()) {
            SchemaChangePolicy.keyFor(k).ifPresent(key -> assertThat(SchemaChangePolicy.DEFAULTS.value(key)).isNotBlank());
        }
    }
}
