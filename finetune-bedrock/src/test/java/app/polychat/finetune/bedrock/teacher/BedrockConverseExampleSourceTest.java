package app.polychat.finetune.bedrock.teacher;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.converseAnswer;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.cost.TokenUsage;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalStatus;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Converse teacher against WireMock behind the real bedrock-runtime client. */
class BedrockConverseExampleSourceTest {
  static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final String CONVERSE_PATH = "/model/" + BedrockWireMock.encoded(MODEL) + "/converse";

  @TempDir Path dir;
  final BedrockWireMock bedrock = new BedrockWireMock();
  final List<String> retries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    bedrock.close();
  }

  static PromptPlan plan(int count) {
    return PromptCatalog.load(
            BedrockConverseExampleSourceTest.class.getResourceAsStream("/prompts/mini.json"),
            "mini")
        .plan(count, List.of(), List.of(), 0);
  }

  BedrockConverseExampleSource.Builder teacher() {
    return BedrockConverseExampleSource.builder()
        .model(MODEL)
        .runtimeClient(bedrock.runtimeWithoutRetries())
        .maxTokens(2000)
        .callPolicy(p -> p.initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)))
        .addListener(
            new SourceListener() {
              @Override
              public void onRetry(
                  GenerationRequest request, int failedAttempt, Duration wait, String reason) {
                retries.add(failedAttempt + ": " + reason);
              }
            });
  }

  @Test
  void generate_sendsThePlannedPromptAndRecordsTheReportedUsage() {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(json(200, converseAnswer("s(\"bd*4, hh*8\")", 812, 143))));
    GenerationRequest request = plan(1).requests().get(0);

    GeneratedExample example;
    try (BedrockConverseExampleSource source = teacher().build()) {
      example = source.generate(request);
      assertThat(source.describe()).isEqualTo("bedrock:" + MODEL);
      assertThat(source.teacherModel()).contains(MODEL);
    }

    ExampleMetadata m = example.example().metadata();
    assertThat(example.example().conversation().lastAssistantText()).contains("s(\"bd*4, hh*8\")");
    assertThat(m.inputTokens()).isEqualTo(812);
    assertThat(m.outputTokens()).isEqualTo(143);
    assertThat(m.teacherModel()).isEqualTo(MODEL);
    assertThat(m.latency()).isEqualTo(Duration.ofMillis(120));
    assertThat(m.extra())
        .containsEntry("tokens", "reported")
        .containsEntry("stopReason", "end_turn")
        .containsEntry("source", "bedrock-converse");
    assertThat(example.attempts()).isEqualTo(1);
    bedrock.server.verify(
        postRequestedFor(urlPathEqualTo(CONVERSE_PATH))
            .withRequestBody(
                equalToJson(
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                        + app.polychat.finetune.support.Json.write(request.prompt())
                        + "}]}],\"system\":[{\"text\":"
                        + app.polychat.finetune.support.Json.write(request.systemPrompt())
                        + "}],\"inferenceConfig\":{\"maxTokens\":2000}}")));
  }

  @Test
  void throttling_isRetriedWithBackoffUntilTheModelAnswers() {
    String scenario = "throttled twice";
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Too many requests, please wait."))
            .willSetStateTo("second"));
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario(scenario)
            .whenScenarioStateIs("second")
            .willReturn(error(503, "ServiceUnavailableException", "Service is unavailable."))
            .willSetStateTo("answer"));
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario(scenario)
            .whenScenarioStateIs("answer")
            .willReturn(json(200, converseAnswer("note(\"c e g\")", 300, 40))));

    GeneratedExample example;
    try (BedrockConverseExampleSource source = teacher().build()) {
      example = source.generate(plan(1).requests().get(0));
    }

    assertThat(example.attempts()).isEqualTo(3);
    assertThat(retries).hasSize(2);
    assertThat(retries.get(0)).startsWith("1: Bedrock is throttling requests");
    assertThat(retries.get(1)).startsWith("2: Bedrock had a server error");
    bedrock.server.verify(3, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void persistentServerErrors_failRetryableAfterTheLastAttempt() {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(error(500, "InternalServerException", "An internal error occurred.")));

    try (BedrockConverseExampleSource source =
        teacher().callPolicy(p -> p.maxAttempts(3)).build()) {
      assertThatThrownBy(() -> source.generate(plan(1).requests().get(0)))
          .isInstanceOf(SourceException.class)
          .isNotInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("server error")
          .satisfies(
              e -> {
                assertThat(((SourceException) e).retryable()).isTrue();
                assertThat(((SourceException) e).httpStatus()).isEqualTo(500);
              });
    }
    bedrock.server.verify(3, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void aBadRequest_failsThatRequestOnlyWithoutRetrying() {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(
                error(400, "ValidationException", "Input is too long for requested model.")));

    try (BedrockConverseExampleSource source = teacher().build()) {
      assertThatThrownBy(() -> source.generate(plan(1).requests().get(0)))
          .isInstanceOf(SourceException.class)
          .isNotInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("Input is too long")
          .satisfies(e -> assertThat(((SourceException) e).retryable()).isFalse());
    }
    bedrock.server.verify(1, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void deniedAccessOrAModelThatNeedsAnInferenceProfile_stopsTheRun() {
    bedrock.server.stubFor(
        post(urlPathMatching("/model/anthropic.*/converse"))
            .willReturn(
                error(
                    400,
                    "ValidationException",
                    "Invocation of model ID anthropic.claude-sonnet-4-5-20250929-v1:0 with"
                        + " on-demand throughput isn't supported. Retry your request with the ID"
                        + " or ARN of an inference profile that contains this model.")));
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(
                error(
                    403,
                    "AccessDeniedException",
                    "You don't have access to the model with the specified model ID.")));

    try (BedrockConverseExampleSource source = teacher().build()) {
      assertThatThrownBy(() -> source.generate(plan(1).requests().get(0)))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("Bedrock denied the request")
          .hasMessageContaining("Model access");
    }
    try (BedrockConverseExampleSource source =
        teacher().model("anthropic.claude-sonnet-4-5-20250929-v1:0").build()) {
      assertThatThrownBy(() -> source.generate(plan(1).requests().get(0)))
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("inference profile");
    }
  }

  @Test
  void aStreakOfFailedRequests_stopsTheRunInsteadOfPayingForMore() {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(error(424, "ModelErrorException", "The model failed to respond.")));
    List<String> outcomes = new ArrayList<>();
    try (BedrockConverseExampleSource source =
        teacher().callPolicy(p -> p.maxAttempts(1).circuitBreakerThreshold(3)).build()) {
      for (GenerationRequest request : plan(5).requests()) {
        try {
          source.generate(request);
        } catch (SourceException e) {
          outcomes.add(e.getClass().getSimpleName());
        }
      }
    }
    assertThat(outcomes)
        .containsExactly(
            "SourceException",
            "SourceException",
            "SourceUnavailableException",
            "SourceUnavailableException",
            "SourceUnavailableException");
    bedrock.server.verify(3, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void cancelPending_releasesACallWaitingForTheRateLimitWithoutSendingIt() throws Exception {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .willReturn(json(200, converseAnswer("s(\"bd\")", 10, 5))));
    try (BedrockConverseExampleSource source =
        teacher().callPolicy(p -> p.requestsPerMinute(60)).build()) {
      List<GenerationRequest> requests = plan(2).requests();
      source.generate(requests.get(0)); // the next permit comes a second later
      CompletableFuture<GeneratedExample> waiting =
          CompletableFuture.supplyAsync(() -> source.generate(requests.get(1)));
      Thread.sleep(200);
      source.cancelPending();
      assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SourceCancelledException.class);
      bedrock.server.verify(1, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));

      // a resumed run in the same process: calls begun after the stop are sent
      GeneratedExample resumed =
          CompletableFuture.supplyAsync(() -> source.generate(requests.get(1)))
              .get(10, TimeUnit.SECONDS);
      assertThat(resumed.example().conversation().lastAssistantText()).contains("s(\"bd\")");
    }
    bedrock.server.verify(2, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void anSdkGenerationListener_hearsTheThrottlingRetryAndThePaceWaits_throughTheEngine() {
    // botocore bedrock-runtime 2023-09-30 service-2.json: Converse may fail with
    // ThrottlingException, {"httpStatusCode":429,"senderFault":true}, body {"message": ...};
    // the model defines no Retry-After, so the source backs off
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario("throttled once")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Too many requests, please wait."))
            .willSetStateTo("open"));
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario("throttled once")
            .whenScenarioStateIs("open")
            .willReturn(
                json(
                        200,
                        converseAnswer(
                            "s(\"{{randomValue length=12 type='ALPHANUMERIC'}}\")", 60, 20))
                    .withTransformers("response-template")));
    List<String> retried = new CopyOnWriteArrayList<>();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    GenerationListener sdkListener =
        new GenerationListener() {
          @Override
          public void retried(GenerationRequest request, int attempt, String reason) {
            retried.add(attempt + ": " + reason);
          }

          @Override
          public void rateLimited(GenerationRequest request, Duration wait) {
            waits.add(wait);
          }
        };
    GenerationResult result;
    // nothing registered on the source: the engine hands each call the listener
    try (BedrockConverseExampleSource source =
        BedrockConverseExampleSource.builder()
            .model(MODEL)
            .runtimeClient(bedrock.runtimeWithoutRetries())
            .callPolicy(
                p ->
                    p.initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(20))
                        .requestsPerMinute(600))
            .build()) {
      result =
          GenerationEngine.builder()
              .source(source)
              .tracker(new InMemoryRunTracker())
              .concurrency(3)
              .listener(sdkListener)
              .build()
              .run(plan(6), GenerationOptions.defaults(dir));
    }

    assertThat(result.examples()).isEqualTo(6);
    assertThat(retried).singleElement().asString().startsWith("2: Bedrock is throttling requests");
    assertThat(waits).isNotEmpty().allSatisfy(w -> assertThat(w).isPositive());
    bedrock.server.verify(7, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }

  @Test
  void throughTheEngine_journalsRealTokenCountsThatCalibrateTheEstimate() {
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario("one throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Too many requests, please wait."))
            .willSetStateTo("open"));
    bedrock.server.stubFor(
        post(urlPathEqualTo(CONVERSE_PATH))
            .inScenario("one throttle")
            .whenScenarioStateIs("open")
            .willReturn(
                json(
                        200,
                        converseAnswer(
                            "s(\"{{randomValue length=12 type='ALPHANUMERIC'}}\")", 600, 200))
                    .withTransformers("response-template")));
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    GenerationResult result;
    try (BedrockConverseExampleSource source = teacher().build()) {
      result =
          GenerationEngine.builder()
              .source(source)
              .tracker(tracker)
              .concurrency(4)
              .build()
              .run(plan(20), GenerationOptions.defaults(dir));
    }

    assertThat(result.examples()).isEqualTo(20);
    assertThat(result.failed()).isZero();
    List<ExampleMetadata> journaled = new ArrayList<>();
    tracker.forEachJournalEntry(
        result.runId(),
        e -> {
          assertThat(e.status()).isEqualTo(JournalStatus.DONE);
          assertThat(e.inputTokens()).isEqualTo(600);
          assertThat(e.outputTokens()).isEqualTo(200);
          journaled.add(e.example().metadata());
        });
    TokenUsage calibrated = TokenUsage.observed(journaled, 20_000, 100, 500);
    assertThat(calibrated.inputTokens()).isEqualTo(20_000L * 600);
    assertThat(calibrated.outputTokens()).isEqualTo(20_000L * 200);
    assertThat(calibrated.basis()).contains("averages of 20 generated examples");
    bedrock.server.verify(21, postRequestedFor(urlPathEqualTo(CONVERSE_PATH)));
  }
}
