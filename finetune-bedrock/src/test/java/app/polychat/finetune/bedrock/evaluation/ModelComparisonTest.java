package app.polychat.finetune.bedrock.evaluation;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.converseAnswer;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.deploymentArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.encoded;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.strudel.StrudelScorer;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A comparison over six held-out Strudel prompts whose answers are of known quality: the base model
 * fences, chats, sets the tempo and drops a bracket; the custom model slips once (setcpm); the
 * teacher's answers are the dataset's own references.
 */
class ModelComparisonTest {
  static final String BASE = "amazon.nova-lite-v1:0";
  static final String CUSTOM = deploymentArn("a1b2c3d4e5f6");
  static final Path FIXTURE = Path.of("src/test/resources/compare/validation.jsonl");

  static final List<String> PROMPTS = new ArrayList<>();
  static final List<String> REFERENCES = new ArrayList<>();
  static final String SYSTEM;

  static {
    String system = null;
    try {
      for (String line : Files.readAllLines(FIXTURE)) {
        JsonNode record = Json.parse(line);
        system = record.at("/system/0/text").asText();
        PROMPTS.add(record.at("/messages/0/content/0/text").asText());
        REFERENCES.add(record.at("/messages/1/content/0/text").asText());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    SYSTEM = system;
  }

  /** Base answers: scores 0.6, 1.0, 0.8, 0.8, 1.0, 0.6. */
  static final List<String> BASE_ANSWERS =
      List.of(
          "Here's a stripped-back techno beat:\n```javascript\nstack(\n  s(\"bd*4\"),\n"
              + "  s(\"[~ hh]*4\")\n)\n```",
          "stack(\n  s(\"bd*4\"),\n  note(\"c1 c2\").s(\"sawtooth\")\n)",
          "setcps(0.5)\ns(\"bd*4, ~ cp ~ cp, hh*16\")",
          "stack(\n  s(\"bd*4, ~ cp\"),\n  note(\"[c3,eb3,g3]\").s(\"piano\")\n",
          "note(\"<c3 ab2>\").s(\"sawtooth\").room(0.9)",
          "I'm sorry, but I can only describe a drum and bass break in words.");

  static final int[] BASE_OUTPUT_TOKENS = {60, 40, 50, 45, 35, 30};

  /** Custom answers: the references, except a setcpm slip on the third (score 0.8). */
  static List<String> customAnswers() {
    List<String> answers = new ArrayList<>(REFERENCES);
    answers.set(2, "setcpm(130/4)\n" + REFERENCES.get(2));
    return answers;
  }

  @TempDir Path dir;
  BedrockWireMock bedrock;
  WireMockServer polychat;
  BedrockRuntimeClient runtime;
  ModelTester tester;

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    runtime = bedrock.runtimeWithoutRetries();
    tester = ModelTester.builder().runtimeClient(runtime).temperature(0.2).maxTokens(1000).build();
    polychat =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    polychat.start();
  }

  @AfterEach
  void stop() {
    tester.close();
    runtime.close();
    bedrock.close();
    polychat.stop();
  }

  static String converse(String modelId) {
    return "/model/" + encoded(modelId) + "/converse";
  }

  void stubBedrock(String modelId, List<String> answers, int[] outputTokens, int delayMs) {
    for (int i = 0; i < PROMPTS.size(); i++) {
      bedrock.server.stubFor(
          post(urlEqualTo(converse(modelId)))
              .withRequestBody(
                  matchingJsonPath("$.messages[0].content[0].text", equalTo(PROMPTS.get(i))))
              .withRequestBody(matchingJsonPath("$.system[0].text", equalTo(SYSTEM)))
              .willReturn(
                  json(200, converseAnswer(answers.get(i), 120, outputTokens[i]))
                      .withFixedDelay(delayMs)));
    }
  }

  void stubTeacher() {
    for (int i = 0; i < PROMPTS.size(); i++) {
      String body =
          "{\"data\":{\"code\":"
              + Json.write(REFERENCES.get(i))
              + ",\"explanation\":\"x\"},\"usage\":{\"input_tokens\":150,\"output_tokens\":50}}";
      polychat.stubFor(
          post(urlEqualTo("/apps/strudel/generate"))
              .withRequestBody(matchingJsonPath("$.prompt", equalTo(PROMPTS.get(i))))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(body)
                      .withFixedDelay(20)));
    }
  }

  PolychatExampleSource teacher() {
    return PolychatExampleSource.builder()
        .apiUrl(polychat.baseUrl())
        .apiKey("sk-test-key-1234567890")
        .callPolicy(
            PolychatExampleSource.DEFAULT_CALL_POLICY.toBuilder()
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .requestsPerMinute(0)
                .tokensPerMinute(0)
                .build())
        .build();
  }

  void stubAll() {
    int[] thirty = new int[6];
    Arrays.fill(thirty, 30);
    stubBedrock(BASE, BASE_ANSWERS, BASE_OUTPUT_TOKENS, 40);
    stubBedrock(CUSTOM, customAnswers(), thirty, 10);
    stubTeacher();
  }

  @Test
  void compare_heldOutPromptsOfKnownQualityGiveTheExpectedScores() throws IOException {
    stubAll();
    ComparisonReport report;
    try (PolychatExampleSource teacher = teacher()) {
      report =
          ModelComparison.builder()
              .scorer(new StrudelScorer())
              .tester(tester)
              .base(BASE)
              .custom(CUSTOM)
              .teacher(teacher)
              .promptsFile(FIXTURE)
              .examples(2)
              .build()
              .run();
    }

    assertThat(report.prompts()).isEqualTo(6);
    assertThat(report.promptSource()).isEqualTo("validation.jsonl");
    assertThat(report.models())
        .extracting(ModelResult::label)
        .containsExactly("base", "custom", "teacher");

    ModelResult base = report.model("base");
    assertThat(base.answered()).isEqualTo(6);
    assertThat(base.compliantShare()).isCloseTo(2 / 6.0, within(1e-9));
    assertThat(base.meanScore()).isCloseTo(4.8 / 6, within(1e-9));
    assertThat(base.checkPassRates())
        .containsExactly(
            Map.entry("no-fences", 5 / 6.0),
            Map.entry("no-prose", 4 / 6.0),
            Map.entry("no-setcps", 5 / 6.0),
            Map.entry("balanced", 5 / 6.0),
            Map.entry("uses-patterns", 5 / 6.0));
    assertThat(base.meanInputTokens()).isEqualTo(120);
    assertThat(base.meanOutputTokens()).isCloseTo(260 / 6.0, within(1e-9));
    assertThat(base.costPer1000RequestsUsd()).isEqualByComparingTo("0.0176");
    assertThat(base.pricedAs()).isEqualTo(BASE);
    assertThat(base.medianAnswerChars()).isEqualTo(medianLength(BASE_ANSWERS));
    assertThat(base.latencyP50Ms()).isGreaterThanOrEqualTo(40);
    assertThat(base.latencyP95Ms()).isGreaterThanOrEqualTo(base.latencyP50Ms());
    assertThat(base.tokensEstimated()).isFalse();

    ModelResult custom = report.model("custom");
    assertThat(custom.compliantShare()).isCloseTo(5 / 6.0, within(1e-9));
    assertThat(custom.meanScore()).isCloseTo(5.8 / 6, within(1e-9));
    assertThat(custom.checkPassRates().get("no-setcps")).isCloseTo(5 / 6.0, within(1e-9));
    assertThat(custom.costPer1000RequestsUsd()).isEqualByComparingTo("0.0144");
    assertThat(custom.pricedAs()).isEqualTo(BASE);
    assertThat(custom.latencyP50Ms()).isGreaterThanOrEqualTo(10);

    ModelResult teacher = report.model("teacher");
    assertThat(teacher.modelId()).isEqualTo("polychat:claude-4-5-sonnet");
    assertThat(teacher.compliantShare()).isEqualTo(1.0);
    assertThat(teacher.meanScore()).isEqualTo(1.0);
    assertThat(teacher.meanInputTokens()).isEqualTo(150);
    assertThat(teacher.meanOutputTokens()).isEqualTo(50);
    assertThat(teacher.tokensEstimated()).isFalse();
    assertThat(teacher.costPer1000RequestsUsd()).isEqualByComparingTo("1.20");

    assertThat(report.examples()).hasSize(2);
    assertThat(report.examples().get(0).answers().get(0).text()).isEqualTo(BASE_ANSWERS.get(0));
    bedrock.server.verify(6, postRequestedFor(urlEqualTo(converse(BASE))));
    bedrock.server.verify(6, postRequestedFor(urlEqualTo(converse(CUSTOM))));
    polychat.verify(6, postRequestedFor(urlEqualTo("/apps/strudel/generate")));

    String markdown = report.toMarkdown();
    assertThat(markdown)
        .contains("6 held-out prompts from `validation.jsonl`, scored by `strudel`")
        .contains("max 1,000 tokens, temperature 0.2")
        .contains("| | base | custom | teacher |")
        .contains("| answered | 6/6 | 6/6 | 6/6 |")
        .contains("| **format compliance** | **33.3%** | **83.3%** | **100%** |")
        .contains("| mean score | 0.80 | 0.97 | 1.00 |")
        .contains("| &nbsp;&nbsp;no-prose | 66.7% | 100% | 100% |")
        .contains("| tokens in / out (mean) | 120 / 43 | 120 / 30 | 150 / 50 |")
        .contains("| cost per 1,000 requests | $0.0176 | $0.0144 | $1.20 |")
        .contains("(custom: amazon.nova-lite-v1:0)")
        .contains("**base** (score 0.60, fails no-fences, no-prose)")
        .contains("````text\nHere's a stripped-back techno beat:\n```javascript");
    JsonNode json = Json.parse(report.toJson());
    assertThat(json.at("/models/0/compliantShare").asDouble()).isEqualTo(0.3333);
    assertThat(json.at("/models/2/costPer1000RequestsUsd").decimalValue())
        .isEqualByComparingTo("1.20");
    assertThat(json.at("/examples/0/answers/1/checks/no-prose").asBoolean()).isTrue();

    Path md = report.writeMarkdown(dir.resolve("out/comparison.md"));
    Path js = report.writeJson(dir.resolve("out/comparison.json"));
    assertThat(Files.readString(md)).isEqualTo(markdown);
    assertThat(Json.parse(Files.readString(js)).at("/prompts").asInt()).isEqualTo(6);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/compare-example.md"), markdown);
  }

  @Test
  void compare_moreConcurrencyGivesTheSameScores() {
    stubAll();
    ComparisonReport report =
        ModelComparison.builder()
            .scorer(new StrudelScorer())
            .tester(tester)
            .base(BASE)
            .custom(CUSTOM)
            .promptsFile(FIXTURE)
            .concurrency(4)
            .build()
            .run();

    assertThat(report.model("base").compliantShare()).isCloseTo(2 / 6.0, within(1e-9));
    assertThat(report.model("custom").meanScore()).isCloseTo(5.8 / 6, within(1e-9));
    assertThat(report.examples())
        .extracting(ComparisonReport.Example::index)
        .containsExactly(0, 1, 2);
  }

  @Test
  void compare_aModelBedrockRefusesIsDroppedAndTheOthersCarryOn() {
    stubBedrock(BASE, BASE_ANSWERS, BASE_OUTPUT_TOKENS, 0);
    bedrock.server.stubFor(
        post(urlEqualTo(converse(CUSTOM)))
            .willReturn(
                error(
                    403,
                    "AccessDeniedException",
                    "not authorized to perform: bedrock:InvokeModel")));
    List<String> dropped = new ArrayList<>();

    ComparisonReport report =
        ModelComparison.builder()
            .scorer(new StrudelScorer())
            .tester(tester)
            .base(BASE)
            .custom(CUSTOM)
            .promptsFile(FIXTURE)
            .listener(
                new ComparisonListener() {
                  @Override
                  public void modelDropped(String label, String reason) {
                    dropped.add(label);
                  }
                })
            .build()
            .run();

    ModelResult custom = report.model("custom");
    assertThat(custom.asked()).isEqualTo(1);
    assertThat(custom.failed()).isEqualTo(1);
    assertThat(custom.answered()).isZero();
    assertThat(custom.droppedReason()).contains("bedrock:InvokeModel");
    assertThat(custom.costPer1000RequestsUsd()).isNull();
    assertThat(dropped).containsExactly("custom");
    assertThat(report.model("base").answered()).isEqualTo(6);
    bedrock.server.verify(1, postRequestedFor(urlEqualTo(converse(CUSTOM))));
    assertThat(report.toMarkdown())
        .contains("| answered | 6/6 | 0/1 (dropped), 1 failed |")
        .contains("| **format compliance** | **33.3%** | – |")
        .contains("**custom** was dropped: Bedrock denied the request");
  }

  @Test
  void compare_aThrottledPromptCountsAsAFailureAndTheRunGoesOn() {
    stubBedrock(BASE, BASE_ANSWERS, BASE_OUTPUT_TOKENS, 0);
    bedrock.server.stubFor(
        post(urlEqualTo(converse(BASE)))
            .withRequestBody(
                matchingJsonPath("$.messages[0].content[0].text", equalTo(PROMPTS.get(3))))
            .atPriority(1)
            .willReturn(error(429, "ThrottlingException", "Too many tokens, please wait.")));

    ComparisonReport report =
        ModelComparison.builder()
            .scorer(new StrudelScorer())
            .tester(tester)
            .base(BASE)
            .promptsFile(FIXTURE)
            .build()
            .run();

    ModelResult base = report.model("base");
    assertThat(base.asked()).isEqualTo(6);
    assertThat(base.answered()).isEqualTo(5);
    assertThat(base.failed()).isEqualTo(1);
    assertThat(base.droppedReason()).isNull();
    assertThat(base.firstError()).contains("throttling");
    // without the unbalanced answer: 0.6, 1.0, 0.8, 1.0, 0.6
    assertThat(base.meanScore()).isCloseTo(4.0 / 5, within(1e-9));
    assertThat(base.checkPassRates().get("balanced")).isEqualTo(1.0);
  }

  @Test
  void compare_limitStopsReadingThePromptFile() {
    stubBedrock(BASE, BASE_ANSWERS, BASE_OUTPUT_TOKENS, 0);

    ComparisonReport report =
        ModelComparison.builder()
            .scorer(new StrudelScorer())
            .tester(tester)
            .base(BASE)
            .promptsFile(FIXTURE)
            .limit(2)
            .build()
            .run();

    assertThat(report.prompts()).isEqualTo(2);
    assertThat(report.model("base").compliantShare()).isEqualTo(0.5);
    bedrock.server.verify(2, postRequestedFor(urlEqualTo(converse(BASE))));
  }

  @Test
  void compare_aBadRecordNamesTheFileAndLine() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURE));
    lines.set(2, "{\"schemaVersion\": \"bedrock-conversation-2024\", \"messages\": [");
    Path bad = dir.resolve("held-out.jsonl");
    Files.write(bad, lines);
    stubBedrock(BASE, BASE_ANSWERS, BASE_OUTPUT_TOKENS, 0);

    assertThatThrownBy(
            () ->
                ModelComparison.builder()
                    .scorer(new StrudelScorer())
                    .tester(tester)
                    .base(BASE)
                    .promptsFile(bad)
                    .build()
                    .run())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("held-out.jsonl");
            });
  }

  @Test
  void compare_anEmptyPromptFileSaysWhatToPass() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");

    assertThatThrownBy(
            () ->
                ModelComparison.builder()
                    .scorer(new StrudelScorer())
                    .tester(tester)
                    .base(BASE)
                    .promptsFile(empty)
                    .build()
                    .run())
        .hasMessageContaining("has no records");
  }

  @Test
  void builder_namesWhatIsMissing() {
    assertThatThrownBy(
            () -> ModelComparison.builder().scorer(new StrudelScorer()).base(BASE).build())
        .hasMessageContaining("prompts are required");
    assertThatThrownBy(
            () ->
                ModelComparison.builder().scorer(new StrudelScorer()).promptsFile(FIXTURE).build())
        .hasMessageContaining("nothing to compare");
    assertThatThrownBy(
            () ->
                ModelComparison.builder()
                    .scorer(new StrudelScorer())
                    .promptsFile(FIXTURE)
                    .base(BASE)
                    .build())
        .hasMessageContaining("tester is required");
  }

  static int medianLength(List<String> answers) {
    int[] lengths = answers.stream().mapToInt(String::length).sorted().toArray();
    return lengths[(int) Math.ceil(0.5 * lengths.length) - 1];
  }
}
