package app.polychat.finetune.polychat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.polychat.internal.UserAgent;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.teacher.CallPolicy;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolychatExampleSourceTest {
  private static final String PATH = "/apps/strudel/generate";
  private static final String KEY = "sk-live-7f3a9c2e5b8d1f4a6c0e";
  private static final String SYSTEM = "You are an expert Strudel live coder.";
  private static final String PROMPT = "Create a driving techno loop at 130 bpm";
  private static final String CODE = "stack(s(\"bd*4\"), s(\"~ hh\").fast(2)).cpm(130/4)";
  private static final String ANSWER =
      "{\"data\":{\"code\":\"stack(s(\\\"bd*4\\\"), s(\\\"~ hh\\\").fast(2)).cpm(130/4)\","
          + "\"explanation\":\"Four on the floor with offbeat hats.\"}}";

  private static WireMockServer server;

  @BeforeAll
  static void startServer() {
    server = new WireMockServer(options().dynamicPort().containerThreads(32));
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

  private static GenerationRequest request(String id) {
    return new GenerationRequest(id, 0, "techno", "simple", SYSTEM, PROMPT);
  }

  /** Fast backoff and no rate limits, so the tests take milliseconds where they do not wait. */
  private static CallPolicy.Builder fast() {
    return PolychatExampleSource.DEFAULT_CALL_POLICY.toBuilder()
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(40))
        .requestsPerMinute(0)
        .tokensPerMinute(0);
  }

  private static PolychatExampleSource.Builder source() {
    return PolychatExampleSource.builder()
        .apiUrl(server.baseUrl())
        .apiKey(KEY)
        .model("claude-4-5-sonnet")
        .requestTimeout(Duration.ofSeconds(5))
        .callPolicy(fast().build());
  }

  /** Answers the requests to {@code path} with these responses in turn; the last one repeats. */
  private static void stubSequence(String path, ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      ScenarioMappingBuilder mapping =
          post(urlEqualTo(path))
              .inScenario("sequence")
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step " + i)
              .willReturn(responses[i]);
      if (i < responses.length - 1) {
        mapping = mapping.willSetStateTo("step " + (i + 1));
      }
      server.stubFor(mapping);
    }
  }

  private static ResponseDefinitionBuilder status(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"status " + status + "\"}}");
  }

  private static int requestsSeen() {
    return server.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
  }

  /** Records the events a front end would show. */
  private static final class RecordingListener implements SourceListener {
    final List<String> retries = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> retryWaits = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> rateLimitWaits = Collections.synchronizedList(new ArrayList<>());
    final List<String> limits = Collections.synchronizedList(new ArrayList<>());
    final List<String> circuitOpenings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onRetry(
        GenerationRequest request, int failedAttempt, Duration wait, String reason) {
      retries.add(request.id() + "#" + failedAttempt + ": " + reason);
      retryWaits.add(wait);
    }

    @Override
    public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
      rateLimitWaits.add(wait);
      limits.add(limit);
    }

    @Override
    public void onCircuitOpen(int consecutiveFailures, String lastFailure) {
      circuitOpenings.add(consecutiveFailures + ": " + lastFailure);
    }
  }

  @Test
  void defaultCallPolicy_reachesPolychatsOwnLimit_withoutATokenBudget() {
    CallPolicy s = PolychatExampleSource.DEFAULT_CALL_POLICY;
    assertThat(s.maxAttempts()).isEqualTo(5);
    // POLYCHAT-API.md: 120 requests a minute per key in the deployment config, no token budget
    assertThat(s.requestsPerMinute()).isEqualTo(120);
    assertThat(s.tokensPerMinute()).isZero();
    assertThat(s.assumedOutputTokens()).isEqualTo(500);
    assertThat(s.maxConcurrentCalls()).isEqualTo(32);
    assertThat(s.circuitBreakerThreshold()).isEqualTo(5);
    assertThat(s.circuitBreakerCounts()).isEqualTo(CallPolicy.BreakerCounts.ATTEMPTS);
    assertThat(s.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.jitter()).isEqualTo(0.5);
    try (PolychatExampleSource teacher =
        PolychatExampleSource.builder().apiUrl(server.baseUrl()).build()) {
      assertThat(teacher.callPolicy()).isEqualTo(s);
    }
  }

  @Test
  void generate_postsExactBodyAndHeaders_andReturnsCodeAsAssistantTurn() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));

    GeneratedExample example;
    try (PolychatExampleSource teacher = source().build()) {
      example = teacher.generate(request("req-1"));
    }

    server.verify(
        exactly(1),
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("User-Agent", equalTo("finetune/" + UserAgent.version() + " (+java)"))
            .withHeader("User-Agent", matching("finetune/\\S+ \\(\\+java\\)"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"prompt\":\""
                        + PROMPT
                        + "\",\"style\":\"techno\",\"complexity\":\"simple\","
                        + "\"model\":\"claude-4-5-sonnet\",\"options\":{\"cache_ttl_seconds\":0}}")));
    assertThat(example.attempts()).isEqualTo(1);
    assertThat(example.example().conversation().systemText()).isEqualTo(SYSTEM);
    assertThat(example.example().conversation().firstUserText()).contains(PROMPT);
    assertThat(example.example().conversation().lastAssistantText()).contains(CODE);
    ExampleMetadata metadata = example.example().metadata();
    assertThat(metadata.requestId()).isEqualTo("req-1");
    assertThat(metadata.style()).isEqualTo("techno");
    assertThat(metadata.complexity()).isEqualTo("simple");
    assertThat(metadata.teacherModel()).isEqualTo("claude-4-5-sonnet");
    assertThat(metadata.inputTokens()).isEqualTo((SYSTEM.length() + PROMPT.length() + 3) / 4);
    assertThat(metadata.outputTokens()).isEqualTo((CODE.length() + 3) / 4);
    assertThat(metadata.latency()).isPositive();
    assertThat(metadata.createdAt()).isNotNull();
    assertThat(metadata.extra())
        .containsEntry("tokens", "estimated")
        .containsEntry("mode", "app-generate")
        .containsKey("elapsedMs");
  }

  @Test
  void teacherModel_isTheModelAsked_forTheRunHistory() {
    try (PolychatExampleSource teacher = source().build()) {
      assertThat(teacher.describe()).isEqualTo("polychat:claude-4-5-sonnet");
      assertThat(teacher.teacherModel()).contains("claude-4-5-sonnet");
    }
  }

  @Test
  void generate_withoutApiKey_sendsNoAuthorizationHeader() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
    try (PolychatExampleSource teacher = source().apiKey(null).build()) {
      teacher.generate(request("req-1"));
    }
    server.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent()));
  }

  @Test
  void generate_appendsEndpointToApiUrlWithPathAndTrailingSlash() {
    server.stubFor(post(urlEqualTo("/api/v1/apps/beats/generate")).willReturn(okJson(ANSWER)));
    try (PolychatExampleSource teacher =
        source().apiUrl(server.baseUrl() + "/api/v1/").app("beats").build()) {
      assertThat(teacher.generate(request("req-1")).example().conversation().lastAssistantText())
          .contains(CODE);
      assertThat(teacher.describe()).isEqualTo("polychat:beats:claude-4-5-sonnet");
    }
  }

  @Test
  void generate_usesReportedUsageWhenTheAppSendsIt() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    "{\"data\":{\"code\":\"s(\\\"bd\\\")\",\"explanation\":\"\"},"
                        + "\"usage\":{\"input_tokens\":120,\"output_tokens\":9}}")));
    try (PolychatExampleSource teacher = source().build()) {
      ExampleMetadata metadata = teacher.generate(request("req-1")).example().metadata();
      assertThat(metadata.inputTokens()).isEqualTo(120);
      assertThat(metadata.outputTokens()).isEqualTo(9);
      assertThat(metadata.extra()).containsEntry("tokens", "reported");
    }
  }

  @Test
  void generate_honoursRetryAfterSeconds() {
    stubSequence(PATH, status(429).withHeader("Retry-After", "1"), okJson(ANSWER));
    RecordingListener events = new RecordingListener();

    long started = System.nanoTime();
    GeneratedExample example;
    try (PolychatExampleSource teacher = source().addListener(events).build()) {
      example = teacher.generate(request("req-1"));
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(example.attempts()).isEqualTo(2);
    // the backoff is 10-40 ms here: only the header explains a wait of a second
    assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
    assertThat(events.retryWaits).containsExactly(Duration.ofSeconds(1));
    assertThat(events.retries.get(0))
        .startsWith("req-1#1: HTTP 429")
        .contains("rate limiting", "Retry-After 1s");
    assertThat(requestsSeen()).isEqualTo(2);
  }

  @Test
  void generate_honoursRetryAfterHttpDate() {
    ZonedDateTime retryAt =
        ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    stubSequence(
        PATH,
        status(503).withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt)),
        okJson(ANSWER));
    RecordingListener events = new RecordingListener();

    GeneratedExample example;
    try (PolychatExampleSource teacher = source().addListener(events).build()) {
      example = teacher.generate(request("req-1"));
    }
    long finishedEpochMs = System.currentTimeMillis();

    assertThat(example.attempts()).isEqualTo(2);
    // the second call waited for the date (1-2 s away), not for the 10 ms backoff
    assertThat(finishedEpochMs).isGreaterThanOrEqualTo(retryAt.toInstant().toEpochMilli() - 50);
    assertThat(events.retryWaits).singleElement().satisfies(w -> assertThat(w).isPositive());
    assertThat(events.retryWaits.get(0).toMillis()).isBetween(900L, 2000L);
  }

  @Test
  void generate_retryAfterBeyondTheLimit_failsRetryableAtOnceWithTheServersWait() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(429).withHeader("Retry-After", "600")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isEqualTo(429);
      assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
      assertThat(e.getMessage()).contains("Retry-After 10m", "longer than the 5m");
    }
    assertThat(requestsSeen()).isEqualTo(1);
  }

  @Test
  void generate_retries5xxThenSucceeds() {
    stubSequence(PATH, status(500), status(502), status(503), okJson(ANSWER));
    RecordingListener events = new RecordingListener();
    try (PolychatExampleSource teacher = source().addListener(events).build()) {
      GeneratedExample example = teacher.generate(request("req-1"));
      assertThat(example.attempts()).isEqualTo(4);
      assertThat(example.example().metadata().extra()).containsEntry("tokens", "estimated");
    }
    assertThat(requestsSeen()).isEqualTo(4);
    assertThat(events.retries)
        .hasSize(3)
        .satisfiesExactly(
            r -> assertThat(r).startsWith("req-1#1: HTTP 500").contains("(attempt 1 of 5)"),
            r -> assertThat(r).startsWith("req-1#2: HTTP 502"),
            r -> assertThat(r).startsWith("req-1#3: HTTP 503").contains("status 503"));
    assertThat(events.retryWaits).allMatch(w -> w.toMillis() <= 60);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void generate_retriesTransientStatuses(int transientStatus) {
    stubSequence(PATH, status(transientStatus), okJson(ANSWER));
    try (PolychatExampleSource teacher = source().build()) {
      assertThat(teacher.generate(request("req-1")).attempts()).isEqualTo(2);
    }
  }

  @Test
  void generate_retriesAfterConnectionReset() {
    stubSequence(PATH, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(ANSWER));
    RecordingListener events = new RecordingListener();
    try (PolychatExampleSource teacher = source().addListener(events).build()) {
      assertThat(teacher.generate(request("req-1")).attempts()).isEqualTo(2);
    }
    assertThat(events.retries).singleElement().asString().contains("connection failed");
  }

  @Test
  void generate_retriesAfterRequestTimeout() {
    stubSequence(PATH, okJson(ANSWER).withFixedDelay(1500), okJson(ANSWER));
    RecordingListener events = new RecordingListener();
    long started = System.nanoTime();
    try (PolychatExampleSource teacher =
        source().requestTimeout(Duration.ofMillis(300)).addListener(events).build()) {
      assertThat(teacher.generate(request("req-1")).attempts()).isEqualTo(2);
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1400);
    assertThat(events.retries)
        .singleElement()
        .asString()
        .contains("no answer from POST " + server.baseUrl() + PATH + " within 300ms");
  }

  @Test
  void generate_givesUpAfterMaxAttempts_withRetryableFailureAndLastStatus() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(503)));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.getMessage()).contains("HTTP 503", "attempt 5 of 5");
    }
    assertThat(requestsSeen()).isEqualTo(5);
  }

  @Test
  void generate_malformedJson_isARecordedFailureWithReasonAndStatus() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html>Bad gateway page</html>")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(200);
      assertThat(e.getMessage())
          .contains("HTTP 200", "no usable answer", "not JSON", "<html>Bad gateway page</html>");
    }
    assertThat(requestsSeen()).isEqualTo(1);
  }

  @Test
  void generate_emptyCode_isAFailureNeverAnEmptyExample() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(okJson("{\"data\":{\"code\":\"   \",\"explanation\":\"nothing\"}}")));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(200);
      assertThat(e.getMessage()).contains("data.code is empty");
    }
    assertThat(requestsSeen()).isEqualTo(1);
  }

  @Test
  void generate_missingCodeField_isAFailureNamingTheField() {
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(okJson("{\"data\":{\"explanation\":\"no code\"}}")));
    try (PolychatExampleSource teacher = source().build()) {
      assertThatThrownBy(() -> teacher.generate(request("req-1")))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("no data.code field");
    }
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"result\":\"ok\"}")));
    try (PolychatExampleSource teacher = source().build()) {
      assertThatThrownBy(() -> teacher.generate(request("req-2")))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("no \"data\" object")
          .hasMessageContaining("{\"result\":\"ok\"}");
    }
  }

  @Test
  void generate_unauthorized_failsFastSayingTheKeyIsMissingOrWrong() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"error\":{\"message\":\"invalid api key " + KEY + "\"}}")));
    RecordingListener events = new RecordingListener();
    try (PolychatExampleSource teacher = source().addListener(events).build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.getMessage())
          .contains("HTTP 401", "the API key is missing or wrong", "API_KEY", "--api-key")
          .contains("the key sent was refused")
          .doesNotContain(KEY);
    }
    assertThat(requestsSeen()).isEqualTo(1);
    assertThat(events.retries).isEmpty();
  }

  @Test
  void generate_forbiddenWithoutKey_saysNoKeyWasSent() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(403)));
    try (PolychatExampleSource teacher = source().apiKey("").build()) {
      assertThatThrownBy(() -> teacher.generate(request("req-1")))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("no key was sent")
          .hasMessageContaining("set API_KEY or pass --api-key");
    }
    assertThat(requestsSeen()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 422, 501})
  void generate_otherErrorStatuses_areNotRetried(int errorStatus) {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(errorStatus)));
    try (PolychatExampleSource teacher = source().build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(errorStatus);
      assertThat(e.getMessage()).contains("HTTP " + errorStatus, "status " + errorStatus);
      if (errorStatus == 404) {
        assertThat(e.getMessage()).contains("--api-url", "'strudel'");
      }
    }
    assertThat(requestsSeen()).isEqualTo(1);
  }

  @Test
  void circuitBreaker_opensAfterFiveConsecutiveFailures_andStopsWithAClearMessage() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(502)));
    RecordingListener events = new RecordingListener();
    try (PolychatExampleSource teacher =
        source().callPolicy(r -> r.maxAttempts(1)).addListener(events).build()) {
      for (int i = 1; i <= 5; i++) {
        String id = "req-" + i;
        assertThatThrownBy(() -> teacher.generate(request(id)))
            .isInstanceOf(SourceException.class)
            .hasMessageContaining("HTTP 502");
      }
      SourceException stop =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-6")));
      assertThat(stop.getMessage())
          .startsWith("stopping: 5 consecutive failures, last: HTTP 502 from POST ")
          .contains("check the API at " + server.baseUrl())
          .contains("run the same command again to resume");
      assertThat(stop.retryable()).isFalse();
    }
    assertThat(requestsSeen()).isEqualTo(5);
    assertThat(events.circuitOpenings).singleElement().asString().startsWith("5: HTTP 502");
  }

  @Test
  void circuitBreaker_countsEachFailedAttempt_soOneExhaustedRequestOpensIt() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(500)));
    try (PolychatExampleSource teacher = source().build()) {
      assertThatThrownBy(() -> teacher.generate(request("req-1")))
          .hasMessageContaining("attempt 5 of 5");
      assertThatThrownBy(() -> teacher.generate(request("req-2")))
          .hasMessageStartingWith("stopping: 5 consecutive failures");
    }
    assertThat(requestsSeen()).isEqualTo(5);
  }

  @Test
  void circuitBreaker_successBreaksTheStreak() {
    stubSequence(
        PATH,
        status(500),
        status(500),
        status(500),
        status(500),
        okJson(ANSWER),
        status(500),
        status(500),
        status(500),
        status(500),
        okJson(ANSWER));
    try (PolychatExampleSource teacher = source().callPolicy(r -> r.maxAttempts(1)).build()) {
      for (int i = 0; i < 10; i++) {
        try {
          teacher.generate(request("req-" + i));
        } catch (SourceException e) {
          assertThat(e.getMessage()).startsWith("HTTP 500");
        }
      }
    }
    assertThat(requestsSeen()).isEqualTo(10);
  }

  @Test
  void circuitBreaker_ignoresThrottling() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(status(429)));
    try (PolychatExampleSource teacher = source().callPolicy(r -> r.maxAttempts(1)).build()) {
      for (int i = 0; i < 7; i++) {
        assertThatThrownBy(() -> teacher.generate(request("req")))
            .hasMessageStartingWith("HTTP 429");
      }
    }
    assertThat(requestsSeen()).isEqualTo(7);
  }

  @Test
  void chatCompletions_postsSystemAndUserMessages_andReadsContentAndUsage() {
    String path = "/chat/completions";
    server.stubFor(
        post(urlEqualTo(path))
            .willReturn(
                okJson(
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"note(\\\"c e g\\\")\"},"
                        + "\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":7,\"total_tokens\":49}}")));
    GeneratedExample example;
    try (PolychatExampleSource teacher =
        source().mode(PolychatMode.CHAT_COMPLETIONS).model("gpt-4.1").build()) {
      assertThat(teacher.describe()).isEqualTo("polychat-chat:gpt-4.1");
      example = teacher.generate(request("req-1"));
    }
    server.verify(
        exactly(1),
        postRequestedFor(urlEqualTo(path))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"gpt-4.1\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\""
                        + SYSTEM
                        + "\"},{\"role\":\"user\",\"content\":\""
                        + PROMPT
                        + "\"}]}")));
    assertThat(example.example().conversation().lastAssistantText()).contains("note(\"c e g\")");
    ExampleMetadata metadata = example.example().metadata();
    assertThat(metadata.teacherModel()).isEqualTo("gpt-4.1");
    assertThat(metadata.inputTokens()).isEqualTo(42);
    assertThat(metadata.outputTokens()).isEqualTo(7);
    assertThat(metadata.extra())
        .containsEntry("tokens", "reported")
        .containsEntry("finishReason", "stop")
        .containsEntry("mode", "chat-completions");
  }

  @Test
  void chatCompletions_withoutSystemPrompt_sendsOnlyTheUserMessage_andReadsTextParts() {
    String path = "/chat/completions";
    server.stubFor(
        post(urlEqualTo(path))
            .willReturn(
                okJson(
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"s(\\\"bd\\\")\"},"
                        + "{\"type\":\"text\",\"text\":\".fast(2)\"}]}}]}")));
    try (PolychatExampleSource teacher = source().mode(PolychatMode.CHAT_COMPLETIONS).build()) {
      GeneratedExample example =
          teacher.generate(new GenerationRequest("r", 0, null, null, "", "Make a beat"));
      assertThat(example.example().conversation().lastAssistantText())
          .contains("s(\"bd\").fast(2)");
      assertThat(example.example().metadata().extra()).containsEntry("tokens", "estimated");
    }
    server.verify(
        postRequestedFor(urlEqualTo(path))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"claude-4-5-sonnet\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Make a beat\"}]}")));
  }

  @Test
  void chatCompletions_emptyContent_isAFailureWithStatus() {
    server.stubFor(
        post(urlEqualTo("/chat/completions"))
            .willReturn(
                okJson("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\"}}]}")));
    try (PolychatExampleSource teacher = source().mode(PolychatMode.CHAT_COMPLETIONS).build()) {
      SourceException e =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(200);
      assertThat(e.getMessage()).contains("choices[0].message.content is empty");
    }
  }

  @Test
  void apiKey_neverAppearsInToStringExceptionsOrLogs() {
    // the server echoes the key back in its error bodies, as some gateways do
    stubSequence(
        PATH,
        aResponse().withStatus(500).withBody("upstream refused Authorization: Bearer " + KEY),
        aResponse().withStatus(401).withBody("{\"message\":\"bad key " + KEY + "\"}"));
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    SourceException failure;
    String shown;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (PolychatExampleSource teacher = source().build()) {
      shown = teacher + " " + PolychatExampleSource.builder().apiKey(KEY);
      failure =
          catchThrowableOfType(SourceException.class, () -> teacher.generate(request("req-1")));
    } finally {
      System.setErr(originalErr);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);

    assertThat(shown).doesNotContain(KEY).contains("apiKey=****");
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.getMessage()).doesNotContain(KEY);
    assertThat(failure.toString()).doesNotContain(KEY);
    // the logs were captured (a retry warning and the debug lines), and hold no key
    assertThat(logs).contains("retrying in", "HTTP 500", "HTTP 401").doesNotContain(KEY);
  }

  @Test
  void requestRateLimiter_holdsTheConfiguredRate() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
    RecordingListener events = new RecordingListener();
    ExecutorService pool = Executors.newFixedThreadPool(11);
    try (PolychatExampleSource teacher =
        source().callPolicy(r -> r.requestsPerMinute(600)).addListener(events).build()) {
      // all eleven at once: only the limiter can spread them, however slow this machine is
      List<Future<GeneratedExample>> calls = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        GenerationRequest request = request("req-" + i);
        calls.add(pool.submit(() -> teacher.generate(request)));
      }
      for (Future<GeneratedExample> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // 600/minute = one every 100 ms: the server sees the first and the eleventh about a second
    // apart (a little more when the pace sits just under the limit), never sooner
    List<Long> receivedAt =
        server.getAllServeEvents().stream()
            .map(event -> event.getRequest().getLoggedDate().getTime())
            .sorted()
            .toList();
    assertThat(receivedAt).hasSize(11);
    assertThat(receivedAt.get(10) - receivedAt.get(0)).isGreaterThanOrEqualTo(880L);
    assertThat(events.rateLimitWaits).isNotEmpty();
    assertThat(events.limits).containsOnly("600 requests/minute");
  }

  @Test
  void tokenBudget_holdsTheConfiguredTokenRate() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
    RecordingListener events = new RecordingListener();
    // 4,000 characters = 1,000 estimated tokens per request, no assumed answer; a budget of
    // 120,000 tokens/minute refills 2,000 tokens every second. Two requests go at once; the
    // answers' tokens are charged on top of the estimate, so the rest wait for later refills
    GenerationRequest big =
        new GenerationRequest("big", 0, "techno", "simple", "", "x".repeat(4000));
    long started;
    try (PolychatExampleSource teacher =
        source()
            .callPolicy(r -> r.tokensPerMinute(120_000).assumedOutputTokens(0))
            .addListener(events)
            .build()) {
      started = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        teacher.generate(big);
      }
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMs).isBetween(850L, 3500L);
    assertThat(events.limits).contains("120,000 tokens/minute");
  }

  @Test
  void bulkhead_capsCallsInFlight() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER).withFixedDelay(300)));
    ExecutorService callers = Executors.newFixedThreadPool(6);
    long started;
    try (PolychatExampleSource teacher =
        source().callPolicy(r -> r.maxConcurrentCalls(2)).build()) {
      started = System.nanoTime();
      List<Future<GeneratedExample>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String id = "req-" + i;
        results.add(callers.submit(() -> teacher.generate(request(id))));
      }
      for (Future<GeneratedExample> result : results) {
        assertThat(result.get().attempts()).isEqualTo(1);
      }
    } finally {
      callers.shutdownNow();
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    // six 300 ms calls, two at a time: three waves
    assertThat(elapsedMs).isBetween(880L, 2500L);
    assertThat(requestsSeen()).isEqualTo(6);
  }

  @Test
  void generate_isThreadSafeUnderConcurrentCalls() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER).withFixedDelay(20)));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (PolychatExampleSource teacher = source().build()) {
      List<Future<GeneratedExample>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String id = "req-" + i;
        results.add(callers.submit(() -> teacher.generate(request(id))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<GeneratedExample> result : results) {
        ids.add(result.get().example().metadata().requestId());
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(64);
    } finally {
      callers.shutdownNow();
    }
    assertThat(requestsSeen()).isEqualTo(64);
  }

  @Test
  void build_withoutApiUrl_namesWhatIsMissing() {
    assertThatThrownBy(() -> PolychatExampleSource.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apiUrl is required: call apiUrl(...) (the CLI reads --api-url or API_URL)");
  }

  @Test
  void builder_rejectsBadValuesWithTheReason() {
    PolychatExampleSource.Builder b = PolychatExampleSource.builder();
    assertThatThrownBy(() -> b.apiUrl("ftp://example.com"))
        .hasMessageContaining("absolute http(s) URL");
    assertThatThrownBy(() -> b.apiUrl("https://example.com/api?api_key=" + KEY))
        .hasMessageContaining("must not have user info, a query or a fragment")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    assertThatThrownBy(() -> b.apiUrl("http://exa mple.com"))
        .hasMessageContaining("not a valid URL");
    assertThatThrownBy(() -> b.app("../admin")).hasMessageContaining("goes into the URL path");
    assertThatThrownBy(() -> b.model(" ")).hasMessageContaining("model must not be blank");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessageContaining("positive");
  }

  @Test
  void describe_namesTheTeacherModel_neverASecret() {
    try (PolychatExampleSource teacher = source().build()) {
      assertThat(teacher.describe()).isEqualTo("polychat:claude-4-5-sonnet");
      assertThat(teacher.mode()).isEqualTo(PolychatMode.APP_GENERATE);
    }
  }

  @Test
  void close_leavesAnInjectedClientOpen_andRefusesFurtherCalls() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PolychatExampleSource teacher = source().httpClient(client).build();
    teacher.generate(request("req-1"));
    teacher.close();

    assertThatThrownBy(() -> teacher.generate(request("req-2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    HttpResponse<String> stillWorks =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + PATH))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stillWorks.statusCode()).isEqualTo(200);
  }
}
