package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitessreplicator.model.ColumnType.Kind;
import io.vitessreplicator.model.SchemaChange;
import io.vitessreplicator.model.TableSchema;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.SqlDialect.SchemaChangeStatements;
import io.vitessreplicator.sink.jdbc.TargetReadSql;
import io.vitessreplicator.sink.jdbc.TargetTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders every kind of statement the Redshift dialect emits, for a fixed set of sample tables and
 * changes, and compares it with the committed golden files in {@code src/test/resources/golden}
 * (which {@code src/test/python/check_redshift_sql.py} parses with a Redshift parser in the same
 * build). A difference fails; {@code -Dgolden.update=true} rewrites the files instead (review the
 * diff before committing it).
 *
 * <p>Format: each statement is preceded by a {@code -- label} line and followed by {@code ;} and a
 * blank line. The label ends in {@code [outside transaction]} for statements run autocommitted.
 */
class RedshiftGoldenSqlTest {
    private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden");
    private static final String T = "\"warehouse\".\"orders\"";

    private final RedshiftTypeMapping types = new RedshiftTypeMapping(RedshiftTypeOptions.DEFAULTS);

    @Test
    void everyStatementMatchesItsGoldenFile() throws Exception {
        Map<String, Statements> files = new LinkedHashMap<>();
        files.put("session.sql", session());
        files.put("create_table.sql", createTables());
        files.put("staging_and_copy.sql", stagingAndCopy());
        files.put("merge.sql", merges());
        files.put("checkpoint.sql", checkpoint());
        files.put("schema_changes.sql", schemaChanges());
        files.put("catalog.sql", catalog());
        files.put("verify.sql", verify());

        boolean update = Boolean.getBoolean("golden.update");
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Statements> f : files.entrySet()) {
            Path file = GOLDEN.resolve(f.getKey());
            String rendered = f.getValue().text();
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, rendered, StandardCharsets.UTF_8);
                continue;
            }
            String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            if (!rendered.equals(committed)) {
                differences.add(file + ": " + firstDifference(committed, rendered));
            }
        }
        if (!update) {
            try (Stream<Path> present = Files.list(GOLDEN)) {
                present.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql") && !files.containsKey(n))
                        .forEach(n -> differences.add(GOLDEN.resolve(n) + ": no longer rendered; delete it"));
            }
        }
        assertThat(differences)
                .as("Golden SQL differs from what the dialect renders. If the change is intended, run"
                        + " mvn -o -q -pl sink-redshift test -Dgolden.update=true -Dtestenv.skip=true and review the diff.")
                .isEmpty();
    }

    private static String firstDifference(String committed, String rendered) {
        if (committed == null) {
            return "missing";
        }
        String[] a = committed.split("\n", -1);
        String[] b = rendered.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": committed '" + x + "', rendered '" + y + "'";
            }
        }
        return "differs";
    }

    // ---- what is rendered ---------------------------------------------------------------------

    private Statements session() {
        Statements s = new Statements();
        RedshiftIdentifiers.SESSION_SETUP.forEach(sql -> s.add("session setup", sql));
        return s;
    }

    private Statements createTables() {
        Statements s = new Statements();
        s.addAll("orders, defaults, hard delete", schema(RedshiftSchemaOptions.DEFAULTS).createTable(Samples.orders(DeleteMode.HARD)));
        s.addAll("orders, soft delete", schema(RedshiftSchemaOptions.DEFAULTS).createTable(Samples.orders(DeleteMode.SOFT)));
        s.addAll("every type, DISTSTYLE KEY on the key, sort key AUTO", schema(layout(new RedshiftTableLayout(
                RedshiftTableLayout.DistStyle.KEY, null, RedshiftTableLayout.SortKey.AUTO, List.of()))).createTable(everyType()));
        s.addAll("orders, DISTSTYLE EVEN, sort key AUTO", schema(layout(new RedshiftTableLayout(
                RedshiftTableLayout.DistStyle.EVEN, null, RedshiftTableLayout.SortKey.AUTO, List.of())))
                .createTable(Samples.orders(DeleteMode.HARD)));
        s.addAll("orders, DISTSTYLE ALL, sort key columns", schema(layout(new RedshiftTableLayout(
                RedshiftTableLayout.DistStyle.ALL, null, RedshiftTableLayout.SortKey.COLUMNS, List.of("amount", "OrderId"))))
                .createTable(Samples.orders(DeleteMode.HARD)));
        s.addAll("orders, DISTKEY on a named column", schema(layout(new RedshiftTableLayout(
                RedshiftTableLayout.DistStyle.KEY, "OrderId", RedshiftTableLayout.SortKey.PRIMARY_KEY, List.of())))
                .createTable(Samples.orders(DeleteMode.HARD)));
        return s;
    }

    private Statements stagingAndCopy() {
        Statements s = new Statements();
        RedshiftMergeStatements orders = new RedshiftMergeStatements(Samples.orders(DeleteMode.HARD), "_vr_stage_1");
        RedshiftMergeStatements every = new RedshiftMergeStatements(everyType(), "_vr_stage_2");
        s.add("create staging, orders", orders.createStaging());
        s.add("create staging, every type", every.createStaging());
        s.add("copy, IAM role", new RedshiftCopyStatement("\"_vr_stage_1\"", orders.stagingColumns(),
                "s3://replicator-stage/pipeline-a/batch-000042/manifest",
                new RedshiftCopyStatement.IamRole("arn:aws:iam::123456789012:role/redshift-loader"), null).sql());
        s.add("copy, access keys and region", new RedshiftCopyStatement("\"_vr_stage_2\"", every.stagingColumns(),
                "s3://replicator-stage/pipeline-a/batch-000043/manifest",
                new RedshiftCopyStatement.AccessKeys("AKIAEXAMPLEEXAMPLE", "example/secret/key", "example-session-token"),
                "eu-west-1").sql());
        s.add("drop staging", orders.dropStaging());
        return s;
    }

    private Statements merges() {
        Statements s = new Statements();
        for (DeleteMode mode : DeleteMode.values()) {
            RedshiftMergeStatements m = new RedshiftMergeStatements(Samples.orders(mode), "_vr_stage_1");
            String label = "orders, " + mode.name().toLowerCase(java.util.Locale.ROOT) + " delete";
            s.addAll(label + ", deletes", m.deletes());
            s.addAll(label + ", upserts", m.upserts());
            s.add(label + ", note upserted keys", m.noteUpsertedKeys("\"warehouse\".\"_vr_copy_orders\""));
        }
        RedshiftMergeStatements every = new RedshiftMergeStatements(everyType(), "_vr_stage_2");
        s.addAll("every type, deletes", every.deletes());
        s.addAll("every type, upserts", every.upserts());
        return s;
    }

    private Statements checkpoint() {
        Statements s = new Statements();
        RedshiftCheckpointStatements cp = new RedshiftCheckpointStatements("\"warehouse\".\"_vitess_replicator_checkpoint\"");
        s.add("create", cp.create());
        s.addAll("read and lock", cp.readAndLock());
        s.add("claim, existing pipeline", cp.claimUpdate());
        s.add("claim, fresh pipeline", cp.claimInsert());
        s.add("record commit", cp.recordCommit());
        s.add("lease: read", cp.leaseSelect());
        s.add("lease: this session", RedshiftCheckpointStatements.currentSession());
        s.add("lease: is the holding session connected", RedshiftCheckpointStatements.sessionAlive());
        s.add("lease: take, existing pipeline", cp.leaseTake());
        s.add("lease: take, fresh pipeline", cp.leaseInsert());
        s.add("lease: release", cp.leaseRelease());
        s.add("schema history table", schema(RedshiftSchemaOptions.DEFAULTS)
                .createHistoryTable("\"warehouse\".\"_vitess_replicator_checkpoint_schema_history\""));
        return s;
    }

    private Statements schemaChanges() throws SQLException {
        Statements s = new Statements();
        RedshiftSchemaChanges defaults = schema(RedshiftSchemaOptions.DEFAULTS);
        RedshiftSchemaChanges rewrite = schema(new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.REWRITE_COLUMN,
                RedshiftSchemaOptions.PrimaryKeyChange.REPLACE_CONSTRAINT, RedshiftTableLayout.DEFAULTS));
        RedshiftSchemaChanges withPk = new RedshiftSchemaChanges(types, RedshiftSchemaOptions.DEFAULTS,
                new FakeLookup(OptionalInt.empty(), Optional.of("orders_pkey")));
        s.change("add column", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("shipped", Samples.fraction(Kind.TIMESTAMP, 6, "timestamp(6)")), null, ""), DeleteMode.HARD);
        s.change("add column with a numeric fill", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("qty", Samples.decimal(10, 2)), new BigDecimal("-1.50"), ""), DeleteMode.HARD);
        s.change("add column with a text fill", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("status", Samples.length(Kind.VARCHAR, 10, "varchar(10)")), "it's new\\", ""), DeleteMode.HARD);
        s.change("add column with a binary fill", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("flags", Samples.length(Kind.VARBINARY, 4, "varbinary(4)")), new byte[] {1, (byte) 0xab}, ""),
                DeleteMode.HARD);
        s.change("add column with a timestamp fill", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("seen", Samples.fraction(Kind.TIMESTAMP, 0, "timestamp")), Instant.parse("2024-05-01T10:00:00Z"), ""),
                DeleteMode.HARD);
        s.change("add column, JSON as SUPER", defaults, new SchemaChange.AddColumn(Samples.ORDERS,
                Samples.col("doc", Samples.type(Kind.JSON, "json")), null, ""), DeleteMode.HARD);
        s.change("drop column", defaults, new SchemaChange.DropColumn(Samples.ORDERS, "note", ""), DeleteMode.HARD);
        s.change("rename column", defaults, new SchemaChange.RenameColumn(Samples.ORDERS, "note", "Remark", ""), DeleteMode.HARD);
        s.change("widen varchar", defaults, new SchemaChange.WidenColumn(Samples.ORDERS,
                Samples.col("order", Samples.length(Kind.VARCHAR, 40, "varchar(40)")),
                Samples.col("order", Samples.length(Kind.VARCHAR, 100, "varchar(100)")), ""), DeleteMode.HARD);
        s.change("widen int to bigint, type-change: rewrite-column", rewrite, new SchemaChange.WidenColumn(Samples.ORDERS,
                Samples.col("qty", Samples.type(Kind.INT, "int")), Samples.col("qty", Samples.type(Kind.BIGINT, "bigint")), ""),
                DeleteMode.HARD);
        s.change("change primary key", withPk, new SchemaChange.ChangePrimaryKey(Samples.ORDERS, List.of("OrderId"),
                List.of("tenant_id", "OrderId"), ""), DeleteMode.HARD);
        s.change("drop table", defaults, new SchemaChange.DropTable(Samples.ORDERS, true, ""), DeleteMode.HARD);
        s.change("truncate, hard delete", defaults, new SchemaChange.TruncateTable(Samples.ORDERS, ""), DeleteMode.HARD);
        s.change("truncate, soft delete", defaults, new SchemaChange.TruncateTable(Samples.ORDERS, ""), DeleteMode.SOFT);
        String keys = "\"warehouse\".\"_vr_copy_orders\"";
        s.addAll("copy started", defaults.copyStarted(keys, T, List.of("tenant_id", "OrderId")));
        s.addAll("copy completed, hard delete", defaults.copyCompleted(keys, T, List.of("tenant_id", "OrderId"), DeleteMode.HARD));
        s.addAll("copy completed, soft delete", defaults.copyCompleted(keys, T, List.of("tenant_id", "OrderId"), DeleteMode.SOFT));
        return s;
    }

    private Statements catalog() {
        Statements s = new Statements();
        s.add("varchar length of a column", RedshiftCatalogLookup.VARCHAR_LENGTH_QUERY);
        s.add("primary-key constraint", RedshiftCatalogLookup.PRIMARY_KEY_QUERY);
        s.add("table oid", RedshiftCatalog.TABLE_OID);
        s.add("relation exists", RedshiftCatalog.RELATION_EXISTS);
        s.add("columns and their types", RedshiftCatalog.COLUMNS);
        s.add("primary-key and unique columns", RedshiftCatalog.UNIQUE_KEYS);
        s.add("table comment", RedshiftCatalog.COMMENT);
        s.add("schema exists", RedshiftCatalog.SCHEMA_EXISTS);
        s.add("create schema", RedshiftCatalog.createSchema("warehouse"));
        s.add("session time zone", RedshiftCatalog.TIME_ZONE);
        s.add("privilege: temporary tables", RedshiftCatalog.TEMP_PRIVILEGE);
        s.add("privilege: create schemas", RedshiftCatalog.CREATE_PRIVILEGE);
        s.add("privilege: schema", RedshiftCatalog.SCHEMA_PRIVILEGE);
        s.add("privilege: checkpoint table", RedshiftCatalog.TABLE_PRIVILEGE);
        s.add("current user", RedshiftCatalog.CURRENT_USER);
        s.add("current database", RedshiftCatalog.CURRENT_DATABASE);
        return s;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** What verify's reader sends (sink-jdbc's TargetReadSql with {@link RedshiftReadBack}). */
    private Statements verify() {
        Statements s = new Statements();
        TargetReadSql sql = new TargetReadSql(RedshiftIdentifiers::quote, new RedshiftReadBack());
        s.add("count, hard delete", sql.count(Samples.orders(DeleteMode.HARD)));
        s.add("count, soft delete", sql.count(Samples.orders(DeleteMode.SOFT)));
        s.add("rows by key, composite key, two keys", sql.rowsByKey(Samples.orders(DeleteMode.HARD), 2));
        s.add("rows by key, soft delete, one key", sql.rowsByKey(Samples.orders(DeleteMode.SOFT), 1));
        s.add("rows by key, every type, two keys", sql.rowsByKey(everyType(), 2));
        TableSchema binaryKey = new TableSchema(Samples.EVERY_TYPE, List.of(
                Samples.key("b", Samples.length(Kind.VARBINARY, 16, "varbinary(16)")),
                Samples.key("t", Samples.fraction(Kind.TIMESTAMP, 6, "timestamp(6)")),
                Samples.col("v", Samples.type(Kind.TEXT, "text"))),
                List.of("b", "t"));
        s.add("rows by key, varbyte and timestamptz key, two keys", sql.rowsByKey(Samples.target(binaryKey, "warehouse",
                "bin", DeleteMode.HARD, types), 2));
        s.add("every key, composite, soft delete", sql.keys(Samples.orders(DeleteMode.SOFT)));
        s.add("every key, varbyte", sql.keys(Samples.target(binaryKey, "warehouse", "bin", DeleteMode.HARD, types)));
        return s;
    }

    private TargetTable everyType() {
        return Samples.target(Samples.everyType(), "warehouse", "EveryType", DeleteMode.HARD, types);
    }

    private RedshiftSchemaChanges schema(RedshiftSchemaOptions options) {
        return new RedshiftSchemaChanges(types, options, FakeLookup.EMPTY);
    }

    private static RedshiftSchemaOptions layout(RedshiftTableLayout layout) {
        return new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.STOP,
                RedshiftSchemaOptions.PrimaryKeyChange.REPLACE_CONSTRAINT, layout);
    }

    /** Labelled statements in the golden-file format. */
    private static final class Statements {
        private final StringBuilder text = new StringBuilder();

        void add(String label, String sql) {
            if (sql.contains(";\n\n")) {
                throw new IllegalArgumentException("a statement must not contain the separator: " + sql);
            }
            text.append("-- ").append(label).append('\n').append(sql).append(";\n\n");
        }

        void addAll(String label, List<String> statements) {
            for (int i = 0; i < statements.size(); i++) {
                add(statements.size() == 1 ? label : label + " (" + (i + 1) + "/" + statements.size() + ")", statements.get(i));
            }
        }

        void change(String label, RedshiftSchemaChanges changes, SchemaChange change, DeleteMode mode) throws SQLException {
            SchemaChangeStatements st = changes.statements(change, T, mode, null);
            st.outsideTransaction().forEach(sql -> add(label + " [outside transaction]", sql));
            st.fallback().forEach(sql -> add(label + " [instead, when the batch already holds the table]", sql));
            addAll(label, st.inTransaction());
        }

        String text() {
            return text.toString();
        }

    }
}
