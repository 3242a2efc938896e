package io.vitessreplicator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaChangeKindTest {
    private static final TableId T = new TableId("ks", "t");
    private static final Column C = new Column("c", ColumnType.of(ColumnType.Kind.INT, "int"), true);

    @Test
    void everyChangeRecordHasItsKindAndLabel() {
        TableSchema s = new TableSchema(T, List.of(C), List.of("c"));
        List<SchemaChange> all = List.of(new SchemaChange.AddColumn(T, C, null, ""),
                new SchemaChange.KeepColumn(T, "c", "r", ""), new SchemaChange.DropColumn(T, "c", ""),
                new SchemaChange.RenameColumn(T, "c", "d", ""), new SchemaChange.WidenColumn(T, C, C, ""),
                new SchemaChange.ChangePrimaryKey(T, List.of("c"), List.of("d"), ""), new SchemaChange.AddTable(s, ""),
                new SchemaChange.DropTable(T, false, ""), new SchemaChange.TruncateTable(T, ""),
                new SchemaChange.CopyTable(T, List.of("c"), "r", ""), new SchemaChange.CopyCompleted(T, List.of("c"), ""));
        assertThat(all).extracting(SchemaChange::kind).containsExactly(SchemaChange.Kind.values());
        assertThat(all).extracting(c -> c.kind().toString()).containsExactly("add_column", "keep_column", "drop_column",
                "rename_column", "widen_column", "change_primary_key", "add_table", "drop_table", "truncate_table",
                "copy_table", "copy_completed");
    }
}
