package io.vitessreplicator.sink.redshift.emulator;

import java.util.List;

/**
 * A parsed Redshift {@code COPY ... FROM 's3://...'} of the one form the emulator implements:
 * CSV, gzip, manifest, {@code NULL AS '\000'}.
 *
 * @param table         the table as written (quoted or not, possibly schema-qualified)
 * @param columns       the column list as written (quoted or not); empty when the COPY names none
 * @param columnNames   the same columns as names (quotes removed, unquoted ones folded to lower case)
 * @param bucket        the manifest's bucket
 * @param key           the manifest's key
 * @param authorization how to read the bucket
 * @param region        REGION, or null
 */
record CopyCommand(String table, List<String> columns, List<String> columnNames, String bucket, String key,
                   Authorization authorization, String region) {

    /** How the COPY authorizes its reads. */
    sealed interface Authorization {}

    /** {@code IAM_ROLE 'arn'}: the emulator reads with the credentials of its URL instead. */
    record IamRole(String arn) implements Authorization {}

    /** {@code ACCESS_KEY_ID '..' SECRET_ACCESS_KEY '..' [SESSION_TOKEN '..']}. */
    record AccessKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements Authorization {
        @Override
        public String toString() {
            return "AccessKeys[" + accessKeyId + ", ***]";
        }
    }

    String manifestUrl() {
        return "s3://" + bucket + "/" + key;
    }
}
