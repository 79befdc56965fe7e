package app.polychat.finetune.bedrock.testing;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.customModelArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.encoded;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Bedrock responses for the after-training APIs, shaped as the Bedrock API reference shows them.
 */
public final class Fixtures {
  public static final String MODEL_ID = "strudelmodel";
  public static final String MODEL = customModelArn(MODEL_ID);
  public static final String BASE_ARN =
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k";

  private Fixtures() {}

  /** {@code GetCustomModel} for a fine-tuned Nova Lite in the given status. */
  public static String customModel(String arn, String status) {
    return """
        {
          "modelArn": "%s",
          "modelName": "strudel-nova-lite-v1",
          "jobName": "strudel-nova-lite-v1",
          "jobArn": "%s",
          "baseModelArn": "%s",
          "customizationType": "FINE_TUNING",
          "hyperParameters": {
            "epochCount": "2",
            "batchSize": "1",
            "learningRate": "0.00001",
            "learningRateWarmupSteps": "10"
          },
          "trainingDataConfig": {"s3Uri": "s3://training-bucket/strudel/train.jsonl"},
          "validationDataConfig": {
            "validators": [{"s3Uri": "s3://training-bucket/strudel/validation.jsonl"}]
          },
          "outputDataConfig": {"s3Uri": "s3://output-bucket/strudel/strudel-nova-lite-v1/"},
          "trainingMetrics": {"trainingLoss": 0.156},
          "validationMetrics": [{"validationLoss": 0.201}, {"validationLoss": 0.168}],
          "creationTime": "2025-11-09T13:00:00Z",
          "modelStatus": "%s"
        }
        """
        .formatted(arn, jobArn("abc123def456"), BASE_ARN, status);
  }

  public static void stubCustomModel(WireMockServer server, String arn, String status) {
    server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(arn)))
            .willReturn(json(200, customModel(arn, status))));
  }

  /** {@code GetCustomModelDeployment}. */
  public static String deployment(String arn, String name, String status, String failure) {
    return """
        {
          "customModelDeploymentArn": "%s",
          "modelDeploymentName": "%s",
          "modelArn": "%s",
          "createdAt": "2025-11-10T09:00:00Z",
          "status": "%s",
          "lastUpdatedAt": "2025-11-10T09:05:00Z"%s
        }
        """
        .formatted(
            arn,
            name,
            MODEL,
            status,
            failure == null ? "" : ",\n  \"failureMessage\": \"" + failure + "\"");
  }

  /** {@code GetProvisionedModelThroughput}. */
  public static String provisioned(String arn, String name, String status, String commitment) {
    return """
        {
          "modelUnits": 1,
          "desiredModelUnits": 1,
          "provisionedModelName": "%s",
          "provisionedModelArn": "%s",
          "modelArn": "%s",
          "desiredModelArn": "%s",
          "foundationModelArn": "%s",
          "status": "%s",
          "creationTime": "2025-11-10T09:00:00Z",
          "lastModifiedTime": "2025-11-10T09:20:00Z"%s
        }
        """
        .formatted(
            name,
            arn,
            MODEL,
            MODEL,
            BASE_ARN,
            status,
            commitment == null
                ? ""
                : ",\n  \"commitmentDuration\": \""
                    + commitment
                    + "\",\n  \"commitmentExpirationTime\": \"2025-12-10T09:00:00Z\"");
  }
}
