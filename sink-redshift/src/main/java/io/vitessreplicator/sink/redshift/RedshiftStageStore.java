package io.vitessreplicator.sink.redshift;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 side of staging: uploads staged parts and manifests, lists and deletes them. Keys are full
 * object keys. S3's failures become the SPI's: a refused credential or a missing bucket is fatal,
 * anything a retry may fix (unreachable, 5xx, throttling) is retriable.
 *
 * <p>Thread-safe (the SDK client is); one per sink.
 */
final class RedshiftStageStore implements AutoCloseable {
    private final RedshiftSinkConfig.Staging config;
    private final S3Client s3;

    RedshiftStageStore(RedshiftSinkConfig.Staging config) {
        this.config = requireNonNull(config, "config is null");
        S3ClientBuilder b = S3Client.builder()
                .httpClient(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config))
                .region(region(config));
        config.endpoint().ifPresent(b::endpointOverride);
        this.s3 = b.build();
    }

    private static AwsCredentialsProvider credentials(RedshiftSinkConfig.Staging config) {
        if (config.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = config.accessKeyId().get();
        String secret = config.secretAccessKey().orElseThrow();
        return StaticCredentialsProvider.create(config.sessionToken()
                .<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
    }

    private static Region region(RedshiftSinkConfig.Staging config) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (config.endpoint().isPresent()) {
                return Region.US_EAST_1; // S3-compatible stores accept any region name for signing
            }
            throw new FatalSinkException(FatalSinkException.Kind.OTHER, "Cannot choose the S3 region of the staging"
                    + " bucket: sink.staging.region is not set and the AWS default chain (AWS_REGION, ~/.aws/config)"
                    + " names none. Set sink.staging.region.", e);
        }
    }

    String bucket() {
        return config.bucket();
    }

    /** {@code s3://bucket/key}. */
    String url(String key) {
        return "s3://" + config.bucket() + "/" + key;
    }

    /** Uploads a local file as {@code key}. */
    void putFile(String key, Path file) {
        call("upload " + url(key), () -> s3.putObject(b -> b.bucket(config.bucket()).key(key), RequestBody.fromFile(file)));
    }

    void putText(String key, String body) {
        call("upload " + url(key), () -> s3.putObject(b -> b.bucket(config.bucket()).key(key)
                .contentType("application/json"), RequestBody.fromString(body, StandardCharsets.UTF_8)));
    }

    /** Every key under {@code prefix}, in key order. */
    List<String> list(String prefix) {
        return call("list " + url(prefix), () -> {
            List<String> out = new ArrayList<>();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    out.add(o.key());
                }
            }
            return out;
        });
    }

    /** Deletes the objects (missing ones are no error), 1000 per request. */
    void delete(Collection<String> keys) {
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            call("delete " + chunk.size() + " staged objects in s3://" + config.bucket(), () -> s3.deleteObjects(b -> b
                    .bucket(config.bucket()).delete(Delete.builder().objects(chunk).quiet(true).build())));
        }
    }

    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (S3Exception e) {
            throw translate(what, e);
        } catch (SdkClientException | UncheckedIOException e) {
            throw new RetriableSinkException("Cannot " + what + ": " + e.getMessage() + ". The store at "
                    + config.endpoint().map(Object::toString).orElse("AWS S3") + " did not answer; retrying.", e);
        }
    }

    private SinkException translate(String what, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        String detail = "S3 answered " + status + (code == null || code.isEmpty() ? "" : " " + code) + ": "
                + e.getMessage();
        if (status == 401 || status == 403 || "NoSuchBucket".equals(code)) {
            return new FatalSinkException(FatalSinkException.Kind.OTHER, "Cannot " + what + ": " + detail
                    + ". Check sink.staging.bucket and the credentials (sink.staging.access-key-id or the AWS default"
                    + " chain): the replicator needs s3:PutObject, s3:ListBucket and s3:DeleteObject on the staging"
                    + " prefix.", e);
        }
        return new RetriableSinkException("Cannot " + what + ": " + detail + "; retrying.", e);
    }

    @Override
    public void close() {
        s3.close();
    }
}
