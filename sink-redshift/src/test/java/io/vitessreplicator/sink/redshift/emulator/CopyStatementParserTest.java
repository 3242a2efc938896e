package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CopyStatementParserTest {
    private static final String FORMAT = "FORMAT AS CSV QUOTE AS '\"' DELIMITER ',' NULL AS '\\000' GZIP MANIFEST";
    private static final String IAM = "IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-loader'";

    private static CopyCommand parse(String sql) throws SQLException {
        return SqlRewriter.rewrite(sql).copy();
    }

    private static void refused(String sql, String... fragments) {
        assertThatThrownBy(() -> SqlRewriter.rewrite(sql)).isInstanceOf(SQLException.class)
                .hasMessageStartingWith("redshift-emulator: COPY failed: ").hasMessageContainingAll(fragments)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("XX000");
    }

    @Test
    void theSinksCopyWithAnIamRole() throws SQLException {
        CopyCommand c = parse("COPY \"_vr_stage_1\" (\"tenant_id\", \"OrderId\", \"_vr_op\")\n"
                + "FROM 's3://replicator-stage/pipeline-a/batch-000042/manifest'\n" + IAM + "\n" + FORMAT
                + "\nCOMPUPDATE OFF STATUPDATE OFF");
        assertThat(c.table()).isEqualTo("\"_vr_stage_1\"");
        assertThat(c.columns()).containsExactly("\"tenant_id\"", "\"OrderId\"", "\"_vr_op\"");
        assertThat(c.columnNames()).containsExactly("tenant_id", "OrderId", "_vr_op");
        assertThat(c.bucket()).isEqualTo("replicator-stage");
        assertThat(c.key()).isEqualTo("pipeline-a/batch-000042/manifest");
        assertThat(c.authorization()).isEqualTo(new CopyCommand.IamRole("arn:aws:iam::123456789012:role/redshift-loader"));
        assertThat(c.region()).isNull();
    }

    @Test
    void accessKeysRegionQualifiedTableAndOptionsInAnyOrder() throws SQLException {
        CopyCommand c = parse("copy \"w\".\"T\" (a) from 's3://b-1/m' region 'eu-west-1' gzip manifest csv"
                + " null '\\000' delimiter as ',' quote '\"' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'se/cret'"
                + " SESSION_TOKEN 'tok' compupdate statupdate on;");
        assertThat(c.table()).isEqualTo("\"w\".\"T\"");
        assertThat(c.authorization()).isEqualTo(new CopyCommand.AccessKeys("AKIA", "se/cret", "tok"));
        assertThat(c.authorization().toString()).doesNotContain("se/cret");
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(parse("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT).columns()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EMPTYASNULL", "BLANKSASNULL", "TRUNCATECOLUMNS", "ACCEPTINVCHARS", "MAXERROR 10",
            "FILLRECORD", "IGNOREHEADER 1", "TRIMBLANKS", "DATEFORMAT 'auto'", "TIMEFORMAT 'auto'", "ESCAPE",
            "REMOVEQUOTES", "EXPLICIT_IDS", "BZIP2", "ENCRYPTED", "ROUNDEC", "CREDENTIALS 'x'"})
    void unknownOptionsAreNamed(String option) {
        String name = option.split(" ")[0];
        refused("COPY t (a) FROM 's3://b-1/m' " + IAM + " " + FORMAT + " " + option,
                "the emulator does not implement " + name + "; the sink must not use it");
    }

    @Test
    void otherFormatsAreNamed() {
        refused("COPY t FROM 's3://b-1/m' " + IAM + " FORMAT AS JSON 'auto' GZIP MANIFEST", "does not implement FORMAT JSON");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " FORMAT PARQUET", "does not implement FORMAT PARQUET");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT + " JSON 'auto'", "does not implement JSON");
    }

    @Test
    void theSinksFormatIsRequired() {
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace(" GZIP", ""), "lacks GZIP");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace(" MANIFEST", ""), "lacks MANIFEST");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace("FORMAT AS CSV ", ""), "lacks FORMAT AS CSV");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace(" NULL AS '\\000'", ""), "lacks NULL AS");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace("'\\000'", "'\\N'"), "reads only NULL AS");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace("','", "'|'"), "reads only DELIMITER ','");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT.replace("'\"'", "'%'"), "reads only QUOTE AS");
    }

    @Test
    void authorizationIsExactlyOne() {
        refused("COPY t FROM 's3://b-1/m' " + FORMAT, "no authorization");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " ACCESS_KEY_ID 'a' SECRET_ACCESS_KEY 'b' " + FORMAT,
                "IAM_ROLE together with access keys");
        refused("COPY t FROM 's3://b-1/m' ACCESS_KEY_ID 'a' " + FORMAT, "go together");
        refused("COPY t FROM 's3://b-1/m' IAM_ROLE 'role-x' " + FORMAT, "not an IAM role ARN");
        refused("COPY t FROM 's3://b-1/m' IAM_ROLE default " + FORMAT, "does not implement IAM_ROLE default");
    }

    @Test
    void malformedCopiesAreRefused() {
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT + " GZIP", "GZIP is given twice");
        refused("COPY t FROM 's3://b-1/m' " + IAM + " " + FORMAT + " REGION 'nowhere'", "not an AWS region");
        refused("COPY t FROM '/tmp/x' " + IAM + " " + FORMAT, "only from s3:// URLs");
        refused("COPY t FROM 's3://b-1' " + IAM + " " + FORMAT, "not an s3://bucket/key URL");
        refused("COPY t (a, \"a\") FROM 's3://b-1/m' " + IAM + " " + FORMAT, "named twice");
        refused("COPY t (a) FROM ? " + IAM + " " + FORMAT, "parameters");
        refused("COPY t (a FROM 's3://b-1/m' " + IAM + " " + FORMAT, "expected , or )");
    }

    @Test
    void theRedshiftCopyStatementClassIsAccepted() throws SQLException {
        io.vitessreplicator.sink.redshift.RedshiftCopyStatement s = new io.vitessreplicator.sink.redshift.RedshiftCopyStatement(
                "\"_vr_stage_9\"", List.of("\"a\"", "\"_vr_op\""), "s3://bucket-x/p/manifest",
                new io.vitessreplicator.sink.redshift.RedshiftCopyStatement.AccessKeys("AK", "S'e\\c", null), "us-west-2");
        CopyCommand c = parse(s.sql());
        assertThat(c.authorization()).isEqualTo(new CopyCommand.AccessKeys("AK", "S'e\\c", null));
        assertThat(c.region()).isEqualTo("us-west-2");
    }
}
