package io.vitessreplicator.e2e;

import io.vitessreplicator.model.Position;
import io.vitessreplicator.testkit.TestEnv;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Redshift sink's emulated target: PostgreSQL schema {@code schema} reached through the
 * test-only Redshift emulator driver (sink-redshift's test-jar, on bin/replicator's class path via
 * REPLICATOR_EXTRA_CLASSPATH; see sink-redshift/EMULATOR.md), staging in S3Proxy. Read with SQL on
 * PostgreSQL, as the PostgreSQL probe reads.
 */
final class RedshiftProbe implements TargetProbe {
    static final String BUCKET = "redshift-staging-e2e";
    private final String schema;
    private final PostgresProbe tables;

    RedshiftProbe(String schema) {
        this.schema = schema;
        this.tables = new PostgresProbe(schema);
    }

    @Override
    public String name() {
        return "redshift";
    }

    @Override
    public String sinkYaml() {
        return "  type: redshift\n"
                + "  url: jdbc:redshift-emulator://" + TestEnv.get("PGHOST") + ":" + TestEnv.get("PGPORT") + "/"
                + TestEnv.get("PGDATABASE") + "?s3Endpoint=" + TestEnv.get("S3_ENDPOINT") + "&s3AccessKeyId="
                + TestEnv.get("S3_ACCESS_KEY") + "&s3SecretAccessKey=${S3_SECRET_KEY}\n"
                + "  user: " + TestEnv.get("PGUSER") + "\n"
                + "  password: ${PGPASSWORD}\n"
                + "  schema: " + schema + "\n"
                + "  iam-role: arn:aws:iam::123456789012:role/redshift-copy\n"
                + "  staging:\n"
                + "    bucket: " + BUCKET + "\n"
                + "    prefix: " + schema + "\n"
                + "    endpoint: " + TestEnv.get("S3_ENDPOINT") + "\n"
                + "    region: " + TestEnv.get("S3_REGION") + "\n"
                + "    path-style: true\n"
                + "    access-key-id: " + TestEnv.get("S3_ACCESS_KEY") + "\n"
                + "    secret-access-key: ${S3_SECRET_KEY}\n";
    }

    /** The tables, the checkpoint and the history are PostgreSQL's (through the emulator): read as the PostgreSQL probe reads them. */
    @Override
    public List<String> rows(String keyspace, String table, String columns, String orderBy) throws Exception {
        return tables.rows(keyspace, table, columns, orderBy);
    }

    @Override
    public long count(String keyspace, String table) {
        return tables.count(keyspace, table);
    }

    @Override
    public Optional<Position> checkpoint(String pipeline) {
        return tables.checkpoint(pipeline);
    }

    @Override
    public List<String> history(String pipeline) throws Exception {
        return tables.history(pipeline);
    }

    /** Staged objects left under this target's prefix (the sink deletes them after each batch). */
    List<String> stagedObjects() {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(schema + "/")).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    @Override
    public void reset() throws Exception {
        tables.reset();
        try (S3Client s3 = s3()) {
            try {
                s3.createBucket(b -> b.bucket(BUCKET));
            } catch (S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
            for (String key : stagedObjects()) {
                s3.deleteObject(b -> b.bucket(BUCKET).key(key));
            }
        }
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT"))).forcePathStyle(true)
                .region(Region.of(TestEnv.get("S3_REGION"))).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY")))).build();
    }

    @Override
    public String toString() {
        return name();
    }
}
