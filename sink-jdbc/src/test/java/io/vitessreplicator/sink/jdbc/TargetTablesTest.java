package io.vitessreplicator.sink.jdbc;

import static io.vitessreplicator.sink.jdbc.Types.col;
import static io.vitessreplicator.sink.jdbc.Types.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.spi.FatalSinkException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks that need no database: naming, keys, reserved names, unsupported types. */
class TargetTablesTest {
    private final TargetTables tables = new TargetTables(PostgresSinkConfig.from(ConfigNode.of("sink",
            Map.of("url", "jdbc:postgresql://h/db", "table-name", "{keyspace}_{table}", "delete-mode", "soft"))),
            new PostgresDialect());

    @Test
    void namesTheTargetWithThePattern() {
        TargetTable t = tables.describe(Types.table("customer", "orders", List.of("id"), key("id", Types.BIGINT)));
        assertThat(t.qualifiedName()).isEqualTo("\"public\".\"customer_orders\"");
    }

    @Test
    void refusesATableWithoutPrimaryKey() {
        assertThatThrownBy(() -> tables.describe(Types.table("ks", "log", List.of(), col("line", Types.TEXT))))
                .isInstanceOf(FatalSinkException.class)
                .hasMessage("Cannot replicate table ks.log: it has no primary key, and the PostgreSQL sink merges"
                        + " changes by primary key. Add a primary key at the source or exclude the table.");
    }

    @Test
    void refusesReservedAndOverlongColumnNames() {
        assertThatThrownBy(() -> tables.describe(Types.table("ks", "t", List.of("id"), key("id", Types.BIGINT),
                col("_vr_deleted", Types.TEXT)))).hasMessageContaining("ks.t._vr_deleted: the name is reserved");
        String longName = "c".repeat(64);
        assertThatThrownBy(() -> tables.describe(Types.table("ks", "t", List.of("id"), key("id", Types.BIGINT),
                col(longName, Types.TEXT)))).hasMessageContaining("is 64 bytes long");
    }

    @Test
    void refusesUnsupportedTypesNamingTheColumn() {
        assertThatThrownBy(() -> tables.describe(Types.table("ks", "geo", List.of("id"), key("id", Types.BIGINT),
                col("shape", Types.of(Kind.UNSUPPORTED, "geometry")))))
                .hasMessageStartingWith("Cannot map column ks.geo.shape of type geometry to PostgreSQL");
    }

    @Test
    void aCopyKeysNameTooLongForPostgresKeepsWholeCharactersAndAHash() {
        String shortName = tables.copyKeysName(new io.vitessreplicator.model.TableId("ks", "orders"));
        assertThat(shortName).isEqualTo("\"public\".\"_vr_copy_ks_orders\"");
        // 2-byte characters straddle the cut; the target name itself (61 bytes) is within the limit
        String table = "t" + "é".repeat(27) + "x";
        String a = tables.copyKeysName(new io.vitessreplicator.model.TableId("ks", table));
        String b = tables.copyKeysName(new io.vitessreplicator.model.TableId("ks", table + "y"));
        String nameA = a.substring("\"public\".\"".length(), a.length() - 1);
        assertThat(nameA.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(nameA).startsWith("_vr_copy_ks_té").doesNotContain("\uFFFD").matches(".*é_[0-9a-f]{1,7}");
        assertThat(b).isNotEqualTo(a);
        assertThat(TargetTables.truncate("aéb", 2)).isEqualTo("a");
        assertThat(TargetTables.truncate("aéb", 3)).isEqualTo("aé");
        assertThat(TargetTables.truncate("\uD83D\uDE00z", 3)).isEmpty(); // a 4-byte character is not split
    }
}
