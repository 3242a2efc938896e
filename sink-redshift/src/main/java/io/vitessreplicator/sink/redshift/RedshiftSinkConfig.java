package io.vitessreplicator.sink.redshift;

import io.vitessreplicator.config.ConfigNode;
import io.vitessreplicator.sink.jdbc.DeleteMode;
import io.vitessreplicator.sink.jdbc.JdbcSinkSettings;
import io.vitessreplicator.sink.jdbc.TableNamePattern;
import java.net.URI;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated, frozen {@code sink:} section of the Redshift sink ({@code sink.type: redshift}).
 *
 * <p>Every key is read and checked once, in {@link #from}; a bad value fails there with the key's
 * path and line. Secrets (the password, the access keys) stay out of {@link #toString()}. The keys
 * shared with the PostgreSQL sink mean the same; the rest are documented in sink-redshift/README.md.
 */
public final class RedshiftSinkConfig implements JdbcSinkSettings {
    static final String URL_PREFIX = "jdbc:redshift://";
    static final String PG_URL_PREFIX = "jdbc:postgresql://";
    static final int DEFAULT_PORT = 5439;
    static final String DEFAULT_SCHEMA = "public";
    static final String DEFAULT_CHECKPOINT_TABLE = "_vitess_replicator_checkpoint";
    static final String DEFAULT_STAGING_PREFIX = "vitess-replicator-staging";
    static final long MIB = 1024L * 1024;
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    /** Where the staged files go: the replicator writes them, Redshift's COPY reads them. */
    public record Staging(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                          boolean pathStyle, Optional<String> accessKeyId, Optional<String> secretAccessKey,
                          Optional<String> sessionToken, long maxPartBytes) {
        @Override
        public String toString() {
            return "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse("")
                    + region.map(r -> " (" + r + ")").orElse("") + ", access key " + accessKeyId.orElse("(default chain)");
        }
    }

    private final String url;
    private final String driverUrl;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String schema;
    private final TableNamePattern tableName;
    private final String checkpointTable;
    private final DeleteMode deleteMode;
    private final boolean createTables;
    private final int poolMaxSize;
    private final Duration connectTimeout;
    private final Staging staging;
    private final RedshiftCopyStatement.Authorization copyAuthorization;
    private final Optional<String> copyRegion;
    private final RedshiftTypeOptions typeOptions;
    private final RedshiftSchemaOptions schemaOptions;
    private final RedshiftIdentifiers.CaseMode caseMode;

    private RedshiftSinkConfig(ConfigNode s) {
        this.url = s.requiredString("url").trim();
        this.driverUrl = driverUrl(s, url);
        this.user = s.string("user").filter(v -> !v.isEmpty());
        this.password = s.string("password");
        this.caseMode = s.bool("case-sensitive-identifiers", true) ? RedshiftIdentifiers.CaseMode.CASE_SENSITIVE
                : RedshiftIdentifiers.CaseMode.LOWER_CASE_ONLY;
        RedshiftIdentifiers identifiers = new RedshiftIdentifiers(caseMode);
        this.schema = identifier(s, identifiers, "schema", DEFAULT_SCHEMA);
        String pattern = s.string("table-name", "{table}");
        TableNamePattern.problem(pattern).ifPresent(p -> {
            throw s.error("table-name", p);
        });
        this.tableName = TableNamePattern.of(pattern);
        this.checkpointTable = identifier(s, identifiers, "checkpoint-table", DEFAULT_CHECKPOINT_TABLE);
        this.deleteMode = DeleteMode.valueOf(s.choice("delete-mode", "hard", List.of("hard", "soft"))
                .toUpperCase(Locale.ROOT));
        this.createTables = s.bool("create-tables", true);
        ConfigNode pool = s.section("pool");
        this.poolMaxSize = pool.integer("max-size", 2, 1, 16);
        pool.rejectUnknownKeys();
        this.connectTimeout = s.duration("connect-timeout", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        this.staging = staging(s.section("staging"));
        this.copyAuthorization = copyAuthorization(s, staging);
        this.copyRegion = s.string("copy-region").map(String::trim).filter(r -> !r.isEmpty()).map(r -> {
            if (!REGION.matcher(r).matches()) {
                throw s.error("copy-region", "expected an AWS region such as eu-west-1, found '" + r + "'");
            }
            return r;
        });
        this.typeOptions = typeOptions(s.section("types"));
        this.schemaOptions = schemaOptions(s);
    }

    /** Reads the section; the caller rejects unknown keys of {@code section} afterwards. */
    public static RedshiftSinkConfig from(ConfigNode section) {
        return new RedshiftSinkConfig(section);
    }

    /**
     * The URL handed to {@link DriverManager}: as written when a driver on the class path accepts
     * it (Amazon's Redshift JDBC driver, for IAM; a test driver), else a {@code jdbc:redshift://}
     * URL becomes the PostgreSQL driver's {@code jdbc:postgresql://} (Redshift speaks the PostgreSQL
     * protocol), with the default port 5439 filled in.
     */
    private static String driverUrl(ConfigNode s, String url) {
        if (acceptedByDriver(url)) {
            return url;
        }
        if (!url.startsWith(URL_PREFIX) || url.length() == URL_PREFIX.length()) {
            throw s.error("url", "expected a Redshift JDBC URL, e.g. jdbc:redshift://examplecluster.abc123.us-west-2"
                    + ".redshift.amazonaws.com:5439/dev (or the URL of a JDBC driver added with"
                    + " REPLICATOR_EXTRA_CLASSPATH), found '" + redactUrl(url) + "'");
        }
        String rest = url.substring(URL_PREFIX.length());
        int end = firstOf(rest, '/', '?');
        String host = rest.substring(0, end);
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return PG_URL_PREFIX + host + (hasPort ? "" : ":" + DEFAULT_PORT) + rest.substring(end);
    }

    private static boolean acceptedByDriver(String url) {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            try {
                if (d.acceptsURL(url)) {
                    return true;
                }
            } catch (SQLException e) {
                // not this driver
            }
        }
        return false;
    }

    private static int firstOf(String s, char... chars) {
        int end = s.length();
        for (char c : chars) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return end;
    }

    private static String identifier(ConfigNode s, RedshiftIdentifiers identifiers, String key, String defaultValue) {
        String value = s.string(key, defaultValue);
        identifiers.problem(value).ifPresent(p -> {
            throw s.error(key, p);
        });
        return value;
    }

    private static Staging staging(ConfigNode st) {
        if (!st.has("bucket")) {
            throw st.error("bucket", "the Redshift sink stages every batch in S3 before COPY: name the bucket"
                    + " (staging.bucket), which the cluster's COPY role can read");
        }
        String bucket = st.requiredString("bucket").trim();
        if (!BUCKET.matcher(bucket).matches()) {
            throw st.error("bucket", "expected an S3 bucket name (3 to 63 lower-case letters, digits, '.' or '-'),"
                    + " found '" + bucket + "'");
        }
        String prefix = st.string("prefix", DEFAULT_STAGING_PREFIX).trim();
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.isEmpty() || !prefix.matches("[A-Za-z0-9._=/-]+") || prefix.contains("//")) {
            throw st.error("prefix", "expected a key prefix of letters, digits and . _ = - /, found '" + prefix + "'");
        }
        Optional<URI> endpoint = st.string("endpoint").map(String::trim).filter(e -> !e.isEmpty()).map(e -> {
            URI u = null;
            try {
                u = URI.create(e);
            } catch (IllegalArgumentException ex) {
                // reported below
            }
            if (u == null || u.getScheme() == null || !List.of("http", "https").contains(u.getScheme())
                    || u.getHost() == null) {
                throw st.error("endpoint", "expected http(s)://host[:port], found '" + e + "'");
            }
            return u;
        });
        Optional<String> region = st.string("region").map(String::trim).filter(r -> !r.isEmpty());
        boolean pathStyle = st.bool("path-style", false);
        Optional<String> keyId = st.string("access-key-id").filter(v -> !v.isEmpty());
        Optional<String> secret = st.string("secret-access-key").filter(v -> !v.isEmpty());
        Optional<String> token = st.string("session-token").filter(v -> !v.isEmpty());
        if (keyId.isPresent() != secret.isPresent()) {
            throw st.error(keyId.isPresent() ? "secret-access-key" : "access-key-id", "set access-key-id and"
                    + " secret-access-key together, or neither (then the AWS default credential chain is used)");
        }
        if (token.isPresent() && keyId.isEmpty()) {
            throw st.error("session-token", "a session token needs access-key-id and secret-access-key");
        }
        long maxPart = st.bytes("max-part-size", RedshiftStagedFiles.DEFAULT_MAX_PART_BYTES, MIB, 1024 * MIB);
        st.rejectUnknownKeys();
        return new Staging(bucket, prefix, endpoint, region, pathStyle, keyId, secret, token, maxPart);
    }

    /**
     * How COPY reads the staged files: {@code iam-role} (the cluster assumes the role; recommended),
     * or, without it, the staging access keys, which then appear in the COPY statement's text (never
     * in the log).
     */
    private static RedshiftCopyStatement.Authorization copyAuthorization(ConfigNode s, Staging staging) {
        Optional<String> role = s.string("iam-role").map(String::trim).filter(r -> !r.isEmpty());
        if (role.isPresent()) {
            if (!ROLE_ARN.matcher(role.get()).matches()) {
                throw s.error("iam-role", "expected an IAM role ARN such as arn:aws:iam::123456789012:role/redshift-copy,"
                        + " found '" + role.get() + "'");
            }
            return new RedshiftCopyStatement.IamRole(role.get());
        }
        if (staging.accessKeyId().isEmpty()) {
            throw s.error("iam-role", "COPY needs a way to read the staged files: set iam-role to a role the cluster"
                    + " may assume (recommended), or give staging.access-key-id and staging.secret-access-key, which"
                    + " COPY then uses too");
        }
        return new RedshiftCopyStatement.AccessKeys(staging.accessKeyId().get(), staging.secretAccessKey().get(),
                staging.sessionToken().orElse(null));
    }

    private static RedshiftTypeOptions typeOptions(ConfigNode t) {
        boolean jsonAsSuper = t.choice("json", "super", List.of("super", "varchar")).equals("super");
        RedshiftTypeOptions.WideDecimal wide = RedshiftTypeOptions.WideDecimal.valueOf(
                t.choice("wide-decimal", "stop", List.of("stop", "varchar")).toUpperCase(Locale.ROOT));
        RedshiftTypeOptions.LongText longText = RedshiftTypeOptions.LongText.valueOf(
                t.choice("long-text", "varchar-max", List.of("varchar-max", "varbyte", "stop")).toUpperCase(Locale.ROOT)
                        .replace('-', '_'));
        RedshiftTypeOptions.TimeType time = RedshiftTypeOptions.TimeType.valueOf(
                t.choice("time", "time", List.of("time", "varchar")).toUpperCase(Locale.ROOT));
        t.rejectUnknownKeys();
        return new RedshiftTypeOptions(jsonAsSuper, wide, longText, time);
    }

    private static RedshiftSchemaOptions schemaOptions(ConfigNode s) {
        RedshiftSchemaOptions.TypeRewrite rewrite = RedshiftSchemaOptions.TypeRewrite.valueOf(
                s.choice("type-change", "stop", List.of("stop", "rewrite-column")).toUpperCase(Locale.ROOT)
                        .replace('-', '_'));
        RedshiftSchemaOptions.PrimaryKeyChange pk = RedshiftSchemaOptions.PrimaryKeyChange.valueOf(
                s.choice("primary-key-change", "replace-constraint", List.of("replace-constraint", "stop"))
                        .toUpperCase(Locale.ROOT).replace('-', '_'));
        ConfigNode l = s.section("layout");
        RedshiftTableLayout.DistStyle dist = RedshiftTableLayout.DistStyle.valueOf(
                l.choice("dist-style", "auto", List.of("auto", "even", "all", "key")).toUpperCase(Locale.ROOT));
        String distKey = l.string("dist-key").map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
        if (distKey != null && dist != RedshiftTableLayout.DistStyle.KEY) {
            throw l.error("dist-key", "a distribution key needs dist-style: key");
        }
        List<String> sortColumns = l.has("sort-key-columns") ? l.strings("sort-key-columns") : List.of();
        RedshiftTableLayout.SortKey sort = RedshiftTableLayout.SortKey.valueOf(
                l.choice("sort-key", sortColumns.isEmpty() ? "primary-key" : "columns",
                        List.of("primary-key", "auto", "columns")).toUpperCase(Locale.ROOT).replace('-', '_'));
        if ((sort == RedshiftTableLayout.SortKey.COLUMNS) == sortColumns.isEmpty()) {
            throw l.error(sortColumns.isEmpty() ? "sort-key-columns" : "sort-key", "sort-key: columns and"
                    + " sort-key-columns go together (list the columns, which every replicated table must have)");
        }
        l.rejectUnknownKeys();
        return new RedshiftSchemaOptions(rewrite, pk, new RedshiftTableLayout(dist, distKey, sort,
                new ArrayList<>(sortColumns)));
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    static String redactUrl(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** The URL for the JDBC driver (see {@link #driverUrl}); contains the password when the URL does. */
    @Override
    public String url() {
        return driverUrl;
    }

    @Override
    public String redactedUrl() {
        return redactUrl(url);
    }

    @Override
    public String hostPort() {
        int start = url.indexOf("//");
        if (start < 0) {
            return redactUrl(url);
        }
        String rest = url.substring(start + 2);
        return rest.substring(0, firstOf(rest, '/', '?'));
    }

    @Override
    public Optional<String> user() {
        return user;
    }

    @Override
    public Optional<String> password() {
        return password;
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public TableNamePattern tableName() {
        return tableName;
    }

    @Override
    public String checkpointTable() {
        return checkpointTable;
    }

    @Override
    public DeleteMode deleteMode() {
        return deleteMode;
    }

    @Override
    public boolean createTables() {
        return createTables;
    }

    @Override
    public int poolMaxSize() {
        return poolMaxSize;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Staging staging() {
        return staging;
    }

    public RedshiftCopyStatement.Authorization copyAuthorization() {
        return copyAuthorization;
    }

    public Optional<String> copyRegion() {
        return copyRegion;
    }

    public RedshiftTypeOptions typeOptions() {
        return typeOptions;
    }

    public RedshiftSchemaOptions schemaOptions() {
        return schemaOptions;
    }

    public RedshiftIdentifiers.CaseMode caseMode() {
        return caseMode;
    }

    @Override
    public String toString() {
        return "RedshiftSinkConfig{url=" + redactUrl(url) + ", user=" + user.orElse("(driver default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", schema=" + schema
                + ", table-name=" + tableName + ", checkpoint-table=" + checkpointTable
                + ", delete-mode=" + deleteMode.name().toLowerCase(Locale.ROOT) + ", create-tables=" + createTables
                + ", staging=" + staging + ", copy=" + copyAuthorization + ", types=" + typeOptions
                + ", schema-changes=" + schemaOptions + ", case=" + caseMode + "}";
    }
}
