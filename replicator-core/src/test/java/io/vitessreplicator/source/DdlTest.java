package io.vitessreplicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DdlTest {
    @Test
    void readsRenamesDropsAndAddedColumnsWithDefaults() {
        Ddl d = Ddl.parse("alter table `orders` add column e INT not null default 7, rename column b to b2,"
                + " drop column old_col, change `x` `y` varchar(20) default 'a,b', add index idx (a, b), modify c decimal(14,3)");
        assertThat(d.kind()).isEqualTo(Ddl.Kind.ALTER_TABLE);
        assertThat(d.tables()).containsExactly("orders");
        assertThat(d.renamedColumns()).isEqualTo(Map.of("b", "b2", "x", "y"));
        assertThat(d.droppedColumns()).containsExactly("old_col");
        assertThat(d.addedColumns().get("e")).isEqualTo(new Ddl.AddedColumn("e", "7", true));
        assertThat(d.addedColumns().get("y").defaultLiteral()).isEqualTo("a,b");
        assertThat(d.addedColumns()).containsKey("c").doesNotContainKey("idx");
    }

    @Test
    void readsTableLevelStatements() {
        assertThat(Ddl.parse("RENAME TABLE ks.a TO b, c TO d")).satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Ddl.Kind.RENAME_TABLE);
            assertThat(d.tables()).isEqualTo(List.of("a", "c"));
            assertThat(d.newTables()).isEqualTo(List.of("b", "d"));
        });
        assertThat(Ddl.parse("ALTER TABLE a RENAME TO b").newTables()).containsExactly("b");
        assertThat(Ddl.parse("drop table if exists `a`, b").tables()).containsExactly("a", "b");
        assertThat(Ddl.parse("truncate table t").kind()).isEqualTo(Ddl.Kind.TRUNCATE);
        assertThat(Ddl.parse("create table if not exists t (id int primary key)").newTables()).containsExactly("t");
        assertThat(Ddl.parse("create index i on t (a)").kind()).isEqualTo(Ddl.Kind.OTHER);
        assertThat(Ddl.parse("").kind()).isEqualTo(Ddl.Kind.OTHER);
    }

    @Test
    void aNegativeOrExpressionDefault() {
        assertThat(Ddl.parse("alter table t add column a int default -3").addedColumns().get("a").defaultLiteral())
                .isEqualTo("-3");
        assertThat(Ddl.parse("alter table t add column a datetime default current_timestamp").addedColumns().get("a")
                .defaultLiteral()).isNull();
    }

    @Test
    void aNewPrimaryKeyIsReadFromTheAlter() {
        assertThat(Ddl.parse("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, `k`)").newPrimaryKey())
                .containsExactly("id", "k");
        assertThat(Ddl.parse("alter table t add constraint pk primary key using btree (a(10) desc, b)").newPrimaryKey())
                .containsExactly("a", "b");
        assertThat(Ddl.parse("alter table t add column c int, add index (c)").newPrimaryKey()).isNull();
    }
}
