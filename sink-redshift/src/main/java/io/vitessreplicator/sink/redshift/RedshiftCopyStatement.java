package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The COPY that loads one batch's staged files (gzip CSV on S3, listed in a manifest) into a staging
 * table. Only the statement; the upload and the file encoding come with the sink's loader, which
 * must write exactly the format below.
 *
 * <pre>
 * COPY "_vr_stage_1" ("id", ..., "_vr_op", "_vr_seq")
 * FROM 's3://bucket/prefix/manifest'
 * IAM_ROLE 'arn:aws:iam::123456789012:role/loader'
 * FORMAT AS CSV QUOTE AS '"' DELIMITER ',' NULL AS '\000' GZIP MANIFEST
 * COMPUPDATE OFF STATUPDATE OFF
 * [REGION 'eu-west-1']
 * </pre>
 *
 * <p>Why these options, and what the files must hold:
 * <ul>
 *   <li><b>CSV</b>: the only text format Redshift loads VARBYTE from (as hexadecimal), and its quoted
 *       fields carry the delimiter, quotes (doubled) and line breaks (CR, LF) inside values. Every
 *       non-NULL value of a text column is written quoted.</li>
 *   <li><b>NULL AS '\000'</b>: a field that is exactly one NUL byte is NULL. CSV cannot tell an empty
 *       string from a NULL otherwise, and an empty or {@code \N} marker could be a real value. A NUL
 *       byte cannot be: the loader refuses strings containing U+0000 (as the PostgreSQL sink does),
 *       and numbers, dates, hex and JSON never contain one. The empty string is written {@code ""}.
 *       </li>
 *   <li><b>Not set, deliberately</b>: EMPTYASNULL and BLANKSASNULL (would turn '' and '  ' into NULL),
 *       TRIMBLANKS, TRUNCATECOLUMNS (would cut values longer than the column: instead the load fails
 *       and the batch stops), ACCEPTINVCHARS (would replace invalid UTF-8), FILLRECORD, IGNOREHEADER,
 *       ESCAPE and REMOVEQUOTES (not allowed with CSV), MAXERROR (default 0: any bad row fails the
 *       COPY, which rolls back the batch).</li>
 *   <li><b>Values</b>: VARBYTE as lowercase hex without a prefix; SUPER as the JSON text (Redshift
 *       parses it); TIMESTAMP as {@code YYYY-MM-DD HH:MI:SS.ffffff}, TIMESTAMPTZ the same in UTC with
 *       {@code +00}; DATE as {@code YYYY-MM-DD}; TIME as {@code HH:MI:SS.ffffff}; numbers in plain
 *       decimal (no exponent for DECIMAL); booleans {@code t}/{@code f}. DATEFORMAT and TIMEFORMAT are
 *       left at their defaults, which read these forms (to be confirmed on a cluster with the loader).</li>
 *   <li><b>GZIP, MANIFEST</b>: the loader compresses every part and lists them all in a manifest with
 *       {@code "mandatory": true}, so a missing part fails the COPY instead of being skipped, and S3
 *       listing's eventual consistency plays no part.</li>
 *   <li><b>COMPUPDATE OFF, STATUPDATE OFF</b>: the staging table is a fresh temporary table per batch;
 *       choosing encodings and updating statistics for it costs time and buys nothing.</li>
 * </ul>
 */
public final class RedshiftCopyStatement {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"
            + "(,arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    /** How Redshift is allowed to read the bucket. */
    public sealed interface Authorization {}

    /** An IAM role associated with the cluster (or a comma-separated chain of roles). The recommended way. */
    public record IamRole(String arn) implements Authorization {
        public IamRole {
            requireNonNull(arn, "arn is null");
            if (!ROLE_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("not an IAM role ARN (arn:aws:iam::<account>:role/<name>): " + arn);
            }
        }
    }

    /** Access keys; they appear in the statement's text, so {@link #toString()} and logs mask them. */
    public record AccessKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements Authorization {
        public AccessKeys {
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
        }

        @Override
        public String toString() {
            return "AccessKeys[" + accessKeyId + ", ***]";
        }
    }

    private final String stagingTable;
    private final List<String> columns;
    private final String manifestUrl;
    private final Authorization authorization;
    private final String region;

    /**
     * @param stagingTable the staging table as written in SQL (quoted)
     * @param columns      its columns in file order (quoted)
     * @param manifestUrl  {@code s3://bucket/key} of the manifest
     * @param region       the bucket's region when it differs from the cluster's, else null
     */
    public RedshiftCopyStatement(String stagingTable, List<String> columns, String manifestUrl,
                                 Authorization authorization, String region) {
        this.stagingTable = requireNonNull(stagingTable, "stagingTable is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.manifestUrl = requireNonNull(manifestUrl, "manifestUrl is null");
        this.authorization = requireNonNull(authorization, "authorization is null");
        this.region = region;
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns");
        }
        if (!manifestUrl.startsWith("s3://") || manifestUrl.length() <= "s3://".length()) {
            throw new IllegalArgumentException("the manifest must be an s3:// URL: " + manifestUrl);
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not an AWS region: " + region);
        }
    }

    /** The statement to run. Contains the secret key when authorized by access keys: never log it. */
    public String sql() {
        return render(false);
    }

    /** The statement with secrets replaced by {@code ***}, for logs and messages. */
    @Override
    public String toString() {
        return render(true);
    }

    private String render(boolean masked) {
        StringBuilder s = new StringBuilder("COPY ").append(stagingTable).append(" (")
                .append(String.join(", ", columns)).append(")\nFROM ").append(literal(manifestUrl)).append('\n');
        if (authorization instanceof IamRole r) {
            s.append("IAM_ROLE ").append(literal(r.arn()));
        } else if (authorization instanceof AccessKeys k) {
            s.append("ACCESS_KEY_ID ").append(literal(k.accessKeyId())).append(" SECRET_ACCESS_KEY ")
                    .append(masked ? "'***'" : literal(k.secretAccessKey()));
            if (k.sessionToken() != null) {
                s.append(" SESSION_TOKEN ").append(masked ? "'***'" : literal(k.sessionToken()));
            }
        }
        s.append("\nFORMAT AS CSV QUOTE AS '\"' DELIMITER ',' NULL AS '\\000' GZIP MANIFEST\n")
                .append("COMPUPDATE OFF STATUPDATE OFF");
        if (region != null) {
            s.append("\nREGION ").append(literal(region));
        }
        return s.toString();
    }

    private static String literal(String value) {
        return RedshiftSchemaChanges.stringLiteral(value);
    }
}
