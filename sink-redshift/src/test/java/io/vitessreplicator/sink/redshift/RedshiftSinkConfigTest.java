package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.config.ConfigException;
import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.model.TableId;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedshiftSinkConfigTest {
    private static final String URL = "jdbc:redshift://examplecluster.abc123.us-west-2.redshift.amazonaws.com/dev";
    private static final String ROLE = "arn:aws:iam::123456789012:role/redshift-copy";

    private static RedshiftSinkConfig read(Map<String, ?> values) {
        ConfigNode node = new ConfigNode("sink", values, Map.of("sink.url", 12, "sink.staging.bucket", 20));
        RedshiftSinkConfig config = RedshiftSinkConfig.from(node);
        node.rejectUnknownKeys();
        return config;
    }

    private static Map<String, Object> minimal() {
        Map<String, Object> m = new HashMap<>();
        m.put("url", URL);
        m.put("iam-role", ROLE);
        m.put("staging", new HashMap<>(Map.of("bucket", "my-staging")));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> staging(Map<String, Object> m) {
        return (Map<String, Object>) m.get("staging");
    }

    @Test
    void defaults() {
        RedshiftSinkConfig c = read(minimal());
        assertThat(c.url()).as("jdbc:redshift:// goes to the PostgreSQL driver, with Redshift's port")
                .isEqualTo("jdbc:postgresql://examplecluster.abc123.us-west-2.redshift.amazonaws.com:5439/dev");
        assertThat(c.hostPort()).isEqualTo("examplecluster.abc123.us-west-2.redshift.amazonaws.com");
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.tableName().targetName(new TableId("customer", "orders"))).isEqualTo("orders");
        assertThat(c.checkpointTable()).isEqualTo("_vitess_replicator_checkpoint");
        assertThat(c.deleteMode()).isEqualTo(DeleteMode.HARD);
        assertThat(c.staging().bucket()).isEqualTo("my-staging");
        assertThat(c.staging().prefix()).isEqualTo("vitess-replicator-staging");
        assertThat(c.staging().maxPartBytes()).isEqualTo(RedshiftStagedFiles.DEFAULT_MAX_PART_BYTES);
        assertThat(c.copyAuthorization()).isEqualTo(new RedshiftCopyStatement.IamRole(ROLE));
        assertThat(c.copyRegion()).isEmpty();
        assertThat(c.typeOptions()).isEqualTo(RedshiftTypeOptions.DEFAULTS);
        assertThat(c.schemaOptions()).isEqualTo(RedshiftSchemaOptions.DEFAULTS);
        assertThat(c.caseMode()).isEqualTo(RedshiftIdentifiers.CaseMode.CASE_SENSITIVE);
    }

    @Test
    void aGivenPortAndParametersAreKept() {
        Map<String, Object> m = minimal();
        m.put("url", "jdbc:redshift://host.example:5440/dev?ssl=true&sslmode=verify-full");
        assertThat(read(m).url()).isEqualTo("jdbc:postgresql://host.example:5440/dev?ssl=true&sslmode=verify-full");
    }

    @Test
    void everyOption() {
        Map<String, Object> m = minimal();
        m.remove("iam-role");
        Map<String, Object> st = staging(m);
        st.put("prefix", "/cdc/stage/");
        st.put("endpoint", "http://127.0.0.1:9000");
        st.put("region", "eu-west-1");
        st.put("path-style", "true");
        st.put("access-key-id", "AKIAEXAMPLE");
        st.put("secret-access-key", "s3cret");
        st.put("max-part-size", "16MiB");
        m.put("copy-region", "eu-west-1");
        m.put("types", Map.of("json", "varchar", "wide-decimal", "varchar", "long-text", "stop", "time", "varchar"));
        m.put("type-change", "rewrite-column");
        m.put("primary-key-change", "stop");
        m.put("layout", Map.of("dist-style", "key", "dist-key", "tenant_id", "sort-key-columns", List.of("created_at")));
        m.put("case-sensitive-identifiers", "false");
        RedshiftSinkConfig c = read(m);
        assertThat(c.staging().prefix()).isEqualTo("cdc/stage");
        assertThat(c.staging().maxPartBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.copyAuthorization()).as("without iam-role, COPY uses the staging keys")
                .isEqualTo(new RedshiftCopyStatement.AccessKeys("AKIAEXAMPLE", "s3cret", null));
        assertThat(c.copyRegion()).contains("eu-west-1");
        assertThat(c.typeOptions()).isEqualTo(new RedshiftTypeOptions(false, RedshiftTypeOptions.WideDecimal.VARCHAR,
                RedshiftTypeOptions.LongText.STOP, RedshiftTypeOptions.TimeType.VARCHAR));
        assertThat(c.schemaOptions()).isEqualTo(new RedshiftSchemaOptions(RedshiftSchemaOptions.TypeRewrite.REWRITE_COLUMN,
                RedshiftSchemaOptions.PrimaryKeyChange.STOP, new RedshiftTableLayout(RedshiftTableLayout.DistStyle.KEY,
                "tenant_id", RedshiftTableLayout.SortKey.COLUMNS, List.of("created_at"))));
        assertThat(c.caseMode()).isEqualTo(RedshiftIdentifiers.CaseMode.LOWER_CASE_ONLY);
        assertThat(c.toString()).doesNotContain("s3cret").contains("AKIAEXAMPLE");
    }

    @Test
    void secretsStayOutOfToString() {
        Map<String, Object> m = minimal();
        m.put("url", URL + "?password=hunter2");
        m.put("password", "hunter3");
        assertThat(read(m).toString()).doesNotContain("hunter2").doesNotContain("hunter3");
    }

    @Test
    void badValuesNameTheKey() {
        Map<String, Object> noStaging = minimal();
        noStaging.remove("staging");
        assertThatThrownBy(() -> read(noStaging)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.staging.bucket").hasMessageContaining("COPY");

        Map<String, Object> pgUrl = minimal();
        pgUrl.put("url", "jdbc:mysql://host/db");
        assertThatThrownBy(() -> read(pgUrl)).isInstanceOf(ConfigException.class).hasMessageContaining("sink.url")
                .hasMessageContaining("jdbc:redshift://");

        Map<String, Object> noAuth = minimal();
        noAuth.remove("iam-role");
        assertThatThrownBy(() -> read(noAuth)).isInstanceOf(ConfigException.class).hasMessageContaining("sink.iam-role")
                .hasMessageContaining("staging.access-key-id");

        Map<String, Object> badRole = minimal();
        badRole.put("iam-role", "redshift-copy");
        assertThatThrownBy(() -> read(badRole)).isInstanceOf(ConfigException.class).hasMessageContaining("IAM role ARN");

        Map<String, Object> badBucket = minimal();
        staging(badBucket).put("bucket", "My_Bucket");
        assertThatThrownBy(() -> read(badBucket)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.staging.bucket");

        Map<String, Object> halfKeys = minimal();
        staging(halfKeys).put("access-key-id", "AKIA");
        assertThatThrownBy(() -> read(halfKeys)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.staging.secret-access-key");

        Map<String, Object> distKey = minimal();
        distKey.put("layout", Map.of("dist-key", "id"));
        assertThatThrownBy(() -> read(distKey)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.layout.dist-key").hasMessageContaining("dist-style: key");

        Map<String, Object> upper = minimal();
        upper.put("case-sensitive-identifiers", "false");
        upper.put("schema", "Warehouse");
        assertThatThrownBy(() -> read(upper)).isInstanceOf(ConfigException.class).hasMessageContaining("sink.schema")
                .hasMessageContaining("upper-case");

        Map<String, Object> unknown = minimal();
        staging(unknown).put("bukket", "x");
        assertThatThrownBy(() -> read(unknown)).isInstanceOf(ConfigException.class).hasMessageContaining("bukket");
    }

    /** config/redshift.yaml's sink section is valid for this sink (the core's test checks the rest of it). */
    @Test
    void theSampleConfigIsValid() throws Exception {
        java.nio.file.Path sample = null;
        for (java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.isRegularFile(dir.resolve("config/redshift.yaml"))) {
                sample = dir.resolve("config/redshift.yaml");
                break;
            }
        }
        assertThat(sample).as("config/redshift.yaml above the module").isNotNull();
        ConfigNode root = io.vitessreplicator.config.ConfigLoader.load(sample, Map.of("REDSHIFT_PASSWORD", "x"));
        ConfigNode sink = root.section("sink");
        assertThat(sink.requiredString("type")).isEqualTo(RedshiftSinkFactory.TYPE);
        RedshiftSinkConfig c = RedshiftSinkConfig.from(sink);
        sink.rejectUnknownKeys();
        assertThat(c.schema()).isEqualTo("analytics");
        assertThat(c.copyAuthorization()).isEqualTo(new RedshiftCopyStatement.IamRole(ROLE));
    }
}
