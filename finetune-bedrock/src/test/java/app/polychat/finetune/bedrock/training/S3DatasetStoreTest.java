package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.store.Placement.TIMESTAMPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.S3Location;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.bedrock.training.internal.FileDigest;
import app.polychat.finetune.bedrock.training.internal.S3Checksums;
import app.polychat.finetune.bedrock.training.internal.S3Uploader;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.store.StoreException;
import app.polychat.finetune.store.StoredDataset;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3DatasetStoreTest {
  private static final Instant T1 = Instant.parse("2025-11-09T12:00:00Z");
  private static final Instant T2 = Instant.parse("2025-11-10T08:30:15Z");
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static S3ProxyServer s3;

  @TempDir Path dir;
  private String bucket;
  private Path train;
  private Path validation;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3ProxyServer();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void setUp() throws IOException {
    bucket = "training-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    train = write("train.jsonl", 20, "train");
    validation = write("validation.jsonl", 5, "val");
  }

  private Path write(String name, int records, String tag) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < records; i++) {
      text.append("{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[")
          .append("{\"role\":\"user\",\"content\":[{\"text\":\"")
          .append(tag)
          .append(" question ")
          .append(i)
          .append("\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"answer ")
          .append(i)
          .append("\"}]}]}\n");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private LocalDataset dataset() {
    return LocalDataset.of(train, validation, "bedrock-conversation-2024");
  }

  private S3DatasetStore.Builder store(Instant now) {
    return S3DatasetStore.builder()
        .bucket(bucket)
        .aws(AwsSettings.builder().s3Client(s3.client()).build())
        .clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    s3.client()
        .listObjectsV2Paginator(r -> r.bucket(bucket))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  @Test
  void put_uploadsBothFilesUnderProjectAndUtcTimestamp() throws IOException {
    try (S3DatasetStore store = store(T1).build()) {
      StoredDataset stored = store.put(dataset(), "strudel", TIMESTAMPED);

      assertThat(stored.trainingUri())
          .isEqualTo(URI.create("s3://" + bucket + "/strudel/2025-11-09T12-00-00/train.jsonl"));
      assertThat(stored.validationUri())
          .isEqualTo(
              URI.create("s3://" + bucket + "/strudel/2025-11-09T12-00-00/validation.jsonl"));
      assertThat(stored.project()).isEqualTo("strudel");
      assertThat(s3.read(bucket, "strudel/2025-11-09T12-00-00/train.jsonl"))
          .isEqualTo(Files.readString(train));
      assertThat(s3.read(bucket, "strudel/2025-11-09T12-00-00/validation.jsonl"))
          .isEqualTo(Files.readString(validation));
      HeadObjectResponse head =
          s3.client()
              .headObject(h -> h.bucket(bucket).key("strudel/2025-11-09T12-00-00/train.jsonl"));
      assertThat(head.metadata())
          .containsEntry("sha256", Hashing.sha256Hex(train))
          .containsEntry("records", "20")
          .containsEntry("format", "bedrock-conversation-2024");
    }
  }

  @Test
  void put_withoutValidationFileUploadsOnlyTraining() {
    try (S3DatasetStore store = store(T1).build()) {
      StoredDataset stored =
          store.put(
              LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);

      assertThat(stored.validationUri()).isNull();
      assertThat(keys()).containsExactly("strudel/2025-11-09T12-00-00/train.jsonl");
    }
  }

  @Test
  void put_largeFileGoesUpInPartsAndArrivesIntact() throws IOException {
    Path big = dir.resolve("big.jsonl");
    byte[] line =
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[]}\n"
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (long written = 0; written < 12L * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }
    List<UploadProgress> events = new ArrayList<>();
    try (S3DatasetStore store =
        store(T1)
            .multipartThreshold(5L * 1024 * 1024)
            .partSize(5L * 1024 * 1024)
            .listener(events::add)
            .build()) {
      store.put(LocalDataset.of(big, null, "bedrock-conversation-2024"), "big", TIMESTAMPED);
    }

    String key = "big/2025-11-09T12-00-00/train.jsonl";
    HeadObjectResponse head = s3.client().headObject(h -> h.bucket(bucket).key(key));
    assertThat(head.eTag()).as("a multipart ETag ends with the part count").endsWith("-3\"");
    assertThat(head.contentLength()).isEqualTo(Files.size(big));
    byte[] stored = s3.client().getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    assertThat(HexFormat.of().formatHex(Hashing.sha256().digest(stored)))
        .isEqualTo(Hashing.sha256Hex(big));
    assertThat(head.metadata()).containsEntry("sha256", Hashing.sha256Hex(big));

    assertThat(events.get(0).stage()).isEqualTo(UploadProgress.Stage.UPLOADING);
    assertThat(events.get(0).bytesSent()).isZero();
    UploadProgress last = events.get(events.size() - 1);
    assertThat(last.stage()).isEqualTo(UploadProgress.Stage.UPLOADED);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(events).hasSizeGreaterThan(10);
    long previous = -1;
    for (UploadProgress event : events) {
      assertThat(event.bytesSent()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(Files.size(big));
      if (event.stage() == UploadProgress.Stage.UPLOADED) {
        assertThat(event.bytesSent()).isGreaterThanOrEqualTo(previous);
      }
      previous = event.bytesSent();
    }
  }

  /**
   * The store as a user builds it against a stock S3Proxy 2.6.0 (started with its defaults): its
   * own client with the SDK's default checksum setting, an endpoint, path-style URLs, no flag.
   */
  private S3DatasetStore.Builder asAUserBuildsIt(Instant now) {
    return S3DatasetStore.builder()
        .bucket(bucket)
        .aws(
            AwsSettings.builder()
                .region("us-east-1")
                .endpointOverride(AwsService.S3, s3.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(S3ProxyServer.CREDENTIALS)
                .environment(Map.of())
                .build())
        .clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void put_toStockS3ProxySucceedsWithoutAnyFlag() throws IOException {
    try (S3DatasetStore store = asAUserBuildsIt(T1).build()) {
      StoredDataset stored = store.put(dataset(), "strudel", TIMESTAMPED);

      assertThat(stored.trainingUri().toString()).endsWith("/train.jsonl");
    }
    assertThat(s3.read(bucket, "strudel/2025-11-09T12-00-00/train.jsonl"))
        .isEqualTo(Files.readString(train));
    assertThat(s3.read(bucket, "strudel/2025-11-09T12-00-00/validation.jsonl"))
        .isEqualTo(Files.readString(validation));
    assertThat(
            s3.client()
                .headObject(h -> h.bucket(bucket).key("strudel/2025-11-09T12-00-00/train.jsonl"))
                .metadata())
        .containsEntry("sha256", Hashing.sha256Hex(train));
  }

  @Test
  void put_multipartToStockS3ProxySucceedsWithoutAnyFlag() throws IOException {
    Path big = dir.resolve("big.jsonl");
    byte[] line = Files.readAllLines(train).get(0).concat("\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (long n = 0; n < 11L * 1024 * 1024; n += line.length) {
        out.write(line);
      }
    }
    long part = 5L * 1024 * 1024;
    try (S3DatasetStore store =
        asAUserBuildsIt(T1).multipartThreshold(part).partSize(part).build()) {
      store.put(LocalDataset.of(big, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }
    byte[] stored =
        s3.client()
            .getObjectAsBytes(g -> g.bucket(bucket).key("strudel/2025-11-09T12-00-00/train.jsonl"))
            .asByteArray();
    assertThat(stored).isEqualTo(Files.readAllBytes(big));
    assertThat(
            s3.client()
                .headObject(h -> h.bucket(bucket).key("strudel/2025-11-09T12-00-00/train.jsonl"))
                .metadata())
        .containsEntry("sha256", Hashing.sha256Hex(big));
  }

  @Test
  void upload_dataNotMatchingItsChecksumIsRefusedByS3() throws IOException {
    Path other = dir.resolve("other.jsonl");
    byte[] content = Files.readAllBytes(train);
    content[0] = (byte) (content[0] ^ 1);
    Files.write(other, content);
    FileDigest wrong = FileDigest.of(other, 0, Files.size(other));
    S3Uploader uploader =
        new S3Uploader(
            s3.client(),
            bucket,
            16L << 20,
            8L << 20,
            new S3Checksums(RequestChecksumCalculation.WHEN_SUPPORTED, s3.endpoint()),
            client -> client);

    assertThatThrownBy(() -> uploader.upload(train, "x/train.jsonl", wrong, Map.of(), n -> {}))
        .isInstanceOfSatisfying(
            SdkException.class,
            e -> {
              StoreException mapped =
                  AwsExceptionMapper.toStore(e, bucket, "upload train.jsonl", "us-east-1");
              assertThat(mapped.getMessage())
                  .contains("checksum of the bytes received does not match")
                  .contains("BadDigest");
              assertThat(mapped.retryable()).isTrue();
              assertThat(mapped.getCause()).isSameAs(e);
            });
    assertThat(keys()).isEmpty();
  }

  @Test
  void put_withResumeSkipsFilesAlreadyStoredWithSameChecksum() {
    try (S3DatasetStore first = store(T1).build()) {
      first.put(dataset(), "strudel", TIMESTAMPED);
    }
    List<UploadProgress> events = new ArrayList<>();
    StoredDataset again;
    try (S3DatasetStore second = store(T2).resume(true).listener(events::add).build()) {
      again = second.put(dataset(), "strudel", TIMESTAMPED);
    }

    assertThat(again.trainingUri())
        .isEqualTo(URI.create("s3://" + bucket + "/strudel/2025-11-09T12-00-00/train.jsonl"));
    assertThat(again.validationUri())
        .isEqualTo(URI.create("s3://" + bucket + "/strudel/2025-11-09T12-00-00/validation.jsonl"));
    assertThat(events).extracting(UploadProgress::stage).containsOnly(UploadProgress.Stage.SKIPPED);
    assertThat(keys()).noneMatch(k -> k.contains("2025-11-10"));
  }

  @Test
  void put_withResumeUploadsOnlyTheFileThatChanged() throws IOException {
    try (S3DatasetStore first = store(T1).build()) {
      first.put(dataset(), "strudel", TIMESTAMPED);
    }
    validation = write("validation.jsonl", 6, "val");
    StoredDataset again;
    try (S3DatasetStore second = store(T2).resume(true).build()) {
      again = second.put(dataset(), "strudel", TIMESTAMPED);
    }

    assertThat(again.trainingUri().toString()).contains("2025-11-09T12-00-00");
    assertThat(again.validationUri().toString()).contains("2025-11-10T08-30-15");
    assertThat(s3.read(bucket, "strudel/2025-11-10T08-30-15/validation.jsonl"))
        .isEqualTo(Files.readString(validation));
  }

  @Test
  void put_withoutResumeUploadsAgainUnderNewTimestamp() {
    try (S3DatasetStore first = store(T1).build()) {
      first.put(dataset(), "strudel", TIMESTAMPED);
    }
    try (S3DatasetStore second = store(T2).build()) {
      second.put(dataset(), "strudel", TIMESTAMPED);
    }

    assertThat(keys())
        .containsExactlyInAnyOrder(
            "strudel/2025-11-09T12-00-00/train.jsonl",
            "strudel/2025-11-09T12-00-00/validation.jsonl",
            "strudel/2025-11-10T08-30-15/train.jsonl",
            "strudel/2025-11-10T08-30-15/validation.jsonl");
  }

  @Test
  void put_withResumeIgnoresIdenticalFileOfAnotherProject() {
    try (S3DatasetStore first = store(T1).build()) {
      first.put(dataset(), "other", TIMESTAMPED);
    }
    try (S3DatasetStore second = store(T2).resume(true).build()) {
      StoredDataset stored = second.put(dataset(), "strudel", TIMESTAMPED);
      assertThat(stored.trainingUri().toString()).contains("/strudel/2025-11-10T08-30-15/");
    }
  }

  @Test
  void put_toMissingBucketSaysWhichBucketAndHowToCreateIt() {
    try (S3DatasetStore store =
        S3DatasetStore.builder()
            .bucket("no-such-bucket-here")
            .aws(AwsSettings.builder().s3Client(s3.client()).build())
            .build()) {
      assertThatThrownBy(() -> store.put(dataset(), "strudel"))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("S3 bucket 'no-such-bucket-here' does not exist")
                    .contains("aws s3 mb s3://no-such-bucket-here");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getCause()).isInstanceOf(SdkException.class);
              });
    }
  }

  @Test
  void put_withWrongSecretSaysCredentialsWereRejectedWithoutLeakingThem() {
    try (S3DatasetStore store =
        S3DatasetStore.builder()
            .bucket(bucket)
            .aws(
                AwsSettings.builder()
                    .endpointOverride(AwsService.S3, s3.endpoint())
                    .forcePathStyle(true)
                    .region("us-east-1")
                    .credentialsProvider(
                        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                S3ProxyServer.ACCESS_KEY, "wrong-secret-value")))
                    .environment(Map.of())
                    .build())
            .build()) {
      assertThatThrownBy(() -> store.put(dataset(), "strudel"))
          .isInstanceOf(StoreException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .doesNotContain("wrong-secret-value")
                      .contains("Access to S3 bucket '" + bucket + "' was denied")
                      .contains("aws sts get-caller-identity"));
    }
    assertThat(keys()).isEmpty();
  }

  @Test
  void put_runsPreflightFirstAndUploadsNothingWhenItRefuses() {
    List<LocalDataset> checked = new ArrayList<>();
    try (S3DatasetStore store =
        store(T1)
            .preflight(
                d -> {
                  checked.add(d);
                  throw new FineTuneException(
                      "train.jsonl line 3: the last turn must be assistant");
                })
            .build()) {
      assertThatThrownBy(() -> store.put(dataset(), "strudel")).hasMessageContaining("line 3");
    }
    assertThat(checked).hasSize(1);
    assertThat(keys()).isEmpty();
  }

  @Test
  void put_withValidationTurnedOffUploadsWithoutPreflight() {
    try (S3DatasetStore store =
        store(T1)
            .preflight(
                d -> {
                  throw new FineTuneException("invalid");
                })
            .validateBeforeUpload(false)
            .build()) {
      store.put(dataset(), "strudel");
    }
    assertThat(keys()).hasSize(2);
  }

  @Test
  void put_refusesProjectThatIsNoValidS3Folder() {
    try (S3DatasetStore store = store(T1).build()) {
      assertThatThrownBy(() -> store.put(dataset(), "my project"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("project 'my project'")
          .hasMessageContaining("letters, digits");
    }
  }

  @Test
  void put_missingLocalFileNamesTheFile() throws IOException {
    LocalDataset dataset = dataset();
    Files.delete(validation);
    try (S3DatasetStore store = store(T1).build()) {
      assertThatThrownBy(() -> store.put(dataset, "strudel"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(validation.toString());
    }
    assertThat(keys()).as("nothing is uploaded when one file is missing").isEmpty();
  }

  @Test
  void build_readsEndpointPathStyleAndRegionFromEnvironment() {
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
            "S3_FORCE_PATH_STYLE", "true",
            "AWS_REGION", "us-east-1");
    try (S3DatasetStore store =
        S3DatasetStore.builder()
            .bucket(bucket)
            .aws(
                AwsSettings.builder()
                    .environment(env)
                    .credentialsProvider(S3ProxyServer.CREDENTIALS)
                    .build())
            .clock(Clock.fixed(T1, ZoneOffset.UTC))
            .build()) {
      StoredDataset stored = store.put(dataset(), "strudel");
      assertThat(stored.trainingUri().toString()).startsWith("s3://" + bucket + "/strudel/");
      assertThat(store.toString()).contains(s3.endpoint().toString());
    }
    assertThat(keys()).hasSize(2);
  }

  @Test
  void builder_refusesInvalidBucketNamesAndSizes() {
    assertThatThrownBy(() -> S3DatasetStore.builder().bucket("My_Bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'My_Bucket' is not an S3 bucket name");
    assertThatThrownBy(() -> S3DatasetStore.builder().partSize(1024)).hasMessageContaining("5 MiB");
    assertThatThrownBy(() -> S3DatasetStore.builder().build())
        .hasMessageContaining("bucket is required");
    assertThat(
            S3DatasetStore.builder()
                .bucket("s3://my-bucket/")
                .aws(
                    AwsSettings.builder()
                        .region("us-east-1")
                        .environment(Map.of())
                        .credentialsProvider(S3ProxyServer.CREDENTIALS)
                        .build())
                .build()
                .describeStore())
        .isEqualTo("s3://my-bucket");
  }

  /** Bedrock's S3 URI pattern with the key characters of BEDROCK-FACTS.md, Corrections. */
  private static final java.util.regex.Pattern BEDROCK_S3_URI =
      java.util.regex.Pattern.compile(
          "s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](/[-!_*'().a-zA-Z0-9]+)*/?");

  @Test
  void put_byDefault_storesUnderTheContentHashInKeysBedrockAccepts() {
    StoredDataset stored;
    try (S3DatasetStore store = store(T1).build()) {
      stored = store.put(dataset(), "strudel_v2.1");
    }

    String folder = "strudel_v2.1/" + dataset().contentHash() + "/";
    assertThat(keys())
        .containsExactlyInAnyOrder(folder + "train.jsonl", folder + "validation.jsonl");
    assertThat(stored.trainingUri().toString())
        .isEqualTo("s3://" + bucket + "/" + folder + "train.jsonl")
        .matches(BEDROCK_S3_URI);
    assertThat(stored.validationUri().toString()).matches(BEDROCK_S3_URI);
    assertThat(s3.read(bucket, folder + "train.jsonl")).isEqualTo(readString(train));
  }

  @Test
  void put_sameFilesAgainLater_sendsNothingAndReturnsTheSameUris() {
    StoredDataset first;
    try (S3DatasetStore store = store(T1).build()) {
      first = store.put(dataset(), "strudel");
    }
    List<UploadProgress> events = new ArrayList<>();
    StoredDataset again;
    try (S3DatasetStore store = store(T2).listener(events::add).build()) {
      again = store.put(dataset(), "strudel");
    }

    assertThat(again.trainingUri()).isEqualTo(first.trainingUri());
    assertThat(again.validationUri()).isEqualTo(first.validationUri());
    assertThat(events).extracting(UploadProgress::stage).containsOnly(UploadProgress.Stage.SKIPPED);
    assertThat(keys()).hasSize(2);
  }

  @Test
  void put_changedValidationFile_goesToAnotherContentFolder() throws IOException {
    StoredDataset first;
    try (S3DatasetStore store = store(T1).build()) {
      first = store.put(dataset(), "strudel");
    }
    validation = write("validation.jsonl", 6, "val");
    StoredDataset second;
    try (S3DatasetStore store = store(T1).build()) {
      second = store.put(dataset(), "strudel");
    }

    assertThat(second.trainingUri()).isNotEqualTo(first.trainingUri());
    assertThat(keys()).hasSize(4);
    assertThat(s3.read(bucket, S3Location.parse(second.validationUri()).key()))
        .isEqualTo(readString(validation));
  }

  @Test
  void put_replacesAnObjectAtTheContentKeyThatHoldsSomethingElse() {
    String key = "strudel/" + dataset().contentHash() + "/train.jsonl";
    s3.client()
        .putObject(
            r -> r.bucket(bucket).key(key),
            software.amazon.awssdk.core.sync.RequestBody.fromString("not the dataset"));
    try (S3DatasetStore store = store(T1).build()) {
      store.put(dataset(), "strudel");
    }

    assertThat(s3.read(bucket, key)).isEqualTo(readString(train));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
