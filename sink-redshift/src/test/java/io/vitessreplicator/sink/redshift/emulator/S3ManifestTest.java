package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class S3ManifestTest {

    @Test
    void entriesWithAndWithoutMeta() {
        assertThat(S3Manifest.parse("{\"entries\":[{\"url\":\"s3://b-1/p/part-00000.csv.gz\",\"mandatory\":true,"
                + "\"meta\":{\"content_length\":123}},{\"url\":\"s3://other/k\"}]}")).containsExactly(
                new S3Manifest.Entry("s3://b-1/p/part-00000.csv.gz", "b-1", "p/part-00000.csv.gz", true, 123L),
                new S3Manifest.Entry("s3://other/k", "other", "k", false, null));
    }

    @Test
    void strict() {
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":[]}")).hasMessageContaining("lists no files");
        assertThatThrownBy(() -> S3Manifest.parse("{\"files\":[]}")).hasMessageContaining("unknown key \"files\"");
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":[{\"url\":\"https://x/y\"}]}"))
                .hasMessageContaining("not an s3://bucket/key URL");
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":[{\"url\":\"s3://b/k\",\"mandatory\":\"yes\"}]}"))
                .hasMessageContaining("\"mandatory\" must be true or false");
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":[{\"url\":\"s3://b/k\",\"meta\":{\"content_length\":1.5}}]}"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":[{\"url\":\"s3://b/k\",\"x\":1}]}"))
                .hasMessageContaining("unknown key \"x\"");
        assertThatThrownBy(() -> S3Manifest.parse("{\"entries\":")).hasMessageContaining("not valid JSON");
    }

    @Test
    void urlParametersAreSplitBetweenTheEmulatorAndPgjdbc() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "u");
        p.setProperty("s3Region", "eu-central-1");
        EmulatorConfig c = EmulatorConfig.parse("jdbc:redshift-emulator://h:5432/db?ApplicationName=x&s3Endpoint="
                + "http%3A%2F%2F127.0.0.1%3A9000&s3AccessKeyId=ak&s3SecretAccessKey=sk&stringtype=unspecified", p);
        assertThat(c.postgresUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ApplicationName=x&stringtype=unspecified");
        assertThat(c.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.s3Region()).isEqualTo("eu-central-1");
        assertThat(c.s3AccessKeyId()).isEqualTo("ak");
        assertThat(c.s3SecretAccessKey()).isEqualTo("sk");
        assertThat(c.toString()).doesNotContain("sk");
        assertThat(p).containsOnlyKeys("user");
        assertThatThrownBy(() -> EmulatorConfig.parse("jdbc:redshift-emulator://h:5432/db", new Properties()))
                .hasMessageContaining("needs s3Endpoint");
        assertThat(new RedshiftEmulatorDriver().acceptsURL("jdbc:postgresql://h/db")).isFalse();
        assertThat(new RedshiftEmulatorDriver().connect("jdbc:postgresql://h/db", new Properties())).isNull();
    }
}
