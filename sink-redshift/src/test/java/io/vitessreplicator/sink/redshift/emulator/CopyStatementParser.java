package io.vitessreplicator.sink.redshift.emulator;

import io.vitessreplicator.sink.redshift.emulator.SqlToken.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a Redshift COPY strictly. Accepted: {@code COPY table [(columns)] FROM 's3://bucket/key'}
 * with exactly one authorization ({@code IAM_ROLE 'arn'}, or {@code ACCESS_KEY_ID} +
 * {@code SECRET_ACCESS_KEY} [+ {@code SESSION_TOKEN}]) and, in any order, each at most once:
 * {@code FORMAT [AS] CSV} (or {@code CSV}), {@code QUOTE [AS] '"'}, {@code DELIMITER [AS] ','},
 * {@code NULL [AS] '\000'}, {@code GZIP}, {@code MANIFEST}, {@code COMPUPDATE [ON|OFF|TRUE|FALSE|PRESET]},
 * {@code STATUPDATE [ON|OFF|TRUE|FALSE]}, {@code REGION [AS] 'region'}. CSV, the quote, the
 * delimiter, the NUL null marker, GZIP and MANIFEST are required: they are the one format the
 * emulator reads. Any other option is an error naming it.
 */
final class CopyStatementParser {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"
            + "(,arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final List<SqlToken> t;
    private int i;

    private CopyStatementParser(List<SqlToken> tokens) {
        this.t = tokens;
    }

    /** @param tokens the statement's significant tokens, without a trailing {@code ;} */
    static CopyCommand parse(List<SqlToken> tokens) throws SQLException {
        return new CopyStatementParser(tokens).parse();
    }

    private CopyCommand parse() throws SQLException {
        for (SqlToken token : t) {
            if (token.kind() == Kind.PARAMETER) {
                throw fail("parameters (?) are not allowed in a COPY");
            }
        }
        expectWord("COPY");
        StringBuilder table = new StringBuilder(identifier("a table name").text());
        while (peek().isSymbol(".")) {
            i++;
            table.append('.').append(identifier("a table name").text());
        }
        List<String> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (peek().isSymbol("(")) {
            i++;
            while (true) {
                SqlToken c = identifier("a column name");
                if (names.contains(c.name())) {
                    throw fail("column " + c.text() + " is named twice in the column list");
                }
                columns.add(c.text());
                names.add(c.name());
                if (peek().isSymbol(",")) {
                    i++;
                } else if (peek().isSymbol(")")) {
                    i++;
                    break;
                } else {
                    throw fail("expected , or ) in the column list at " + peek().text());
                }
            }
        }
        expectWord("FROM");
        SqlToken from = string("the s3:// URL of the manifest");
        String url = from.stringValue();
        if (!url.startsWith("s3://")) {
            throw fail("the emulator loads only from s3:// URLs, not " + url);
        }
        int slash = url.indexOf('/', 5);
        if (slash < 0 || slash == url.length() - 1) {
            throw fail("not an s3://bucket/key URL: " + url);
        }
        String bucket = url.substring(5, slash);
        String key = url.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw fail("not an S3 bucket name: " + bucket);
        }

        Set<String> seen = new HashSet<>();
        String iamRole = null;
        String accessKeyId = null;
        String secretAccessKey = null;
        String sessionToken = null;
        String quote = null;
        String delimiter = null;
        String nullAs = null;
        String region = null;
        while (i < t.size()) {
            SqlToken o = t.get(i++);
            if (o.kind() != Kind.WORD) {
                throw fail("unexpected " + o.text() + " among the COPY options");
            }
            String option = o.text().toUpperCase(Locale.ROOT);
            if (option.equals("FORMAT")) {
                optionalAs();
                SqlToken f = t.size() > i ? t.get(i++) : null;
                if (f == null || f.kind() != Kind.WORD) {
                    throw fail("FORMAT needs a format");
                }
                option = f.text().toUpperCase(Locale.ROOT);
                if (!option.equals("CSV")) {
                    throw notImplemented("FORMAT " + option);
                }
            }
            if (!seen.add(option)) {
                throw fail("option " + option + " is given twice (Redshift: conflicting or redundant options)");
            }
            switch (option) {
                case "IAM_ROLE" -> {
                    if (peek().is("DEFAULT")) {
                        throw notImplemented("IAM_ROLE default");
                    }
                    iamRole = string("the IAM role ARN").stringValue();
                    if (!ROLE_ARN.matcher(iamRole).matches()) {
                        throw fail("not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>): " + iamRole);
                    }
                }
                case "ACCESS_KEY_ID" -> accessKeyId = string("the access key id").stringValue();
                case "SECRET_ACCESS_KEY" -> secretAccessKey = string("the secret access key").stringValue();
                case "SESSION_TOKEN" -> sessionToken = string("the session token").stringValue();
                case "CSV" -> { }
                case "QUOTE" -> {
                    optionalAs();
                    quote = string("the quote character").stringValue();
                }
                case "DELIMITER" -> {
                    optionalAs();
                    delimiter = string("the delimiter").stringValue();
                }
                case "NULL" -> {
                    optionalAs();
                    nullAs = string("the NULL marker").stringValue();
                }
                case "GZIP", "MANIFEST" -> { }
                case "COMPUPDATE" -> {
                    if (peek().is("ON") || peek().is("OFF") || peek().is("TRUE") || peek().is("FALSE")
                            || peek().is("PRESET")) {
                        i++;
                    }
                }
                case "STATUPDATE" -> {
                    if (peek().is("ON") || peek().is("OFF") || peek().is("TRUE") || peek().is("FALSE")) {
                        i++;
                    }
                }
                case "REGION" -> {
                    optionalAs();
                    region = string("the region").stringValue();
                    if (!REGION.matcher(region).matches()) {
                        throw fail("not an AWS region: " + region);
                    }
                }
                default -> throw notImplemented(option);
            }
        }

        CopyCommand.Authorization auth;
        if (iamRole != null) {
            if (accessKeyId != null || secretAccessKey != null || sessionToken != null) {
                throw fail("IAM_ROLE together with access keys; give exactly one authorization");
            }
            auth = new CopyCommand.IamRole(iamRole);
        } else if (accessKeyId != null || secretAccessKey != null || sessionToken != null) {
            if (accessKeyId == null || secretAccessKey == null) {
                throw fail("ACCESS_KEY_ID and SECRET_ACCESS_KEY go together");
            }
            auth = new CopyCommand.AccessKeys(accessKeyId, secretAccessKey, sessionToken);
        } else {
            throw fail("no authorization: give IAM_ROLE '...' or ACCESS_KEY_ID '...' SECRET_ACCESS_KEY '...'");
        }
        require(seen, "CSV", "FORMAT AS CSV");
        require(seen, "GZIP", "GZIP");
        require(seen, "MANIFEST", "MANIFEST");
        require(seen, "QUOTE", "QUOTE AS '\"'");
        require(seen, "DELIMITER", "DELIMITER ','");
        require(seen, "NULL", "NULL AS '\\000'");
        if (!"\"".equals(quote)) {
            throw fail("QUOTE AS '" + quote + "': the emulator reads only QUOTE AS '\"'");
        }
        if (!",".equals(delimiter)) {
            throw fail("DELIMITER '" + delimiter + "': the emulator reads only DELIMITER ','");
        }
        if (!"\0".equals(nullAs)) {
            throw fail("NULL AS '" + nullAs.replace("\0", "\\000") + "': the emulator reads only NULL AS '\\000'"
                    + " (one NUL byte)");
        }
        return new CopyCommand(table.toString(), List.copyOf(columns), List.copyOf(names), bucket, key, auth, region);
    }

    private static void require(Set<String> seen, String option, String form) throws SQLException {
        if (!seen.contains(option)) {
            throw fail("the COPY lacks " + form + "; the emulator implements only the sink's format (CSV, QUOTE '\"',"
                    + " DELIMITER ',', NULL AS '\\000', GZIP, MANIFEST)");
        }
    }

    private void optionalAs() {
        if (peek().is("AS")) {
            i++;
        }
    }

    private SqlToken peek() {
        return i < t.size() ? t.get(i) : new SqlToken(Kind.WHITESPACE, "");
    }

    private void expectWord(String word) throws SQLException {
        if (!peek().is(word)) {
            throw fail("expected " + word + " at " + (i < t.size() ? t.get(i).text() : "the end"));
        }
        i++;
    }

    private SqlToken identifier(String what) throws SQLException {
        SqlToken token = peek();
        if (!token.isIdentifier()) {
            throw fail("expected " + what + " at " + (i < t.size() ? token.text() : "the end"));
        }
        i++;
        return token;
    }

    private SqlToken string(String what) throws SQLException {
        SqlToken token = peek();
        if (token.kind() != Kind.STRING || !token.text().startsWith("'")) {
            throw fail("expected " + what + " as a quoted string at " + (i < t.size() ? token.text() : "the end"));
        }
        i++;
        return token;
    }

    private static SQLException fail(String message) {
        return Refusal.copy(message, null);
    }

    private static SQLException notImplemented(String option) {
        return Refusal.copy("the emulator does not implement " + option + "; the sink must not use it", null);
    }
}
