package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.store.Placement.TIMESTAMPED;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.bedrock.training.internal.FileDigest;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.store.StoreException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store against WireMock posing as S3, where each request's headers can be inspected and S3's
 * rarer answers (redirects to another region, access denied, SlowDown) can be produced.
 */
class S3DatasetStoreWireTest {
  private static final String BUCKET = "wire-bucket";
  private static final String KEY = "/" + BUCKET + "/strudel/2025-11-09T12-00-00/train.jsonl";

  @TempDir Path dir;
  private WireMockServer s3;
  private Path train;

  @BeforeEach
  void start() throws IOException {
    s3 = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    s3.start();
    train = dir.resolve("train.jsonl");
    Files.writeString(
        train,
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[]}\n".repeat(50),
        StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    s3.stop();
  }

  private S3Client client(Region region) {
    return S3Client.builder()
        .endpointOverride(java.net.URI.create(s3.baseUrl()))
        .region(region)
        .credentialsProvider(S3ProxyServer.CREDENTIALS)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private S3DatasetStore.Builder store() {
    return S3DatasetStore.builder()
        .bucket(BUCKET)
        .clock(Clock.fixed(Instant.parse("2025-11-09T12:00:00Z"), ZoneOffset.UTC));
  }

  private void bucketIn(String region) {
    s3.stubFor(
        head(urlEqualTo("/" + BUCKET))
            .willReturn(aResponse().withStatus(200).withHeader("x-amz-bucket-region", region)));
  }

  private static String s3Error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>";
  }

  @Test
  void put_sendsContentMd5AndSha256OfTheFileAndItsHashAsMetadata() throws IOException {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store = store().s3Client(client).build()) {
      store.put(LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }

    FileDigest digest = FileDigest.of(train, 0, Files.size(train));
    LoggedRequest request = s3.findAll(putRequestedFor(urlEqualTo(KEY))).get(0);
    assertThat(request.getHeader("Content-MD5")).isEqualTo(digest.md5Base64());
    assertThat(request.getHeader("x-amz-checksum-sha256")).isEqualTo(digest.sha256Base64());
    assertThat(request.getHeader("x-amz-meta-sha256")).isEqualTo(digest.sha256Hex());
  }

  @Test
  void put_withSha256ChecksumOffStillSendsContentMd5() throws IOException {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store =
            store()
                .s3Client(client)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build()) {
      store.put(LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }

    LoggedRequest request = s3.findAll(putRequestedFor(urlEqualTo(KEY))).get(0);
    assertThat(request.getHeader("Content-MD5"))
        .isEqualTo(FileDigest.of(train, 0, Files.size(train)).md5Base64());
    assertThat(request.containsHeader("x-amz-checksum-sha256")).isFalse();
  }

  /** A store built the way a user builds it: endpoint, path style, keys, no checksum flag. */
  private S3DatasetStore.Builder asAUserBuildsIt(Map<String, String> environment) {
    return store()
        .region("us-east-1")
        .endpointOverride(java.net.URI.create(s3.baseUrl()))
        .forcePathStyle(true)
        .credentialsProvider(S3ProxyServer.CREDENTIALS)
        .environment(environment);
  }

  private static final String VALIDATION_KEY =
      "/" + BUCKET + "/strudel/2025-11-09T12-00-00/validation.jsonl";

  // S3's NotImplemented error (HTTP 501): "A header you provided implies functionality that is not
  // implemented" -- the answer a stock S3Proxy 2.6.0 gives for any x-amz- header it does not know.
  private static String notImplemented() {
    return s3Error(
        "NotImplemented", "A header you provided implies functionality that is not implemented.");
  }

  @Test
  void put_endpointRefusingTheChecksumHeaderGetsItOnceMoreWithoutAndLaterFilesGoWithout()
      throws IOException {
    bucketIn("us-east-1");
    Path validation = dir.resolve("validation.jsonl");
    Files.writeString(validation, "{\"schemaVersion\":\"bedrock-conversation-2024\"}\n");
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .withHeader(
                "x-amz-checksum-sha256",
                com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
            .willReturn(aResponse().withStatus(501).withBody(notImplemented())));
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .withHeader(
                "x-amz-checksum-sha256", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    s3.stubFor(
        put(urlPathEqualTo(VALIDATION_KEY))
            .withHeader(
                "x-amz-checksum-sha256",
                com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
            .willReturn(aResponse().withStatus(501).withBody(notImplemented())));
    s3.stubFor(
        put(urlPathEqualTo(VALIDATION_KEY))
            .withHeader(
                "x-amz-checksum-sha256", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"v\"")));

    try (S3DatasetStore store = asAUserBuildsIt(Map.of()).build()) {
      store.put(
          LocalDataset.of(train, validation, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }

    List<LoggedRequest> puts = s3.findAll(putRequestedFor(urlPathEqualTo(KEY)));
    assertThat(puts).hasSize(2);
    FileDigest digest = FileDigest.of(train, 0, Files.size(train));
    assertThat(puts.get(0).getHeader("x-amz-checksum-sha256")).isEqualTo(digest.sha256Base64());
    assertThat(puts.get(1).containsHeader("x-amz-checksum-sha256")).isFalse();
    // the retry keeps end-to-end integrity: Content-MD5 per request, SHA-256 in the metadata,
    // and no checksum header or trailer the SDK would add on its own
    assertThat(puts.get(1).getHeader("Content-MD5")).isEqualTo(digest.md5Base64());
    assertThat(puts.get(1).getHeader("x-amz-meta-sha256")).isEqualTo(digest.sha256Hex());
    assertThat(puts.get(1).containsHeader("x-amz-trailer")).isFalse();
    assertThat(puts.get(1).containsHeader("x-amz-sdk-checksum-algorithm")).isFalse();
    // said once: the next file goes without the header at the first attempt
    List<LoggedRequest> validationPuts =
        s3.findAll(putRequestedFor(urlPathEqualTo(VALIDATION_KEY)));
    assertThat(validationPuts).hasSize(1);
    assertThat(validationPuts.get(0).containsHeader("x-amz-checksum-sha256")).isFalse();
    assertThat(validationPuts.get(0).containsHeader("Content-MD5")).isTrue();
  }

  @Test
  void put_notImplementedEvenWithoutTheHeaderSaysWhatIsUnsupportedAndIsNotTemporary() {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .willReturn(aResponse().withStatus(501).withBody(notImplemented())));
    try (S3DatasetStore store = asAUserBuildsIt(Map.of()).build()) {
      assertThatThrownBy(
              () ->
                  store.put(
                      LocalDataset.of(train, null, "bedrock-conversation-2024"),
                      "strudel",
                      TIMESTAMPED))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("does not support what the request to upload train.jsonl")
                    .contains("HTTP 501 Not Implemented")
                    .contains("not temporary")
                    .contains("AWS_REQUEST_CHECKSUM_CALCULATION=when_required")
                    .doesNotContain("usually temporary")
                    .endsWith("[NotImplemented]");
                assertThat(e.retryable()).isFalse();
              });
    }
    // once with the checksum header, once without: never a third time
    assertThat(s3.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(2);
  }

  @Test
  void put_againstAwsItselfA501IsNotTakenForAnUnknownHeader() throws IOException {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .willReturn(aResponse().withStatus(501).withBody(notImplemented())));
    // an injected client without an endpoint override talks to AWS: S3 knows every checksum
    // header, so a 501 there is not a reason to drop the header
    app.polychat.finetune.bedrock.training.internal.S3Checksums aws =
        new app.polychat.finetune.bedrock.training.internal.S3Checksums(
            RequestChecksumCalculation.WHEN_SUPPORTED, null);
    software.amazon.awssdk.services.s3.model.S3Exception refusal =
        (software.amazon.awssdk.services.s3.model.S3Exception)
            software.amazon.awssdk.services.s3.model.S3Exception.builder()
                .statusCode(501)
                .awsErrorDetails(
                    software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("NotImplemented")
                        .build())
                .build();
    assertThat(aws.isRefusal(refusal)).isFalse();
    assertThat(
            new app.polychat.finetune.bedrock.training.internal.S3Checksums(
                    RequestChecksumCalculation.WHEN_SUPPORTED, java.net.URI.create(s3.baseUrl()))
                .isRefusal(refusal))
        .isTrue();
  }

  @Test
  void put_followsAwsRequestChecksumCalculationWhenRequired() throws IOException {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    try (S3DatasetStore store =
        asAUserBuildsIt(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")).build()) {
      store.put(LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }
    List<LoggedRequest> puts = s3.findAll(putRequestedFor(urlEqualTo(KEY)));
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).containsHeader("x-amz-checksum-sha256")).isFalse();
    assertThat(puts.get(0).containsHeader("x-amz-trailer")).isFalse();
    assertThat(puts.get(0).getHeader("Content-MD5"))
        .isEqualTo(FileDigest.of(train, 0, Files.size(train)).md5Base64());
  }

  @Test
  void put_followsTheProfilesRequestChecksumCalculation() throws IOException {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    Path config = dir.resolve("aws-config");
    Files.writeString(config, "[profile minio]\nrequest_checksum_calculation = when_required\n");
    String before = System.getProperty("aws.configFile");
    System.setProperty("aws.configFile", config.toString());
    try (S3DatasetStore store = asAUserBuildsIt(Map.of("AWS_PROFILE", "minio")).build()) {
      store.put(LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    } finally {
      if (before == null) {
        System.clearProperty("aws.configFile");
      } else {
        System.setProperty("aws.configFile", before);
      }
    }
    assertThat(
            s3.findAll(putRequestedFor(urlEqualTo(KEY)))
                .get(0)
                .containsHeader("x-amz-checksum-sha256"))
        .isFalse();
  }

  @Test
  void build_refusesAChecksumSettingTheSdkWouldNotKnow() {
    assertThatThrownBy(
            () -> asAUserBuildsIt(Map.of("AWS_REQUEST_CHECKSUM_CALCULATION", "sometimes")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_REQUEST_CHECKSUM_CALCULATION is 'sometimes'")
        .hasMessageContaining("when_required");
  }

  @Test
  void put_multipartSendsEachPartWithItsOwnChecksums() throws IOException {
    Path big = dir.resolve("big.jsonl");
    byte[] line = "{\"messages\":[]}\n".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (long n = 0; n < 11L * 1024 * 1024; n += line.length) {
        out.write(line);
      }
    }
    long size = Files.size(big);
    long part = 5L * 1024 * 1024;
    bucketIn("us-east-1");
    s3.stubFor(
        post(urlEqualTo(KEY + "?uploads"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "<InitiateMultipartUploadResult><Bucket>"
                            + BUCKET
                            + "</Bucket><Key>k</Key><UploadId>up-1</UploadId>"
                            + "</InitiateMultipartUploadResult>")));
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
    s3.stubFor(
        post(urlEqualTo(KEY + "?uploadId=up-1"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "<CompleteMultipartUploadResult><Bucket>"
                            + BUCKET
                            + "</Bucket><Key>k</Key><ETag>\"x-3\"</ETag>"
                            + "</CompleteMultipartUploadResult>")));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store =
            store().s3Client(client).multipartThreshold(part).partSize(part).build()) {
      store.put(LocalDataset.of(big, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
    }

    LoggedRequest create = s3.findAll(postRequestedFor(urlEqualTo(KEY + "?uploads"))).get(0);
    assertThat(create.getHeader("x-amz-checksum-algorithm")).isEqualTo("SHA256");
    assertThat(create.getHeader("x-amz-meta-sha256"))
        .isEqualTo(FileDigest.of(big, 0, size).sha256Hex());
    List<LoggedRequest> parts =
        s3.findAll(putRequestedFor(urlPathEqualTo(KEY))).stream()
            .sorted(Comparator.comparing(r -> r.queryParameter("partNumber").firstValue()))
            .toList();
    assertThat(parts).hasSize(3);
    String complete =
        s3.findAll(postRequestedFor(urlEqualTo(KEY + "?uploadId=up-1"))).get(0).getBodyAsString();
    for (int i = 0; i < 3; i++) {
      FileDigest expected = FileDigest.of(big, i * part, Math.min(part, size - i * part));
      LoggedRequest request = parts.get(i);
      assertThat(request.queryParameter("partNumber").firstValue())
          .isEqualTo(Integer.toString(i + 1));
      assertThat(request.queryParameter("uploadId").firstValue()).isEqualTo("up-1");
      assertThat(request.getHeader("Content-MD5")).isEqualTo(expected.md5Base64());
      assertThat(request.getHeader("x-amz-checksum-sha256")).isEqualTo(expected.sha256Base64());
      assertThat(complete)
          .contains("<ChecksumSHA256>" + expected.sha256Base64() + "</ChecksumSHA256>");
    }
  }

  @Test
  void put_failingPartAbortsTheMultipartUpload() throws IOException {
    Path big = dir.resolve("big.jsonl");
    Files.write(big, new byte[6 * 1024 * 1024]);
    bucketIn("us-east-1");
    s3.stubFor(
        post(urlEqualTo(KEY + "?uploads"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "<InitiateMultipartUploadResult><UploadId>up-2</UploadId>"
                            + "</InitiateMultipartUploadResult>")));
    s3.stubFor(
        put(urlPathEqualTo(KEY))
            .willReturn(
                aResponse().withStatus(403).withBody(s3Error("AccessDenied", "Access Denied"))));
    s3.stubFor(any(urlEqualTo(KEY + "?uploadId=up-2")).willReturn(aResponse().withStatus(204)));
    long part = 5L * 1024 * 1024;
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store =
            store().s3Client(client).multipartThreshold(part).partSize(part).build()) {
      assertThatThrownBy(
              () ->
                  store.put(
                      LocalDataset.of(big, null, "bedrock-conversation-2024"),
                      "strudel",
                      TIMESTAMPED))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("s3:PutObject");
    }
    assertThat(
            s3.findAll(anyRequestedFor(urlEqualTo(KEY + "?uploadId=up-2"))).stream()
                .map(r -> r.getMethod().getName()))
        .containsExactly("DELETE");
  }

  @Test
  void put_followsBucketToItsRegionWhenItBuiltTheClient() {
    s3.stubFor(
        head(urlEqualTo("/" + BUCKET))
            .inScenario("region")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(301).withHeader("x-amz-bucket-region", "eu-west-1"))
            .willSetStateTo("moved"));
    s3.stubFor(
        head(urlEqualTo("/" + BUCKET))
            .inScenario("region")
            .whenScenarioStateIs("moved")
            .willReturn(
                aResponse().withStatus(200).withHeader("x-amz-bucket-region", "eu-west-1")));
    s3.stubFor(
        put(urlEqualTo(KEY)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    try (S3DatasetStore store =
        store()
            .region("us-east-1")
            .endpointOverride(java.net.URI.create(s3.baseUrl()))
            .forcePathStyle(true)
            .credentialsProvider(S3ProxyServer.CREDENTIALS)
            .environment(Map.of())
            .build()) {
      store.put(LocalDataset.of(train, null, "bedrock-conversation-2024"), "strudel", TIMESTAMPED);
      assertThat(store.region()).isEqualTo("eu-west-1");
    }

    LoggedRequest upload = s3.findAll(putRequestedFor(urlEqualTo(KEY))).get(0);
    assertThat(upload.getHeader("Authorization")).contains("/eu-west-1/s3/aws4_request");
  }

  @Test
  void put_withInjectedClientInWrongRegionNamesTheBucketsRegion() {
    s3.stubFor(
        head(urlEqualTo("/" + BUCKET))
            .willReturn(
                aResponse().withStatus(301).withHeader("x-amz-bucket-region", "eu-west-1")));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store = store().s3Client(client).build()) {
      assertThatThrownBy(
              () ->
                  store.put(
                      LocalDataset.of(train, null, "bedrock-conversation-2024"),
                      "strudel",
                      TIMESTAMPED))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("S3 bucket 'wire-bucket' is in region eu-west-1, not us-east-1")
                    .contains("Set the region to eu-west-1");
                assertThat(e.retryable()).isFalse();
              });
    }
  }

  @Test
  void put_accessDeniedNamesBucketAndPermissions() {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY))
            .willReturn(
                aResponse().withStatus(403).withBody(s3Error("AccessDenied", "Access Denied"))));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store = store().s3Client(client).build()) {
      assertThatThrownBy(
              () ->
                  store.put(
                      LocalDataset.of(train, null, "bedrock-conversation-2024"),
                      "strudel",
                      TIMESTAMPED))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("Access to S3 bucket 'wire-bucket' was denied")
                    .contains("s3:PutObject on arn:aws:s3:::wire-bucket/*")
                    .endsWith("[AccessDenied]");
                assertThat(e.retryable()).isFalse();
              });
    }
  }

  @Test
  void put_slowDownIsRetryable() {
    bucketIn("us-east-1");
    s3.stubFor(
        put(urlEqualTo(KEY))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(s3Error("SlowDown", "Please reduce your request rate."))));
    try (S3Client client = client(Region.US_EAST_1);
        S3DatasetStore store = store().s3Client(client).build()) {
      assertThatThrownBy(
              () ->
                  store.put(
                      LocalDataset.of(train, null, "bedrock-conversation-2024"),
                      "strudel",
                      TIMESTAMPED))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.getMessage()).contains("throttling").contains("[SlowDown]");
                assertThat(e.retryable()).isTrue();
              });
    }
  }
}
