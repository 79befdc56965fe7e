package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
  static final String ARN =
      "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-lite-v1:0:300k/abc123def456";
  static final String PATH =
      "/model-customization-jobs/"
          + URLEncoder.encode(ARN, StandardCharsets.UTF_8).replace("+", "%20");
  @TempDir Path dir;
  WireMockServer bedrock;
  CliRunner cli;

  @BeforeEach
  void start() {
    bedrock = new WireMockServer(wireMockConfig().dynamicPort());
    bedrock.start();
    cli =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .env("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl())
            // every other AWS service (S3 for the loss curves) is the stub too: nothing leaves the
            // machine
            .env("AWS_ENDPOINT_URL", bedrock.baseUrl())
            .env("S3_FORCE_PATH_STYLE", "true");
  }

  @AfterEach
  void stop() {
    bedrock.stop();
  }

  static String status(String state, String stages, String extra) {
    return "{\"jobArn\":\""
        + ARN
        + "\",\"jobName\":\"strudel-v1\",\"status\":\""
        + state
        + "\","
        + "\"baseModelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k\","
        + "\"creationTime\":\"2025-11-09T12:00:00Z\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
        + "\"trainingDataConfig\":{\"s3Uri\":\"s3://b/train.jsonl\"},\"outputDataConfig\":{\"s3Uri\":\"s3://o/\"},"
        + "\"customizationType\":\"FINE_TUNING\",\"hyperParameters\":{}"
        + (stages == null ? "" : ",\"statusDetails\":" + stages)
        + extra
        + "}";
  }

  @Test
  void create_withoutAwsSettingsIsADryRunThatWritesTheRequest() {
    var result =
        new CliRunner(dir)
            .run(
                "job",
                "create",
                "--name",
                "strudel-v1",
                "--base-model",
                "amazon.nova-lite-v1:0:300k",
                "--train-uri",
                "s3://my-bucket/strudel/t/train.jsonl");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Dry run: nothing was submitted")
        .contains("datasets/strudel/dry-run-strudel-v1.json");
    assertThat(dir.resolve("datasets/strudel/dry-run-strudel-v1.json")).exists();
  }

  private static final String KMS =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  /** The original toolkit's .env names for the KMS key and the VPC. */
  private void originalDotEnv() throws java.io.IOException {
    java.nio.file.Files.writeString(
        dir.resolve(".env"),
        "BEDROCK_KMS_KEY_ARN="
            + KMS
            + "\nBEDROCK_VPC_SUBNET_IDS=subnet-0a1b2c3d, subnet-4e5f6a7b\n"
            + "BEDROCK_VPC_SECURITY_GROUP_IDS=sg-0123456789abcdef0\n");
  }

  @Test
  void create_dryRunRequestCarriesTheKmsKeyAndVpcFromTheOriginalDotEnvNames() throws Exception {
    originalDotEnv();
    var result =
        new CliRunner(dir)
            .run(
                "job",
                "create",
                "--name",
                "strudel-v1",
                "--base-model",
                "amazon.nova-lite-v1:0:300k",
                "--train-uri",
                "s3://my-bucket/strudel/t/train.jsonl");
    assertThat(result.exitCode()).as(result.err()).isZero();
    var request =
        app.polychat.finetune.support.Json.parse(
            java.nio.file.Files.readString(
                dir.resolve("datasets/strudel/dry-run-strudel-v1.json")));
    assertThat(request.path("customModelKmsKeyId").asText()).isEqualTo(KMS);
    assertThat(request.path("vpcConfig").toString())
        .isEqualTo(
            "{\"subnetIds\":[\"subnet-0a1b2c3d\",\"subnet-4e5f6a7b\"],"
                + "\"securityGroupIds\":[\"sg-0123456789abcdef0\"]}");
  }

  @Test
  void create_sendsTheKmsKeyAndVpcFromTheOriginalDotEnvNamesToBedrock() throws Exception {
    originalDotEnv();
    bedrock.stubFor(
        post(urlEqualTo("/model-customization-jobs"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"jobArn\":\"" + ARN + "\"}")));
    var result =
        cli.env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning")
            .env("BEDROCK_OUTPUT_BUCKET", "my-output-bucket")
            .run(
                "job",
                "create",
                "--name",
                "strudel-v1",
                "--base-model",
                "amazon.nova-lite-v1:0:300k",
                "--train-uri",
                "s3://my-bucket/strudel/t/train.jsonl",
                "--yes");
    assertThat(result.exitCode()).as(result.err()).isZero();
    bedrock.verify(
        postRequestedFor(urlEqualTo("/model-customization-jobs"))
            .withRequestBody(
                matchingJsonPath(
                    "$.customModelKmsKeyId",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(KMS)))
            .withRequestBody(
                matchingJsonPath(
                    "$.vpcConfig.securityGroupIds[0]",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "sg-0123456789abcdef0"))));
  }

  @Test
  void distill_refusesNovaPremierByItsBareIdBeforeTheEstimateOrAnyCall() {
    // BEDROCK-FACTS.md, Corrections: Bedrock accepts Nova Premier as a teacher only through its
    // inference profile us.amazon.nova-premier-v1:0
    var result =
        cli.env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning")
            .env("BEDROCK_OUTPUT_BUCKET", "my-output-bucket")
            .run(
                "job",
                "distill",
                "--name",
                "strudel-distilled",
                "--teacher",
                "amazon.nova-premier-v1:0",
                "--student",
                "amazon.nova-lite-v1:0:300k",
                "--train-uri",
                "s3://my-bucket/strudel/t/train.jsonl",
                "--yes");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("use us.amazon.nova-premier-v1:0");
    assertThat(result.out()).doesNotContain("cost estimate").doesNotContain("Estimated");
    assertThat(bedrock.getAllServeEvents()).isEmpty();
  }

  @Test
  void create_nova2LiteLeavesTheValidationSetOutWithAWarningUnlessForced() throws Exception {
    String[] args = {
      "job",
      "create",
      "--name",
      "nova2",
      "--base-model",
      "amazon.nova-2-lite-v1:0:256k",
      "--train-uri",
      "s3://my-bucket/strudel/t/train.jsonl",
      "--val-uri",
      "s3://my-bucket/strudel/t/validation.jsonl",
      "--epochs",
      "2"
    };
    var result = new CliRunner(dir).run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("takes no validation set during fine-tuning")
        .contains("--force-validation");
    assertThat(
            app.polychat.finetune.support.Json.parse(
                    java.nio.file.Files.readString(
                        dir.resolve("datasets/strudel/dry-run-nova2.json")))
                .has("validationDataConfig"))
        .isFalse();

    String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
    forced[args.length] = "--force-validation";
    assertThat(new CliRunner(dir).run(forced).exitCode()).isZero();
    assertThat(
            app.polychat.finetune.support.Json.parse(
                    java.nio.file.Files.readString(
                        dir.resolve("datasets/strudel/dry-run-nova2.json")))
                .has("validationDataConfig"))
        .isTrue();
  }

  @Test
  void create_submitsToBedrockAndPrintsTheArn() {
    bedrock.stubFor(
        post(urlEqualTo("/model-customization-jobs"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"jobArn\":\"" + ARN + "\"}")));
    var result =
        cli.env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning")
            .env("BEDROCK_OUTPUT_BUCKET", "my-output-bucket")
            .run(
                "job",
                "create",
                "--name",
                "strudel-v1",
                "--base-model",
                "amazon.nova-lite-v1:0:300k",
                "--train-uri",
                "s3://my-bucket/strudel/t/train.jsonl",
                "--epochs",
                "2",
                "--yes");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Job ARN: " + ARN).contains("finetune job watch " + ARN);
    bedrock.verify(
        postRequestedFor(urlEqualTo("/model-customization-jobs"))
            .withRequestBody(
                matchingJsonPath(
                    "$.hyperParameters.epochCount",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("2")))
            .withRequestBody(
                matchingJsonPath(
                    "$.hyperParameters.batchSize",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))));
    var local = cli.run("job", "list", "--local");
    assertThat(local.out()).contains("strudel-v1").contains(ARN);
    assertThat(result.out() + result.err()).doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void watch_printsEachChangeAndExitsZeroOnCompleted() {
    bedrock.stubFor(
        get(urlEqualTo(PATH))
            .inScenario("job")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        status(
                            "InProgress",
                            "{\"validationDetails\":{\"status\":\"Completed\"},\"dataProcessingDetails\":{\"status\":\"InProgress\"}}",
                            "")))
            .willSetStateTo("training"));
    bedrock.stubFor(
        get(urlEqualTo(PATH))
            .inScenario("job")
            .whenScenarioStateIs("training")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        status(
                            "InProgress", null, ",\"trainingMetrics\":{\"trainingLoss\":0.234}")))
            .willSetStateTo("done"));
    bedrock.stubFor(
        get(urlEqualTo(PATH))
            .inScenario("job")
            .whenScenarioStateIs("done")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        status(
                            "Completed",
                            null,
                            ",\"trainingMetrics\":{\"trainingLoss\":0.156},\"validationMetrics\":[{\"validationLoss\":0.168}]"))));
    var result = cli.run("job", "watch", ARN, "--interval", "1");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Status: InProgress  (validation: Completed, dataProcessing: InProgress)")
        .contains("Training Loss: 0.234")
        .contains("Status: Completed")
        .contains("Validation Loss: 0.168");
  }

  @Test
  void watch_exitsOneOnFailureWithTheMessage() {
    bedrock.stubFor(
        get(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        status(
                            "Failed",
                            "{\"validationDetails\":{\"status\":\"Failed\"}}",
                            ",\"failureMessage\":\"Data validation failed: line 3 has role bot\""))));
    var result = cli.run("job", "watch", ARN, "--interval", "1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("Failure: Data validation failed: line 3")
        .contains("Failed stage: validation");
  }

  @Test
  void status_json_andStop() {
    bedrock.stubFor(
        get(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(status("InProgress", null, ""))));
    bedrock.stubFor(
        post(urlEqualTo(PATH + "/stop")).willReturn(aResponse().withStatus(200).withBody("{}")));
    var status = cli.run("job", "status", ARN, "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("\"status\" : \"InProgress\"")
        .contains("\"jobName\" : \"strudel-v1\"");
    var stopped = cli.run("job", "stop", ARN);
    assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    bedrock.verify(postRequestedFor(urlEqualTo(PATH + "/stop")));
  }

  @Test
  void list_readsBedrockPages() {
    bedrock.stubFor(
        get(urlPathEqualTo("/model-customization-jobs"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"modelCustomizationJobSummaries\":[{\"jobArn\":\""
                            + ARN
                            + "\",\"jobName\":\"strudel-v1\",\"status\":\"Completed\","
                            + "\"baseModelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k\",\"creationTime\":\"2025-11-09T12:00:00Z\"}]}")));
    var result = cli.run("job", "list");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Completed").contains("strudel-v1");
  }

  @Test
  void dryRunIds_cannotBeWatched() {
    var result = cli.run("job", "watch", "dry-run:strudel-v1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("is a dry run");
  }

  @Test
  void create_showsTheCostEstimateAndRefusesOverBudget() {
    CliRunner local = new CliRunner(dir);
    var run = local.run("pipeline", "run");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String trainUri =
        run.out()
            .lines()
            .filter(l -> l.contains("Training:"))
            .findFirst()
            .orElseThrow()
            .replaceAll(".*Training:\\s+", "");
    var estimate =
        local.run(
            "job",
            "create",
            "--name",
            "priced",
            "--base-model",
            "amazon.nova-pro-v1:0:300k",
            "--train-uri",
            trainUri,
            "--epochs",
            "3");
    assertThat(estimate.exitCode()).as(estimate.err()).isZero();
    assertThat(estimate.out())
        .contains("training Amazon Nova Pro")
        .contains("× 3 epochs × $0.008 per 1K tokens");
    var refused =
        local.run(
            "job",
            "create",
            "--name",
            "too-dear",
            "--base-model",
            "amazon.nova-pro-v1:0:300k",
            "--train-uri",
            trainUri,
            "--max-cost",
            "0.01");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("0.01");
    assertThat(dir.resolve("datasets/strudel/dry-run-too-dear.json")).doesNotExist();
  }

  @Test
  void missingRequiredOption_isAUsageError() {
    var result = cli.run("job", "create", "--name", "x");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--base-model").contains("--train");
  }
}
