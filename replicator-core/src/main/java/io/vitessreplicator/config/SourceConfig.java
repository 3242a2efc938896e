package io.vitessreplicator.config;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.model.TableId;
import io.vitessreplicator.model.ZeroDatePolicy;
import io.vitessreplicator.source.VtgateOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code source:} section: which vtgate to stream from, which keyspaces, shards, tables and
 * columns, and how to connect and reconnect.
 *
 * @param vtgate            vtgate's gRPC address
 * @param keyspaces         keyspaces to stream, in config order, at least one
 * @param shards            keyspace → shards to stream; a keyspace not listed streams all its shards
 * @param tabletType        which tablets vtgate streams from
 * @param tables            table and column filter
 * @param heartbeatInterval how often vtgate sends a heartbeat when nothing changes (whole seconds)
 * @param maxMessageBytes   largest VStream response accepted
 * @param zeroDates         what to do with MySQL zero dates
 * @param tls               TLS to vtgate, empty for plaintext
 * @param username          vtgate static-auth user, or empty
 * @param password          vtgate static-auth password, or empty; never printed
 * @param reconnect         backoff after a lost stream
 * @param resnapshotOnPositionLost {@code source.on-position-lost: resnapshot}: when a shard can no
 *                          longer serve the checkpoint's position, copy its keyspace's tables
 *                          again instead of stopping
 * @param excludeKeyspaceFromTableName {@code source.exclude-keyspace-from-table-name}: ask vtgate
 *                          for bare table names in FIELD and ROW events, which spares it a copy of
 *                          every such event; unsafe on vtcombo (vttestserver), see the README
 */
public record SourceConfig(
        HostPort vtgate,
        List<String> keyspaces,
        Map<String, List<String>> shards,
        TabletType tabletType,
        TableFilter tables,
        Duration heartbeatInterval,
        int maxMessageBytes,
        ZeroDatePolicy zeroDates,
        Optional<VtgateOptions.Tls> tls,
        Optional<String> username,
        Optional<String> password,
        ReconnectPolicy reconnect,
        boolean resnapshotOnPositionLost,
        boolean excludeKeyspaceFromTableName) {

    public static final TabletType DEFAULT_TABLET_TYPE = TabletType.REPLICA;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = VtgateOptions.DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    /** How often an idle gRPC connection is pinged; not configurable, the same as VtgateOptions.plaintext. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    /** Keyspace and shard names: no dots, so that {@code keyspace.table} stays unambiguous. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final long MIB = 1024L * 1024;

    /** The tablets vtgate reads the binlog from; {@code source.tablet-type}. */
    public enum TabletType {
        PRIMARY, REPLICA, RDONLY;

        /** The name in the config: {@code primary}, {@code replica}, {@code rdonly}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SourceConfig {
        requireNonNull(vtgate, "vtgate is null");
        keyspaces = List.copyOf(requireNonNull(keyspaces, "keyspaces is null"));
        Map<String, List<String>> shardsCopy = new LinkedHashMap<>();
        requireNonNull(shards, "shards is null").forEach((k, v) -> shardsCopy.put(k, List.copyOf(v)));
        shards = Collections.unmodifiableMap(shardsCopy);
        requireNonNull(tabletType, "tabletType is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(zeroDates, "zeroDates is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(reconnect, "reconnect is null");
        if (keyspaces.isEmpty()) {
            throw new IllegalArgumentException("keyspaces is empty");
        }
    }

    /** Reads the {@code source} section and rejects unknown keys in it and below it. */
    public static SourceConfig from(ConfigNode source) {
        HostPort vtgate = hostPort(source, "vtgate");
        List<String> keyspaces = names(source, "keyspaces", "keyspace");
        if (keyspaces.isEmpty()) {
            throw source.error("keyspaces", "is required: list the keyspaces to stream, e.g. [commerce, customer]");
        }
        Map<String, List<String>> shards = shards(source.section("shards"), keyspaces);
        TabletType tabletType = TabletType.valueOf(source.choice("tablet-type", DEFAULT_TABLET_TYPE.configName(),
                List.of("primary", "replica", "rdonly")).toUpperCase(Locale.ROOT));
        TableFilter tables = TableFilter.from(source);
        Duration heartbeat = source.duration("heartbeat-interval", DEFAULT_HEARTBEAT_INTERVAL,
                Duration.ofSeconds(1), Duration.ofMinutes(10));
        if (heartbeat.toMillis() % 1000 != 0) {
            throw source.error("heartbeat-interval", "must be whole seconds (VStream heartbeats are), found "
                    + ConfigNode.formatDuration(heartbeat));
        }
        // gRPC takes an int: 2GiB is accepted in the config and means "as large as gRPC allows".
        long maxMessage = source.bytes("max-message-size", DEFAULT_MAX_MESSAGE_BYTES, 4 * MIB, 2048 * MIB);
        ZeroDatePolicy zeroDates = ZeroDatePolicy.valueOf(source.choice("zero-dates", "null",
                List.of("null", "fail")).toUpperCase(Locale.ROOT));
        Optional<VtgateOptions.Tls> tls = VtgateTlsReader.read(source.section("tls"));

        ConfigNode auth = source.section("auth");
        Optional<String> username = auth.string("username");
        Optional<String> password = auth.string("password");
        auth.rejectUnknownKeys();
        if (username.isPresent() && username.get().isBlank()) {
            throw auth.error("username", "is blank; remove it to connect without static auth");
        }
        if (password.isPresent() && username.isEmpty()) {
            throw auth.error("password", "is set without " + auth.pathOf("username") + "; vtgate static auth"
                    + " needs both");
        }

        ReconnectPolicy reconnect = ReconnectPolicy.from(source.section("reconnect"));
        boolean resnapshot = source.choice("on-position-lost", "stop", List.of("stop", "resnapshot")).equals("resnapshot");
        boolean bareTableNames = source.bool("exclude-keyspace-from-table-name", false);
        source.rejectUnknownKeys();
        return new SourceConfig(vtgate, keyspaces, shards, tabletType, tables, heartbeat,
                (int) Math.min(Integer.MAX_VALUE, maxMessage), zeroDates, tls, username, password, reconnect,
                resnapshot, bareTableNames);
    }

    /** What the gRPC channel needs; see {@link io.vitessreplicator.source.VtgateChannels}. */
    public VtgateOptions vtgateOptions() {
        return new VtgateOptions(vtgate.toString(), maxMessageBytes, tls, username, password, KEEP_ALIVE);
    }

    /** The shards to stream for {@code keyspace}; empty means all of them. */
    public List<String> shardsOf(String keyspace) {
        return shards.getOrDefault(keyspace, List.of());
    }

    /**
     * Whether a table is replicated at all: an include pattern matches and no exclude pattern does.
     * Vitess's own tables (online DDL's shadow and cut-over tables, {@code _vt_*}) never are.
     */
    public boolean includesTable(TableId table) {
        return !isVitessInternal(table.name()) && tables.includesTable(table);
    }

    private static final java.util.regex.Pattern VITESS_INTERNAL = java.util.regex.Pattern.compile(
            "_vt_.*|_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}_[0-9]{14}_[a-z]+");

    /** Tables Vitess creates for itself: online DDL shadow tables, table lifecycle (_vt_hld_, _vt_prg_, ...). */
    public static boolean isVitessInternal(String tableName) {
        return VITESS_INTERNAL.matcher(tableName).matches();
    }

    /** The include patterns, for the VStream filter ({@code keyspace.table} regexes). */
    public java.util.List<java.util.regex.Pattern> includePatterns() {
        return tables.includeTables();
    }

    /** Whether a column of a replicated table is kept (no {@code columns.exclude} pattern matches). */
    public boolean includesColumn(TableId table, String column) {
        return tables.includesColumn(table, column);
    }

    @Override
    public String toString() {
        return "SourceConfig[vtgate=" + vtgate + ", keyspaces=" + keyspaces + ", shards=" + shards
                + ", tabletType=" + tabletType + ", tables=" + tables + ", heartbeatInterval=" + heartbeatInterval
                + ", maxMessageBytes=" + maxMessageBytes + ", zeroDates=" + zeroDates + ", tls=" + tls
                + ", username=" + username.orElse("") + ", password=" + (password.isPresent() ? "****" : "")
                + ", reconnect=" + reconnect + ", excludeKeyspaceFromTableName=" + excludeKeyspaceFromTableName + "]";
    }

    static HostPort hostPort(ConfigNode node, String key) {
        String text = node.requiredString(key);
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error(key, e.getMessage());
        }
    }

    private static List<String> names(ConfigNode node, String key, String what) {
        List<String> names = node.strings(key).stream().map(String::trim).toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!NAME.matcher(name).matches()) {
                throw node.error(key + "[" + i + "]", "'" + name + "' is not a valid " + what
                        + " name (letters, digits, _ and -)");
            }
            if (!seen.add(name)) {
                throw node.error(key + "[" + i + "]", what + " '" + name + "' is listed twice");
            }
        }
        return names;
    }

    private static Map<String, List<String>> shards(ConfigNode shards, List<String> keyspaces) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String keyspace : shards.keys()) {
            if (!keyspaces.contains(keyspace)) {
                throw shards.error(keyspace, "keyspace '" + keyspace + "' is not in source.keyspaces "
                        + keyspaces + "; add it there or remove it here");
            }
            List<String> list = names(shards, keyspace, "shard");
            if (list.isEmpty()) {
                throw shards.error(keyspace, "lists no shard; remove the keyspace here to stream all its shards");
            }
            out.put(keyspace, list);
        }
        shards.rejectUnknownKeys();
        return out;
    }
}
