package app.polychat.finetune.bedrock.training.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Puts one file into S3, streaming it from disk: a single {@code PutObject} up to the multipart
 * threshold, {@code CreateMultipartUpload}/{@code UploadPart}/{@code CompleteMultipartUpload} above
 * it (aborted if anything fails, so no orphaned parts are billed). Every request carries {@code
 * Content-MD5} and, when {@link S3Checksums} says so (the SDK's {@code when_supported} default),
 * {@code x-amz-checksum-sha256} of exactly the bytes it sends, so S3 refuses data that changed on
 * the way. A custom endpoint that refuses the checksum header gets the request once more without
 * it. The object's user metadata holds the SHA-256 of the whole file, which is how {@link
 * #findIdentical} recognizes a file uploaded before. Not public API.
 */
public final class S3Uploader {
  /** S3's limits: parts of 5 MiB to 5 GiB (the last may be smaller), at most 10,000 parts. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  public static final int MAX_PARTS = 10_000;

  /** The user-metadata key (sent as {@code x-amz-meta-sha256}) holding the whole file's hash. */
  public static final String SHA256_METADATA = "sha256";

  private static final Logger log = LoggerFactory.getLogger(S3Uploader.class);
  private static final String CONTENT_TYPE = "application/jsonl";

  private S3Client s3;
  private final String bucket;
  private final long multipartThreshold;
  private final long partSize;
  private final S3Checksums checksums;
  private final UnaryOperator<S3Client> withoutChecksums;

  /**
   * @param checksums whether to send {@code x-amz-checksum-sha256}, shared by the store's uploads
   * @param withoutChecksums the client to retry with once the server refused the checksum header (a
   *     client the store built is rebuilt with {@code when_required}; an injected one is kept)
   */
  public S3Uploader(
      S3Client s3,
      String bucket,
      long multipartThreshold,
      long partSize,
      S3Checksums checksums,
      UnaryOperator<S3Client> withoutChecksums) {
    this.s3 = s3;
    this.bucket = bucket;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
    this.checksums = checksums;
    this.withoutChecksums = withoutChecksums;
  }

  /**
   * Runs an upload; when a custom endpoint refuses the checksum header, records that and runs it
   * once more without the header.
   */
  private <T> T withChecksumFallback(UploadAttempt<T> attempt) throws IOException {
    boolean sha256 = checksums.sendSha256();
    try {
      return attempt.run(sha256);
    } catch (SdkException e) {
      if (!sha256 || !checksums.isRefusal(e)) {
        throw e;
      }
      checksums.markRefused(e);
      s3 = withoutChecksums.apply(s3);
      return attempt.run(false);
    }
  }

  /** One try of an upload, with or without the SHA-256 header. */
  @FunctionalInterface
  private interface UploadAttempt<T> {
    T run(boolean sha256) throws IOException;
  }

  /**
   * Puts a small text object (a manifest beside the data) with the same checksums and the same
   * fallback as a file.
   */
  public void putText(String key, String text, String contentType) throws IOException {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String md5;
    String sha256;
    try {
      md5 =
          java.util.Base64.getEncoder()
              .encodeToString(java.security.MessageDigest.getInstance("MD5").digest(bytes));
      sha256 =
          java.util.Base64.getEncoder()
              .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks MD5 or SHA-256", e);
    }
    withChecksumFallback(
        withSha256 -> {
          PutObjectRequest.Builder request =
              PutObjectRequest.builder()
                  .bucket(bucket)
                  .key(key)
                  .contentType(contentType)
                  .contentLength((long) bytes.length)
                  .contentMD5(md5);
          if (withSha256) {
            request.checksumSHA256(sha256);
          }
          return s3.putObject(request.build(), RequestBody.fromBytes(bytes));
        });
  }

  /**
   * Uploads {@code file} to {@code key}.
   *
   * @param whole the file's digest (its SHA-256 goes into the metadata)
   * @param metadata extra user metadata
   * @param progress told the number of bytes of the file sent so far
   * @return how many requests carried data (1 for a single put, the part count otherwise)
   * @throws SdkException as the SDK throws it; the caller translates
   */
  public int upload(
      Path file, String key, FileDigest whole, Map<String, String> metadata, LongConsumer progress)
      throws IOException {
    Map<String, String> meta = new java.util.LinkedHashMap<>(metadata);
    meta.put(SHA256_METADATA, whole.sha256Hex());
    if (whole.length() > multipartThreshold) {
      return withChecksumFallback(
          sha256 -> putMultipart(file, key, whole.length(), meta, progress, sha256));
    }
    return withChecksumFallback(
        sha256 -> {
          putSingle(file, key, whole, meta, progress, sha256);
          return 1;
        });
  }

  private void putSingle(
      Path file,
      String key,
      FileDigest digest,
      Map<String, String> meta,
      LongConsumer progress,
      boolean sha256Header) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(CONTENT_TYPE)
            .contentLength(digest.length())
            .contentMD5(digest.md5Base64())
            .metadata(meta);
    if (sha256Header) {
      request.checksumSHA256(digest.sha256Base64());
    }
    FileRangeContent content = new FileRangeContent(file, 0, digest.length(), progress);
    try {
      s3.putObject(
          request.build(), RequestBody.fromContentProvider(content, digest.length(), CONTENT_TYPE));
    } finally {
      content.closeCurrent();
    }
  }

  private int putMultipart(
      Path file,
      String key,
      long length,
      Map<String, String> meta,
      LongConsumer progress,
      boolean sha256Header)
      throws IOException {
    long size = partSizeFor(length);
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(CONTENT_TYPE)
            .metadata(meta);
    if (sha256Header) {
      create.checksumAlgorithm(ChecksumAlgorithm.SHA256);
    }
    String uploadId = s3.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0; offset < length; offset += size) {
        long partLength = Math.min(size, length - offset);
        parts.add(
            uploadPart(
                file, key, uploadId, parts.size() + 1, offset, partLength, progress, sha256Header));
      }
      s3.completeMultipartUpload(
          c -> c.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      return parts.size();
    } catch (IOException | RuntimeException e) {
      abort(key, uploadId, e);
      throw e;
    }
  }

  private CompletedPart uploadPart(
      Path file,
      String key,
      String uploadId,
      int partNumber,
      long offset,
      long partLength,
      LongConsumer progress,
      boolean sha256Header)
      throws IOException {
    FileDigest digest = FileDigest.of(file, offset, partLength);
    UploadPartRequest.Builder request =
        UploadPartRequest.builder()
            .bucket(bucket)
            .key(key)
            .uploadId(uploadId)
            .partNumber(partNumber)
            .contentLength(partLength)
            .contentMD5(digest.md5Base64());
    if (sha256Header) {
      request.checksumSHA256(digest.sha256Base64());
    }
    FileRangeContent content =
        new FileRangeContent(file, offset, partLength, read -> progress.accept(offset + read));
    String etag;
    try {
      etag =
          s3.uploadPart(
                  request.build(),
                  RequestBody.fromContentProvider(content, partLength, CONTENT_TYPE))
              .eTag();
    } finally {
      content.closeCurrent();
    }
    CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(etag);
    if (sha256Header) {
      part.checksumSHA256(digest.sha256Base64());
    }
    return part.build();
  }

  private void abort(String key, String uploadId, Exception cause) {
    try {
      s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException abortFailure) {
      cause.addSuppressed(abortFailure);
      log.warn(
          "could not abort multipart upload {} of s3://{}/{}; remove it with a lifecycle rule"
              + " for incomplete multipart uploads",
          uploadId,
          bucket,
          key);
    }
  }

  /** The part size for a file: the configured one, grown when 10,000 parts would not suffice. */
  long partSizeFor(long length) {
    long needed = (length + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(partSize, needed);
  }

  /**
   * Finds an object under {@code prefix} named {@code fileName} whose stored SHA-256 equals {@code
   * sha256Hex}: it lists the prefix, keeps objects of the same name and size (newest first), and
   * reads the {@code sha256} metadata of those few with {@code HeadObject}.
   *
   * @return the key of the newest identical object
   */
  public Optional<String> findIdentical(
      String prefix, String fileName, long size, String sha256Hex) {
    List<S3Object> candidates = new ArrayList<>();
    s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
        .contents()
        .forEach(
            object -> {
              if ((object.key().equals(fileName) || object.key().endsWith("/" + fileName))
                  && object.size() != null
                  && object.size() == size) {
                candidates.add(object);
              }
            });
    candidates.sort(
        Comparator.comparing(
                S3Object::lastModified, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed());
    for (S3Object candidate : candidates) {
      HeadObjectResponse head;
      try {
        head = s3.headObject(h -> h.bucket(bucket).key(candidate.key()));
      } catch (NoSuchKeyException gone) {
        continue;
      }
      if (sha256Hex.equalsIgnoreCase(head.metadata().get(SHA256_METADATA))) {
        return Optional.of(candidate.key());
      }
    }
    return Optional.empty();
  }
}
