package io.vitessreplicator.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.model.SchemaChange;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkCapabilitiesTest {

    @Test
    void everySinkMustTakeNewTables() {
        assertThatThrownBy(() -> new SinkCapabilities(SinkCapabilities.ChangeForm.NET,
                Set.of(SchemaChange.Kind.ADD_COLUMN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a sink must support add_table");
    }

    @Test
    void supportsWhatItDeclares() {
        SinkCapabilities c = new SinkCapabilities(SinkCapabilities.ChangeForm.EVERY_CHANGE,
                Set.of(SchemaChange.Kind.ADD_TABLE, SchemaChange.Kind.TRUNCATE_TABLE));
        assertThat(c.supports(SchemaChange.Kind.TRUNCATE_TABLE)).isTrue();
        assertThat(c.supports(SchemaChange.Kind.RENAME_COLUMN)).isFalse();
    }
}
