package app.polychat.finetune.bedrock.training;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.S3Location;
import app.polychat.finetune.bedrock.training.internal.FileDigest;
import app.polychat.finetune.bedrock.training.internal.S3Checksums;
import app.polychat.finetune.bedrock.training.internal.S3Uploader;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.store.DatasetStore;
import app.polychat.finetune.store.Placement;
import app.polychat.finetune.store.StoreException;
import app.polychat.finetune.store.StoredDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Stores training files in an S3 bucket, where Bedrock reads them: {@code
 * s3://{bucket}/{project}/{content hash}/train.jsonl} and {@code …/validation.jsonl} by default
 * ({@link Placement#CONTENT_ADDRESSED}: the folder is the dataset's {@link
 * LocalDataset#contentHash() content hash}, so uploading the same files again finds them there,
 * sends nothing and returns the same URIs, and a job trained on them keeps its idempotency token),
 * or {@code s3://{bucket}/{project}/{UTC timestamp}/} as the original toolkit laid them out when a
 * fresh copy is asked for ({@link Placement#TIMESTAMPED}). Every key is made of characters Bedrock
 * accepts in an S3 URI.
 *
 * <p>Files stream from disk (a single {@code PutObject} up to {@link Builder#multipartThreshold}, a
 * multipart upload above it), every request carries {@code Content-MD5} (which S3 verifies), and
 * progress goes to an {@link UploadListener}. The flexible checksum {@code x-amz-checksum-sha256}
 * follows the AWS SDK's standard setting: sent when {@code AWS_REQUEST_CHECKSUM_CALCULATION} (or
 * the profile's {@code request_checksum_calculation}, or {@link
 * Builder#requestChecksumCalculation}) is {@code when_supported}, the default, and left out when it
 * is {@code when_required}. An S3-compatible server that refuses the header ({@code 501
 * NotImplemented}, as a stock S3Proxy does) gets the request once more without it, with one
 * warning. The file's SHA-256 is always kept in the object's metadata. Before the first upload the
 * store asks S3 where the bucket is ({@code HeadBucket}) and, when it built the client itself,
 * moves to the bucket's region; a missing bucket, a refusal or a wrong region is a {@link
 * StoreException} naming the bucket and what to do. A file already stored at its content-addressed
 * key with the same SHA-256 is not sent again; for timestamped uploads, {@link Builder#resume
 * resume} does the same for identical files anywhere under the project.
 *
 * <p>S3-compatible servers (MinIO, S3Proxy, LocalStack) work through {@code AWS_ENDPOINT_URL_S3} or
 * {@code AWS_ENDPOINT_URL} and {@code S3_FORCE_PATH_STYLE=true}, or the builder's {@link
 * Builder#endpointOverride} and {@link Builder#forcePathStyle}.
 *
 * <pre>{@code
 * try (S3DatasetStore store = S3DatasetStore.builder().bucket("my-training-bucket")
 *     .preflight(validator::requireValid).resume(true).build()) {
 *   StoredDataset stored = store.put(dataset, "strudel");
 * }
 * }</pre>
 */
public final class S3DatasetStore implements DatasetStore {
  private static final Logger log = LoggerFactory.getLogger(S3DatasetStore.class);

  /** Bucket names S3 accepts (and Bedrock's S3 URI pattern). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** A key segment Bedrock accepts in an S3 URI, and a readable folder name. */
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final String bucket;
  private final ClientLease<S3Client> lease;
  private final AwsCredentialsProvider credentials;
  private final URI endpoint;
  private final boolean pathStyle;
  private final long multipartThreshold;
  private final long partSize;
  private final RequestChecksumCalculation calculation;
  private final S3Checksums checksums;
  private final ResponseChecksumValidation responseValidation;
  private final boolean resume;
  private final UploadListener listener;
  private final Consumer<LocalDataset> preflight;
  private final boolean validateBeforeUpload;
  private final Clock clock;

  private S3Client s3;
  private Region region;
  private boolean bucketChecked;

  private S3DatasetStore(Builder b) {
    this.bucket = b.bucket;
    AwsSettings aws = b.aws.build();
    this.credentials = aws.credentialsProvider().orElse(null);
    this.endpoint = aws.endpoint(AwsService.S3).orElse(null);
    this.pathStyle = aws.forcePathStyle();
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.calculation =
        b.requestChecksumCalculation != null
            ? b.requestChecksumCalculation
            : aws.requestChecksumCalculation();
    URI customEndpoint =
        aws.s3Client()
            .map(c -> c.serviceClientConfiguration().endpointOverride().orElse(null))
            .orElse(endpoint);
    this.checksums = new S3Checksums(calculation, customEndpoint);
    this.responseValidation = aws.responseChecksumValidation().orElse(null);
    this.resume = b.resume;
    this.listener = b.listener;
    this.preflight = b.preflight;
    this.validateBeforeUpload = b.validateBeforeUpload;
    this.clock = b.clock;
    this.region =
        aws.s3Client().map(c -> c.serviceClientConfiguration().region()).orElseGet(aws::region);
    this.lease = ClientLease.of(aws.s3Client(), () -> newClient(region));
    this.s3 = lease.client();
  }

  /**
   * Starts building a store: every setting but the bucket has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads the dataset's files under {@code {project}/{content hash}/} or {@code {project}/{UTC
   * timestamp}/}, as the placement says; a file already stored at its content-addressed key with
   * the same SHA-256 is not sent again.
   *
   * @throws StoreException naming the bucket and what to check (missing bucket, permissions,
   *     region, unreadable file); {@link StoreException#retryable()} for throttling and network
   *     trouble
   */
  @Override
  public synchronized StoredDataset put(LocalDataset dataset, String project, Placement placement) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(placement, "placement");
    if (!PROJECT.matcher(project).matches()) {
      throw new StoreException(
          "project '"
              + project
              + "' cannot be an S3 folder Bedrock accepts: use letters, digits, '.', '_' and '-'"
              + " (starting with a letter or digit, at most 128 characters)");
    }
    runPreflight(dataset);
    checkBucket();
    // both files are read (and hashed) before anything is sent: a missing file uploads nothing
    FileDigest trainDigest = digest(dataset.train());
    FileDigest validationDigest =
        dataset.validation() == null ? null : digest(dataset.validation());
    String contentHash =
        LocalDataset.contentHash(
            trainDigest.sha256Hex(),
            validationDigest == null ? null : validationDigest.sha256Hex());
    String folder = placement.folder(project, contentHash, clock.instant()) + "/";
    // content-addressed: an identical file is looked for at its own key; timestamped: anywhere
    // under the project, when resume is on
    boolean atKey = placement == Placement.CONTENT_ADDRESSED;
    String reusePrefix = resume && !atKey ? project + "/" : null;
    URI train =
        putFile(
            dataset.train(),
            trainDigest,
            atKey,
            reusePrefix,
            folder + "train.jsonl",
            dataset,
            true);
    URI validation =
        dataset.validation() == null
            ? null
            : putFile(
                dataset.validation(),
                validationDigest,
                atKey,
                reusePrefix,
                folder + "validation.jsonl",
                dataset,
                false);
    return new StoredDataset(train, validation, project, clock.instant());
  }

  private static FileDigest digest(Path file) {
    try {
      return FileDigest.of(file, 0, Files.size(file));
    } catch (IOException e) {
      throw new StoreException(
          "cannot read dataset file " + file + " (" + e + "): check that it exists and is readable",
          e,
          false);
    }
  }

  private void runPreflight(LocalDataset dataset) {
    if (preflight == null) {
      return;
    }
    if (!validateBeforeUpload) {
      log.warn(
          "uploading {} without validating it first (validateBeforeUpload is off): Bedrock may"
              + " reject the job after it has started",
          dataset.train());
      return;
    }
    preflight.accept(dataset);
  }

  private URI putFile(
      Path file,
      FileDigest digest,
      boolean reuseAtKey,
      String reusePrefix,
      String key,
      LocalDataset dataset,
      boolean train) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    S3Uploader uploader = uploader();
    String action = "upload " + file.getFileName() + " to s3://" + bucket + "/" + key;
    try {
      Optional<String> existing = Optional.empty();
      if (reuseAtKey && storedAt(key, digest)) {
        existing = Optional.of(key);
      } else if (reusePrefix != null) {
        existing = uploader.findIdentical(reusePrefix, name, digest.length(), digest.sha256Hex());
      }
      if (existing.isPresent()) {
        URI uri = new S3Location(bucket, existing.get()).toUri();
        log.info("{} is already stored as {} (same SHA-256): not uploading it again", file, uri);
        listener.onProgress(
            new UploadProgress(
                file, uri, digest.length(), digest.length(), UploadProgress.Stage.SKIPPED));
        return uri;
      }
      URI uri = new S3Location(bucket, key).toUri();
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("format", dataset.formatId());
      metadata.put(
          "records", Long.toString(train ? dataset.trainCount() : dataset.validationCount()));
      metadata.put("project", key.substring(0, key.indexOf('/')));
      long total = digest.length();
      listener.onProgress(new UploadProgress(file, uri, 0, total, UploadProgress.Stage.UPLOADING));
      int requests =
          uploader.upload(
              file,
              key,
              digest,
              metadata,
              sent ->
                  listener.onProgress(
                      new UploadProgress(file, uri, sent, total, UploadProgress.Stage.UPLOADING)));
      listener.onProgress(
          new UploadProgress(file, uri, total, total, UploadProgress.Stage.UPLOADED));
      log.info("uploaded {} ({} bytes, {} request(s)) to {}", file, total, requests, uri);
      return uri;
    } catch (SdkException e) {
      throw AwsExceptionMapper.toStore(e, bucket, action, region.id());
    } catch (IOException e) {
      throw new StoreException(
          "cannot read dataset file " + file + " while uploading it: " + e.getMessage(), e, false);
    }
  }

  private S3Uploader uploader() {
    return new S3Uploader(
        s3, bucket, multipartThreshold, partSize, checksums, this::clientWithoutChecksums);
  }

  /** A client of this store's settings; without checksums once the server refused them. */
  private S3Client newClient(Region in) {
    return AwsClients.s3(
        in,
        credentials,
        endpoint,
        pathStyle,
        checksums.refused() ? RequestChecksumCalculation.WHEN_REQUIRED : calculation,
        responseValidation);
  }

  /**
   * After the server refused the checksum header: a client this store built is rebuilt so that the
   * SDK adds no checksum of its own either; an injected client is used as it is.
   */
  private synchronized S3Client clientWithoutChecksums(S3Client current) {
    if (!lease.borrowed() && current == s3) {
      lease.replaceOwn(newClient(region));
      s3 = lease.client();
    }
    return s3;
  }

  /**
   * Whether the object at {@code key} holds this file: same size and the same {@code sha256}
   * metadata the store writes with every upload. A missing object (404, or 403 without
   * s3:ListBucket permission) is not there; anything else is an error.
   */
  private boolean storedAt(String key, FileDigest digest) {
    try {
      HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key));
      return head.contentLength() != null
          && head.contentLength() == digest.length()
          && digest.sha256Hex().equals(head.metadata().get(S3Uploader.SHA256_METADATA));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Asks S3 where the bucket is, once. A client this store built follows the bucket to its region;
   * an injected client is left alone, and a wrong region becomes a clear error.
   */
  private void checkBucket() {
    if (bucketChecked) {
      return;
    }
    try {
      HeadBucketResponse head = s3.headBucket(h -> h.bucket(bucket));
      String actual = head.bucketRegion();
      if (!lease.borrowed() && actual != null && !actual.isBlank() && !actual.equals(region.id())) {
        moveTo(Region.of(actual));
      }
    } catch (SdkException e) {
      Optional<String> actual = AwsExceptionMapper.bucketRegion(e);
      if (lease.borrowed() || actual.isEmpty() || actual.get().equals(region.id())) {
        throw AwsExceptionMapper.toStore(e, bucket, "find bucket '" + bucket + "'", region.id());
      }
      moveTo(Region.of(actual.get()));
      try {
        s3.headBucket(h -> h.bucket(bucket));
      } catch (SdkException again) {
        throw AwsExceptionMapper.toStore(
            again, bucket, "find bucket '" + bucket + "'", region.id());
      }
    }
    bucketChecked = true;
  }

  private void moveTo(Region bucketRegion) {
    log.info(
        "bucket {} is in {}, not {}: talking to {}", bucket, bucketRegion, region, bucketRegion);
    S3Client moved = newClient(bucketRegion);
    lease.replaceOwn(moved);
    s3 = moved;
    region = bucketRegion;
  }

  /**
   * Stores a small text file beside a stored file, in the same bucket and folder: how a run
   * manifest ({@code lineage-<job>.json}) lands next to the {@code train.jsonl} it describes.
   *
   * @param besideUri the {@code s3://} URI of a file this store put (for example the training file)
   * @param fileName the new file's name: letters, digits, '.', '_' and '-'
   * @param text the content, stored as UTF-8
   * @param contentType its media type, e.g. {@code application/json}
   * @return the new file's {@code s3://} URI
   * @throws StoreException when the URI is not in this store's bucket, the name is not a plain file
   *     name, or S3 refuses the upload (naming the bucket and what to check)
   */
  public synchronized URI putBeside(
      URI besideUri, String fileName, String text, String contentType) {
    Objects.requireNonNull(besideUri, "besideUri");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(contentType, "contentType");
    S3Location beside;
    try {
      beside = S3Location.parse(besideUri);
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), e, false);
    }
    if (!beside.bucket().equals(bucket)) {
      throw new StoreException(
          besideUri + " is not in bucket " + bucket + ": give a URI this store uploaded");
    }
    if (!PROJECT.matcher(fileName).matches()) {
      throw new StoreException(
          "'"
              + fileName
              + "' is not a file name S3 keys and Bedrock accept: use letters, digits, '.', '_' and"
              + " '-'");
    }
    String key = beside.key().substring(0, beside.key().lastIndexOf('/') + 1) + fileName;
    checkBucket();
    try {
      uploader().putText(key, text, contentType);
    } catch (SdkException e) {
      throw AwsExceptionMapper.toStore(
          e, bucket, "upload " + fileName + " to s3://" + bucket + "/" + key, region.id());
    } catch (IOException e) {
      throw new StoreException("cannot upload " + fileName + ": " + e.getMessage(), e, false);
    }
    URI uri = new S3Location(bucket, key).toUri();
    log.info("stored {} ({} characters)", uri, text.length());
    return uri;
  }

  /** {@return the region the store talks to (the bucket's, once the first upload has found it)} */
  public synchronized String region() {
    return region.id();
  }

  /**
   * The bucket the datasets are stored in.
   *
   * @return the bucket's name
   */
  public String bucket() {
    return bucket;
  }

  @Override
  public String describeStore() {
    return "s3://" + bucket;
  }

  /** Closes the S3 client if this store built it; an injected client stays open. */
  @Override
  public synchronized void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "S3DatasetStore{s3://"
        + bucket
        + ", "
        + region
        + (endpoint == null ? "" : ", " + endpoint)
        + "}";
  }

  /** Builds an {@link S3DatasetStore}; only {@link #bucket} is required. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private String bucket;
    private long multipartThreshold = 16L * 1024 * 1024;
    private long partSize = 8L * 1024 * 1024;
    private RequestChecksumCalculation requestChecksumCalculation;
    private boolean resume;
    private UploadListener listener = UploadListener.none();
    private Consumer<LocalDataset> preflight;
    private boolean validateBeforeUpload = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The AWS settings: region, credentials, endpoints, clients to borrow (default {@link
     * AwsSettings#fromEnvironment()}). Replaces what the AWS setters of this builder set before it.
     *
     * @param aws the AWS settings: region, credentials, endpoints, clients to borrow (default
     *     {@link AwsSettings#fromEnvironment()})
     * @return this builder
     */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws").toBuilder();
      return this;
    }

    /**
     * The training bucket ({@code my-training-bucket}; {@code s3://my-training-bucket/} too).
     *
     * @param bucket the training bucket ({@code my-training-bucket}; {@code
     *     s3://my-training-bucket/} too)
     * @return this builder
     */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      String name = bucket.trim();
      if (name.startsWith("s3://")) {
        name = name.substring("s3://".length());
      }
      if (name.endsWith("/")) {
        name = name.substring(0, name.length() - 1);
      }
      if (!BUCKET.matcher(name).matches() || name.contains("..")) {
        throw new IllegalArgumentException(
            "'"
                + bucket
                + "' is not an S3 bucket name: use 3-63 lowercase letters, digits, '.' and '-',"
                + " starting and ending with a letter or digit (no folder: files go under"
                + " {project}/{content hash}/)");
      }
      this.bucket = name;
      return this;
    }

    /**
     * The region to start from; default {@code AWS_REGION}, the profile's, else us-east-1. The
     * store moves to the bucket's own region if that differs.
     *
     * @param region the region to start from; default {@code AWS_REGION}, the profile's, else
     *     us-east-1
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * A client to use instead of building one; the store does not close it, and does not change its
     * region (a bucket elsewhere is an error naming its region).
     *
     * @param s3Client a client to use instead of building one; the store does not close it, and
     *     does not change its region (a bucket elsewhere is an error naming its region)
     * @return this builder
     */
    public Builder s3Client(S3Client s3Client) {
      aws.s3Client(s3Client);
      return this;
    }

    /**
     * Credentials for the client the store builds; default the SDK's chain.
     *
     * @param credentialsProvider credentials for the client the store builds; default the SDK's
     *     chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * An S3-compatible endpoint ({@code http://localhost:9000}); default {@code
     * AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL}, then AWS.
     *
     * @param endpointOverride an S3-compatible endpoint ({@code http://localhost:9000}); default
     *     {@code AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL}, then AWS
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.S3, endpointOverride);
      return this;
    }

    /**
     * Path-style URLs ({@code host/bucket/key}); default {@code S3_FORCE_PATH_STYLE=true}.
     *
     * @param forcePathStyle path-style URLs ({@code host/bucket/key}); default {@code
     *     S3_FORCE_PATH_STYLE=true}
     * @return this builder
     */
    public Builder forcePathStyle(boolean forcePathStyle) {
      aws.forcePathStyle(forcePathStyle);
      return this;
    }

    /**
     * Where {@code AWS_REGION}, {@code AWS_ENDPOINT_URL[_S3]}, {@code S3_FORCE_PATH_STYLE} and,
     * without a {@link #credentialsProvider}, {@code AWS_ACCESS_KEY_ID}/{@code
     * AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} are read from; default the process environment.
     * Pass one merged with a {@code .env} file.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * Files larger than this go up in parts (default 16 MiB, at least 5 MiB).
     *
     * @param bytes files larger than this go up in parts (default 16 MiB, at least 5 MiB)
     * @return this builder
     */
    public Builder multipartThreshold(long bytes) {
      if (bytes < S3Uploader.MIN_PART_SIZE) {
        throw new IllegalArgumentException(
            "multipartThreshold must be at least 5 MiB (S3's smallest part), was " + bytes);
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /**
     * The size of each part of a multipart upload (default 8 MiB; 5 MiB to 5 GiB).
     *
     * @param bytes the size of each part of a multipart upload (default 8 MiB; 5 MiB to 5 GiB)
     * @return this builder
     */
    public Builder partSize(long bytes) {
      if (bytes < S3Uploader.MIN_PART_SIZE || bytes > S3Uploader.MAX_PART_SIZE) {
        throw new IllegalArgumentException("partSize must be 5 MiB to 5 GiB, was " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * When uploads carry {@code x-amz-checksum-sha256}, as the AWS SDK's client builder setting of
     * the same name: {@code WHEN_SUPPORTED} sends it (S3 and MinIO verify it), {@code
     * WHEN_REQUIRED} leaves it out. Default: {@code AWS_REQUEST_CHECKSUM_CALCULATION} from the
     * {@link #environment}, the system property {@code aws.requestChecksumCalculation}, the
     * profile's {@code request_checksum_calculation}, else {@code WHEN_SUPPORTED}. {@code
     * Content-MD5} is sent and verified either way.
     *
     * @param calculation when uploads carry {@code x-amz-checksum-sha256}, as the AWS SDK's client
     *     builder setting of the same name: {@code WHEN_SUPPORTED} sends it (S3 and MinIO verify
     *     it), {@code WHEN_REQUIRED} leaves it out
     * @return this builder
     */
    public Builder requestChecksumCalculation(RequestChecksumCalculation calculation) {
      this.requestChecksumCalculation = calculation;
      return this;
    }

    /**
     * For {@link Placement#TIMESTAMPED} uploads, skip files already stored anywhere under the
     * project with the same SHA-256 (default false). The store lists {@code {project}/}, keeps
     * objects with the same file name and size, and compares the {@code sha256} metadata it wrote
     * when uploading them. Content-addressed uploads (the default) always reuse an identical file
     * at their own key, with or without this.
     *
     * @param resume for {@link Placement#TIMESTAMPED} uploads, skip files already stored anywhere
     *     under the project with the same SHA-256 (default false)
     * @return this builder
     */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Told how each upload progresses.
     *
     * @param listener told how each upload progresses
     * @return this builder
     */
    public Builder listener(UploadListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * A check run before anything is uploaded, typically the dataset validator: it throws to refuse
     * an invalid dataset.
     *
     * @param preflight a check run before anything is uploaded, typically the dataset validator: it
     *     throws to refuse an invalid dataset
     * @return this builder
     */
    public Builder preflight(Consumer<LocalDataset> preflight) {
      this.preflight = preflight;
      return this;
    }

    /**
     * Run the {@link #preflight} check (default true); false uploads without it, with a warning.
     *
     * @param validateBeforeUpload run the {@link #preflight} check (default true); false uploads
     *     without it, with a warning
     * @return this builder
     */
    public Builder validateBeforeUpload(boolean validateBeforeUpload) {
      this.validateBeforeUpload = validateBeforeUpload;
      return this;
    }

    /**
     * The clock for timestamped folders (tests pass a fixed one).
     *
     * @param clock the clock for timestamped folders (tests pass a fixed one)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the store; it closes the client it built itself in {@code close()}.
     *
     * @return the store
     * @throws IllegalStateException when no bucket was given
     */
    public S3DatasetStore build() {
      if (bucket == null) {
        throw new IllegalStateException("bucket is required: call bucket(\"my-training-bucket\")");
      }
      return new S3DatasetStore(this);
    }
  }
}
