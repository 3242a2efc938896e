package io.vitessreplicator.sink.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftCopyStatementTest {
    private static final List<String> COLUMNS = List.of("\"id\"", "\"_vr_op\"", "\"_vr_seq\"");

    @Test
    void loadsGzipCsvFromAManifestWithNulAsTheNullMarker() {
        RedshiftCopyStatement copy = new RedshiftCopyStatement("\"_vr_stage_1\"", COLUMNS,
                "s3://bucket/prefix/batch-1/manifest",
                new RedshiftCopyStatement.IamRole("arn:aws:iam::123456789012:role/loader"), null);
        assertThat(copy.sql()).isEqualTo("COPY \"_vr_stage_1\" (\"id\", \"_vr_op\", \"_vr_seq\")\n"
                + "FROM 's3://bucket/prefix/batch-1/manifest'\n"
                + "IAM_ROLE 'arn:aws:iam::123456789012:role/loader'\n"
                + "FORMAT AS CSV QUOTE AS '\"' DELIMITER ',' NULL AS '\\000' GZIP MANIFEST\n"
                + "COMPUPDATE OFF STATUPDATE OFF");
        assertThat(copy.sql()).doesNotContain("EMPTYASNULL", "BLANKSASNULL", "TRUNCATECOLUMNS", "ACCEPTINVCHARS",
                "TRIMBLANKS", "FILLRECORD");
    }

    @Test
    void accessKeysAreMaskedInToString() {
        RedshiftCopyStatement copy = new RedshiftCopyStatement("\"s\"", COLUMNS, "s3://b/m",
                new RedshiftCopyStatement.AccessKeys("AKIAEXAMPLE", "secret/key", "token"), "eu-west-1");
        assertThat(copy.sql()).contains("ACCESS_KEY_ID 'AKIAEXAMPLE' SECRET_ACCESS_KEY 'secret/key' SESSION_TOKEN 'token'")
                .endsWith("\nREGION 'eu-west-1'");
        assertThat(copy.toString()).contains("SECRET_ACCESS_KEY '***' SESSION_TOKEN '***'").doesNotContain("secret/key");
        assertThat(new RedshiftCopyStatement.AccessKeys("AKIA", "s3cr3t", null).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void badLocationsRolesAndRegionsAreRefused() {
        RedshiftCopyStatement.IamRole role = new RedshiftCopyStatement.IamRole("arn:aws:iam::123456789012:role/a");
        assertThatThrownBy(() -> new RedshiftCopyStatement("\"s\"", COLUMNS, "https://b/m", role, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedshiftCopyStatement.IamRole("arn:aws:iam::1:role/a' x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedshiftCopyStatement("\"s\"", COLUMNS, "s3://b/m", role, "eu west"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RedshiftCopyStatement("\"s\"", COLUMNS, "s3://b/it's", role, null).sql())
                .contains("FROM 's3://b/it''s'");
    }
}
