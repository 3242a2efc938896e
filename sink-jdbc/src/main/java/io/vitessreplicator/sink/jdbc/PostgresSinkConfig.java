package io.vitessreplicator.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.config.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated, frozen {@code sink:} section of a PostgreSQL sink.
 *
 * <p>Every key is read and checked once, in {@link #from}; a bad value fails there with the key's
 * path and line, never later when the pipeline is already running. The password is kept out of
 * {@link #toString()} and out of the URL as printed.
 */
public final class PostgresSinkConfig implements JdbcSinkSettings {
    static final String URL_PREFIX = "jdbc:postgresql://";
    static final String DEFAULT_SCHEMA = "public";
    static final String DEFAULT_TABLE_NAME = "{table}";
    static final String DEFAULT_CHECKPOINT_TABLE = "_vitess_replicator_checkpoint";
    static final int DEFAULT_POOL_MAX_SIZE = 4;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String schema;
    private final TableNamePattern tableName;
    private final String checkpointTable;
    private final DeleteMode deleteMode;
    private final boolean createTables;
    private final int poolMaxSize;
    private final Duration connectTimeout;

    private PostgresSinkConfig(Builder b) {
        this.url = requireNonNull(b.url, "url is null");
        this.user = requireNonNull(b.user, "user is null");
        this.password = requireNonNull(b.password, "password is null");
        this.schema = requireNonNull(b.schema, "schema is null");
        this.tableName = requireNonNull(b.tableName, "tableName is null");
        this.checkpointTable = requireNonNull(b.checkpointTable, "checkpointTable is null");
        this.deleteMode = requireNonNull(b.deleteMode, "deleteMode is null");
        this.createTables = b.createTables;
        this.poolMaxSize = b.poolMaxSize;
        this.connectTimeout = requireNonNull(b.connectTimeout, "connectTimeout is null");
    }

    /**
     * Reads the section. The caller rejects unknown keys of {@code section} afterwards; the nested
     * {@code pool} mapping is checked here, since only this sink knows its keys.
     */
    public static PostgresSinkConfig from(ConfigNode section) {
        Builder b = new Builder();
        b.url = section.requiredString("url").trim();
        if (!b.url.startsWith(URL_PREFIX)) {
            throw section.error("url", "expected a PostgreSQL JDBC URL starting with " + URL_PREFIX
                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/analytics), found '" + redactUrl(b.url) + "'");
        }
        if (b.url.length() == URL_PREFIX.length()) {
            throw section.error("url", "the URL names no host; expected e.g. jdbc:postgresql://127.0.0.1:5432/analytics");
        }
        b.user = section.string("user").filter(s -> !s.isEmpty());
        b.password = section.string("password");
        b.schema = identifier(section, "schema", DEFAULT_SCHEMA);
        String pattern = section.string("table-name", DEFAULT_TABLE_NAME);
        TableNamePattern.problem(pattern).ifPresent(p -> {
            throw section.error("table-name", p);
        });
        b.tableName = TableNamePattern.of(pattern);
        b.checkpointTable = identifier(section, "checkpoint-table", DEFAULT_CHECKPOINT_TABLE);
        b.deleteMode = DeleteMode.valueOf(section.choice("delete-mode", "hard", List.of("hard", "soft"))
                .toUpperCase(Locale.ROOT));
        b.createTables = section.bool("create-tables", true);
        ConfigNode pool = section.section("pool");
        b.poolMaxSize = pool.integer("max-size", DEFAULT_POOL_MAX_SIZE, 1, 64);
        pool.rejectUnknownKeys();
        b.connectTimeout = section.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofMinutes(10));
        return new PostgresSinkConfig(b);
    }

    private static String identifier(ConfigNode section, String key, String defaultValue) {
        String value = section.string(key, defaultValue);
        PgIdentifier.problem(value).ifPresent(p -> {
            throw section.error(key, p);
        });
        return value;
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    static String redactUrl(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String redactedUrl() {
        return redactUrl(url);
    }

    @Override
    public Optional<String> user() {
        return user;
    }

    /** Not printed anywhere; only handed to the driver. */
    @Override
    public Optional<String> password() {
        return password;
    }

    /** The target schema: data tables and the checkpoint table live here. */
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

    /**
     * {@code host:port} (or several, comma-separated) as written in the URL, for messages such as
     * "authentication failed for user X at host:port". The default port is filled in.
     */
    @Override
    public String hostPort() {
        String rest = url.substring(URL_PREFIX.length());
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        StringBuilder out = new StringBuilder();
        for (String host : rest.substring(0, end).split(",")) {
            if (out.length() > 0) {
                out.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            out.append(host).append(hasPort ? "" : ":5432");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "PostgresSinkConfig{url=" + redactUrl(url) + ", user=" + user.orElse("(driver default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", schema=" + schema
                + ", table-name=" + tableName + ", checkpoint-table=" + checkpointTable
                + ", delete-mode=" + deleteMode.name().toLowerCase(Locale.ROOT) + ", create-tables=" + createTables
                + ", pool.max-size=" + poolMaxSize + ", connect-timeout=" + connectTimeout + "}";
    }

    /** The values while {@link #from} reads them; the config itself is immutable. */
    private static final class Builder {
        private String url;
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private String schema = DEFAULT_SCHEMA;
        private TableNamePattern tableName = TableNamePattern.of(DEFAULT_TABLE_NAME);
        private String checkpointTable = DEFAULT_CHECKPOINT_TABLE;
        private DeleteMode deleteMode = DeleteMode.HARD;
        private boolean createTables = true;
        private int poolMaxSize = DEFAULT_POOL_MAX_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    }
}
