package io.vitessreplicator.sink.redshift.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs a {@link CopyCommand} as Redshift would: reads the manifest and its gzip CSV parts from S3,
 * checks every record and value by Redshift's rules, and streams the rows into the table through
 * PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)} on the caller's connection (so the load is
 * part of the caller's transaction). Memory holds one record and a 256 KiB output buffer, never a
 * file.
 */
final class CopyExecutor {
    private static final Pattern VARBYTE_DOMAIN = Pattern.compile("varbyte\\((\\d+)\\)");
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    /** How a column's fields are checked and re-encoded. */
    enum Kind {
        /** varchar / text: byte length checked; an unquoted empty field is the empty string. */
        CHARACTER,
        /** char(n): single-byte characters only, byte length checked. */
        FIXED_CHARACTER,
        /** varbyte (bytea domain): hexadecimal in the file. */
        HEX,
        /** super (jsonb domain): JSON text, parsed by PostgreSQL. */
        JSON,
        /** Everything else: the text as it is, parsed by PostgreSQL. */
        OTHER
    }

    /** A target column; {@code maxBytes} 0 when unbounded. */
    record Target(String name, String type, Kind kind, int maxBytes) {
        String quoted() {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
    }

    private final EmulatorConfig config;

    CopyExecutor(EmulatorConfig config) {
        this.config = config;
    }

    /** Loads the files; returns the number of rows loaded. Every failure is a "COPY failed" SQLException. */
    long run(Connection pg, CopyCommand copy) throws SQLException {
        List<Target> targets = targets(pg, copy);
        try (S3Client s3 = client(copy)) {
            List<S3Manifest.Entry> entries = manifest(s3, copy);
            List<S3Manifest.Entry> present = checkEntries(s3, entries);
            return load(pg, copy, targets, s3, present);
        } catch (SdkException e) {
            throw Refusal.copy("S3 failed: " + e.getMessage(), e);
        }
    }

    // ---- target columns ---------------------------------------------------------------------

    private static List<Target> targets(Connection pg, CopyCommand copy) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, copy.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw Refusal.copy("relation " + copy.table() + " does not exist", null);
                }
            }
        }
        Map<String, Target> byName = new HashMap<>();
        List<Target> inOrder = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT a.attname, t.typname, t.typtype, bt.typname,"
                + " a.atttypmod, n.nspname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, copy.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String typname = rs.getString(2);
                    boolean domain = "d".equals(rs.getString(3));
                    String base = domain ? rs.getString(4) : typname;
                    int typmod = rs.getInt(5);
                    boolean ours = SqlRewriter.SCHEMA.equals(rs.getString(6));
                    String shown = domain && ours ? typname : rs.getString(7);
                    Target t = switch (base) {
                        case "bytea" -> {
                            Matcher m = VARBYTE_DOMAIN.matcher(typname);
                            yield new Target(name, shown, Kind.HEX, domain && ours && m.matches()
                                    ? Integer.parseInt(m.group(1)) : 0);
                        }
                        case "jsonb", "json" -> new Target(name, shown, Kind.JSON, 0);
                        case "varchar" -> new Target(name, shown, Kind.CHARACTER, typmod >= 4 && !domain ? typmod - 4 : 0);
                        case "text" -> new Target(name, shown, Kind.CHARACTER, 0);
                        case "bpchar" -> new Target(name, shown, Kind.FIXED_CHARACTER, typmod >= 4 && !domain ? typmod - 4 : 0);
                        default -> new Target(name, shown, Kind.OTHER, 0);
                    };
                    byName.put(name, t);
                    inOrder.add(t);
                }
            }
        }
        if (copy.columnNames().isEmpty()) {
            return inOrder;
        }
        List<Target> targets = new ArrayList<>();
        for (String c : copy.columnNames()) {
            Target t = byName.get(c);
            if (t == null) {
                throw Refusal.copy("column \"" + c + "\" of relation " + copy.table() + " does not exist", null);
            }
            targets.add(t);
        }
        return targets;
    }

    // ---- S3 ---------------------------------------------------------------------------------

    private S3Client client(CopyCommand copy) throws SQLException {
        AwsCredentials credentials;
        if (copy.authorization() instanceof CopyCommand.AccessKeys k) {
            credentials = k.sessionToken() == null ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
                    : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), k.sessionToken());
        } else {
            if (config.s3AccessKeyId() == null || config.s3SecretAccessKey() == null) {
                throw Refusal.copy("the COPY authorizes with IAM_ROLE, which the emulator replaces with the URL's"
                        + " s3AccessKeyId and s3SecretAccessKey; the URL has none", null);
            }
            credentials = AwsBasicCredentials.create(config.s3AccessKeyId(), config.s3SecretAccessKey());
        }
        return S3Client.builder().endpointOverride(URI.create(config.s3Endpoint())).forcePathStyle(true)
                .region(Region.of(copy.region() != null ? copy.region() : config.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    private static List<S3Manifest.Entry> manifest(S3Client s3, CopyCommand copy) throws SQLException {
        byte[] body;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(copy.bucket()).key(copy.key()))) {
            Long length = in.response().contentLength();
            if (length != null && length > MAX_MANIFEST_BYTES) {
                throw Refusal.copy("the manifest " + copy.manifestUrl() + " has " + length + " bytes; the emulator reads"
                        + " manifests up to " + MAX_MANIFEST_BYTES, null);
            }
            body = in.readAllBytes();
        } catch (S3Exception e) {
            throw Refusal.copy("cannot read the manifest " + copy.manifestUrl() + ": " + s3Problem(e)
                    + (e.statusCode() == 404 ? " (Redshift: \"The specified S3 prefix '" + copy.key() + "' does not"
                    + " exist\" / S3ServiceException: The specified key does not exist, NoSuchKey)" : ""), e);
        } catch (IOException e) {
            throw Refusal.copy("cannot read the manifest " + copy.manifestUrl() + ": " + e.getMessage(), e);
        }
        int bad = Utf8.firstInvalid(body, 0, body.length);
        if (bad >= 0) {
            throw Refusal.copy("the manifest " + copy.manifestUrl() + " is not UTF-8 text", null);
        }
        try {
            return S3Manifest.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw Refusal.copy("the manifest " + copy.manifestUrl() + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Checks every entry before loading (existence, content_length); returns those to load. */
    private static List<S3Manifest.Entry> checkEntries(S3Client s3, List<S3Manifest.Entry> entries) throws SQLException {
        List<S3Manifest.Entry> present = new ArrayList<>();
        for (S3Manifest.Entry e : entries) {
            HeadObjectResponse head;
            try {
                head = s3.headObject(b -> b.bucket(e.bucket()).key(e.key()));
            } catch (S3Exception x) {
                if (x.statusCode() == 404 && !e.mandatory()) {
                    continue; // Redshift skips a missing file that is not mandatory
                }
                throw Refusal.copy("the manifest lists " + e.url() + (e.mandatory() ? " as mandatory" : "") + " but "
                        + (x.statusCode() == 404 ? "the object does not exist (Redshift: \"The specified key does not"
                        + " exist\")" : "it cannot be read: " + s3Problem(x)), x);
            }
            long size = head.contentLength();
            if (e.contentLength() != null && e.contentLength() != size) {
                throw Refusal.copy("the manifest gives content_length " + e.contentLength() + " for " + e.url()
                        + " but the object has " + size + " bytes (Redshift checks content_length against the object)",
                        null);
            }
            present.add(e);
        }
        return present;
    }

    private static String s3Problem(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "" : code + ": ") + e.getMessage();
    }

    // ---- load -------------------------------------------------------------------------------

    private static long load(Connection pg, CopyCommand copy, List<Target> targets, S3Client s3,
                             List<S3Manifest.Entry> parts) throws SQLException {
        StringBuilder sql = new StringBuilder("COPY ").append(copy.table()).append(" (");
        for (int i = 0; i < targets.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(targets.get(i).quoted());
        }
        sql.append(") FROM STDIN (FORMAT csv)");
        CopyIn in = pg.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
        Output out = new Output(in);
        String where = "before the first part";
        try {
            long records = 0;
            for (S3Manifest.Entry part : parts) {
                where = part.url();
                try (ResponseInputStream<GetObjectResponse> body = s3.getObject(b -> b.bucket(part.bucket()).key(part.key()));
                     InputStream gz = gunzip(body, part)) {
                    RedshiftCsvReader reader = new RedshiftCsvReader(gz);
                    while (reader.next()) {
                        where = part.url() + ", record " + reader.recordNumber();
                        encode(reader, targets, out, copy, part.url());
                        records++;
                    }
                } catch (RedshiftCsvReader.FormatException e) {
                    throw Refusal.copy(loadFailed(copy) + part.url() + ", " + e.getMessage(), e);
                } catch (IOException e) {
                    throw Refusal.copy(loadFailed(copy) + part.url() + " is not a valid gzip file or cannot be read: "
                            + e, e);
                }
            }
            out.flush();
            long rows = in.endCopy();
            if (rows != records) {
                throw Refusal.copy("PostgreSQL loaded " + rows + " rows from " + records + " records", null);
            }
            return rows;
        } catch (SQLException e) {
            cancel(in);
            if (e.getMessage() != null && e.getMessage().startsWith(Refusal.PREFIX)) {
                throw e;
            }
            throw Refusal.copy(loadFailed(copy) + "PostgreSQL refused the data (at or before " + where + "): "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            cancel(in);
            throw Refusal.copy(loadFailed(copy) + "at " + where + ": " + e, e);
        }
    }

    private static InputStream gunzip(InputStream body, S3Manifest.Entry part) throws IOException {
        return new GZIPInputStream(body, 64 * 1024);
    }

    private static void cancel(CopyIn in) {
        try {
            if (in.isActive()) {
                in.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the connection reports the failure on its next use
        }
    }

    private static String loadFailed(CopyCommand copy) {
        return "Load into table " + copy.table() + " failed: ";
    }

    /** Checks one record and writes it as a PostgreSQL CSV record. */
    private static void encode(RedshiftCsvReader r, List<Target> targets, Output out, CopyCommand copy, String part)
            throws SQLException {
        int n = r.fieldCount();
        if (n != targets.size()) {
            throw Refusal.copy(loadFailed(copy) + part + ", record " + r.recordNumber() + ": " + n + " fields for "
                    + targets.size() + " columns (Redshift error 1214: "
                    + (n > targets.size() ? "Extra column(s) found" : "Delimiter not found") + ")", null);
        }
        byte[] d = r.data();
        for (int f = 0; f < n; f++) {
            if (f > 0) {
                out.put(',');
            }
            Target t = targets.get(f);
            if (r.isNull(f)) {
                continue;
            }
            int s = r.start(f);
            int e = r.end(f);
            if (!r.isQuoted(f) && s == e && t.kind() != Kind.CHARACTER && t.kind() != Kind.FIXED_CHARACTER) {
                continue; // an unquoted empty field is NULL outside character columns (no EMPTYASNULL)
            }
            int bad = Utf8.firstInvalid(d, s, e);
            if (bad >= 0) {
                throw Refusal.copy(problem(copy, part, r, t) + "invalid UTF-8 (byte 0x" + Integer.toHexString(d[bad] & 0xff)
                        + " at offset " + (bad - s) + "; Redshift error 1220: String contains invalid or unsupported"
                        + " UTF8 codepoints)", null);
            }
            switch (t.kind()) {
                case HEX -> hex(d, s, e, t, out, copy, part, r);
                case FIXED_CHARACTER, CHARACTER -> {
                    if (t.kind() == Kind.FIXED_CHARACTER) {
                        for (int k = s; k < e; k++) {
                            if (d[k] < 0) {
                                throw Refusal.copy(problem(copy, part, r, t) + "Multibyte character not supported for"
                                        + " CHAR (Hint: try using VARCHAR) (Redshift error 1220)", null);
                            }
                        }
                    }
                    if (t.maxBytes() > 0 && e - s > t.maxBytes()) {
                        throw Refusal.copy(problem(copy, part, r, t) + "String length exceeds DDL length (Redshift error"
                                + " 1204: the value has " + (e - s) + " bytes of UTF-8, the column holds "
                                + t.maxBytes() + ")", null);
                    }
                    out.quoted(d, s, e);
                }
                default -> out.quoted(d, s, e);
            }
        }
        out.put('\n');
        out.maybeFlush();
    }

    private static void hex(byte[] d, int s, int e, Target t, Output out, CopyCommand copy, String part,
                            RedshiftCsvReader r) throws SQLException {
        int length = e - s;
        if (length % 2 != 0) {
            throw Refusal.copy(problem(copy, part, r, t) + "an odd number of hexadecimal digits (" + length
                    + "); VARBYTE is loaded from CSV as hex, two digits a byte", null);
        }
        for (int k = s; k < e; k++) {
            if (Character.digit(d[k], 16) < 0) {
                throw Refusal.copy(problem(copy, part, r, t) + "'" + (char) (d[k] & 0xff) + "' is not a hexadecimal"
                        + " digit (VARBYTE is loaded from CSV as hex)", null);
            }
        }
        if (t.maxBytes() > 0 && length / 2 > t.maxBytes()) {
            throw Refusal.copy(problem(copy, part, r, t) + "the value has " + length / 2 + " bytes, more than "
                    + t.type() + " holds (Redshift: value too long for type)", null);
        }
        out.put('"');
        out.put('\\');
        out.put('x');
        for (int k = s; k < e; k++) {
            out.put(Character.toLowerCase((char) d[k]));
        }
        out.put('"');
    }

    private static String problem(CopyCommand copy, String part, RedshiftCsvReader r, Target t) {
        return loadFailed(copy) + part + ", record " + r.recordNumber() + ", column \"" + t.name() + "\" (" + t.type()
                + "): ";
    }

    /** Buffers PostgreSQL CSV and hands it to the CopyIn in chunks. */
    private static final class Output {
        private final CopyIn in;
        private byte[] buf = new byte[FLUSH_BYTES + 1024];
        private int size;

        Output(CopyIn in) {
            this.in = in;
        }

        void put(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = (byte) b;
        }

        /** A non-NULL value, quoted, quotes doubled (an empty value stays the empty string). */
        void quoted(byte[] d, int s, int e) {
            put('"');
            for (int k = s; k < e; k++) {
                if (d[k] == '"') {
                    put('"');
                }
                put(d[k]);
            }
            put('"');
        }

        void maybeFlush() throws SQLException {
            if (size >= FLUSH_BYTES) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (size > 0) {
                in.writeToCopy(buf, 0, size);
                size = 0;
                if (buf.length > 4 * FLUSH_BYTES) {
                    buf = new byte[FLUSH_BYTES + 1024]; // after one huge record
                }
            }
        }
    }
}
