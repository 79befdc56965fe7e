package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.serving.Commitment;
import app.polychat.finetune.bedrock.serving.DeploymentCost;
import app.polychat.finetune.bedrock.serving.DeploymentCostNotice;
import app.polychat.finetune.bedrock.serving.DeploymentKind;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code model} commands against WireMock behind the real Bedrock and runtime clients. */
class ModelCommandTest {
  static final String ACCOUNT = "123456789012";
  static final String MODEL =
      "arn:aws:bedrock:us-east-1:"
          + ACCOUNT
          + ":custom-model/amazon.nova-lite-v1:0:300k/strudelmodel";
  static final String DEPLOYMENT =
      "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":custom-model-deployment/a1b2c3d4e5f6";
  static final String PROVISIONED =
      "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":provisioned-model/p1q2r3s4t5u6";
  static final String BASE_ARN =
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k";
  static final String DEPLOYMENTS = "/model-customization/custom-model-deployments";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;
  WireMockServer aws;
  CliRunner cli;

  @BeforeEach
  void start() {
    aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    aws.start();
    cli =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_ENDPOINT_URL_BEDROCK", aws.baseUrl())
            .env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", aws.baseUrl())
            .env("AWS_MAX_ATTEMPTS", "1");
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  static String enc(String arn) {
    return URLEncoder.encode(arn, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "11111111-2222-3333-4444-555555555555")
        .withBody(body);
  }

  static ResponseDefinitionBuilder error(int status, String type, String message) {
    return json(status, "{\"message\":\"" + message + "\"}").withHeader("x-amzn-ErrorType", type);
  }

  void stubModel(String status) {
    aws.stubFor(
        get(urlEqualTo("/custom-models/" + enc(MODEL)))
            .willReturn(
                json(
                    200,
                    """
                    {"modelArn": "%s", "modelName": "strudel-nova-lite-v1",
                     "jobName": "strudel-nova-lite-v1",
                     "jobArn": "arn:aws:bedrock:us-east-1:%s:model-customization-job/amazon.nova-lite-v1:0:300k/abc123def456",
                     "baseModelArn": "%s", "customizationType": "FINE_TUNING",
                     "hyperParameters": {"epochCount": "2", "learningRate": "0.00001"},
                     "trainingMetrics": {"trainingLoss": 0.156},
                     "validationMetrics": [{"validationLoss": 0.168}],
                     "outputDataConfig": {"s3Uri": "s3://output-bucket/strudel/"},
                     "creationTime": "2025-11-09T13:00:00Z", "modelStatus": "%s"}
                    """
                        .formatted(MODEL, ACCOUNT, BASE_ARN, status))));
  }

  void stubDeployment(String status) {
    aws.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/" + enc(DEPLOYMENT)))
            .willReturn(
                json(
                    200,
                    """
                    {"customModelDeploymentArn": "%s", "modelDeploymentName": "strudel-nova-lite-v1",
                     "modelArn": "%s", "createdAt": "2025-11-10T09:00:00Z", "status": "%s"}
                    """
                        .formatted(DEPLOYMENT, MODEL, status))));
  }

  void stubListings(boolean withProvisioned) {
    aws.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .willReturn(
                json(
                    200,
                    """
                    {"modelDeploymentSummaries": [
                      {"customModelDeploymentArn": "%s", "customModelDeploymentName": "strudel-nova-lite-v1",
                       "modelArn": "%s", "createdAt": "2025-11-10T09:00:00Z", "status": "Active"}]}
                    """
                        .formatted(DEPLOYMENT, MODEL))));
    aws.stubFor(
        get(urlPathEqualTo("/provisioned-model-throughputs"))
            .willReturn(
                json(
                    200,
                    withProvisioned
                        ? """
                        {"provisionedModelSummaries": [
                          {"provisionedModelName": "strudel-pt", "provisionedModelArn": "%s",
                           "modelArn": "%s", "desiredModelArn": "%s", "foundationModelArn": "%s",
                           "modelUnits": 1, "desiredModelUnits": 1, "status": "InService",
                           "creationTime": "2025-11-10T09:00:00Z",
                           "lastModifiedTime": "2025-11-10T09:20:00Z"}]}
                        """
                            .formatted(PROVISIONED, MODEL, MODEL, BASE_ARN)
                        : "{\"provisionedModelSummaries\": []}")));
  }

  static String converse(String text, int in, int out) {
    return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
        + Json.write(text)
        + "}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":"
        + in
        + ",\"outputTokens\":"
        + out
        + ",\"totalTokens\":"
        + (in + out)
        + "},\"metrics\":{\"latencyMs\":310}}";
  }

  void assertNoSecretOrTrace(CliRunner.Result result) {
    assertThat(result.out() + result.err()).doesNotContain(SECRET).doesNotContain("\tat app.");
  }

  @Test
  void list_showsTunableModelsSignedWithTheCredentialsFromTheSettings() {
    aws.stubFor(
        get(urlPathEqualTo("/foundation-models"))
            .willReturn(
                json(
                    200,
                    """
                    {"modelSummaries": [
                      {"modelArn": "%s", "modelId": "amazon.nova-lite-v1:0:300k",
                       "modelName": "Nova Lite", "providerName": "Amazon",
                       "customizationsSupported": ["FINE_TUNING", "DISTILLATION"],
                       "inferenceTypesSupported": ["PROVISIONED"],
                       "modelLifecycle": {"status": "ACTIVE"}}]}
                    """
                        .formatted(BASE_ARN))));

    var result = cli.run("model", "list");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Foundation models that support fine-tuning in us-east-1:")
        .contains("MODEL ID                    NAME       PROVIDER  CUSTOMIZATIONS")
        .contains("amazon.nova-lite-v1:0:300k  Nova Lite  Amazon    FINE_TUNING, DISTILLATION");
    aws.verify(
        getRequestedFor(urlPathEqualTo("/foundation-models"))
            .withQueryParam("byCustomizationType", equalTo("FINE_TUNING"))
            .withHeader("Authorization", containing("Credential=AKIAIOSFODNN7EXAMPLE/")));
    assertNoSecretOrTrace(result);
  }

  @Test
  void list_distillationShowsTeachersAndTheirStudents() {
    aws.stubFor(
        get(urlPathEqualTo("/foundation-models"))
            .withQueryParam("byCustomizationType", equalTo("DISTILLATION"))
            .willReturn(json(200, "{\"modelSummaries\": []}")));

    var result = cli.run("model", "list", "--distillation");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Distillation teachers and the students they teach (us-east-1):")
        .contains("  amazon.nova-pro-v1:0 or us.amazon.nova-pro-v1:0\n")
        .contains("      → amazon.nova-lite-v1:0:300k, amazon.nova-micro-v1:0:128k\n")
        .contains(
            "  us.amazon.nova-premier-v1:0 (inference profile only: Bedrock refuses"
                + " amazon.nova-premier-v1:0)\n")
        .contains(
            "      → amazon.nova-lite-v1:0:300k, amazon.nova-micro-v1:0:128k,"
                + " amazon.nova-pro-v1:0:300k\n");

    var json = cli.run("model", "list", "--distillation", "--json");
    JsonNode root = Json.parse(json.out());
    assertThat(root.path("customizationType").asText()).isEqualTo("DISTILLATION");
    assertThat(root.at("/teachers/1/students/2").asText()).isEqualTo("amazon.nova-pro-v1:0:300k");
  }

  @Test
  void info_printsStatusBaseModelJobHyperparametersAndLosses() {
    stubModel("Active");

    var result = cli.run("model", "info", MODEL);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("strudel-nova-lite-v1")
        .contains("  Status:          Active")
        .contains("  Base model:      amazon.nova-lite-v1:0:300k")
        .contains("  Customization:   FINE_TUNING")
        .contains("  Created:         2025-11-09 13:00 UTC")
        .contains("  Hyperparameters: epochCount=2, learningRate=0.00001")
        .contains("  Training loss:   0.156")
        .contains("  Validation loss: 0.168")
        .contains("Next: finetune model deploy " + MODEL);
  }

  @Test
  void info_ofAnUnknownModelSaysWhatToCheckWithoutAStackTrace() {
    aws.stubFor(
        get(urlEqualTo("/custom-models/" + enc(MODEL)))
            .willReturn(error(404, "ResourceNotFoundException", "Model not found")));

    var result = cli.run("model", "info", MODEL);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("error: Bedrock has no custom model '" + MODEL + "' in us-east-1")
        .contains("(run with --verbose for details)");
    assertNoSecretOrTrace(result);
  }

  @Test
  void deploy_withoutATerminalOrYesShowsTheCostAndCreatesNothing() {
    stubModel("Active");

    var result = cli.run("model", "deploy", MODEL);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains(
            "On-demand deployment 'strudel-nova-lite-v1' of custom model strudel-nova-lite-v1")
        .contains("No hourly charge: billed per token at the base model's rates, $0.00006 per 1K");
    assertThat(result.err())
        .contains("not deployed: the cost must be confirmed and there is no terminal to ask on")
        .contains("--yes");
    aws.verify(0, postRequestedFor(urlEqualTo(DEPLOYMENTS)));
  }

  @Test
  void deploy_withYesCreatesOnDemandAndWaitsUntilActive() {
    stubModel("Active");
    aws.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .willReturn(json(202, "{\"customModelDeploymentArn\":\"" + DEPLOYMENT + "\"}")));
    stubDeployment("Active");

    var result = cli.run("model", "deploy", MODEL, "--yes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Deployment ARN: " + DEPLOYMENT)
        .contains("] Active")
        .contains("finetune model test " + DEPLOYMENT)
        .contains("finetune model undeploy " + DEPLOYMENT);
    aws.verify(
        postRequestedFor(urlEqualTo(DEPLOYMENTS))
            .withRequestBody(
                matchingJsonPath("$.modelDeploymentName", equalTo("strudel-nova-lite-v1")))
            .withRequestBody(matchingJsonPath("$.modelArn", equalTo(MODEL)))
            .withRequestBody(matchingJsonPath("$.clientRequestToken")));
  }

  @Test
  void deploy_provisionedWithoutAPrice_neverShowsAFigureAndRefusesToGuess() {
    // The old bundled table showed "$0.10 per hour, about $73.00 per month" here: 70-500x below
    // any published custom-model rate (BEDROCK-FACTS.md, Corrections).
    stubModel("Active");

    var result =
        cli.run("model", "deploy", MODEL, "--provisioned", "--name", "strudel-pt", "--yes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("Provisioned throughput 'strudel-pt' for custom model strudel-nova-lite-v1")
        .contains("The hourly price is unknown")
        .contains("https://aws.amazon.com/bedrock/pricing/")
        .doesNotContain("$0.10")
        .doesNotContain("$73.00");
    assertThat(result.err())
        .contains("the hourly price of provisioned throughput is unknown")
        .contains("--hourly-price USD")
        .contains("--yes does not accept an unknown price")
        .doesNotContain("$0.10");
    aws.verify(0, postRequestedFor(urlEqualTo("/provisioned-model-throughput")));
  }

  @Test
  void deploy_provisionedWithAUserPriceShowsThatPriceAndItsSource() {
    stubModel("Active");
    aws.stubFor(
        post(urlEqualTo("/provisioned-model-throughput"))
            .willReturn(json(201, "{\"provisionedModelArn\":\"" + PROVISIONED + "\"}")));

    var result =
        cli.run(
            "model",
            "deploy",
            MODEL,
            "--provisioned",
            "--name",
            "strudel-pt",
            "--hourly-price",
            "21.18",
            "--yes",
            "--no-wait");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("1 model unit, no commitment")
        .contains(
            "$21.18 per hour, about $15,461.40 per month: billed every hour until you delete it")
        .contains("Basis: 1 unit × $21.18 per unit-hour, 730 hours a month.")
        .contains("Price: --hourly-price, as of ")
        .contains("Provisioned throughput ARN: " + PROVISIONED)
        .contains("stop the hourly billing")
        .doesNotContain("$0.10");
    aws.verify(
        postRequestedFor(urlEqualTo("/provisioned-model-throughput"))
            .withRequestBody(matchingJsonPath("$.modelUnits", equalTo("1")))
            .withRequestBody(matchingJsonPath("$.commitmentDuration", absent())));
  }

  @Test
  void deploy_hourlyPriceWithoutProvisionedIsRefused() {
    var result = cli.run("model", "deploy", MODEL, "--hourly-price", "21.18", "--yes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--hourly-price is the price of provisioned throughput");
  }

  @Test
  void deploy_unitsWithoutProvisionedIsRefused() {
    var result = cli.run("model", "deploy", MODEL, "--units", "2", "--yes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--units and --commitment apply to provisioned throughput");
    aws.verify(0, getRequestedFor(anyUrl()));
  }

  @Test
  void deploy_aModelStillTrainingIsRefusedWithTheReason() {
    stubModel("Creating");

    var result = cli.run("model", "deploy", MODEL, "--yes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("is Creating: only an Active model can be deployed")
        .contains("wait for its customization job to finish");
  }

  @Test
  void confirm_asksOnATerminalAndAcceptsOnlyYes() {
    DeploymentCostNotice notice =
        new DeploymentCostNotice(
            DeploymentKind.PROVISIONED,
            MODEL,
            "strudel",
            "amazon.nova-lite-v1:0:300k",
            "strudel-pt",
            1,
            Commitment.NONE,
            new DeploymentCost(
                new BigDecimal("21.18"),
                new BigDecimal("15461.40"),
                BigDecimal.ZERO,
                null,
                null,
                "1 unit × $21.18 per unit-hour, 730 hours a month",
                "2026-12-04",
                "your price file"));
    StringWriter out = new StringWriter();
    Terminal t = new Terminal(new PrintWriter(out, true), Map.of("NO_COLOR", "1"), true);
    String[] asked = new String[1];

    assertThat(ModelCommand.confirm(notice, false, true, p -> "y", t)).isTrue();
    assertThat(ModelCommand.confirm(notice, false, true, p -> "Yes\n", t)).isTrue();
    assertThat(ModelCommand.confirm(notice, false, true, p -> "", t)).isFalse();
    assertThat(ModelCommand.confirm(notice, false, true, p -> null, t)).isFalse();
    assertThat(
            ModelCommand.confirm(
                notice,
                false,
                true,
                p -> {
                  asked[0] = p;
                  return "n";
                },
                t))
        .isFalse();
    assertThat(asked[0]).isEqualTo("Create it? It is billed every hour until deleted. [y/N] ");
    assertThat(ModelCommand.confirm(notice, true, false, p -> "n", t)).isTrue();
    assertThat(out.toString())
        .contains("$21.18 per hour, about $15,461.40 per month")
        .contains("Price: your price file, as of 2026-12-04");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ModelCommand.confirm(notice, false, false, p -> "y", t))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("run again with --yes");
  }

  @Test
  void confirm_withAnUnknownPrice_asksForThePriceInsteadOfShowingANumber() {
    DeploymentCostNotice notice =
        new DeploymentCostNotice(
            DeploymentKind.PROVISIONED,
            MODEL,
            "strudel",
            "amazon.nova-lite-v1:0:300k",
            "strudel-pt",
            1,
            Commitment.NONE,
            DeploymentCost.unknown("no price was given and the AWS Price List API was not asked"));
    StringWriter out = new StringWriter();
    Terminal t = new Terminal(new PrintWriter(out, true), Map.of("NO_COLOR", "1"), true);
    List<String> prompts = new java.util.ArrayList<>();

    boolean accepted =
        ModelCommand.confirm(
            notice,
            false,
            true,
            p -> {
              prompts.add(p);
              return p.startsWith("Price per model unit") ? "$23.50" : "y";
            },
            t);

    assertThat(accepted).isTrue();
    assertThat(prompts)
        .containsExactly(
            "Price per model unit and hour in USD, from the pricing page (Enter to cancel): ",
            "Create it? It is billed every hour until deleted. [y/N] ");
    assertThat(out.toString())
        .contains("The hourly price is unknown")
        .contains("$23.50 per hour, about $17,155.00 per month")
        .contains("Price: typed at the prompt")
        .doesNotContain("$0.10");
    // Enter cancels; --yes alone cannot accept an unknown price
    assertThat(ModelCommand.confirm(notice, false, true, p -> "", t)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ModelCommand.confirm(notice, true, false, p -> "y", t))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("--hourly-price USD");
  }

  @Test
  void deployments_listsBothKindsWithWhatTheyCostWhileIdle() {
    stubListings(true);
    stubModel("Active");

    var result = cli.run("model", "deployments");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("NAME                  KIND         STATUS     UNITS  PER HOUR   PER MONTH  ARN")
        .contains(
            "strudel-nova-lite-v1  on demand    Active     -      per token  $0.00      "
                + DEPLOYMENT)
        .contains(
            "strudel-pt            provisioned  InService  1      unknown    unknown    "
                + PROVISIONED)
        .contains("1 provisioned throughput bills every hour at a price the toolkit does not know")
        .contains("finetune model undeploy <ARN>")
        .doesNotContain("$0.10");

    var json = cli.run("model", "deployments", "--json");
    JsonNode array = Json.parse(json.out());
    assertThat(array.get(1).path("kind").asText()).isEqualTo("PROVISIONED");
    assertThat(array.get(1).path("monthlyUsd").isNull()).isTrue();
    assertThat(array.get(1).path("priceKnown").asBoolean()).isFalse();
  }

  @Test
  void deployments_whenNothingIsDeployedSaysNothingBills() {
    aws.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .willReturn(json(200, "{\"modelDeploymentSummaries\":[]}")));
    aws.stubFor(
        get(urlPathEqualTo("/provisioned-model-throughputs"))
            .willReturn(json(200, "{\"provisionedModelSummaries\":[]}")));

    var result = cli.run("model", "deployments");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Nothing is deployed in us-east-1: nothing is billing.");
  }

  @Test
  void deployments_throttledSaysItIsTemporary() {
    aws.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .willReturn(error(429, "ThrottlingException", "Rate exceeded")));

    var result = cli.run("model", "deployments");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "error: Bedrock is throttling requests while trying to list custom model deployments")
        .contains("This is temporary");
    assertNoSecretOrTrace(result);
  }

  @Test
  void undeploy_deletesTheDeployment() {
    stubDeployment("Active");
    stubModel("Active");
    aws.stubFor(
        delete(urlEqualTo(DEPLOYMENTS + "/" + enc(DEPLOYMENT))).willReturn(json(200, "{}")));

    var result = cli.run("model", "undeploy", DEPLOYMENT);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Deleted on-demand deployment 'strudel-nova-lite-v1' (" + DEPLOYMENT + ")");
    aws.verify(1, deleteRequestedFor(urlEqualTo(DEPLOYMENTS + "/" + enc(DEPLOYMENT))));
  }

  @Test
  void test_sendsTheProjectSystemPromptAndPrintsAnswerLatencyTokensAndFormat() {
    aws.stubFor(
        post(urlEqualTo("/model/" + enc(DEPLOYMENT) + "/converse"))
            .withRequestBody(
                matchingJsonPath("$.messages[0].content[0].text", equalTo("A techno beat")))
            .withRequestBody(
                matchingJsonPath(
                    "$.system[0].text",
                    containing("You are an expert Strudel live-coding assistant")))
            .willReturn(json(200, converse("s(\"bd*4, hh*8\").bank(\"RolandTR909\")", 812, 21))));

    var result =
        cli.run("model", "test", DEPLOYMENT, "--prompt", "A techno beat", "--temperature", "0.2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("> A techno beat")
        .contains("s(\"bd*4, hh*8\").bank(\"RolandTR909\")")
        .contains(
            "(Bedrock 310 ms) · 812 tokens in, 21 out · stop: end_turn · Strudel format: compliant");
    aws.verify(
        postRequestedFor(urlEqualTo("/model/" + enc(DEPLOYMENT) + "/converse"))
            .withRequestBody(matchingJsonPath("$.inferenceConfig.temperature", equalTo("0.2"))));
  }

  @Test
  void test_aCustomModelArnSaysDeployFirst() {
    var result = cli.run("model", "test", MODEL);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("is a custom model ARN, which Bedrock cannot invoke")
        .contains("finetune model deploy " + MODEL);
    aws.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void compare_writesBothReportsAndPrintsTheSummary() throws IOException {
    Path prompts = dir.resolve("datasets/strudel/validation.jsonl");
    Files.createDirectories(prompts.getParent());
    List<String> asks = List.of("A techno beat", "An ambient pad");
    StringBuilder jsonl = new StringBuilder();
    for (String ask : asks) {
      jsonl
          .append(
              "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"Strudel only.\"}],"
                  + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"")
          .append(ask)
          .append("\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"s(\\\"bd\\\")\"}]}]}\n");
    }
    Files.writeString(prompts, jsonl);
    String base = "us.amazon.nova-lite-v1:0";
    aws.stubFor(
        post(urlEqualTo("/model/" + enc(base) + "/converse"))
            .willReturn(json(200, converse("Here is a beat:\n```\ns(\"bd*4\")\n```", 100, 40))));
    aws.stubFor(
        post(urlEqualTo("/model/" + enc(DEPLOYMENT) + "/converse"))
            .willReturn(json(200, converse("s(\"bd*4\")", 100, 10))));
    WireMockServer polychat = new WireMockServer(wireMockConfig().dynamicPort());
    polychat.start();
    try {
      polychat.stubFor(
          post(urlEqualTo("/apps/strudel/generate"))
              .willReturn(
                  json(
                      200,
                      "{\"data\":{\"code\":\"note(\\\"c e g\\\")\"},"
                          + "\"usage\":{\"input_tokens\":150,\"output_tokens\":50}}")));
      cli.env("API_KEY", "sk-test-secret-123456");

      var result =
          cli.run(
              "model",
              "compare",
              "--base",
              base,
              "--custom",
              DEPLOYMENT,
              "--teacher-url",
              polychat.baseUrl());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out())
          .contains("2 held-out prompts from validation.jsonl:")
          .containsPattern("base +2/2 +0\\.0% +0\\.60 ")
          .containsPattern("custom +2/2 +100\\.0% +1\\.00 ")
          .containsPattern("teacher +2/2 +100\\.0% +1\\.00 .* \\$1\\.2000")
          .contains("Reports: datasets/strudel/comparison.md");
      assertThat(result.err()).contains("compared 2 prompts");
      String md = Files.readString(dir.resolve("datasets/strudel/comparison.md"));
      assertThat(md)
          .contains("| | base | custom | teacher |")
          .contains("| **format compliance** | **0%** | **100%** | **100%** |");
      assertThat(
              Json.parse(Files.readString(dir.resolve("datasets/strudel/comparison.json")))
                  .at("/models/1/compliantShare")
                  .asDouble())
          .isEqualTo(1.0);
      polychat.verify(
          2,
          postRequestedFor(urlEqualTo("/apps/strudel/generate"))
              .withHeader("Authorization", equalTo("Bearer sk-test-secret-123456")));
      assertThat(result.out() + result.err()).doesNotContain("sk-test-secret-123456");
    } finally {
      polychat.stop();
    }
  }

  @Test
  void compare_withCheckStrudel_reportsTheValidityRatePerModel() throws IOException {
    // needs Node.js and the engine (.ci/run installs it); skipped with the reason otherwise
    var engine = app.polychat.finetune.strudel.TestEngine.requireInstalled();
    Path prompts = dir.resolve("datasets/strudel/validation.jsonl");
    Files.createDirectories(prompts.getParent());
    StringBuilder jsonl = new StringBuilder();
    for (String ask : List.of("A techno beat", "An ambient pad", "A house groove", "Jazz chords")) {
      jsonl
          .append(
              "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"Strudel only.\"}],"
                  + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"")
          .append(ask)
          .append("\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"s(\\\"bd\\\")\"}]}]}\n");
    }
    Files.writeString(prompts, jsonl);
    String base = "us.amazon.nova-lite-v1:0";
    // Converse response shape as in the Bedrock Runtime API model (bedrock-runtime service-2.json,
    // ConverseResponse: output.message.content[].text, stopReason, usage, metrics.latencyMs)
    // the base model: balanced, fence-free code that the engine rejects (a mini-notation error)
    aws.stubFor(
        post(urlEqualTo("/model/" + enc(base) + "/converse"))
            .willReturn(json(200, converse("s(\"bd*4 [hh sd\")", 100, 12))));
    aws.stubFor(
        post(urlEqualTo("/model/" + enc(DEPLOYMENT) + "/converse"))
            .willReturn(
                json(200, converse("s(\"bd*4, [~ hh]*4\").bank(\"RolandTR909\")", 100, 10))));

    var result =
        cli.env("FINETUNE_STRUDEL_ENGINE", engine.dir().toString())
            .run("model", "compare", "--base", base, "--custom", DEPLOYMENT, "--check", "strudel");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("VALID-STRUDEL")
        .containsPattern("base +4/4 +0\\.0% +0\\.\\d+ +0\\.0% ")
        .containsPattern("custom +4/4 +100\\.0% +1\\.00 +100\\.0% ");
    var json = Json.parse(Files.readString(dir.resolve("datasets/strudel/comparison.json")));
    assertThat(json.at("/models/0/checkPassRates/valid-strudel").asDouble()).isEqualTo(0.0);
    assertThat(json.at("/models/1/checkPassRates/valid-strudel").asDouble()).isEqualTo(1.0);
    // the static scorer alone would call the base model's answer fine: balanced, no fences
    assertThat(json.at("/models/0/checkPassRates/balanced").asDouble()).isEqualTo(1.0);
  }

  @Test
  void compare_withoutTheValidationSplitSaysWhatToPass() {
    var result = cli.run("model", "compare", "--base", "amazon.nova-lite-v1:0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("no held-out prompts: datasets/strudel/validation.jsonl does not exist")
        .contains("--prompts FILE");
  }

  @Test
  void export_usesTheDeploymentArnAndTheProjectTag() throws IOException {
    stubModel("Active");
    stubListings(false);
    aws.stubFor(
        post(urlEqualTo("/listTagsForResource"))
            .willReturn(json(200, "{\"tags\":[{\"key\":\"project\",\"value\":\"strudel\"}]}")));

    var result =
        cli.run(
            "model",
            "export",
            MODEL,
            "--name",
            "strudel-nova-lite",
            "--output",
            "api/models/custom/strudel.ts");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Wrote strudel_nova_liteModel to api/models/custom/strudel.ts")
        .contains("(providerId " + DEPLOYMENT + ")");
    assertThat(Files.readString(dir.resolve("api/models/custom/strudel.ts")))
        .contains("export const strudel_nova_liteModel: ModelDefinition = {")
        .contains("\tname: \"Strudel Nova Lite\",")
        .contains("\tproviderId: \"" + DEPLOYMENT + "\",")
        .contains("\tpricing: { input: 0.00006, output: 0.00024 },")
        .contains("\tcontext: 300000,")
        .contains("\ttags: [\"custom\", \"fine-tuned\", \"strudel\", \"nova\"],");
  }

  @Test
  void export_withoutADeploymentWarnsThatTheModelArnCannotBeInvoked() {
    stubModel("Active");
    aws.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .willReturn(json(200, "{\"modelDeploymentSummaries\":[]}")));
    aws.stubFor(
        get(urlPathEqualTo("/provisioned-model-throughputs"))
            .willReturn(json(200, "{\"provisionedModelSummaries\":[]}")));

    var result =
        cli.run("model", "export", MODEL, "--name", "strudel-nova-lite", "--project", "strudel");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\tproviderId: \"" + MODEL + "\",");
    assertThat(result.err())
        .contains("warning: no deployment serves " + MODEL)
        .contains("finetune model deploy " + MODEL);
  }

  @Test
  void export_withoutAwsCredentialsWritesTheDefinitionFromTheArnAndTheFlags() {
    // as the original toolkit did: base model from the custom model ARN (CustomModelArn pattern
    // ".../custom-model/<base model id>/<12 chars>", botocore bedrock/2023-04-20/service-2.json),
    // prices from the price table, --provider-id as given
    var offline =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL_BEDROCK", aws.baseUrl())
            .env("AWS_MAX_ATTEMPTS", "1");

    var result =
        offline.run(
            "model",
            "export",
            MODEL,
            "--name",
            "strudel-nova-lite",
            "--provider-id",
            DEPLOYMENT,
            "--project",
            "strudel");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("export const strudel_nova_liteModel: ModelDefinition = {")
        .contains("\tproviderId: \"" + DEPLOYMENT + "\",")
        .contains("base model amazon.nova-lite-v1:0:300k")
        .contains("\tpricing: { input: 0.00006, output: 0.00024 },")
        .contains("\tcontext: 300000,")
        .contains("\ttags: [\"custom\", \"fine-tuned\", \"strudel\", \"nova\"],");
    assertThat(result.err()).contains("note: Bedrock could not be read");
    assertThat(aws.getAllServeEvents()).isEmpty();
  }

  @Test
  void export_withoutAwsCredentialsOfADeploymentArnSaysToGiveTheModelArn() {
    var result =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL_BEDROCK", aws.baseUrl())
            .env("AWS_MAX_ATTEMPTS", "1")
            .run("model", "export", DEPLOYMENT, "--name", "strudel-nova-lite");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("export from the custom model ARN")
        .contains("--provider-id")
        .doesNotContain("Exception");
  }
}
