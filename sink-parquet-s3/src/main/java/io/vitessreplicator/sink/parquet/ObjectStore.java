package io.vitessreplicator.sink.parquet;

import static java.util.Objects.requireNonNull;

import io.vitessreplicator.spi.FatalSinkException;
import io.vitessreplicator.spi.RetriableSinkException;
import io.vitessreplicator.spi.SinkException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 operations the sink uses, with keys relative to the configured prefix, and S3's errors
 * turned into the SPI's: a refused credential or a missing bucket is fatal, anything a retry may
 * fix (the store unreachable, 5xx, throttling) is retriable.
 */
final class ObjectStore implements AutoCloseable {
    /** Objects up to this size go in one PUT; larger ones in parts of this size. */
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final ParquetSinkConfig config;
    private final S3Client s3;

    ObjectStore(ParquetSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.s3 = client(config);
    }

    private static S3Client client(ParquetSinkConfig config) {
        S3ClientBuilder b = S3Client.builder()
                .httpClient(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config));
        config.endpoint().ifPresent(b::endpointOverride);
        b.region(region(config));
        return b.build();
    }

    private static AwsCredentialsProvider credentials(ParquetSinkConfig config) {
        if (config.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = config.accessKeyId().get();
        String secret = config.secretAccessKey().orElseThrow();
        return StaticCredentialsProvider.create(config.sessionToken()
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
    }

    private static Region region(ParquetSinkConfig config) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (config.endpoint().isPresent()) {
                return Region.US_EAST_1; // S3-compatible stores accept any region name for signing
            }
            throw new FatalSinkException(FatalSinkException.Kind.OTHER, "Cannot choose the S3 region: sink.region is"
                    + " not set and the AWS default chain (AWS_REGION, ~/.aws/config) names none. Set sink.region.", e);
        }
    }

    /** The full object key of a key relative to the prefix. */
    String key(String relative) {
        return config.prefix() + relative;
    }

    /** The key relative to the prefix, of a full object key under it. */
    String relative(String key) {
        return key.substring(config.prefix().length());
    }

    /** {@code s3://bucket/prefix/relative}, for readers and messages. */
    String uri(String relative) {
        return "s3://" + config.bucket() + "/" + key(relative);
    }

    /** An object's bytes and ETag. */
    record Stored(byte[] body, String etag) {}

    Optional<Stored> get(String relative) {
        return call("read " + uri(relative), () -> {
            try {
                ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key(relative)));
                return Optional.of(new Stored(r.asByteArray(), r.response().eTag()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    /** Copies an object to a local file. */
    void download(String relative, Path file) {
        call("download " + uri(relative), () -> {
            try {
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return s3.getObject(b -> b.bucket(config.bucket()).key(key(relative)), file);
        });
    }

    void put(String relative, byte[] body) {
        call("write " + uri(relative), () -> s3.putObject(request(relative).build(), RequestBody.fromBytes(body)));
    }

    /**
     * Creates the object only if no object has its key ({@code If-None-Match: *}).
     *
     * <p>A refusal can be this very request's own success: when the first attempt's answer is
     * lost (a dropped connection), the SDK sends it again and the store refuses the copy. So a
     * refused create reads the object back, and one with exactly these bytes is ours.
     *
     * @return false when another object has the key (412)
     */
    boolean putIfAbsent(String relative, byte[] body) {
        PutObjectRequest.Builder r = request(relative);
        if (config.conditionalWrites()) {
            r.ifNoneMatch("*");
        }
        return call("create " + uri(relative), () -> {
            try {
                s3.putObject(r.build(), RequestBody.fromBytes(body));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 409) {
                    return get(relative).map(o -> Arrays.equals(o.body(), body)).orElse(false);
                }
                throw e;
            } catch (SdkClientException e) {
                // The answer was lost: the object may be ours anyway.
                if (get(relative).map(o -> Arrays.equals(o.body(), body)).orElse(false)) {
                    return true;
                }
                throw e;
            }
        });
    }

    /**
     * Replaces the object only if its ETag is still {@code etag} ({@code If-Match}).
     *
     * @return the new ETag, or empty when the object changed or vanished meanwhile (412, 404)
     */
    Optional<String> putIfMatch(String relative, byte[] body, String etag) {
        PutObjectRequest.Builder r = request(relative);
        if (config.conditionalWrites()) {
            r.ifMatch(etag);
        }
        return call("replace " + uri(relative), () -> {
            try {
                return Optional.of(s3.putObject(r.build(), RequestBody.fromBytes(body)).eTag());
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 404 || e.statusCode() == 409) {
                    // As in putIfAbsent: the refused request may be the retry of its own success.
                    return get(relative).filter(o -> Arrays.equals(o.body(), body)).map(Stored::etag);
                }
                throw e;
            } catch (SdkClientException e) {
                Optional<String> ours = get(relative).filter(o -> Arrays.equals(o.body(), body)).map(Stored::etag);
                if (ours.isPresent()) {
                    return ours;
                }
                throw e;
            }
        });
    }

    private PutObjectRequest.Builder request(String relative) {
        PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(config.bucket()).key(key(relative));
        switch (config.encryption()) {
            case S3 -> r.serverSideEncryption(ServerSideEncryption.AES256);
            case KMS -> {
                r.serverSideEncryption(ServerSideEncryption.AWS_KMS);
                config.kmsKeyId().ifPresent(r::ssekmsKeyId);
            }
            default -> { }
        }
        return r;
    }

    /** Uploads a local file: one PUT when small, else a multipart upload read from disk part by part. */
    void upload(String relative, Path file, long size) {
        if (size <= PART_SIZE) {
            call("upload " + uri(relative), () -> s3.putObject(request(relative).build(), RequestBody.fromFile(file)));
            return;
        }
        call("upload " + uri(relative), () -> {
            PutObjectRequest put = request(relative).build();
            String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(config.bucket())
                    .key(put.key()).serverSideEncryption(put.serverSideEncryption()).ssekmsKeyId(put.ssekmsKeyId())
                    .build()).uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                int number = 1;
                for (long offset = 0; offset < size; offset += PART_SIZE, number++) {
                    long length = Math.min(PART_SIZE, size - offset);
                    long from = offset;
                    int n = number;
                    // A provider, not a stream: the SDK opens the part again for each retry.
                    RequestBody part = RequestBody.fromContentProvider(() -> partStream(file, from, length), length,
                            "application/octet-stream");
                    String etag = s3.uploadPart(b -> b.bucket(config.bucket()).key(put.key()).uploadId(uploadId)
                            .partNumber(n).contentLength(length), part).eTag();
                    parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(put.key()).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            } catch (RuntimeException e) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(put.key()).uploadId(uploadId));
                } catch (RuntimeException abort) {
                    e.addSuppressed(abort);
                }
                throw e;
            }
            return null;
        });
    }

    /** {@code length} bytes of {@code file} from {@code offset}. */
    private static InputStream partStream(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            InputStream all = Channels.newInputStream(ch);
            return new FilterInputStream(all) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buf, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key (relative) under {@code relativePrefix}, in key order, after {@code startAfter} if given. */
    List<String> list(String relativePrefix, Optional<String> startAfter) {
        return call("list " + uri(relativePrefix), () -> {
            List<String> out = new ArrayList<>();
            ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(config.bucket())
                    .prefix(key(relativePrefix));
            startAfter.ifPresent(a -> r.startAfter(key(a)));
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(r.build())) {
                for (S3Object o : page.contents()) {
                    out.add(relative(o.key()));
                }
            }
            return out;
        });
    }

    /** Deletes the objects (missing ones are no error), 1000 per request. */
    void delete(Collection<String> relatives) {
        List<ObjectIdentifier> ids = relatives.stream().map(r -> ObjectIdentifier.builder().key(key(r)).build()).toList();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            call("delete " + chunk.size() + " objects under " + config.location(), () -> s3.deleteObjects(b -> b
                    .bucket(config.bucket()).delete(Delete.builder().objects(chunk).quiet(true).build())));
        }
    }

    /**
     * Runs an S3 call, translating its failure: 401/403 and a missing bucket are fatal (retrying
     * cannot fix them); everything else (unreachable, timeouts, 5xx, 429) is retriable.
     */
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
        if (status == 401 || status == 403) {
            return new FatalSinkException(FatalSinkException.Kind.CONNECTION, "Cannot " + what + ": the store refused"
                    + " the credentials or the request (" + status + " " + code + "). Check sink.access-key-id and"
                    + " sink.secret-access-key (or the AWS default chain), and that they may read, write, list and"
                    + " delete under " + config.location() + ".", e);
        }
        if ("NoSuchBucket".equals(code)) {
            return new FatalSinkException(FatalSinkException.Kind.CONNECTION, "Cannot " + what + ": bucket "
                    + config.bucket() + " does not exist. Create it, or fix sink.bucket.", e);
        }
        return new RetriableSinkException("Cannot " + what + ": " + status + " " + code + " " + e.getMessage(), e);
    }

    @Override
    public void close() {
        s3.close();
    }
}
