package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.config.ConfigNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The validated, frozen {@code sink:} section of the Parquet-on-S3 sink. Every key is read and
 * checked once, in {@link #from}; secrets stay out of {@link #toString()}.
 */
public final class ParquetSinkConfig {
    static final long MIB = 1024L * 1024;
    static final long DEFAULT_TARGET_FILE_SIZE = 128 * MIB;
    static final long DEFAULT_ROW_GROUP_SIZE = 32 * MIB;
    static final int DEFAULT_MAX_OPEN_FILES = 4;
    static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    static final Duration DEFAULT_FILE_RETENTION = Duration.ofHours(1);
    static final int DEFAULT_MANIFESTS_KEPT = 100;
    static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofHours(24);
    static final int DEFAULT_COMPACTION_MIN_FILES = 8;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Where rows go in the table's folder. */
    enum PartitionBy { COMMIT_DATE, COLUMN, NONE }

    /** How a column-partitioned value is cut. */
    enum Granularity { DAY, MONTH }

    /** Server-side encryption of every object written. */
    enum Encryption { NONE, S3, KMS }

    /** How a DECIMAL with more than 38 digits is written (most engines stop at 38). */
    enum WideDecimals { DECIMAL, STRING }

    private final String bucket;
    private final String prefix;
    private final Optional<URI> endpoint;
    private final Optional<String> region;
    private final boolean pathStyle;
    private final Optional<String> accessKeyId;
    private final Optional<String> secretAccessKey;
    private final Optional<String> sessionToken;
    private final Encryption encryption;
    private final Optional<String> kmsKeyId;
    private final PartitionBy partitionBy;
    private final Optional<String> partitionColumn;
    private final Granularity granularity;
    private final long targetFileSize;
    private final long rowGroupSize;
    private final int maxOpenFiles;
    private final CompressionCodecName compression;
    private final boolean beforeImages;
    private final WideDecimals wideDecimals;
    private final Path spillDir;
    private final boolean conditionalWrites;
    private final Duration leaseTtl;
    private final Duration fileRetention;
    private final int manifestsKept;
    private final Optional<Duration> compactionInterval;
    private final int compactionMinFiles;

    private ParquetSinkConfig(ConfigNode s) {
        String b = s.requiredString("bucket").trim();
        if (!BUCKET.matcher(b).matches()) {
            throw s.error("bucket", "expected an S3 bucket name (3 to 63 lower-case letters, digits, '.' or '-'),"
                    + " found '" + b + "'");
        }
        this.bucket = b;
        String p = s.string("prefix", "").trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.endpoint = s.string("endpoint").map(String::trim).filter(e -> !e.isEmpty()).map(e -> {
            URI u = null;
            try {
                u = URI.create(e);
            } catch (IllegalArgumentException ex) {
                // reported below
            }
            if (u == null || u.getScheme() == null || !List.of("http", "https").contains(u.getScheme())
                    || u.getHost() == null) {
                throw s.error("endpoint", "expected http(s)://host[:port], found '" + e + "'");
            }
            return u;
        });
        this.region = s.string("region").map(String::trim).filter(r -> !r.isEmpty());
        this.pathStyle = s.bool("path-style", false);
        this.accessKeyId = s.string("access-key-id").filter(v -> !v.isEmpty());
        this.secretAccessKey = s.string("secret-access-key").filter(v -> !v.isEmpty());
        this.sessionToken = s.string("session-token").filter(v -> !v.isEmpty());
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw s.error(accessKeyId.isPresent() ? "secret-access-key" : "access-key-id", "set access-key-id and"
                    + " secret-access-key together, or neither (then the AWS default credential chain is used)");
        }
        if (sessionToken.isPresent() && accessKeyId.isEmpty()) {
            throw s.error("session-token", "a session token needs access-key-id and secret-access-key");
        }
        this.encryption = Encryption.valueOf(s.choice("sse", "none", List.of("none", "s3", "kms")).toUpperCase(Locale.ROOT));
        this.kmsKeyId = s.string("sse-kms-key-id").filter(v -> !v.isEmpty());
        if (kmsKeyId.isPresent() && encryption != Encryption.KMS) {
            throw s.error("sse-kms-key-id", "only used with sse: kms");
        }
        ConfigNode partition = s.section("partition");
        this.partitionBy = PartitionBy.valueOf(partition.choice("by", "commit-date",
                List.of("commit-date", "column", "none")).toUpperCase(Locale.ROOT).replace('-', '_'));
        this.partitionColumn = partition.string("column").map(String::trim).filter(c -> !c.isEmpty());
        this.granularity = Granularity.valueOf(partition.choice("granularity", "day", List.of("day", "month"))
                .toUpperCase(Locale.ROOT));
        if (partitionBy == PartitionBy.COLUMN && partitionColumn.isEmpty()) {
            throw partition.error("column", "partition.by is column: name the DATE, DATETIME or TIMESTAMP column");
        }
        if (partitionBy != PartitionBy.COLUMN && partitionColumn.isPresent()) {
            throw partition.error("column", "only used with partition.by: column");
        }
        partition.rejectUnknownKeys();
        this.targetFileSize = s.bytes("target-file-size", DEFAULT_TARGET_FILE_SIZE, MIB, 4096 * MIB);
        this.rowGroupSize = s.bytes("row-group-size", Math.min(DEFAULT_ROW_GROUP_SIZE, targetFileSize), 256 * 1024,
                1024 * MIB);
        this.maxOpenFiles = s.integer("max-open-files", DEFAULT_MAX_OPEN_FILES, 1, 256);
        this.compression = switch (s.choice("compression", "zstd", List.of("zstd", "snappy", "gzip", "none"))
                .toLowerCase(Locale.ROOT)) {
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "gzip" -> CompressionCodecName.GZIP;
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            default -> CompressionCodecName.ZSTD;
        };
        this.beforeImages = s.bool("before-images", false);
        this.wideDecimals = WideDecimals.valueOf(s.choice("wide-decimals", "decimal", List.of("decimal", "string"))
                .toUpperCase(Locale.ROOT));
        this.spillDir = Path.of(s.string("spill-dir", System.getProperty("java.io.tmpdir") + "/vitess-replicator-parquet"));
        this.conditionalWrites = s.bool("conditional-writes", true);
        this.leaseTtl = s.duration("lease-ttl", DEFAULT_LEASE_TTL, Duration.ofSeconds(2), Duration.ofMinutes(10));
        this.fileRetention = s.duration("deleted-file-retention", DEFAULT_FILE_RETENTION, Duration.ZERO,
                Duration.ofDays(30));
        this.manifestsKept = s.integer("manifests-kept", DEFAULT_MANIFESTS_KEPT, 2, 100_000);
        ConfigNode compaction = s.section("compaction");
        String interval = compaction.string("interval", "24h").trim();
        this.compactionInterval = interval.equalsIgnoreCase("off") ? Optional.empty()
                : Optional.of(compaction.duration("interval", DEFAULT_COMPACTION_INTERVAL, Duration.ofMinutes(1),
                Duration.ofDays(365)));
        this.compactionMinFiles = compaction.integer("min-files", DEFAULT_COMPACTION_MIN_FILES, 2, 100_000);
        compaction.rejectUnknownKeys();
    }

    /** Reads the section; the caller rejects unknown keys of {@code section} afterwards. */
    public static ParquetSinkConfig from(ConfigNode section) {
        return new ParquetSinkConfig(requireNonNull(section, "section is null"));
    }

    String bucket() {
        return bucket;
    }

    /** Empty, or ends with '/'. */
    String prefix() {
        return prefix;
    }

    Optional<URI> endpoint() {
        return endpoint;
    }

    Optional<String> region() {
        return region;
    }

    boolean pathStyle() {
        return pathStyle;
    }

    Optional<String> accessKeyId() {
        return accessKeyId;
    }

    Optional<String> secretAccessKey() {
        return secretAccessKey;
    }

    Optional<String> sessionToken() {
        return sessionToken;
    }

    Encryption encryption() {
        return encryption;
    }

    Optional<String> kmsKeyId() {
        return kmsKeyId;
    }

    PartitionBy partitionBy() {
        return partitionBy;
    }

    Optional<String> partitionColumn() {
        return partitionColumn;
    }

    Granularity granularity() {
        return granularity;
    }

    long targetFileSize() {
        return targetFileSize;
    }

    long rowGroupSize() {
        return rowGroupSize;
    }

    int maxOpenFiles() {
        return maxOpenFiles;
    }

    CompressionCodecName compression() {
        return compression;
    }

    boolean beforeImages() {
        return beforeImages;
    }

    WideDecimals wideDecimals() {
        return wideDecimals;
    }

    Path spillDir() {
        return spillDir;
    }

    boolean conditionalWrites() {
        return conditionalWrites;
    }

    Duration leaseTtl() {
        return leaseTtl;
    }

    Duration fileRetention() {
        return fileRetention;
    }

    int manifestsKept() {
        return manifestsKept;
    }

    Optional<Duration> compactionInterval() {
        return compactionInterval;
    }

    int compactionMinFiles() {
        return compactionMinFiles;
    }

    /** {@code s3://bucket/prefix} for messages. */
    String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String toString() {
        return "ParquetSinkConfig{" + location() + endpoint.map(e -> ", endpoint=" + e).orElse("")
                + region.map(r -> ", region=" + r).orElse("") + ", path-style=" + pathStyle
                + ", credentials=" + (accessKeyId.isPresent() ? "from config" : "default chain")
                + ", sse=" + encryption.name().toLowerCase(Locale.ROOT) + ", partition=" + partitionBy
                + partitionColumn.map(c -> "(" + c + ", " + granularity + ")").orElse("")
                + ", target-file-size=" + targetFileSize + ", row-group-size=" + rowGroupSize
                + ", compression=" + compression + ", before-images=" + beforeImages + ", wide-decimals=" + wideDecimals
                + ", conditional-writes=" + conditionalWrites + ", lease-ttl=" + leaseTtl + "}";
    }
}
