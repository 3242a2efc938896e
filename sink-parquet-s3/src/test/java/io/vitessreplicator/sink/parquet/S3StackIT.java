package io.vitessreplicator.sink.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vitessreplicator.testkit.TestEnv;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The local S3Proxy speaks S3 to the AWS SDK v2, stores bytes exactly, and checks credentials. */
class S3StackIT {

    private static S3Client client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(TestEnv.get("S3_ENDPOINT")))
                .region(Region.of(TestEnv.get("S3_REGION")))
                .forcePathStyle(true)
                
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    @Test
    void putsAndGetsAnObject() {
        try (S3Client s3 = client(TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY"))) {
            String bucket = "stack-smoke-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = new byte[256];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) i;
            }
            s3.putObject(b -> b.bucket(bucket).key("dir/all-bytes.bin"), RequestBody.fromBytes(body));
            byte[] back = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/all-bytes.bin")).asByteArray();
            assertThat(back).isEqualTo(body);
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("dir/")).contents())
                    .extracting(o -> o.key()).containsExactly("dir/all-bytes.bin");
        }
    }

    @Test
    void refusesWrongCredentials() {
        try (S3Client s3 = client(TestEnv.get("S3_ACCESS_KEY"), "wrong-secret")) {
            assertThatThrownBy(() -> s3.listBuckets())
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    /** The sink's commit point relies on this: a create-only PUT of an existing key fails with 412. */
    @Test
    void aCreateOnlyPutOfAnExistingKeyIsRefused() {
        try (S3Client s3 = client(TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY"))) {
            String bucket = "stack-cond-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("m/1.json").ifNoneMatch("*"), RequestBody.fromString("first"));
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("m/1.json").ifNoneMatch("*"),
                    RequestBody.fromString("second")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("m/1.json")).asUtf8String()).isEqualTo("first");
        }
    }

    /** The sink's lease relies on this: a PUT with If-Match of a stale ETag fails with 412. */
    @Test
    void aPutWithAStaleEtagIsRefused() {
        try (S3Client s3 = client(TestEnv.get("S3_ACCESS_KEY"), TestEnv.get("S3_SECRET_KEY"))) {
            String bucket = "stack-cas-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(bucket));
            String first = s3.putObject(b -> b.bucket(bucket).key("lease"), RequestBody.fromString("a")).eTag();
            String second = s3.putObject(b -> b.bucket(bucket).key("lease").ifMatch(first), RequestBody.fromString("b"))
                    .eTag();
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("lease").ifMatch(first),
                    RequestBody.fromString("c")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("lease")).asUtf8String()).isEqualTo("b");
            assertThat(second).isNotEqualTo(first);
        }
    }
}
