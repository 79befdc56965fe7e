package app.polychat.finetune.polychat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.polychat.finetune.polychat.internal.UserAgent;
import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Strudel app's contract as today's Polychat serves it ({@code ../shared/POLYCHAT-API.md}, from
 * {@code apps/api/src/routes/apps/strudel.ts}, {@code packages/schemas/src/apps.ts}, {@code
 * apps/api/src/middleware/auth.ts} and {@code rateLimit.ts}, {@code apps/api/src/utils/errors.ts}
 * and Polychat's own client {@code packages/library-client/src/index.ts}): the unwrapped answer
 * with its {@code generationId}, the older wrapped one, {@code {"error","requestId"}} error bodies,
 * the 401s, and a 429's {@code retryAfter}.
 */
class PolychatContractTest {
  private static final String PATH = "/apps/strudel/generate";
  private static final String KEY = "ak_live_4f9e2c7a1b3d5e8f";
  private static WireMockServer server;

  @BeforeAll
  static void startServer() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private static GenerationRequest request(String style, String complexity, Integer tempo) {
    return new GenerationRequest(
        "req-1", 0, style, complexity, "system", "A rolling techno loop", tempo);
  }

  private static PolychatExampleSource.Builder source() {
    return PolychatExampleSource.builder()
        .apiUrl(server.baseUrl())
        .apiKey(KEY)
        .callPolicy(r -> r.requestsPerMinute(0).maxAttempts(1));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void todaysUnwrappedAnswer_givesTheCode_andKeepsTheGenerationIdInTheMetadata() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    "{\"code\":\"s(\\\"bd*4\\\")\",\"explanation\":\"Generated a Strudel"
                        + " pattern.\",\"generationId\":\"gen_01HZX3\"}")));
    try (PolychatExampleSource teacher = source().build()) {
      GeneratedExample example = teacher.generate(request("techno", "simple", null));
      assertThat(example.example().conversation().lastAssistantText()).hasValue("s(\"bd*4\")");
      assertThat(example.example().metadata().extra()).containsEntry("generationId", "gen_01HZX3");
    }
  }

  @Test
  void olderWrappedAnswer_isStillRead_withItsGenerationIdWhenItHasOne() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson("{\"data\":{\"code\":\"s(\\\"hh*8\\\")\",\"generationId\":\"g7\"}}")));
    try (PolychatExampleSource teacher = source().build()) {
      GeneratedExample example = teacher.generate(request("house", "medium", null));
      assertThat(example.example().conversation().lastAssistantText()).hasValue("s(\"hh*8\")");
      assertThat(example.example().metadata().extra()).containsEntry("generationId", "g7");
    }
  }

  @Test
  void anyOtherAnswerShape_isAnAnswerFormatFailure_namingWhatIsMissing() {
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(okJson("{\"pattern\":\"s(\\\"bd\\\")\",\"id\":\"x\"}")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(
              SourceException.class, () -> teacher.generate(request("jazz", null, null)));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .contains("no usable answer", "no \"code\" field at the top level")
          .contains("no \"data\" object", "fields: pattern, id");
    }
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"code\":42}")));
    try (PolychatExampleSource teacher = source().build()) {
      assertThat(
              catchThrowableOfType(
                  SourceException.class, () -> teacher.generate(request("jazz", null, null))))
          .hasMessageContaining("code is not a string");
    }
  }

  @Test
  void request_sendsPromptStyleTempoComplexityModelAndOptions_asTheSchemaNamesThem() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(okJson("{\"code\":\"s(\\\"bd\\\")\",\"generationId\":\"g\"}")));
    try (PolychatExampleSource teacher = source().build()) {
      teacher.generate(request("techno", "complex", 132));
    }
    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withHeader(
                "User-Agent",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(UserAgent.value()))
            .withRequestBody(
                equalToJson(
                    "{\"prompt\":\"A rolling techno loop\",\"style\":\"techno\",\"tempo\":132,"
                        + "\"complexity\":\"complex\",\"model\":\"claude-4-5-sonnet\","
                        + "\"options\":{\"cache_ttl_seconds\":0}}")));
  }

  @Test
  void checkRequests_refusesStylesTheAppDoesNotAccept_beforeAnythingIsSent() {
    List<GenerationRequest> plan =
        List.of(
            request("techno", "simple", null),
            new GenerationRequest("r2", 1, "trap", "simple", "s", "808s", null),
            new GenerationRequest("r3", 2, "techno", "hard", "s", "fast", null),
            new GenerationRequest("r4", 3, "house", "simple", "s", "deep", 220));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.checkRequests(plan));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .contains("nothing was sent")
          .contains("style 'trap'", "techno, ambient, house, jazz, drums, experimental")
          .contains("/chat/completions", "--mode chat-completions")
          .contains("complexity 'hard'", "simple, medium, complex")
          .contains("tempo 220", "60–200");
      // the same plan is fine for chat completions, which take any prompt config
      try (PolychatExampleSource chat = source().mode(PolychatMode.CHAT_COMPLETIONS).build()) {
        chat.checkRequests(plan);
      }
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void a400_showsTheServersMessageDetailsAndRequestId_onOneLine() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                error(
                    400,
                    "{\"error\":\"Invalid request body\",\"requestId\":\"req_8d1f\","
                        + "\"details\":[{\"path\":[\"style\"],\"message\":\"Invalid enum value\"}]}")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(
              SourceException.class, () -> teacher.generate(request("techno", null, null)));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .doesNotContain("\n")
          .contains("HTTP 400", "the API rejected the request")
          .contains("server said: Invalid request body")
          .contains("Invalid enum value", "requestId req_8d1f");
    }
  }

  @Test
  void unauthorized_stopsTheRun_withTheServersWordsRequestIdAndWhatToFix() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                error(
                    401,
                    "{\"error\":\"This endpoint requires authentication. Please provide a valid"
                        + " access token.\",\"requestId\":\"req_a1\"}")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(
              SourceException.class, () -> teacher.generate(request("techno", null, null)));
      assertThat(e).isInstanceOf(SourceUnavailableException.class);
      assertThat(e.getMessage())
          .contains("the API key is missing or wrong", "set API_KEY or pass --api-key")
          .contains("This endpoint requires authentication", "requestId req_a1")
          .doesNotContain(KEY);
    }
  }

  @Test
  void botRefusal_stopsTheRun_sayingTheUserAgentWasSentAndTheKeyIsTheProblem() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                error(401, "{\"error\":\"Bot access is not allowed.\",\"requestId\":\"req_b2\"}")));
    try (PolychatExampleSource teacher = source().apiKey(null).build()) {
      SourceException e =
          catchThrowableOfType(
              SourceException.class, () -> teacher.generate(request("techno", null, null)));
      assertThat(e).isInstanceOf(SourceUnavailableException.class);
      assertThat(e.getMessage())
          .doesNotContain("\n")
          .contains("refused this client as a bot", "A User-Agent (" + UserAgent.value())
          .contains("no key was sent", "set API_KEY or pass --api-key", "ak_")
          .contains("Bot access is not allowed.", "requestId req_b2");
    }
  }

  @Test
  void a429WithRetryAfterOnlyInTheBody_isHonoured() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                error(
                    429,
                    "{\"error\":\"Rate limit exceeded: 100 requests per minute\","
                        + "\"requestId\":\"r\",\"retryAfter\":60}")));
    try (PolychatExampleSource teacher =
        source().callPolicy(r -> r.maxAttempts(2).maxRetryAfter(Duration.ofSeconds(5))).build()) {
      SourceException e =
          catchThrowableOfType(
              SourceException.class, () -> teacher.generate(request("techno", null, null)));
      assertThat(e.retryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
      assertThat(e.getMessage()).contains("Retry-After 1m", "run again later");
    }
  }

  @Test
  void againstTheStandIn_noUserAgentOrNoKeyIs401_andTheToolkitAlwaysSendsAUserAgent()
      throws Exception {
    try (PolychatStandIn standIn =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 0, 0)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String body = "{\"prompt\":\"x\"}";
      // the JDK client sends "Java-http-client/17…", which isbot's "java" pattern flags: without
      // a valid key the stand-in answers as Polychat does
      var noKey =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(standIn.baseUrl() + PolychatStandIn.PATH))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(noKey.statusCode()).isEqualTo(401);
      assertThat(noKey.body()).contains("Bot access is not allowed.", "requestId");

      try (PolychatExampleSource teacher =
          PolychatExampleSource.builder().apiUrl(standIn.baseUrl()).apiKey(KEY).build()) {
        GeneratedExample example = teacher.generate(request("techno", "simple", 128));
        assertThat(example.example().metadata().extra()).containsKey("generationId");
        RateStatus status = teacher.rateStatus().orElseThrow();
        assertThat(status.limitPerMinute()).isEqualTo(120);
        assertThat(status.requestsPerMinute())
            .isCloseTo(116.4, org.assertj.core.data.Offset.offset(0.01));
      }
      try (PolychatExampleSource teacher =
          PolychatExampleSource.builder().apiUrl(standIn.baseUrl()).build()) {
        assertThat(
                catchThrowableOfType(
                    SourceUnavailableException.class,
                    () -> teacher.generate(request("techno", "simple", null))))
            .hasMessageContaining("Bot access is not allowed.");
      }
      assertThat(standIn.requests())
          .allSatisfy(r -> assertThat(r.getHeader("User-Agent")).isNotBlank());
      assertThat(standIn.count(200)).isEqualTo(1);
      assertThat(standIn.count(401)).isEqualTo(2);
    }
  }
}
