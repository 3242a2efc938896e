package io.vitessreplicator.sink.redshift.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlRewriterTest {

    private static String sql(String redshift) throws SQLException {
        Rewritten r = SqlRewriter.rewrite(redshift);
        assertThat(r.action()).isEqualTo(Rewritten.Action.EXECUTE);
        return r.sql();
    }

    private static void refused(String redshift, String... fragments) {
        assertThatThrownBy(() -> SqlRewriter.rewrite(redshift)).isInstanceOf(SQLException.class)
                .hasMessageStartingWith("redshift-emulator: ").hasMessageContainingAll(fragments);
    }

    // ---- tokenizer ----------------------------------------------------------------------------

    @Test
    void tokensGiveBackTheTextAndKeepLiteralsIdentifiersAndCommentsWhole() throws SQLException {
        String text = "SELECT 'it''s \\' -- x', \"a \"\"q\"\" b\", $$ SYSDATE $$ -- SYSDATE\n/* SYSDATE /* n */ */ 1.5e3::int ?";
        List<SqlToken> tokens = SqlTokenizer.tokenize(text);
        assertThat(String.join("", tokens.stream().map(SqlToken::text).toList())).isEqualTo(text);
        List<SqlToken> sig = tokens.stream().filter(SqlToken::significant).toList();
        assertThat(sig).extracting(SqlToken::kind).containsExactly(SqlToken.Kind.WORD, SqlToken.Kind.STRING,
                SqlToken.Kind.SYMBOL, SqlToken.Kind.QUOTED_IDENTIFIER, SqlToken.Kind.SYMBOL, SqlToken.Kind.STRING,
                SqlToken.Kind.NUMBER, SqlToken.Kind.SYMBOL, SqlToken.Kind.WORD, SqlToken.Kind.PARAMETER);
        assertThat(sig.get(1).stringValue()).isEqualTo("it's ' -- x");
        assertThat(sig.get(3).name()).isEqualTo("a \"q\" b");
        assertThat(sig.get(7).text()).isEqualTo("::");
    }

    @Test
    void stringValuesDecodeRedshiftBackslashEscapes() throws SQLException {
        SqlToken t = SqlTokenizer.tokenize("'\\000a\\\\b\\tc\\x41'").get(0);
        assertThat(t.rawString()).isEqualTo("\\000a\\\\b\\tc\\x41");
        assertThat(t.stringValue()).isEqualTo("\0a\\b\tcA");
    }

    @Test
    void unterminatedLiteralsAreSyntaxErrors() {
        refused("SELECT 'abc", "unterminated quoted string");
        refused("SELECT \"abc", "unterminated quoted identifier");
        refused("SELECT 1 /* x", "unterminated /* comment");
    }

    // ---- rewrites -------------------------------------------------------------------------------

    @Test
    void caseSensitiveIdentifierIsANoOpAndOtherSetsPassThrough() throws SQLException {
        assertThat(SqlRewriter.rewrite("SET enable_case_sensitive_identifier TO true").action())
                .isEqualTo(Rewritten.Action.NO_OP);
        assertThat(SqlRewriter.rewrite("set ENABLE_CASE_SENSITIVE_IDENTIFIER = on;").action())
                .isEqualTo(Rewritten.Action.NO_OP);
        refused("SET enable_case_sensitive_identifier TO false", "only emulates true");
        assertThat(sql("SET timezone TO 'UTC'")).isEqualTo("SET timezone TO 'UTC'");
    }

    @Test
    void varbyteBecomesADomainWithItsLength() throws SQLException {
        Rewritten r = SqlRewriter.rewrite("CREATE TABLE t (a varbyte(16), b VARBYTE, c varbyte ( 4 ))");
        assertThat(r.sql()).isEqualTo("CREATE TABLE t (a _vr_emulator.\"varbyte(16)\", b _vr_emulator.\"varbyte(64000)\","
                + " c _vr_emulator.\"varbyte(4)\")");
        assertThat(r.varbyteLengths()).isEqualTo(Set.of(16, 64000, 4));
        refused("CREATE TABLE t (a varbyte(16777217))", "1 to 16777216");
        refused("CREATE TABLE t (a varbyte(0))", "1 to 16777216");
    }

    @Test
    void superBecomesTheJsonbDomainOnlyInTypePositions() throws SQLException {
        assertThat(sql("CREATE TABLE t (\"doc\" super, \"x\" SUPER NOT NULL)"))
                .isEqualTo("CREATE TABLE t (\"doc\" _vr_emulator.\"super\", \"x\" _vr_emulator.\"super\" NOT NULL)");
        assertThat(sql("ALTER TABLE t ADD COLUMN \"doc\" super")).isEqualTo("ALTER TABLE t ADD COLUMN \"doc\" _vr_emulator.\"super\"");
        assertThat(sql("ALTER TABLE t ADD doc super")).isEqualTo("ALTER TABLE t ADD doc _vr_emulator.\"super\"");
        assertThat(sql("SELECT CAST(x AS super), y::super FROM t"))
                .isEqualTo("SELECT CAST(x AS _vr_emulator.\"super\"), y::_vr_emulator.\"super\" FROM t");
        // a column or alias named super, and the word in literals, stay
        assertThat(sql("SELECT super, (SELECT 1 AS super) FROM t WHERE a = 'super'"))
                .isEqualTo("SELECT super, (SELECT 1 AS super) FROM t WHERE a = 'super'");
        assertThat(sql("SELECT \"super\" FROM s.super")).isEqualTo("SELECT \"super\" FROM s.super");
    }

    @Test
    void varcharStaysButItsRedshiftLimitsAreChecked() throws SQLException {
        assertThat(sql("CREATE TABLE t (a varchar(65535), b character varying(10), c char(4096))"))
                .isEqualTo("CREATE TABLE t (a varchar(65535), b character varying(10), c char(4096))");
        refused("CREATE TABLE t (a varchar(65536))", "1 to 65535 bytes");
        refused("CREATE TABLE t (a char(4097))", "1 to 4096");
    }

    @Test
    void distributionSortKeysAndEncodingsAreRemoved() throws SQLException {
        assertThat(sql("CREATE TABLE IF NOT EXISTS \"w\".\"o\" (\n  \"a\" integer NOT NULL,\n  \"B\" bigint ENCODE az64,\n"
                + "  PRIMARY KEY (\"a\", \"B\")\n)\nDISTSTYLE AUTO COMPOUND SORTKEY (\"a\", \"B\");"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"w\".\"o\" (\n  \"a\" integer NOT NULL,\n  \"B\" bigint,\n"
                        + "  PRIMARY KEY (\"a\", \"B\")\n);");
        assertThat(sql("CREATE TABLE t (a int, b int) DISTSTYLE KEY DISTKEY (b) INTERLEAVED SORTKEY (a, b) ENCODE AUTO"))
                .isEqualTo("CREATE TABLE t (a int, b int)");
        assertThat(sql("CREATE TABLE t (a int DISTKEY SORTKEY, b int) DISTSTYLE KEY"))
                .isEqualTo("CREATE TABLE t (a int, b int)");
        assertThat(sql("create temp table t (a int) diststyle all")).isEqualTo("create temp table t (a int)");
        assertThat(sql("ALTER TABLE t ADD COLUMN c int ENCODE zstd")).isEqualTo("ALTER TABLE t ADD COLUMN c int");
        // not in literals or quoted names
        assertThat(sql("INSERT INTO t (\"DISTSTYLE\") VALUES ('DISTSTYLE ALL')"))
                .isEqualTo("INSERT INTO t (\"DISTSTYLE\") VALUES ('DISTSTYLE ALL')");
    }

    @Test
    void layoutsAreCheckedAsRedshiftChecksThem() {
        refused("CREATE TABLE t (a int) DISTSTYLE RANDOM", "DISTSTYLE must be AUTO, EVEN, ALL or KEY");
        refused("CREATE TABLE t (a int) DISTSTYLE KEY", "needs a DISTKEY");
        refused("CREATE TABLE t (a int) DISTSTYLE EVEN DISTKEY (a)", "only DISTSTYLE KEY takes a DISTKEY");
        refused("CREATE TABLE t (a int) DISTKEY (b)", "column b named in a distribution or sort key");
        refused("CREATE TABLE t (\"a\" int) COMPOUND SORTKEY (\"a\", \"A\")", "column \"A\"");
        refused("CREATE TABLE t (a int ENCODE gzip)", "not a Redshift compression encoding");
    }

    @Test
    void sysdateAndGetdateBecomeUtcTimestamps() throws SQLException {
        assertThat(sql("UPDATE t SET a = SYSDATE, b = sysdate, c = GETDATE(), d = 'SYSDATE', \"SYSDATE\" = 1"))
                .isEqualTo("UPDATE t SET a = (transaction_timestamp() AT TIME ZONE 'UTC'), b = (transaction_timestamp()"
                        + " AT TIME ZONE 'UTC'), c = (statement_timestamp() AT TIME ZONE 'UTC'), d = 'SYSDATE',"
                        + " \"SYSDATE\" = 1");
        assertThat(sql("CREATE TABLE t (at timestamptz NOT NULL DEFAULT SYSDATE)"))
                .isEqualTo("CREATE TABLE t (at timestamptz NOT NULL DEFAULT (transaction_timestamp() AT TIME ZONE 'UTC'))");
    }

    @Test
    void identityBecomesAGeneratedIdentity() throws SQLException {
        assertThat(sql("CREATE TABLE t (id bigint IDENTITY(1,1), x int)"))
                .isEqualTo("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1), x int)");
        assertThat(sql("CREATE TABLE t (id bigint identity ( -5 , 2 ))"))
                .isEqualTo("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH -5 INCREMENT BY 2))");
        assertThat(sql("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (0, 1))"))
                .isEqualTo("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 0 INCREMENT BY 1))");
        refused("CREATE TABLE t (id bigint IDENTITY(1))", "IDENTITY takes (seed, step)");
    }

    @Test
    void formatTypeIsTheEmulatorsInSelects() throws SQLException {
        assertThat(sql("SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_catalog.format_type(1, 2) FROM x"))
                .isEqualTo("SELECT a.attname, _vr_emulator.format_type(a.atttypid, a.atttypmod),"
                        + " _vr_emulator.format_type(1, 2) FROM x");
        assertThat(sql("SELECT 'format_type(1)', \"format_type\"(1)")).isEqualTo("SELECT 'format_type(1)', \"format_type\"(1)");
    }

    @Test
    void everythingElsePassesThrough() throws SQLException {
        for (String s : List.of("LOCK \"s\".\"t\"", "DELETE FROM \"s\" WHERE \"x\" IN (SELECT 1)",
                "ALTER TABLE \"w\".\"o\" ADD PRIMARY KEY (\"a\", \"b\")", "COMMENT ON TABLE t IS 'a '' b'",
                "CREATE TABLE IF NOT EXISTS \"w\".\"k\" (LIKE \"w\".\"o\")", "TRUNCATE t", "")) {
            assertThat(sql(s)).isEqualTo(s);
        }
    }

    // ---- refusals -----------------------------------------------------------------------------

    @Test
    void postgresOnlySqlIsRefused() {
        refused("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING", "ON CONFLICT");
        refused("SELECT DISTINCT ON (a) a FROM t", "DISTINCT ON");
        refused("SELECT a FROM t FOR UPDATE", "FOR UPDATE");
        refused("SELECT a FROM t FOR SHARE", "FOR UPDATE / FOR SHARE");
        refused("DELETE FROM t RETURNING a", "RETURNING");
        refused("SELECT pg_advisory_lock(1)", "advisory locks");
        refused("SELECT pg_try_advisory_xact_lock(1)", "advisory locks");
        refused("COPY t (a) FROM STDIN", "FROM STDIN");
        refused("COPY t TO STDOUT", "COPY ... TO");
        refused("SELECT '{}'::jsonb", "jsonb is PostgreSQL-only");
        refused("SELECT CAST(x AS JSONB) FROM t", "PostgreSQL-only");
        refused("SELECT jsonb_build_object('a', 1)", "PostgreSQL-only");
        refused("CREATE TABLE t (b bytea)", "bytea is PostgreSQL-only");
        refused("ALTER TABLE t ADD COLUMN IF NOT EXISTS c int", "ADD COLUMN IF NOT EXISTS");
        refused("ALTER TABLE t DROP COLUMN IF EXISTS c", "DROP COLUMN IF EXISTS");
        refused("CREATE TEMPORARY TABLE s (a int) ON COMMIT DROP", "ON COMMIT");
        refused("CREATE INDEX i ON t (a)", "no indexes");
        refused("SELECT 1; SELECT 2", "several statements");
        refused("SELECT a FROM t WHERE (a, b) IN ((1, 2), (3, 4))", "row constructor before IN");
        refused("SELECT a FROM t WHERE c = 1 AND (\"a\", \"b\") IN (SELECT a, b FROM u)", "row constructor");
    }

    @Test
    void verifysGoldenStatementsPassWithTheirRedshiftFunctionsReplaced() throws Exception {
        String file = java.nio.file.Files.readString(java.nio.file.Path.of("src", "test", "resources", "golden",
                "verify.sql"));
        int statements = 0;
        for (String part : file.split(";\n")) {
            String statement = part.lines().filter(l -> !l.startsWith("-- ") && !l.isBlank())
                    .collect(java.util.stream.Collectors.joining("\n"));
            if (statement.isEmpty()) {
                continue;
            }
            String rewritten = sql(statement + ";");
            assertThat(rewritten).doesNotContain("TO_HEX(", "FROM_HEX(");
            statements++;
        }
        assertThat(statements).isGreaterThanOrEqualTo(8);
    }

    @Test
    void inAfterOneExpressionOrAFunctionCallPasses() throws SQLException {
        assertThat(sql("SELECT a FROM t WHERE a IN (1, 2) AND lower(b) IN ('x', 'y') AND (a) IN (3)"))
                .isEqualTo("SELECT a FROM t WHERE a IN (1, 2) AND lower(b) IN ('x', 'y') AND (a) IN (3)");
        assertThat(sql("SELECT a FROM t WHERE (\"a\" = CAST(? AS bigint) AND \"b\" = FROM_HEX(?))"
                + " OR (\"a\" = CAST(? AS bigint) AND \"b\" = FROM_HEX(?))"))
                .isEqualTo("SELECT a FROM t WHERE (\"a\" = CAST(? AS bigint) AND \"b\" = _vr_emulator.from_hex(?))"
                        + " OR (\"a\" = CAST(? AS bigint) AND \"b\" = _vr_emulator.from_hex(?))");
        assertThat(sql("SELECT TO_HEX(\"b\") FROM t")).isEqualTo("SELECT _vr_emulator.to_hex(\"b\") FROM t");
    }

    @Test
    void refusalsLookOnlyAtCodeNotAtLiteralsOrQuotedNames() throws SQLException {
        assertThat(sql("SELECT 'ON CONFLICT', \"jsonb\", 'pg_advisory_lock(1)' -- RETURNING\nFROM \"bytea\""))
                .isEqualTo("SELECT 'ON CONFLICT', \"jsonb\", 'pg_advisory_lock(1)' -- RETURNING\nFROM \"bytea\"");
    }

    @Test
    void alterTableTakesOneActionAndAlterColumnOnlyWidensVarchar() throws SQLException {
        refused("ALTER TABLE t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (id)", "one action");
        refused("ALTER TABLE t ALTER COLUMN c TYPE bigint", "only changes a VARCHAR column's length");
        refused("ALTER TABLE t ALTER COLUMN c TYPE varchar(10) USING c::varchar", "nothing after the type");
        refused("ALTER TABLE t ALTER COLUMN c SET NOT NULL", "only changes a VARCHAR's length");
        refused("ALTER TABLE t ALTER COLUMN c DROP NOT NULL", "only changes a VARCHAR's length");
        refused("ALTER TABLE t ALTER COLUMN c SET DATA TYPE varchar(10)", "only changes a VARCHAR's length");
        Rewritten r = SqlRewriter.rewrite("ALTER TABLE \"w\".\"o\" ALTER COLUMN \"Order\" TYPE varchar(400)");
        assertThat(r.sql()).isEqualTo("ALTER TABLE \"w\".\"o\" ALTER COLUMN \"Order\" TYPE varchar(400)");
        assertThat(r.alterColumn()).isEqualTo(new Rewritten.AlterColumnType("\"w\".\"o\"", "Order", 400));
        assertThat(SqlRewriter.rewrite("ALTER TABLE t ALTER c TYPE character varying(5)").alterColumn())
                .isEqualTo(new Rewritten.AlterColumnType("t", "c", 5));
        assertThat(SqlRewriter.rewrite("TRUNCATE \"t\"").truncate()).isTrue();
        assertThat(SqlRewriter.rewrite("ALTER TABLE t ADD COLUMN c varchar(10) DEFAULT CAST('a,b' AS varchar(10))")
                .sql()).isEqualTo("ALTER TABLE t ADD COLUMN c varchar(10) DEFAULT CAST('a,b' AS varchar(10))");
    }

    @Test
    void copyIsHandedToTheEmulator() throws SQLException {
        Rewritten r = SqlRewriter.rewrite("COPY \"s\" (\"a\") FROM 's3://b-1/k/manifest' IAM_ROLE"
                + " 'arn:aws:iam::123456789012:role/x' FORMAT AS CSV QUOTE AS '\"' DELIMITER ',' NULL AS '\\000' GZIP"
                + " MANIFEST;");
        assertThat(r.action()).isEqualTo(Rewritten.Action.COPY);
        assertThat(r.copy().table()).isEqualTo("\"s\"");
    }
}
