package app.polychat.finetune.bedrock.evaluation;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.converseAnswer;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.deploymentArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.encoded;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.Fixtures;
import app.polychat.finetune.job.BackendException;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class ModelTesterTest {
  private static final String BASE = "amazon.nova-lite-v1:0";
  private static final String DEPLOYMENT = deploymentArn("a1b2c3d4e5f6");

  private BedrockWireMock bedrock;
  private BedrockRuntimeClient runtime;

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    runtime = bedrock.runtimeWithoutRetries();
  }

  @AfterEach
  void stop() {
    runtime.close();
    bedrock.close();
  }

  private static String converse(String modelId) {
    return "/model/" + encoded(modelId) + "/converse";
  }

  @Test
  void ask_sendsThePromptSystemPromptAndSettingsAndReturnsAnswerTokensAndLatency() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "messages": [
                        {"role": "user", "content": [{"text": "A techno beat at 130 bpm"}]}
                      ],
                      "system": [{"text": "You write Strudel code only."}],
                      "inferenceConfig": {"maxTokens": 500, "temperature": 0.2}
                    }
                    """,
                    true,
                    true))
            .willReturn(
                json(200, converseAnswer("setcpm(130/4)\ns(\"bd*4, hh*8\")", 42, 17))
                    .withFixedDelay(30)));
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .atPriority(10)
            .willReturn(error(400, "ValidationException", "unexpected request")));

    try (ModelTester tester =
        ModelTester.builder().runtimeClient(runtime).maxTokens(500).temperature(0.2).build()) {
      ModelAnswer answer =
          tester.ask(BASE, "You write Strudel code only.", "A techno beat at 130 bpm");

      assertThat(answer.text()).isEqualTo("setcpm(130/4)\ns(\"bd*4, hh*8\")");
      assertThat(answer.inputTokens()).isEqualTo(42);
      assertThat(answer.outputTokens()).isEqualTo(17);
      assertThat(answer.stopReason()).isEqualTo("end_turn");
      assertThat(answer.truncated()).isFalse();
      assertThat(answer.serviceLatencyMs()).isEqualTo(120);
      assertThat(answer.latency().toMillis()).isGreaterThanOrEqualTo(30);
      assertThat(tester.settings()).isEqualTo("max 500 tokens, temperature 0.2");
    }
  }

  @Test
  void ask_withoutASystemPromptSendsNoSystemBlockAndJoinsTextBlocks() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse(DEPLOYMENT)))
            .withRequestBody(matchingJsonPath("$.system", absent()))
            .willReturn(
                json(
                    200,
                    """
                    {"output": {"message": {"role": "assistant", "content": [
                       {"text": "note(\\"c e g\\")"}, {"text": ".s(\\"piano\\")"}]}},
                     "stopReason": "max_tokens",
                     "usage": {"inputTokens": 5, "outputTokens": 2000, "totalTokens": 2005},
                     "metrics": {"latencyMs": 900}}
                    """)));

    try (ModelTester tester = ModelTester.builder().runtimeClient(runtime).build()) {
      ModelAnswer answer = tester.ask(DEPLOYMENT, "piano chords");

      assertThat(answer.text()).isEqualTo("note(\"c e g\")\n.s(\"piano\")");
      assertThat(answer.truncated()).isTrue();
      assertThat(answer.modelId()).isEqualTo(DEPLOYMENT);
    }
  }

  @Test
  void ask_aCustomModelArnIsRefusedBeforeAnyCall() {
    try (ModelTester tester = ModelTester.builder().runtimeClient(runtime).build()) {
      assertThatThrownBy(() -> tester.ask(Fixtures.MODEL, "hi"))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("is a custom model ARN, which Bedrock cannot invoke")
          .hasMessageContaining("finetune model deploy " + Fixtures.MODEL);
    }
    bedrock.server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void ask_throttledOnceIsRetriedByTheSdk() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Too many tokens, please wait."))
            .willSetStateTo("ok"));
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .inScenario("throttle")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, converseAnswer("s(\"bd\")", 3, 4))));

    try (BedrockRuntimeClient retrying = bedrock.runtimeWithFastRetries();
        ModelTester tester = ModelTester.builder().runtimeClient(retrying).build()) {
      assertThat(tester.ask(BASE, "kick").text()).isEqualTo("s(\"bd\")");
    }
    bedrock.server.verify(2, postRequestedFor(urlEqualTo(converse(BASE))));
  }

  @Test
  void ask_throttledBeyondTheRetriesIsARetryableError() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .willReturn(error(429, "ThrottlingException", "Too many tokens, please wait.")));

    try (BedrockRuntimeClient retrying = bedrock.runtimeWithFastRetries();
        ModelTester tester = ModelTester.builder().runtimeClient(retrying).build()) {
      assertThatThrownBy(() -> tester.ask(BASE, "kick"))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage())
                    .contains("Bedrock is throttling requests while trying to run a prompt through")
                    .endsWith("[ThrottlingException]");
              });
    }
    bedrock.server.verify(3, postRequestedFor(urlEqualTo(converse(BASE))));
  }

  @Test
  void ask_aDeploymentNotReadyYetIsRetryableAndSaysWait() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse(DEPLOYMENT)))
            .willReturn(
                error(429, "ModelNotReadyException", "Model is not ready to serve inference.")));

    try (ModelTester tester = ModelTester.builder().runtimeClient(runtime).build()) {
      assertThatThrownBy(() -> tester.ask(DEPLOYMENT, "kick"))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage())
                    .contains("The model is not ready to answer yet")
                    .contains("try again shortly")
                    .endsWith("[ModelNotReadyException]");
              });
    }
  }

  @Test
  void ask_anUnknownModelIdIsAValidationErrorNamingTheModel() {
    bedrock.server.stubFor(
        post(urlEqualTo(converse("amazon.nova-lite-v9:0")))
            .willReturn(
                error(400, "ValidationException", "The provided model identifier is invalid.")));

    try (ModelTester tester = ModelTester.builder().runtimeClient(runtime).build()) {
      assertThatThrownBy(() -> tester.ask("amazon.nova-lite-v9:0", "kick"))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .contains("The provided model identifier is invalid")
                    .contains("Check the model id 'amazon.nova-lite-v9:0'");
              });
    }
  }

  @Test
  void builder_rejectsSettingsOutOfRange() {
    assertThatThrownBy(() -> ModelTester.builder().temperature(1.5))
        .hasMessage("temperature must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> ModelTester.builder().maxTokens(0))
        .hasMessage("maxTokens must be at least 1, was 0");
    assertThatThrownBy(() -> ModelTester.builder().topP(-0.1))
        .hasMessage("topP must be between 0 and 1, was -0.1");
  }
}
