package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.describeBody;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.jobPath;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.MetricPoint;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/** Loss curves: Bedrock (WireMock) names the output folder, S3 (S3Proxy) holds the CSVs. */
class BedrockMetricsTest {
  private static final String BUCKET = "output-bucket";
  private static final String OUTPUT = "strudel/strudel-nova-lite-v1/2025-11-09T13-00-00/";
  private static final String JOB_ID = "abc123def456";
  private static final String FOLDER = OUTPUT + "model-customization-job-" + JOB_ID + "/";

  private static S3ProxyServer s3;
  private BedrockWireMock bedrock;
  private BedrockClient client;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3ProxyServer();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    client = bedrock.clientWithoutRetries();
    s3.client()
        .listObjectsV2Paginator(r -> r.bucket(BUCKET))
        .contents()
        .forEach(o -> s3.client().deleteObject(d -> d.bucket(BUCKET).key(o.key())));
  }

  @AfterEach
  void stop() {
    client.close();
    bedrock.close();
  }

  private void jobWritesTo(String arn, String output) {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(arn)))
            .willReturn(json(200, describeBody(arn, "Completed", "", "t", output))));
  }

  private void put(String key, String text) {
    s3.client().putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromString(text));
  }

  private BedrockCustomizationBackend backend() {
    return BedrockCustomizationBackend.builder()
        .bedrockClient(client)
        .s3Client(s3.client())
        .roleArn(ROLE)
        .build();
  }

  @Test
  void metrics_averagesRowsPerStepFromBothCsvs() {
    jobWritesTo(jobArn(JOB_ID), "s3://" + BUCKET + "/" + OUTPUT);
    put(
        FOLDER + "training_artifacts/step_wise_training_metrics.csv",
        """
        step_number,epoch_number,training_loss,perplexity
        1,0,2.0,7.39
        1,0,1.0,2.72
        2,0,0.9,2.46
        2,0,0.7,2.01
        3,1,0.5,1.65
        """);
    put(
        FOLDER
            + "validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv",
        """
        step_number,epoch_number,validation_loss,perplexity
        2,0,0.95,2.59
        3,1,0.6,1.82
        3,1,0.4,1.49
        """);
    // another job's curves under the same output folder must not be mixed in
    put(
        OUTPUT
            + "model-customization-job-zzz999zzz999/training_artifacts/"
            + "step_wise_training_metrics.csv",
        "step_number,epoch_number,training_loss,perplexity\n1,0,99,99\n");

    List<MetricPoint> points;
    try (BedrockCustomizationBackend backend = backend()) {
      points = backend.metrics(jobArn(JOB_ID));
    }

    assertThat(points).extracting(MetricPoint::step).containsExactly(1, 2, 3);
    assertThat(points).extracting(MetricPoint::epoch).containsExactly(0, 0, 1);
    assertThat(points.get(0).trainingLoss()).isCloseTo(1.5, within(1e-9));
    assertThat(points.get(0).validationLoss()).isNull();
    assertThat(points.get(1).trainingLoss()).isCloseTo(0.8, within(1e-9));
    assertThat(points.get(1).validationLoss()).isCloseTo(0.95, within(1e-9));
    assertThat(points.get(2).trainingLoss()).isCloseTo(0.5, within(1e-9));
    assertThat(points.get(2).validationLoss()).isCloseTo(0.5, within(1e-9));
    // the perplexity column, averaged per step like the loss
    assertThat(points.get(0).trainingPerplexity()).isCloseTo(5.055, within(1e-9));
    assertThat(points.get(2).validationPerplexity()).isCloseTo(1.655, within(1e-9));
  }

  @Test
  void metrics_findsValidationCsvAtTheUserGuidesPathToo() {
    jobWritesTo(jobArn(JOB_ID), "s3://" + BUCKET + "/" + OUTPUT);
    put(
        FOLDER + "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv",
        "step_number,epoch_number,validation_loss,perplexity\n5,1,0.31,1.36\n");

    try (BedrockCustomizationBackend backend = backend()) {
      assertThat(backend.metrics(jobArn(JOB_ID)))
          .containsExactly(new MetricPoint(5, 1, null, 0.31, null, 1.36));
    }
  }

  @Test
  void metrics_isEmptyUntilBedrockHasWrittenTheFiles() {
    jobWritesTo(jobArn(JOB_ID), "s3://" + BUCKET + "/" + OUTPUT);
    try (BedrockCustomizationBackend backend = backend()) {
      assertThat(backend.metrics(jobArn(JOB_ID))).isEmpty();
    }
  }

  @Test
  void metrics_csvWithoutLossColumnSaysWhichFileAndColumns() {
    jobWritesTo(jobArn(JOB_ID), "s3://" + BUCKET + "/" + OUTPUT);
    put(
        FOLDER + "training_artifacts/step_wise_training_metrics.csv",
        "step_number,epoch_number,loss\n1,0,0.5\n");
    try (BedrockCustomizationBackend backend = backend()) {
      assertThatThrownBy(() -> backend.metrics(jobArn(JOB_ID)))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("step_wise_training_metrics.csv has no 'training_loss' column")
          .hasMessageContaining("[step_number, epoch_number, loss]");
    }
  }

  @Test
  void metrics_missingOutputBucketNamesIt() {
    jobWritesTo(jobArn(JOB_ID), "s3://gone-bucket/" + OUTPUT);
    try (BedrockCustomizationBackend backend = backend()) {
      assertThatThrownBy(() -> backend.metrics(jobArn(JOB_ID)))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("S3 bucket 'gone-bucket' does not exist");
    }
  }
}
