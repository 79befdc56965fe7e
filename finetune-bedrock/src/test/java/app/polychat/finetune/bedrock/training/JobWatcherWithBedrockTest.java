package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.describeBody;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.jobPath;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.JobWatcher;
import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.StageStatus;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/** Core's watcher driving the real backend through Bedrock's answers, throttling included. */
class JobWatcherWithBedrockTest {
  private static final String ARN = jobArn("abc123def456");

  private BedrockWireMock bedrock;
  private BedrockClient client;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    client = bedrock.clientWithoutRetries();
  }

  @AfterEach
  void stop() {
    client.close();
    bedrock.close();
  }

  /** Answers the describe calls in order, the last one for good. */
  private void describeAnswers(List<ResponseDefinitionBuilder> answers) {
    for (int i = 0; i < answers.size(); i++) {
      String state = i == 0 ? Scenario.STARTED : "call-" + i;
      var stub =
          get(urlPathEqualTo(jobPath(ARN)))
              .inScenario("job")
              .whenScenarioStateIs(state)
              .willReturn(answers.get(i));
      if (i + 1 < answers.size()) {
        stub = stub.willSetStateTo("call-" + (i + 1));
      }
      bedrock.server.stubFor(stub);
    }
  }

  private JobStatus watch(List<JobStatus> seen) {
    try (BedrockCustomizationBackend backend =
        BedrockCustomizationBackend.builder().bedrockClient(client).roleArn(ROLE).build()) {
      return JobWatcher.builder()
          .backend(backend)
          .interval(Duration.ofSeconds(30))
          .sleeper(sleeps::add)
          .build()
          .await(ARN, Duration.ofHours(4), seen::add);
    }
  }

  @Test
  void await_ridesOutThrottlingAndEndsCompletedWithLosses() {
    String training =
        """
        "statusDetails": {
          "validationDetails": {"status": "Completed"},
          "dataProcessingDetails": {"status": "Completed"},
          "trainingDetails": {"status": "InProgress"}
        },
        "trainingMetrics": {"trainingLoss": 0.189},
        """;
    String done =
        """
        "statusDetails": {
          "validationDetails": {"status": "Completed"},
          "dataProcessingDetails": {"status": "Completed"},
          "trainingDetails": {"status": "Completed"}
        },
        "outputModelArn": "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/m1",
        "endTime": "2025-11-09T15:00:00Z",
        "trainingMetrics": {"trainingLoss": 0.156},
        "validationMetrics": [{"validationLoss": 0.168}],
        """;
    describeAnswers(
        List.of(
            json(200, describeBody("InProgress", "", "t")),
            error(429, "ThrottlingException", "Rate exceeded"),
            json(200, describeBody("InProgress", training, "t")),
            json(200, describeBody("InProgress", training, "t")),
            json(200, describeBody("Completed", done, "t"))));

    List<JobStatus> seen = new ArrayList<>();
    JobStatus end = watch(seen);

    assertThat(end.state()).isEqualTo(JobState.COMPLETED);
    assertThat(end.outputModelArn()).endsWith("custom-model/amazon.nova-lite-v1:0:300k/m1");
    assertThat(end.trainingLoss()).isEqualTo(0.156);
    assertThat(end.validationLoss()).isEqualTo(0.168);
    assertThat(seen)
        .as("each change once: the repeated InProgress answer is not reported again")
        .extracting(s -> s.state() + " " + s.stages().stream().map(StageStatus::status).toList())
        .containsExactly(
            "IN_PROGRESS []",
            "IN_PROGRESS [Completed, Completed, InProgress]",
            "COMPLETED [Completed, Completed, Completed]");
    assertThat(sleeps)
        .as("backs off after the throttled call, then returns to the interval")
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void await_failedJobEndsWithBedrocksMessageAndTheFailedStage() {
    String failed =
        """
        "statusDetails": {
          "validationDetails": {"status": "Completed"},
          "dataProcessingDetails": {"status": "Completed"},
          "trainingDetails": {"status": "Failed"}
        },
        "failureMessage": "Training failed: insufficient capacity, try again later",
        "endTime": "2025-11-09T15:00:00Z",
        """;
    describeAnswers(
        List.of(
            json(200, describeBody("InProgress", "", "t")),
            json(200, describeBody("Failed", failed, "t"))));

    JobStatus end = watch(new ArrayList<>());

    assertThat(end.state()).isEqualTo(JobState.FAILED);
    assertThat(end.failureMessage()).contains("insufficient capacity");
    assertThat(end.failedStage()).map(StageStatus::stage).contains("training");
  }
}
