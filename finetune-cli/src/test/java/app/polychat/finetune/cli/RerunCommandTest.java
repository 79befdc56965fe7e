package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Run the same command again" completes the dataset, and the exit code tells the truth on the way.
 *
 * <p>The stand-in answers {@code POST /apps/strudel/generate} as {@code ../shared/POLYCHAT-API.md}
 * (read from Polychat's source) describes it: 401 with {@code {"error": "This endpoint requires
 * authentication. Please provide a valid access token.", "requestId"}} for a key it does not accept
 * (here: once the key is revoked); 400 {@code {"error", "requestId", "details"}} for a request it
 * refuses; 200 with the code and explanation otherwise, in the {@code {"data": {...}}} shape older
 * deployments answer and Polychat's own client still accepts; 502 {@code {"error", "requestId"}}
 * when its model provider fails (an outage).
 */
class RerunCommandTest {
  private static final String KEY = "ak_test_key_0123456789";
  private static final int COUNT = 12;

  @TempDir Path dir;
  PolychatStandIn polychat;
  WireMockServer api;
  CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    polychat = new PolychatStandIn();
    api = new WireMockServer(wireMockConfig().dynamicPort().extensions(polychat));
    api.start();
    api.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(aResponse().withTransformers(PolychatStandIn.NAME)));
    Files.createDirectories(dir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"), dir.resolve("configs/strudel-prompts.json"));
    Files.writeString(dir.resolve(".env"), "API_URL=" + api.baseUrl() + "\nAPI_KEY=" + KEY + "\n");
    cli = new CliRunner(dir);
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  static final String[] GENERATE = {
    "dataset", "generate", "--count", "12", "--rate-limit", "0", "--token-limit", "0"
  };

  int datasetsRecorded() {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(dir.resolve("datasets/.finetune.db"))) {
      return tracker.datasets(100).size();
    }
  }

  @Test
  void runStoppedByA401_thenTheSameCommand_givesTheCompleteDatasetAndExit0() {
    polychat.refuseKey = call -> call > 5; // the key is revoked after five answers

    var stopped = cli.run(GENERATE);

    assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(1);
    assertThat(stopped.err())
        .contains("error: generation stopped:")
        .contains("401")
        .contains("missing")
        .contains(
            "Once the cause is fixed, this completes it: finetune " + String.join(" ", GENERATE))
        .doesNotContain(KEY);
    assertThat(dir.resolve("datasets/strudel/train.jsonl")).doesNotExist();
    assertThat(datasetsRecorded()).isZero();

    polychat.refuseKey = call -> false; // a valid key again
    var completed = cli.run(GENERATE);

    assertThat(completed.exitCode()).as(completed.err()).isZero();
    assertThat(completed.out()).contains("Generated 12 examples (12 planned");
    assertThat(datasetsRecorded()).isEqualTo(1);
    assertThat(polychat.answered)
        .as("every planned request was answered once, over the two runs")
        .hasSize(COUNT)
        .allSatisfy((prompt, n) -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void failuresOfARun_makeItShortWithExit3_andTheCommandItPrintsCompletesIt() {
    polychat.refuseRequest = call -> call == 3 || call == 7;

    var shortRun = cli.run(GENERATE);

    assertThat(shortRun.exitCode()).as(shortRun.err()).isEqualTo(3);
    assertThat(shortRun.err())
        .contains("the dataset is short: 10 of 12 planned examples accepted, 2 missing (2 failed)")
        .contains("Invalid request parameters")
        .contains("To ask again for the 2 missing requests, run: finetune dataset generate")
        .contains("--allow-partial");
    assertThat(dir.resolve("datasets/strudel/train.jsonl")).doesNotExist();
    assertThat(datasetsRecorded()).isZero();

    var completed = cli.run(GENERATE);

    assertThat(completed.exitCode()).as(completed.err()).isZero();
    assertThat(completed.out()).contains("Generated 12 examples (12 planned, 10 resumed");
    assertThat(polychat.calls.get()).as("only the two failures were asked again").isEqualTo(14);
  }

  @Test
  void allowPartial_acceptsAShortDatasetWithExit0AndSaysItIsPartial() {
    polychat.refuseRequest = call -> call == 2;

    var partial = cli.run(append(GENERATE, "--allow-partial"));

    assertThat(partial.exitCode()).as(partial.err()).isZero();
    assertThat(partial.out())
        .contains("Partial dataset (accepted with --allow-partial): 11 of 12 planned examples")
        .contains("1 missing");
    assertThat(datasetsRecorded()).isEqualTo(1);
  }

  @Test
  void noRetryFailed_keepsEarlierFailuresFailed() {
    polychat.refuseRequest = call -> call == 1;
    assertThat(cli.run(GENERATE).exitCode()).isEqualTo(3);

    var again = cli.run(append(GENERATE, "--no-retry-failed"));

    assertThat(again.exitCode()).isEqualTo(3);
    assertThat(polychat.calls.get()).isEqualTo(COUNT);
    assertThat(again.err())
        .contains("To ask again for the failures, run: finetune dataset generate")
        .doesNotContain(
            "run: finetune dataset generate --count 12 --rate-limit 0 --token-limit 0"
                + " --no-retry-failed");
  }

  @Test
  void allFailingRun_exitsNonZeroAndRecordsNoDataset() {
    polychat.refuseRequest = call -> true;

    var failed = cli.run(append(GENERATE, "--allow-partial"));

    assertThat(failed.exitCode()).as(failed.err()).isNotZero();
    assertThat(failed.err()).contains("0 of 12 planned examples accepted");
    assertThat(dir.resolve("datasets/strudel/train.jsonl")).doesNotExist();
    assertThat(datasetsRecorded()).isZero();
  }

  @Test
  void outputFolderThatIsAFile_isRefusedBeforeAnyRequest() throws IOException {
    Files.createDirectories(dir.resolve("datasets"));
    Files.writeString(dir.resolve("datasets/strudel"), "a file");

    var refused = cli.run(GENERATE);

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("is a file, not a folder").contains("--output");
    assertThat(polychat.calls.get()).isZero();
  }

  @Test
  void promptConfigWithAJsonError_namesLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("bad.json"), "{\n  \"baseSystemPrompt\": \"x\",\n  oops\n}");

    var refused = cli.run(append(GENERATE, "--prompts", "bad.json"));

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("is not valid JSON at line 3, column 3");
    assertThat(polychat.calls.get()).isZero();
  }

  @Test
  void help_documentsTheExitCodes() {
    var help = cli.run("dataset", "generate", "--help");
    assertThat(help.out())
        .contains("Exit codes:")
        .contains("3   dataset short")
        .contains("--no-retry-failed")
        .contains("--max-attempts")
        .contains("--allow-partial")
        .doesNotContain("--retry-failed ");
    assertThat(cli.run("--help").out()).contains("3   dataset short");
  }

  /**
   * An outage (the API answers 502 for every call, as it does when its model provider fails) opens
   * the circuit and stops the run; once the API is back, the same call in the SDK completes the
   * dataset without asking any request twice.
   */
  @Test
  void runStoppedByAnOutage_thenTheSameCall_completesTheDataset() {
    polychat.outage = call -> call > 4;
    Path database = dir.resolve("history.db");
    Runnable generate =
        () -> {
          try (var teacher =
                  app.polychat.finetune.polychat.PolychatExampleSource.builder()
                      .apiUrl(api.baseUrl())
                      .apiKey(KEY)
                      .callPolicy(
                          r ->
                              r.maxAttempts(2)
                                  .initialBackoff(java.time.Duration.ofMillis(5))
                                  .requestsPerMinute(0)
                                  .tokensPerMinute(0)
                                  .maxConcurrentCalls(2)
                                  .circuitBreakerThreshold(3))
                      .build();
              var tracker = SqliteRunTracker.open(database);
              var pipeline =
                  app.polychat.finetune.FineTunePipeline.builder()
                      .prompts(
                          app.polychat.finetune.prompt.PromptCatalog.load(
                              dir.resolve("configs/strudel-prompts.json")))
                      .source(teacher)
                      .tracker(tracker)
                      .concurrency(2)
                      .outputDir(dir.resolve("sdk"))
                      .build()) {
            pipeline.generate(g -> g.count(COUNT));
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(generate::run)
        .isInstanceOfSatisfying(
            app.polychat.finetune.generate.GenerationIncompleteException.class,
            e -> {
              assertThat(e.stopped()).isTrue();
              assertThat(e.shortfall().missing()).isPositive();
            });
    assertThat(dir.resolve("sdk/train.jsonl")).doesNotExist();

    polychat.outage = call -> false;
    generate.run();

    assertThat(dir.resolve("sdk/train.jsonl")).exists();
    assertThat(polychat.answered)
        .hasSize(COUNT)
        .allSatisfy((prompt, n) -> assertThat(n.get()).isEqualTo(1));
  }

  static String[] append(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /** The Polychat API's answers, from POLYCHAT-API.md; what to refuse is set by each test. */
  static final class PolychatStandIn implements ResponseDefinitionTransformerV2 {
    static final String NAME = "polychat-stand-in";
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    volatile IntPredicate refuseKey = call -> false;
    volatile IntPredicate refuseRequest = call -> false;
    volatile IntPredicate outage = call -> false;

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      int call = calls.incrementAndGet();
      String requestId = "req_" + call;
      var request = event.getRequest();
      String auth = request.getHeader("Authorization");
      if (!("Bearer " + KEY).equals(auth)
          || request.getHeader("User-Agent") == null
          || refuseKey.test(call)) {
        return json(
            401,
            "{\"error\":\"This endpoint requires authentication. Please provide a valid access"
                + " token.\",\"requestId\":\""
                + requestId
                + "\"}");
      }
      if (outage.test(call)) {
        return json(
            502,
            "{\"error\":\"Failed to generate Strudel code: the model provider is unavailable\","
                + "\"requestId\":\""
                + requestId
                + "\"}");
      }
      if (refuseRequest.test(call)) {
        return json(
            400,
            "{\"error\":\"Invalid request parameters\",\"requestId\":\""
                + requestId
                + "\",\"details\":[{\"path\":[\"style\"],\"message\":\"Invalid enum value\"}]}");
      }
      JsonNode body = Json.parse(request.getBodyAsString());
      String prompt =
          body.path("prompt").asText()
              + "|"
              + body.path("style").asText()
              + "|"
              + body.path("complexity").asText();
      answered.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
      ObjectNode answer = Json.mapper().createObjectNode();
      answer
          .putObject("data")
          .put("code", "note(\"c3 e3 g3\").s(\"sawtooth\") // call " + call)
          .put("explanation", "A C major arpeggio.");
      return json(200, Json.write(answer));
    }

    private static ResponseDefinition json(int status, String body) {
      return new ResponseDefinitionBuilder()
          .withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withBody(body)
          .build();
    }
  }
}
