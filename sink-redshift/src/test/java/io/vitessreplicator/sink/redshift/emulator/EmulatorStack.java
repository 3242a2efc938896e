package io.vitessreplicator.sink.redshift.emulator;

import io.vitessreplicator.testkit.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The local stack as the emulator's integration tests use it: URLs, connections, S3 objects. */
final class EmulatorStack {
    private EmulatorStack() {}

    /** The emulator's URL for a database of the stack's PostgreSQL, with extra pgjdbc parameters. */
    static String url(String database, String extra) {
        return "jdbc:redshift-emulator://" + TestEnv.get("PGHOST") + ":" + TestEnv.get("PGPORT") + "/" + database
                + "?s3Endpoint=" + TestEnv.get("S3_ENDPOINT") + "&s3Region=" + TestEnv.get("S3_REGION")
                + "&s3AccessKeyId=" + TestEnv.get("S3_ACCESS_KEY") + "&s3SecretAccessKey=" + TestEnv.get("S3_SECRET_KEY")
                + "&ApplicationName=redshift-emulator-it" + (extra.isEmpty() ? "" : "&" + extra);
    }

    static Connection emulator(String database, String extra) throws SQLException {
        return DriverManager.getConnection(url(database, extra), TestEnv.get("PGUSER"), TestEnv.get("PGPASSWORD"));
    }

    /** Plain pgjdbc, for fixtures and reading back. */
    static Connection postgres(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestEnv.get("PGHOST") + ":" + TestEnv.get("PGPORT")
                + "/" + database, TestEnv.get("PGUSER"), TestEnv.get("PGPASSWORD"));
    }

    static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT"))).forcePathStyle(true)
                .region(Region.of(TestEnv.get("S3_REGION"))).httpClient(Apache5HttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY")))).build();
    }

    /** Creates the bucket; true when this call created it. */
    static boolean createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    static void put(S3Client s3, String bucket, String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    /** Deletes the objects under {@code prefix}. */
    static void deleteUnder(S3Client s3, String bucket, String prefix) {
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
        for (String k : keys) {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A manifest of mandatory entries with their sizes. */
    static String manifest(String bucket, List<String> keys, List<Integer> sizes) {
        StringBuilder s = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < keys.size(); i++) {
            s.append(i == 0 ? "" : ",").append("{\"url\":\"s3://").append(bucket).append('/').append(keys.get(i))
                    .append("\",\"mandatory\":true,\"meta\":{\"content_length\":").append(sizes.get(i)).append("}}");
        }
        return s.append("]}").toString();
    }
}
