package app.polychat.finetune.bedrock.serving;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.encoded;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.Fixtures;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.DistillationTeacher;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;

class ModelCatalogTest {
  private static final String FOUNDATION_MODELS =
      """
      {"modelSummaries": [
        {
          "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0:300k",
          "modelId": "amazon.nova-pro-v1:0:300k",
          "modelName": "Nova Pro",
          "providerName": "Amazon",
          "inputModalities": ["TEXT", "IMAGE", "VIDEO"],
          "outputModalities": ["TEXT"],
          "responseStreamingSupported": true,
          "customizationsSupported": ["FINE_TUNING", "DISTILLATION"],
          "inferenceTypesSupported": ["PROVISIONED"],
          "modelLifecycle": {"status": "ACTIVE"}
        },
        {
          "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k",
          "modelId": "amazon.nova-lite-v1:0:300k",
          "modelName": "Nova Lite",
          "providerName": "Amazon",
          "inputModalities": ["TEXT", "IMAGE", "VIDEO"],
          "outputModalities": ["TEXT"],
          "customizationsSupported": ["FINE_TUNING", "DISTILLATION"],
          "inferenceTypesSupported": ["PROVISIONED"],
          "modelLifecycle": {"status": "ACTIVE"}
        }
      ]}
      """;

  private BedrockWireMock bedrock;
  private BedrockClient client;
  private ModelCatalog catalog;

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    client = bedrock.clientWithoutRetries();
    catalog = ModelCatalog.builder().bedrockClient(client).build();
  }

  @AfterEach
  void stop() {
    catalog.close();
    client.close();
    bedrock.close();
  }

  @Test
  void foundationModels_asksByCustomizationTypeAndSortsById() {
    bedrock.server.stubFor(
        get(urlPathEqualTo("/foundation-models")).willReturn(json(200, FOUNDATION_MODELS)));

    List<FoundationModel> models = catalog.foundationModels(CustomizationType.DISTILLATION);

    bedrock.server.verify(
        getRequestedFor(urlPathEqualTo("/foundation-models"))
            .withQueryParam("byCustomizationType", equalTo("DISTILLATION")));
    assertThat(models)
        .extracting(FoundationModel::modelId)
        .containsExactly("amazon.nova-lite-v1:0:300k", "amazon.nova-pro-v1:0:300k");
    FoundationModel lite = models.get(0);
    assertThat(lite.name()).isEqualTo("Nova Lite");
    assertThat(lite.provider()).isEqualTo("Amazon");
    assertThat(lite.customizations()).containsExactly("FINE_TUNING", "DISTILLATION");
    assertThat(lite.inferenceTypes()).containsExactly("PROVISIONED");
    assertThat(lite.inputModalities()).containsExactly("TEXT", "IMAGE", "VIDEO");
    assertThat(lite.lifecycleStatus()).isEqualTo("ACTIVE");
  }

  @Test
  void foundationModels_fineTuningSendsFineTuning() {
    bedrock.server.stubFor(
        get(urlPathEqualTo("/foundation-models"))
            .withQueryParam("byCustomizationType", equalTo("FINE_TUNING"))
            .willReturn(json(200, "{\"modelSummaries\":[]}")));

    assertThat(catalog.foundationModels(CustomizationType.FINE_TUNING)).isEmpty();
  }

  @Test
  void foundationModels_throttledIsRetryableAndTheSdkRetriesIt() {
    bedrock.server.stubFor(
        get(urlPathEqualTo("/foundation-models"))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Too many requests, please wait"))
            .willSetStateTo("calm"));
    bedrock.server.stubFor(
        get(urlPathEqualTo("/foundation-models"))
            .inScenario("throttle")
            .whenScenarioStateIs("calm")
            .willReturn(json(200, FOUNDATION_MODELS)));

    assertThatThrownBy(() -> catalog.foundationModels(CustomizationType.FINE_TUNING))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("throttling").contains("ThrottlingException");
            });

    bedrock.server.resetScenarios();
    try (BedrockClient retrying = bedrock.clientWithFastRetries();
        ModelCatalog patient = ModelCatalog.builder().bedrockClient(retrying).build()) {
      assertThat(patient.foundationModels(CustomizationType.FINE_TUNING)).hasSize(2);
    }
  }

  @Test
  void customModel_readsStatusBaseModelJobHyperparametersMetricsAndTime() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    CustomModelInfo info = catalog.customModel(Fixtures.MODEL);

    assertThat(info.modelArn()).isEqualTo(Fixtures.MODEL);
    assertThat(info.modelName()).isEqualTo("strudel-nova-lite-v1");
    assertThat(info.status()).isEqualTo("Active");
    assertThat(info.active()).isTrue();
    assertThat(info.baseModelId()).isEqualTo("amazon.nova-lite-v1:0:300k");
    assertThat(info.customizationType()).isEqualTo("FINE_TUNING");
    assertThat(info.distilled()).isFalse();
    assertThat(info.jobArn()).isEqualTo(jobArn("abc123def456"));
    assertThat(info.jobName()).isEqualTo("strudel-nova-lite-v1");
    assertThat(info.hyperParameters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "epochCount", "2",
                "batchSize", "1",
                "learningRate", "0.00001",
                "learningRateWarmupSteps", "10"));
    assertThat(info.trainingLoss()).isEqualTo(0.156);
    assertThat(info.validationLoss()).isEqualTo(0.168);
    assertThat(info.createdAt()).isEqualTo(Instant.parse("2025-11-09T13:00:00Z"));
    assertThat(info.outputUri()).isEqualTo("s3://output-bucket/strudel/strudel-nova-lite-v1/");
    assertThat(info.failureMessage()).isNull();
  }

  @Test
  void customModel_distillationNamesItsTeacher() {
    String arn = BedrockWireMock.customModelArn("distilled001");
    bedrock.server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(arn)))
            .willReturn(
                json(
                    200,
                    """
                    {
                      "modelArn": "%s",
                      "modelName": "strudel-distilled",
                      "baseModelArn": "%s",
                      "customizationType": "DISTILLATION",
                      "customizationConfig": {
                        "distillationConfig": {
                          "teacherModelConfig": {
                            "teacherModelIdentifier": "us.amazon.nova-premier-v1:0",
                            "maxResponseLengthForInference": 1000
                          }
                        }
                      },
                      "creationTime": "2025-11-09T13:00:00Z",
                      "modelStatus": "Creating"
                    }
                    """
                        .formatted(arn, Fixtures.BASE_ARN))));

    CustomModelInfo info = catalog.customModel(arn);

    assertThat(info.distilled()).isTrue();
    assertThat(info.teacherModel()).isEqualTo("us.amazon.nova-premier-v1:0");
    assertThat(info.active()).isFalse();
    assertThat(info.hyperParameters()).isEmpty();
    assertThat(info.trainingLoss()).isNull();
  }

  @Test
  void customModel_unknownSaysWhatToCheckWithoutAStackTraceWorthOfNoise() {
    String arn = BedrockWireMock.customModelArn("missing00001");
    bedrock.server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(arn)))
            .willReturn(
                error(404, "ResourceNotFoundException", "The specified model was not found.")));

    assertThatThrownBy(() -> catalog.customModel(arn))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("Bedrock has no custom model '" + arn + "' in us-east-1")
                  .contains("The specified model was not found")
                  .contains("Check the ARN or name")
                  .endsWith("[ResourceNotFoundException]");
            });
  }

  @Test
  void customModel_accessDeniedNamesThePermission() {
    bedrock.server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(Fixtures.MODEL)))
            .willReturn(
                error(
                    403,
                    "AccessDeniedException",
                    "User is not authorized to perform: bedrock:GetCustomModel")));

    assertThatThrownBy(() -> catalog.customModel(Fixtures.MODEL))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Bedrock denied the request to describe custom model")
        .hasMessageContaining("bedrock:GetCustomModel")
        .hasMessageContaining("Check that your IAM identity is allowed the Bedrock action");
  }

  @Test
  void tags_readsTheProjectTagTheJobPutOnTheModel() {
    bedrock.server.stubFor(
        post(urlEqualTo("/listTagsForResource"))
            .withRequestBody(equalToJson("{\"resourceARN\":\"" + Fixtures.MODEL + "\"}"))
            .willReturn(
                json(
                    200,
                    "{\"tags\":[{\"key\":\"dataset-hash\",\"value\":\"9f86d0\"},"
                        + "{\"key\":\"project\",\"value\":\"strudel\"}]}")));

    assertThat(catalog.tags(Fixtures.MODEL))
        .containsExactly(Map.entry("dataset-hash", "9f86d0"), Map.entry("project", "strudel"));
  }

  @Test
  void distillationTeachers_areTheDocumentedTeachersAndStudents() {
    List<DistillationTeacher> teachers = ModelCatalog.distillationTeachers();

    assertThat(teachers).hasSize(2);
    assertThat(teachers.get(0).identifiers()).contains("amazon.nova-pro-v1:0");
    assertThat(teachers.get(0).students()).containsExactly("nova-lite", "nova-micro");
    assertThat(teachers.get(1).identifiers()).contains("us.amazon.nova-premier-v1:0");
    assertThat(teachers.get(1).students()).containsExactly("nova-lite", "nova-micro", "nova-pro");
  }
}
