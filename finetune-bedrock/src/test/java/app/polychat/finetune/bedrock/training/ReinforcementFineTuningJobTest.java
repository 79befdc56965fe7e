package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.TestSpecs;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * Reinforcement fine-tuning through the real SDK {@link BedrockClient} against WireMock. The
 * expected body is written from the Bedrock API model (botocore {@code
 * botocore/data/bedrock/2023-04-20/service-2.json}, commit 0e6e2404b85d): {@code
 * CreateModelCustomizationJobRequest.customizationConfig} is the {@code CustomizationConfig} union
 * whose {@code rftConfig} member is {@code RFTConfig {graderConfig: GraderConfig (union)
 * {lambdaGrader: LambdaGraderConfig {lambdaArn (required)}}, hyperParameters: RFTHyperParameters}};
 * {@code RFTHyperParameters} has exactly the members epochCount, batchSize, learningRate (float),
 * maxPromptLength, trainingSamplePerPrompt, inferenceMaxTokens, reasoningEffort ({@code low |
 * medium | high}) and evalInterval, all optional JSON numbers except the enum. {@code
 * customizationType} is the enum value {@code REINFORCEMENT_FINE_TUNING}.
 */
class ReinforcementFineTuningJobTest {
  private static final String JOBS = "/model-customization-jobs";
  private static final String ARN =
      "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/"
          + "amazon.nova-2-lite-v1:0:256k/rft123abc456";

  /** The members of RFTHyperParameters in the API model, in its order. */
  private static final List<String> RFT_HYPERPARAMETER_MEMBERS =
      List.of(
          "epochCount",
          "batchSize",
          "learningRate",
          "maxPromptLength",
          "trainingSamplePerPrompt",
          "inferenceMaxTokens",
          "reasoningEffort",
          "evalInterval");

  private BedrockWireMock bedrock;
  private BedrockClient client;

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

  private BedrockCustomizationBackend backend() {
    return BedrockCustomizationBackend.builder()
        .bedrockClient(client)
        .roleArn(ROLE)
        .outputBucket("output-bucket")
        .clock(TestSpecs.clockAt(TestSpecs.SUBMITTED))
        .build();
  }

  private List<JsonNode> createBodies() {
    List<JsonNode> bodies = new ArrayList<>();
    bedrock
        .server
        .findAll(postRequestedFor(urlEqualTo(JOBS)))
        .forEach(r -> bodies.add(Json.parse(r.getBodyAsString())));
    return bodies;
  }

  @Test
  void submit_sendsTheApiModelsRftConfigFieldForField() {
    JobSpec spec = TestSpecs.reinforcement();
    String expected =
        """
        {
          "jobName": "strudel-nova-2-lite-rft",
          "customModelName": "strudel-nova-2-lite-rft",
          "roleArn": "%s",
          "clientRequestToken": "%s",
          "baseModelIdentifier": "amazon.nova-2-lite-v1:0:256k",
          "customizationType": "REINFORCEMENT_FINE_TUNING",
          "trainingDataConfig": {"s3Uri": "%s"},
          "outputDataConfig": {
            "s3Uri": "s3://output-bucket/strudel/strudel-nova-2-lite-rft/2025-11-09T13-00-00/"
          },
          "customizationConfig": {
            "rftConfig": {
              "graderConfig": {"lambdaGrader": {"lambdaArn": "%s"}},
              "hyperParameters": {
                "epochCount": 2,
                "batchSize": 64,
                "learningRate": 1.0E-5,
                "maxPromptLength": 4096,
                "trainingSamplePerPrompt": 4,
                "inferenceMaxTokens": 2048,
                "reasoningEffort": "low",
                "evalInterval": 10
              }
            }
          },
          "jobTags": [
            {"key": "dataset-hash", "value": "%s"},
            {"key": "project", "value": "strudel"}
          ],
          "customModelTags": [
            {"key": "dataset-hash", "value": "%s"},
            {"key": "project", "value": "strudel"}
          ]
        }
        """
            .formatted(
                ROLE,
                spec.requestToken(),
                TestSpecs.RFT_TRAIN,
                TestSpecs.GRADER,
                TestSpecs.DATASET_HASH,
                TestSpecs.DATASET_HASH);
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .withRequestBody(equalToJson(expected))
            .willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));

    try (BedrockCustomizationBackend backend = backend()) {
      assertThat(backend.submit(spec).jobId()).isEqualTo(ARN);
    }

    JsonNode body = createBodies().get(0);
    JsonNode params = body.at("/customizationConfig/rftConfig/hyperParameters");
    List<String> sent = new ArrayList<>();
    params.fieldNames().forEachRemaining(sent::add);
    assertThat(sent).containsExactlyInAnyOrderElementsOf(RFT_HYPERPARAMETER_MEMBERS);
    assertThat(params.get("epochCount").isIntegralNumber()).isTrue();
    assertThat(params.get("learningRate").isNumber()).isTrue();
    assertThat(params.get("reasoningEffort").isTextual()).isTrue();
    // RFT hyperparameters travel in rftConfig only: the fine-tuning string map is not sent
    assertThat(body.has("hyperParameters")).isFalse();
    assertThat(body.has("validationDataConfig")).isFalse();
  }

  @Test
  void submit_onlyTheGraderWhenNoHyperparameterIsSet() {
    JobSpec spec =
        TestSpecs.reinforcement().toBuilder()
            .reinforcement(
                app.polychat.finetune.job.RftSettings.builder()
                    .graderLambdaArn(TestSpecs.GRADER)
                    .build())
            .build();
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS)).willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));

    try (BedrockCustomizationBackend backend = backend()) {
      backend.submit(spec);
    }

    assertThat(createBodies().get(0).get("customizationConfig"))
        .isEqualTo(
            Json.parse(
                "{\"rftConfig\":{\"graderConfig\":{\"lambdaGrader\":{\"lambdaArn\":\""
                    + TestSpecs.GRADER
                    + "\"}}}}"));
  }

  @Test
  void submit_sameRftSpecTwiceCarriesOneTokenAndAnotherGraderAnother() {
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS)).willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));
    JobSpec spec = TestSpecs.reinforcement();
    JobSpec otherGrader =
        spec.toBuilder()
            .reinforcement(
                r -> r.graderLambdaArn(TestSpecs.GRADER.replace("strudel-grader", "other")))
            .build();

    try (BedrockCustomizationBackend backend = backend()) {
      backend.submit(spec);
      backend.submit(TestSpecs.reinforcement());
      backend.submit(otherGrader);
    }

    List<JsonNode> bodies = createBodies();
    assertThat(bodies).hasSize(3);
    assertThat(bodies.get(0).get("clientRequestToken"))
        .isEqualTo(bodies.get(1).get("clientRequestToken"));
    assertThat(bodies.get(0).get("clientRequestToken").asText())
        .isEqualTo(spec.requestToken())
        .matches("[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?")
        .isNotEqualTo(bodies.get(2).get("clientRequestToken").asText());
  }

  @Test
  void describe_anRftJobIsWatchedLikeAnyOther() {
    // GetModelCustomizationJobResponse with the members the API model gives an RFT job
    String body =
        """
        {
          "jobArn": "%s",
          "jobName": "strudel-nova-2-lite-rft",
          "outputModelName": "strudel-nova-2-lite-rft",
          "clientRequestToken": "%s",
          "roleArn": "%s",
          "status": "InProgress",
          "statusDetails": {
            "validationDetails": {"status": "Completed",
              "creationTime": "2025-11-09T13:00:05Z", "lastModifiedTime": "2025-11-09T13:04:00Z"},
            "dataProcessingDetails": {"status": "Completed",
              "creationTime": "2025-11-09T13:04:00Z", "lastModifiedTime": "2025-11-09T13:10:00Z"},
            "trainingDetails": {"status": "InProgress", "creationTime": "2025-11-09T13:10:00Z"}
          },
          "creationTime": "2025-11-09T13:00:01Z",
          "lastModifiedTime": "2025-11-09T13:30:00Z",
          "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k",
          "trainingDataConfig": {"s3Uri": "%s"},
          "outputDataConfig": {"s3Uri": "s3://output-bucket/strudel/strudel-nova-2-lite-rft/x/"},
          "customizationType": "REINFORCEMENT_FINE_TUNING",
          "customizationConfig": {"rftConfig": {
            "graderConfig": {"lambdaGrader": {"lambdaArn": "%s"}},
            "hyperParameters": {"epochCount": 2, "batchSize": 64}}}
        }
        """
            .formatted(
                ARN,
                TestSpecs.reinforcement().requestToken(),
                ROLE,
                TestSpecs.RFT_TRAIN,
                TestSpecs.GRADER);
    bedrock.server.stubFor(
        get(urlPathEqualTo(BedrockCustomizationBackendTest.jobPath(ARN)))
            .willReturn(json(200, body)));

    JobStatus status;
    try (BedrockCustomizationBackend backend = backend()) {
      status = backend.describe(ARN);
    }

    assertThat(status.state()).isEqualTo(JobState.IN_PROGRESS);
    assertThat(status.jobName()).isEqualTo("strudel-nova-2-lite-rft");
    assertThat(status.stages())
        .extracting(s -> s.stage())
        .containsExactly("validation", "dataProcessing", "training");
    // reward curves are console-only: no loss figures are invented
    assertThat(status.trainingLoss()).isNull();
  }
}
