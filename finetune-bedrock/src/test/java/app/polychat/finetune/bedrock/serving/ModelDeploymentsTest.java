package app.polychat.finetune.bedrock.serving;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.deploymentArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.encoded;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.provisionedArn;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.Fixtures;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;

class ModelDeploymentsTest {
  private static final String DEPLOYMENTS = "/model-customization/custom-model-deployments";
  private static final String THROUGHPUT = "/provisioned-model-throughput";
  private static final String DEPLOYMENT = deploymentArn("a1b2c3d4e5f6");
  private static final String PROVISIONED = provisionedArn("p1q2r3s4t5u6");

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  private BedrockWireMock bedrock;
  private BedrockClient client;
  private ModelDeployments deployments;

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    client = bedrock.clientWithoutRetries();
    deployments = fast(client);
  }

  private static ModelDeployments fast(BedrockClient client) {
    return ModelDeployments.builder()
        .bedrockClient(client)
        .pollInterval(Duration.ofMillis(2))
        .maxPollInterval(Duration.ofMillis(10))
        .build();
  }

  @AfterEach
  void stop() {
    deployments.close();
    client.close();
    bedrock.close();
  }

  private void createOnDemandReturns(String arn) {
    bedrock.server.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .willReturn(json(202, "{\"customModelDeploymentArn\":\"" + arn + "\"}")));
  }

  private List<JsonNode> bodies(String path) {
    return bedrock.server.findAll(postRequestedFor(urlEqualTo(path))).stream()
        .map(r -> Json.parse(r.getBodyAsString()))
        .toList();
  }

  @Test
  void deploy_onDemandShowsTheRatesThenSendsTheDocumentedRequest() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    createOnDemandReturns(DEPLOYMENT);
    List<DeploymentCostNotice> shown = new ArrayList<>();

    Deployment created =
        deployments.deploy(
            DeploymentRequest.builder()
                .modelArn(Fixtures.MODEL)
                .description("Strudel fine-tune")
                .build(),
            notice -> {
              shown.add(notice);
              return true;
            });

    assertThat(shown).hasSize(1);
    DeploymentCostNotice notice = shown.get(0);
    assertThat(notice.deploymentName()).isEqualTo("strudel-nova-lite-v1");
    assertThat(notice.cost().hourlyUsd()).isZero();
    assertThat(notice.cost().inputPer1kTokensUsd()).isEqualByComparingTo("0.00006");
    assertThat(notice.cost().outputPer1kTokensUsd()).isEqualByComparingTo("0.00024");
    assertThat(notice.text())
        .contains(
            "On-demand deployment 'strudel-nova-lite-v1' of custom model strudel-nova-lite-v1")
        .contains("(base amazon.nova-lite-v1:0:300k)")
        .contains("No hourly charge: billed per token at the base model's rates, $0.00006 per 1K")
        .contains("$0.00024 per 1K output tokens")
        .contains("1,000 requests of 500 input + 500 output tokens: about $0.15")
        .contains("finetune model undeploy");
    bedrock.server.verify(
        postRequestedFor(urlEqualTo(DEPLOYMENTS))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "modelDeploymentName": "strudel-nova-lite-v1",
                      "modelArn": "%s",
                      "description": "Strudel fine-tune",
                      "clientRequestToken": "${json-unit.regex}[0-9a-f]{64}"
                    }
                    """
                        .formatted(Fixtures.MODEL))));
    assertThat(created.arn()).isEqualTo(DEPLOYMENT);
    assertThat(created.kind()).isEqualTo(DeploymentKind.ON_DEMAND);
    assertThat(created.state()).isEqualTo(DeploymentState.CREATING);
    assertThat(created.baseModelId()).isEqualTo("amazon.nova-lite-v1:0:300k");
  }

  @Test
  void deploy_declinedCreatesNothing() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    createOnDemandReturns(DEPLOYMENT);

    assertThatThrownBy(
            () -> deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), notice -> false))
        .isInstanceOfSatisfying(
            DeploymentDeclinedException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "not deployed: the cost of 'strudel-nova-lite-v1' was not confirmed, so"
                          + " nothing was created");
              assertThat(e.notice().kind()).isEqualTo(DeploymentKind.ON_DEMAND);
            });
    assertThat(bodies(DEPLOYMENTS)).isEmpty();
  }

  @Test
  void deploy_theSameRequestCarriesTheSameTokenAndAnotherNameAnother() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    createOnDemandReturns(DEPLOYMENT);
    DeploymentRequest request = DeploymentRequest.onDemand(Fixtures.MODEL);

    deployments.deploy(request, n -> true);
    deployments.deploy(request, n -> true);
    try (ModelDeployments otherProcess = fast(client)) {
      otherProcess.deploy(request, n -> true);
    }
    deployments.deploy(request.toBuilder().name("strudel-v2").build(), n -> true);

    List<String> tokens =
        bodies(DEPLOYMENTS).stream().map(b -> b.get("clientRequestToken").asText()).toList();
    assertThat(tokens).hasSize(4);
    assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
    assertThat(tokens.get(2)).isEqualTo(tokens.get(0));
    assertThat(tokens.get(3)).isNotEqualTo(tokens.get(0)).matches("[0-9a-f]{64}");
  }

  @Test
  void deploy_aThrottledCreateIsRetriedWithTheSameTokenAndOtherwiseRetryable() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    bedrock.server.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Rate exceeded"))
            .willSetStateTo("calm"));
    bedrock.server.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .inScenario("create")
            .whenScenarioStateIs("calm")
            .willReturn(json(202, "{\"customModelDeploymentArn\":\"" + DEPLOYMENT + "\"}")));

    assertThatThrownBy(
            () -> deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("Bedrock is throttling requests while trying to create on-demand")
                  .endsWith("try again. [ThrottlingException]");
            });

    bedrock.server.resetScenarios();
    try (BedrockClient retrying = bedrock.clientWithFastRetries();
        ModelDeployments patient = fast(retrying)) {
      Deployment created = patient.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true);
      assertThat(created.arn()).isEqualTo(DEPLOYMENT);
    }
    List<String> tokens =
        bodies(DEPLOYMENTS).stream().map(b -> b.get("clientRequestToken").asText()).toList();
    assertThat(tokens).hasSize(3).containsOnly(tokens.get(0));
  }

  @Test
  void deploy_nameConflictWithTheSameModelReturnsTheExistingDeployment() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    bedrock.server.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .willReturn(
                error(400, "ConflictException", "A deployment with this name already exists.")));
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/strudel-nova-lite-v1"))
            .willReturn(
                json(
                    200, Fixtures.deployment(DEPLOYMENT, "strudel-nova-lite-v1", "Active", null))));

    Deployment again = deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true);

    assertThat(again.arn()).isEqualTo(DEPLOYMENT);
  }

  @Test
  void deploy_nameConflictWithAnotherModelSaysChooseAnotherName() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    bedrock.server.stubFor(
        post(urlEqualTo(DEPLOYMENTS))
            .willReturn(
                error(400, "ConflictException", "A deployment with this name already exists.")));
    String other =
        Fixtures.deployment(DEPLOYMENT, "strudel-nova-lite-v1", "Active", null)
            .replace(Fixtures.MODEL, BedrockWireMock.customModelArn("othermodel01"));
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/strudel-nova-lite-v1")).willReturn(json(200, other)));

    assertThatThrownBy(
            () -> deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(
            "Bedrock refused to create on-demand deployment 'strudel-nova-lite-v1'")
        .hasMessageContaining("choose another name")
        .hasMessageContaining("[ConflictException]");
  }

  @Test
  void deploy_refusesAModelThatIsStillCreating() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Creating");

    assertThatThrownBy(
            () -> deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("is Creating: only an Active model can be deployed")
                  .contains("wait for its customization job to finish");
              assertThat(e.retryable()).isTrue();
            });
    assertThat(bodies(DEPLOYMENTS)).isEmpty();
  }

  @Test
  void deploy_provisionedWithoutCommitmentShowsHourlyAndMonthlyAndSendsNoCommitment() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    bedrock.server.stubFor(
        post(urlEqualTo(THROUGHPUT))
            .willReturn(json(201, "{\"provisionedModelArn\":\"" + PROVISIONED + "\"}")));
    List<DeploymentCostNotice> shown = new ArrayList<>();
    ModelDeployments priced =
        ModelDeployments.builder()
            .bedrockClient(client)
            .hourlyPrice(new BigDecimal("21.18"), "--hourly-price")
            .build();

    Deployment created =
        priced.deploy(
            DeploymentRequest.builder()
                .modelArn(Fixtures.MODEL)
                .provisioned(2)
                .quotaIncreased(true)
                .build(),
            notice -> {
              shown.add(notice);
              return true;
            });

    DeploymentCost cost = shown.get(0).cost();
    assertThat(cost.hourlyUsd()).isEqualByComparingTo("42.36");
    assertThat(cost.monthlyUsd()).isEqualByComparingTo("30922.80");
    assertThat(cost.commitmentTotalUsd()).isZero();
    assertThat(cost.billedWhileIdle()).isTrue();
    assertThat(shown.get(0).text())
        .contains(
            "Provisioned throughput 'strudel-nova-lite-v1-pt' for custom model strudel-nova-lite-v1"
                + " (base amazon.nova-lite-v1:0:300k): 2 model units, no commitment")
        .contains(
            "$42.36 per hour, about $30,922.80 per month: billed every hour until you delete it")
        .contains("Basis: 2 units × $21.18 per unit-hour, 730 hours a month.")
        .contains("Price: --hourly-price, as of ");
    bedrock.server.verify(
        postRequestedFor(urlEqualTo(THROUGHPUT))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "provisionedModelName": "strudel-nova-lite-v1-pt",
                      "modelId": "%s",
                      "modelUnits": 2,
                      "clientRequestToken": "${json-unit.regex}[0-9a-f]{64}"
                    }
                    """
                        .formatted(Fixtures.MODEL)))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.commitmentDuration", absent())));
    assertThat(created.kind()).isEqualTo(DeploymentKind.PROVISIONED);
    assertThat(created.modelUnits()).isEqualTo(2);
  }

  @Test
  void deploy_provisionedWithACommitmentSaysTheTermCannotEndEarly() throws java.io.IOException {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    bedrock.server.stubFor(
        post(urlEqualTo(THROUGHPUT))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.commitmentDuration", equalTo("SixMonths")))
            .willReturn(json(201, "{\"provisionedModelArn\":\"" + PROVISIONED + "\"}")));
    List<DeploymentCostNotice> shown = new ArrayList<>();
    java.nio.file.Path file = dir.resolve("prices.json");
    java.nio.file.Files.writeString(
        file,
        "{\"asOf\": \"2026-12-04\", \"models\": {\"nova-lite\":"
            + " {\"provisionedPerUnitMonthCommitted\": 15757.92}}}");
    ModelDeployments priced =
        ModelDeployments.builder()
            .bedrockClient(client)
            .priceTable(app.polychat.finetune.cost.PriceTable.load(file))
            .build();

    priced.deploy(
        DeploymentRequest.builder()
            .modelArn(Fixtures.MODEL)
            .name("strudel-pt")
            .provisioned(1)
            .commitment(Commitment.SIX_MONTHS)
            .quotaIncreased(true)
            .build(),
        notice -> {
          shown.add(notice);
          return true;
        });

    DeploymentCost cost = shown.get(0).cost();
    assertThat(cost.monthlyUsd()).isEqualByComparingTo("15757.92");
    assertThat(cost.commitmentTotalUsd()).isEqualByComparingTo("94547.52");
    assertThat(cost.hourlyUsd()).isEqualByComparingTo("21.5862");
    assertThat(shown.get(0).text())
        .contains("1 model unit, 6 months")
        .contains("$15,757.92 per month for 6 months: $94,547.52 in total")
        .contains("A committed term cannot be deleted before it ends.")
        .contains("Price: your price file " + file + ", as of 2026-12-04");
  }

  @Test
  void deploy_budgetConfirmationDeclinesWhatCostsMore() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    DeploymentRequest provisioned =
        DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build();

    assertThatThrownBy(
            () ->
                deployments.deploy(
                    provisioned, DeploymentConfirmation.withinMonthlyBudget(new BigDecimal("50"))))
        .isInstanceOf(DeploymentDeclinedException.class);
    assertThat(bodies(THROUGHPUT)).isEmpty();
  }

  @Test
  void awaitReady_pollsUntilActiveAndReportsEachState() {
    String path = DEPLOYMENTS + "/" + encoded(DEPLOYMENT);
    String[] states = {"Creating", "Creating", "Creating", "Active"};
    for (int i = 0; i < states.length; i++) {
      bedrock.server.stubFor(
          get(urlEqualTo(path))
              .inScenario("deploy")
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "poll" + i)
              .willReturn(json(200, Fixtures.deployment(DEPLOYMENT, "strudel", states[i], null)))
              .willSetStateTo("poll" + (i + 1)));
    }
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    List<DeploymentState> seen = new ArrayList<>();

    Deployment ready =
        deployments.awaitReady(DEPLOYMENT, Duration.ofSeconds(10), d -> seen.add(d.state()));

    assertThat(ready.state()).isEqualTo(DeploymentState.READY);
    assertThat(ready.status()).isEqualTo("Active");
    assertThat(seen).containsExactly(DeploymentState.CREATING, DeploymentState.READY);
    bedrock.server.verify(4, getRequestedFor(urlEqualTo(path)));
    bedrock.server.verify(
        1, getRequestedFor(urlEqualTo("/custom-models/" + encoded(Fixtures.MODEL))));
  }

  @Test
  void awaitReady_provisionedPollsToInService() {
    String path = THROUGHPUT + "/" + encoded(PROVISIONED);
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .inScenario("pt")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(200, Fixtures.provisioned(PROVISIONED, "strudel-pt", "Creating", null)))
            .willSetStateTo("up"));
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .inScenario("pt")
            .whenScenarioStateIs("up")
            .willReturn(
                json(200, Fixtures.provisioned(PROVISIONED, "strudel-pt", "InService", null))));

    Deployment ready = deployments.awaitReady(PROVISIONED, Duration.ofSeconds(10), d -> {});

    assertThat(ready.state()).isEqualTo(DeploymentState.READY);
    assertThat(ready.kind()).isEqualTo(DeploymentKind.PROVISIONED);
    assertThat(ready.cost().priceKnown()).isFalse(); // no price given, none guessed
    assertThat(ready.cost().billedWhileIdle()).isTrue();
  }

  @Test
  void awaitReady_keepsPollingWhileBedrockThrottles() {
    String path = DEPLOYMENTS + "/" + encoded(DEPLOYMENT);
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Rate exceeded"))
            .willSetStateTo("again"));
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .inScenario("throttle")
            .whenScenarioStateIs("again")
            .willReturn(error(500, "InternalServerException", "Internal error"))
            .willSetStateTo("fine"));
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .inScenario("throttle")
            .whenScenarioStateIs("fine")
            .willReturn(json(200, Fixtures.deployment(DEPLOYMENT, "strudel", "Active", null))));
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    Deployment ready = deployments.awaitReady(DEPLOYMENT, Duration.ofSeconds(10), d -> {});

    assertThat(ready.state()).isEqualTo(DeploymentState.READY);
    bedrock.server.verify(3, getRequestedFor(urlEqualTo(path)));
  }

  @Test
  void awaitReady_failedDeploymentSaysWhyAndHowToCleanUp() {
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/" + encoded(DEPLOYMENT)))
            .willReturn(
                json(
                    200,
                    Fixtures.deployment(
                        DEPLOYMENT,
                        "strudel",
                        "Failed",
                        "The model was customized before 2025-07-16 and cannot be deployed on"
                            + " demand."))));
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    assertThatThrownBy(() -> deployments.awaitReady(DEPLOYMENT, Duration.ofSeconds(10), d -> {}))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .isEqualTo(
                      "deployment 'strudel' failed: The model was customized before 2025-07-16"
                          + " and cannot be deployed on demand. Delete it (finetune model undeploy "
                          + DEPLOYMENT
                          + ") and deploy again once the cause is fixed");
            });
  }

  @Test
  void awaitReady_timeoutIsRetryableAndSaysItKeepsDeploying() {
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/" + encoded(DEPLOYMENT)))
            .willReturn(json(200, Fixtures.deployment(DEPLOYMENT, "strudel", "Creating", null))));
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    assertThatThrownBy(() -> deployments.awaitReady(DEPLOYMENT, Duration.ofMillis(80), d -> {}))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("is still Creating after")
                  .contains("Bedrock keeps deploying it");
            });
  }

  @Test
  void awaitReady_accessDeniedStopsAtOnce() {
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/" + encoded(DEPLOYMENT)))
            .willReturn(
                error(
                    403,
                    "AccessDeniedException",
                    "not authorized to perform: bedrock:GetCustomModelDeployment")));

    assertThatThrownBy(() -> deployments.awaitReady(DEPLOYMENT, Duration.ofSeconds(10), d -> {}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("bedrock:GetCustomModelDeployment");
    bedrock.server.verify(1, getRequestedFor(urlEqualTo(DEPLOYMENTS + "/" + encoded(DEPLOYMENT))));
  }

  @Test
  void list_showsEveryPageOfBothKindsWithTheirCost() {
    String second = deploymentArn("g7h8i9j0k1l2");
    bedrock.server.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .withQueryParam("nextToken", absent())
            .willReturn(
                json(
                    200,
                    """
                    {"modelDeploymentSummaries": [
                      {"customModelDeploymentArn": "%s", "customModelDeploymentName": "strudel",
                       "modelArn": "%s", "createdAt": "2025-11-10T09:00:00Z", "status": "Active"}
                    ], "nextToken": "page2"}
                    """
                        .formatted(DEPLOYMENT, Fixtures.MODEL))));
    bedrock.server.stubFor(
        get(urlPathEqualTo(DEPLOYMENTS))
            .withQueryParam("nextToken", equalTo("page2"))
            .willReturn(
                json(
                    200,
                    """
                    {"modelDeploymentSummaries": [
                      {"customModelDeploymentArn": "%s", "customModelDeploymentName": "strudel-b",
                       "modelArn": "%s", "createdAt": "2025-11-10T10:00:00Z", "status": "Creating"}
                    ]}
                    """
                        .formatted(second, Fixtures.MODEL))));
    bedrock.server.stubFor(
        get(urlPathEqualTo("/provisioned-model-throughputs"))
            .willReturn(
                json(
                    200,
                    """
                    {"provisionedModelSummaries": [
                      {"provisionedModelName": "strudel-pt", "provisionedModelArn": "%s",
                       "modelArn": "%s", "desiredModelArn": "%s", "foundationModelArn": "%s",
                       "modelUnits": 1, "desiredModelUnits": 1, "status": "InService",
                       "commitmentDuration": "OneMonth",
                       "commitmentExpirationTime": "2025-12-10T09:00:00Z",
                       "creationTime": "2025-11-10T09:00:00Z",
                       "lastModifiedTime": "2025-11-10T09:20:00Z"}
                    ]}
                    """
                        .formatted(
                            PROVISIONED, Fixtures.MODEL, Fixtures.MODEL, Fixtures.BASE_ARN))));
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    List<Deployment> all = deployments.list();

    assertThat(all).extracting(Deployment::arn).containsExactly(DEPLOYMENT, second, PROVISIONED);
    assertThat(all.get(0).cost().hourlyUsd()).isZero();
    assertThat(all.get(0).cost().inputPer1kTokensUsd()).isEqualByComparingTo("0.00006");
    assertThat(all.get(1).state()).isEqualTo(DeploymentState.CREATING);
    Deployment pt = all.get(2);
    assertThat(pt.commitment()).isEqualTo(Commitment.ONE_MONTH);
    assertThat(pt.cost().priceKnown()).isFalse();
    assertThat(pt.cost().monthlyUsd()).isNull();
    assertThat(pt.baseModelId()).isEqualTo("amazon.nova-lite-v1:0:300k");
    bedrock.server.verify(
        1, getRequestedFor(urlEqualTo("/custom-models/" + encoded(Fixtures.MODEL))));
  }

  @Test
  void delete_byArnDeletesTheDeployment() {
    String path = DEPLOYMENTS + "/" + encoded(DEPLOYMENT);
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .willReturn(json(200, Fixtures.deployment(DEPLOYMENT, "strudel", "Active", null))));
    bedrock.server.stubFor(delete(urlEqualTo(path)).willReturn(json(200, "{}")));
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    Deployment deleted = deployments.delete(DEPLOYMENT);

    assertThat(deleted.name()).isEqualTo("strudel");
    bedrock.server.verify(1, deleteRequestedFor(urlEqualTo(path)));
  }

  @Test
  void delete_byNameFindsTheProvisionedThroughputWhenNoDeploymentHasThatName() {
    bedrock.server.stubFor(
        get(urlEqualTo(DEPLOYMENTS + "/strudel-pt"))
            .willReturn(error(404, "ResourceNotFoundException", "Deployment not found")));
    bedrock.server.stubFor(
        get(urlEqualTo(THROUGHPUT + "/strudel-pt"))
            .willReturn(
                json(200, Fixtures.provisioned(PROVISIONED, "strudel-pt", "InService", null))));
    bedrock.server.stubFor(
        delete(urlEqualTo(THROUGHPUT + "/" + encoded(PROVISIONED))).willReturn(json(200, "{}")));

    Deployment deleted = deployments.delete("strudel-pt");

    assertThat(deleted.kind()).isEqualTo(DeploymentKind.PROVISIONED);
    bedrock.server.verify(
        1, deleteRequestedFor(urlEqualTo(THROUGHPUT + "/" + encoded(PROVISIONED))));
  }

  @Test
  void delete_aCommittedThroughputSaysWhenItsTermEnds() {
    String path = THROUGHPUT + "/" + encoded(PROVISIONED);
    bedrock.server.stubFor(
        get(urlEqualTo(path))
            .willReturn(
                json(
                    200,
                    Fixtures.provisioned(PROVISIONED, "strudel-pt", "InService", "OneMonth"))));
    bedrock.server.stubFor(
        delete(urlEqualTo(path))
            .willReturn(
                error(
                    400,
                    "ValidationException",
                    "Provisioned Throughput with a commitment term cannot be deleted.")));

    assertThatThrownBy(() -> deployments.delete(PROVISIONED))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cannot be deleted")
        .hasMessageContaining("Its committed term runs until 2025-12-10T09:00:00Z");
  }

  @Test
  void get_aCustomModelArnIsNeitherKind() {
    assertThatThrownBy(() -> deployments.get(Fixtures.MODEL))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("is neither a custom model deployment ARN");
  }

  @Test
  void costNotice_withoutPricesForTheBaseModelRefusesToDeploy() {
    String arn = BedrockWireMock.customModelArn("llamamodel01");
    bedrock.server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(arn)))
            .willReturn(
                json(
                    200,
                    Fixtures.customModel(arn, "Active")
                        .replace(
                            Fixtures.BASE_ARN,
                            "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0:128k"))));

    assertThatThrownBy(
            () ->
                deployments.costNotice(
                    DeploymentRequest.builder()
                        .modelArn(arn)
                        .provisioned(1)
                        .quotaIncreased(true)
                        .build()))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("no prices for the base model meta.llama3-1-8b-instruct-v1:0:128k")
        .hasMessageContaining("nothing is deployed");
  }

  // Bedrock user guide, "Deploy a custom model for on-demand inference": Nova Lite, Nova 2 Lite,
  // Nova Micro and Nova Pro, US East (N. Virginia), models customized on or after 7/16/2025; and
  // "Provisioned Throughput" quotas (BEDROCK-FACTS.md, Corrections). Each is refused before the
  // confirmation is asked and before any create call.

  private void stubModel(String arn, java.util.function.UnaryOperator<String> change) {
    bedrock.server.stubFor(
        get(urlEqualTo("/custom-models/" + encoded(arn)))
            .willReturn(json(200, change.apply(Fixtures.customModel(arn, "Active")))));
  }

  private String refusedBeforeConfirmation(ModelDeployments on, DeploymentRequest request) {
    List<DeploymentCostNotice> asked = new ArrayList<>();
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                on.deploy(
                    request,
                    notice -> {
                      asked.add(notice);
                      return true;
                    }));
    assertThat(thrown).isInstanceOf(BackendException.class);
    assertThat(((BackendException) thrown).retryable()).isFalse();
    assertThat(asked).isEmpty();
    assertThat(bodies(DEPLOYMENTS)).isEmpty();
    assertThat(bodies(THROUGHPUT)).isEmpty();
    return thrown.getMessage();
  }

  @Test
  void deploy_onDemandRefusesABaseModelTheGuideDoesNotList() {
    String arn = BedrockWireMock.customModelArn("titanmodel01");
    stubModel(
        arn,
        body ->
            body.replace(
                Fixtures.BASE_ARN,
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1:0:4k"));

    assertThat(refusedBeforeConfirmation(deployments, DeploymentRequest.onDemand(arn)))
        .contains("on-demand deployment serves customizations of amazon.nova-2-lite-v1:0")
        .contains("amazon.titan-text-lite-v1:0:4k")
        .contains("provisioned throughput instead");
  }

  @Test
  void deploy_onDemandOutsideTheGuidesRegionIsRefused() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    try (BedrockClient oregon =
            BedrockClient.builder()
                .endpointOverride(bedrock.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                .credentialsProvider(
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                            "AKIAIOSFODNN7EXAMPLE", "test-secret")))
                .build();
        ModelDeployments there = fast(oregon)) {
      assertThat(refusedBeforeConfirmation(there, DeploymentRequest.onDemand(Fixtures.MODEL)))
          .contains("is available in us-east-1 only, not us-west-2")
          .contains("AWS_REGION=us-east-1");
    }
  }

  @Test
  void deploy_onDemandOfAModelCustomizedBeforeJuly16th2025IsRefused() {
    stubModel(Fixtures.MODEL, body -> body.replace("2025-11-09T13:00:00Z", "2025-07-15T23:59:59Z"));

    assertThat(refusedBeforeConfirmation(deployments, DeploymentRequest.onDemand(Fixtures.MODEL)))
        .contains("was customized on 2025-07-15")
        .contains("customized on or after 2025-07-16")
        .contains("train it again");
  }

  @Test
  void deploy_onDemandOfAModelCustomizedOnJuly16th2025IsAccepted() {
    stubModel(Fixtures.MODEL, body -> body.replace("2025-11-09T13:00:00Z", "2025-07-16T00:00:00Z"));
    createOnDemandReturns(DEPLOYMENT);

    assertThat(deployments.deploy(DeploymentRequest.onDemand(Fixtures.MODEL), n -> true).arn())
        .isEqualTo(DEPLOYMENT);
  }

  @Test
  void deploy_provisionedWithoutCommitmentOverOneUnitNeedsARaisedQuota() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    assertThat(
            refusedBeforeConfirmation(
                deployments,
                DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(2).build()))
        .contains("without commitment takes 1 model unit under the default quota, not 2")
        .contains("--quota-increased");
  }

  @Test
  void deploy_aThirdProvisionedThroughputWithoutCommitmentNeedsARaisedQuota() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    // ListProvisionedModelThroughputs: two without commitment count, a committed one and a
    // failed one do not
    bedrock.server.stubFor(
        get(urlPathEqualTo("/provisioned-model-throughputs"))
            .willReturn(
                json(
                    200,
                    """
                    {"provisionedModelSummaries": [
                      {"provisionedModelName": "a-pt", "provisionedModelArn": "%1$s",
                       "modelArn": "%2$s", "desiredModelArn": "%2$s",
                       "foundationModelArn": "%3$s", "modelUnits": 1, "desiredModelUnits": 1,
                       "status": "InService", "creationTime": "2025-11-09T13:00:00Z",
                       "lastModifiedTime": "2025-11-09T13:00:00Z"},
                      {"provisionedModelName": "b-pt", "provisionedModelArn": "%1$s",
                       "modelArn": "%2$s", "desiredModelArn": "%2$s",
                       "foundationModelArn": "%3$s", "modelUnits": 1, "desiredModelUnits": 1,
                       "status": "Creating", "creationTime": "2025-11-09T13:00:00Z",
                       "lastModifiedTime": "2025-11-09T13:00:00Z"},
                      {"provisionedModelName": "c-pt", "provisionedModelArn": "%1$s",
                       "modelArn": "%2$s", "desiredModelArn": "%2$s",
                       "foundationModelArn": "%3$s", "modelUnits": 1, "desiredModelUnits": 1,
                       "status": "InService", "commitmentDuration": "OneMonth",
                       "creationTime": "2025-11-09T13:00:00Z",
                       "lastModifiedTime": "2025-11-09T13:00:00Z"},
                      {"provisionedModelName": "d-pt", "provisionedModelArn": "%1$s",
                       "modelArn": "%2$s", "desiredModelArn": "%2$s",
                       "foundationModelArn": "%3$s", "modelUnits": 1, "desiredModelUnits": 1,
                       "status": "Failed", "creationTime": "2025-11-09T13:00:00Z",
                       "lastModifiedTime": "2025-11-09T13:00:00Z"}
                    ]}
                    """
                        .formatted(PROVISIONED, Fixtures.MODEL, Fixtures.BASE_ARN))));

    assertThat(
            refusedBeforeConfirmation(
                deployments,
                DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build()))
        .contains("already has 2 provisioned throughputs without commitment in us-east-1")
        .contains("(a-pt, b-pt)")
        .contains("finetune model undeploy");
  }

  @Test
  void deploy_aCommitmentNeedsAQuotaIncreaseFirst() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");

    assertThat(
            refusedBeforeConfirmation(
                deployments,
                DeploymentRequest.builder()
                    .modelArn(Fixtures.MODEL)
                    .provisioned(1)
                    .commitment(Commitment.ONE_MONTH)
                    .build()))
        .contains("a committed term starts with a quota of 0 model units")
        .contains("Model units per provisioned model for amazon.nova-lite-v1:0")
        .contains("Service Quotas");
  }

  @Test
  void request_descriptionIsOneTo2048CharactersAndTagsFollowBedrocksRules() {
    // CustomModelDeploymentDescription: 1-2048; TagValue [a-zA-Z0-9\s._:/=+@-]*; at most 50 tags
    // (botocore bedrock/2023-04-20/service-2.json)
    assertThat(
            DeploymentRequest.builder()
                .modelArn(Fixtures.MODEL)
                .description("d".repeat(2048))
                .build()
                .description())
        .hasSize(2048);
    assertThatThrownBy(() -> DeploymentRequest.builder().description("d".repeat(2049)))
        .hasMessageContaining("1-2048 characters, this one 2049");
    assertThatThrownBy(() -> DeploymentRequest.builder().description(""))
        .hasMessageContaining("leave it out");
    java.util.Map<String, String> many = new java.util.TreeMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(
            () -> DeploymentRequest.builder().modelArn(Fixtures.MODEL).tags(many).build())
        .hasMessageContaining("51 tags: Bedrock takes at most 50");
    assertThatThrownBy(
            () ->
                DeploymentRequest.builder()
                    .modelArn(Fixtures.MODEL)
                    .addTag("team", "strudel, v2")
                    .build())
        .hasMessageContaining("'strudel, v2' is not accepted by Bedrock");
  }

  @Test
  void request_rejectsBadNamesAndACommitmentWithoutProvisioning() {
    assertThatThrownBy(() -> DeploymentRequest.builder().name("strudel..v1"))
        .hasMessageContaining("is not a valid deployment name");
    assertThatThrownBy(
            () ->
                DeploymentRequest.builder()
                    .modelArn(Fixtures.MODEL)
                    .commitment(Commitment.ONE_MONTH)
                    .build())
        .hasMessageContaining("call provisioned(units) too");
    assertThatThrownBy(() -> DeploymentRequest.builder().provisioned(0))
        .hasMessageContaining("at least 1 model unit");
    assertThat(DeploymentRequest.nameFrom("strudel.nova lite__v1", "-pt"))
        .isEqualTo("strudel-nova-lite_v1-pt");
    assertThat(DeploymentRequest.nameFrom("x".repeat(80), "")).hasSize(63);
  }

  // --- issue 14: prices that do not lie -----------------------------------------------------

  @Test
  void deploy_provisionedWithoutAnyPrice_saysTheHourlyPriceIsUnknownAndWhereToReadIt() {
    // The old bundled table priced this at $0.10 per model-unit hour, 70-500x too low
    // (BEDROCK-FACTS.md, Corrections). Without a user price or a Price List answer, no number.
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    List<DeploymentCostNotice> shown = new ArrayList<>();

    assertThatThrownBy(
            () ->
                deployments.deploy(
                    DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build(),
                    notice -> {
                      shown.add(notice);
                      return false;
                    }))
        .isInstanceOf(DeploymentDeclinedException.class);

    DeploymentCostNotice notice = shown.get(0);
    assertThat(notice.cost().priceKnown()).isFalse();
    assertThat(notice.cost().hourlyUsd()).isNull();
    assertThat(notice.text())
        .contains("The hourly price is unknown: no price was given")
        .contains("https://aws.amazon.com/bedrock/pricing/")
        .contains("--hourly-price USD")
        .contains("billed every hour until you delete it")
        .doesNotContain("$0.10")
        .doesNotContain("$73.00");
    // a price typed in afterwards prices the same notice, naming where it came from
    DeploymentCostNotice typed =
        notice.withHourlyPrice(new BigDecimal("23.50"), "typed at the prompt");
    assertThat(typed.text())
        .contains("$23.50 per hour, about $17,155.00 per month")
        .contains("Price: typed at the prompt");
    assertThat(bodies(THROUGHPUT)).isEmpty();
  }

  @Test
  void deploy_provisionedAsksTheLookupWhenNoPriceIsGivenAndShowsItsSource() {
    Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
    List<String> asked = new ArrayList<>();
    ModelDeployments looked =
        ModelDeployments.builder()
            .bedrockClient(client)
            .provisionedPriceLookup(
                (base, region, commitment) -> {
                  asked.add(base + " " + region + " " + commitment);
                  return ProvisionedPriceLookup.Result.found(
                      new BigDecimal("30.00"),
                      app.polychat.finetune.cost.PriceSource.of(
                          "AWS Price List API", java.time.LocalDate.of(2026, 12, 4)));
                })
            .build();
    DeploymentCostNotice notice =
        looked.costNotice(
            DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build());
    assertThat(asked).containsExactly("amazon.nova-lite-v1:0:300k us-east-1 NONE");
    assertThat(notice.cost().hourlyUsd()).isEqualByComparingTo("30.00");
    assertThat(notice.text()).contains("Price: AWS Price List API, as of 2026-12-04");

    ModelDeployments missing =
        ModelDeployments.builder()
            .bedrockClient(client)
            .provisionedPriceLookup(
                (base, region, commitment) ->
                    ProvisionedPriceLookup.Result.notFound(
                        "the AWS Price List API lists no hourly price for it"))
            .build();
    assertThat(
            missing
                .costNotice(
                    DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build())
                .text())
        .contains(
            "The hourly price is unknown: no price was given (--hourly-price, or a price file)"
                + " and the AWS Price List API lists no hourly price for it");
  }
}
