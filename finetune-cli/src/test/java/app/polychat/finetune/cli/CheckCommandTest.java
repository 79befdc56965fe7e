package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.strudel.StrudelEngine;
import app.polychat.finetune.strudel.TestEngine;
import app.polychat.finetune.support.Json;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check strudel} end to end: the real CLI, a Polychat stand-in over HTTP, the real Strudel
 * engine in Node.js, a real SQLite journal. Skipped, with the reason, without Node.js and the
 * engine (.ci/run installs it into target/strudel-engine).
 */
class CheckCommandTest {
  @TempDir Path dir;
  WireMockServer api;
  CliRunner cli;
  StrudelEngine engine;
  final AtomicInteger calls = new AtomicInteger();

  /** Broken answers the stand-in teacher gives on every fourth call, one of each kind in turn. */
  static final List<String> BROKEN =
      List.of(
          "s(\"bd*4 [hh sd\").bank(\"RolandTR909\")", // mini-notation: unclosed [
          "stack(s(\"bd*4\"), s(\"hh*8\").shimmer(0.4))", // unknown method
          "stack(\n  s(\"bd*4\"),\n  note(\"c2 eb2\").s(\"sawtooth\")\n"); // JavaScript syntax

  /**
   * Answers like Polychat's {@code POST /apps/strudel/generate} (200, not wrapped: {@code code},
   * {@code explanation}, as ../shared/POLYCHAT-API.md describes Polychat's source): a valid,
   * distinct pattern, except every fourth call, which is broken code, as a teacher sometimes
   * answers.
   */
  final class SometimesBroken implements ResponseTransformerV2 {
    @Override
    public String getName() {
      return "sometimes-broken";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
      int n = calls.incrementAndGet();
      String code =
          n % 4 == 1
              ? BROKEN.get((n / 4) % BROKEN.size())
              : "s(\"bd*4, [~ hh]*" + (2 + n % 7) + "\").gain(0." + (5 + n % 4) + ") // " + n;
      String body =
          "{\"data\":{\"code\":"
              + com.fasterxml.jackson.databind.node.TextNode.valueOf(code)
              + ",\"explanation\":\"x\",\"generationId\":\"g"
              + n
              + "\"}}";
      return Response.Builder.like(response).but().body(body).build();
    }
  }

  @BeforeEach
  void start() throws IOException {
    engine = TestEngine.requireInstalled();
    api = new WireMockServer(wireMockConfig().dynamicPort().extensions(new SometimesBroken()));
    api.start();
    api.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("sometimes-broken")));
    Files.createDirectories(dir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"), dir.resolve("configs/strudel-prompts.json"));
    Files.writeString(
        dir.resolve(".env"), "API_URL=" + api.baseUrl() + "\nAPI_KEY=ak_test_secret_123456\n");
    cli = new CliRunner(dir).env("FINETUNE_STRUDEL_ENGINE", engine.dir().toString());
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.stop();
    }
  }

  List<String> answers(Path file) {
    List<String> answers = new ArrayList<>();
    JsonlReader.forEachExample(
        file,
        DatasetFormats.bedrockConversation(),
        e -> answers.add(e.conversation().lastAssistantText().orElseThrow()));
    return answers;
  }

  @Test
  void generate_dropsBrokenAnswersWithTheEnginesMessageAndAsksAgain() {
    var result =
        cli.run(
            "dataset",
            "generate",
            "--count",
            "12",
            "--concurrency",
            "1",
            "--rate-limit",
            "0",
            "--token-limit",
            "0",
            "--check",
            "strudel");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // calls 1, 5, 9, 13 were broken: each one re-asked once, so 12 + 4 calls
    assertThat(calls).hasValue(16);
    api.verify(16, postRequestedFor(urlEqualTo("/apps/strudel/generate")));
    assertThat(result.out())
        .contains(
            "Generated 12 examples (12 planned, 0 resumed from the journal, 0 failed, 0 dropped)")
        .contains("Validity: 12/16 valid (75.0%)")
        .contains("strudel: mini-notation: 2")
        .contains("strudel: unknown-function: 1")
        .contains("strudel: syntax: 1")
        .containsPattern("check strudel: 16 answers, mean [\\d.]+ ms, max [\\d.]+ ms");

    List<String> dataset = new ArrayList<>(answers(dir.resolve("datasets/strudel/train.jsonl")));
    dataset.addAll(answers(dir.resolve("datasets/strudel/validation.jsonl")));
    assertThat(dataset).hasSize(12).noneMatch(BROKEN::contains);

    // every rejected answer is in the journal (the real SQLite file), dropped, with the
    // engine's own message and the answer kept
    List<String> reasons = new ArrayList<>();
    List<String> rejectedAnswers = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("datasets/.finetune.db"));
        ResultSet rows =
            c.createStatement()
                .executeQuery("SELECT reason, example FROM examples WHERE status = 'dropped'")) {
      while (rows.next()) {
        reasons.add(rows.getString(1));
        rejectedAnswers.add(rows.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(reasons)
        .hasSize(4)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "check strudel failed (mini-notation): [mini] parse error at line 1")
                    .endsWith("(ask 1, asked again)"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "check strudel failed (unknown-function): s(...).shimmer is not a function"))
        .anySatisfy(
            r ->
                assertThat(r).startsWith("check strudel failed (syntax): JavaScript syntax error"));
    assertThat(rejectedAnswers)
        .allSatisfy(a -> assertThat(BROKEN).anyMatch(b -> a.contains(Json.write(b))));

    // the dataset as written passes the same check
    var check =
        cli.run(
            "dataset",
            "check",
            "--check",
            "strudel",
            "datasets/strudel/train.jsonl",
            "datasets/strudel/validation.jsonl");
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("Validity: 10/10 valid (100.0%)");
  }

  @Test
  void check_countsBrokenAnswersInAFileByReasonAndExits1() throws IOException {
    Path file = dir.resolve("mixed.jsonl");
    StringBuilder lines = new StringBuilder();
    List<String> answers = new ArrayList<>(BROKEN);
    answers.add("s(\"bd sd\")");
    answers.add("note(\"c3 e3 g3\").s(\"piano\")");
    for (String answer : answers) {
      lines
          .append("{\"prompt\":\"a beat\",\"completion\":")
          .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(answer))
          .append("}\n");
    }
    Files.writeString(file, lines);

    var result = cli.run("dataset", "check", "--check", "strudel", "mixed.jsonl");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("Validity: 2/5 valid (40.0%)")
        .contains("line 1: check strudel failed (mini-notation): [mini] parse error")
        .contains(
            "line 2: check strudel failed (unknown-function): s(...).shimmer is not a function")
        .contains("line 3: check strudel failed (syntax)");

    var json = cli.run("dataset", "check", "--check", "strudel", "--json", "mixed.jsonl");
    var node = Json.parse(json.out());
    assertThat(node.at("/mixed.jsonl/rate").asDouble()).isEqualTo(0.4);
    assertThat(node.at("/mixed.jsonl/failuresByReason/strudel: syntax").asInt()).isEqualTo(1);
  }

  @Test
  void validate_withCheck_addsTheValidityRate() throws IOException {
    Path file = dir.resolve("train.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      String answer = i == 3 ? "s(\"bd*4 [hh sd\")" : "s(\"bd*" + (i + 1) + "\")";
      lines
          .append(
              "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"Strudel.\"}],"
                  + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"beat ")
          .append(i)
          .append("\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":")
          .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(answer))
          .append("}]}]}\n");
    }
    Files.writeString(file, lines);

    var result = cli.run("dataset", "validate", "--train", "train.jsonl", "--check", "strudel");

    assertThat(result.out())
        .contains("Validity: 9/10 valid (90.0%)")
        .contains("strudel: mini-notation: 1")
        .contains("line 4: check strudel failed (mini-notation)");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void reportDataset_withCheck_showsTheValidityRateAndReasons() throws IOException {
    validate_withCheck_addsTheValidityRate(); // writes train.jsonl with one broken answer of 10
    var result =
        cli.run("report", "dataset", "train.jsonl", "--check", "strudel", "--output", "r.html");
    assertThat(result.exitCode()).as(result.err()).isZero();
    String html = Files.readString(dir.resolve("r.html"));
    assertThat(html)
        .contains("Answer checks: validity")
        .contains("9/10 valid (90.0%)")
        .contains("strudel: mini-notation")
        .contains("line 4: check strudel failed (mini-notation): [mini] parse error");
  }

  @Test
  void withoutTheEngine_theCommandSaysWhatToInstallBeforeCallingTheTeacher() {
    var result =
        cli.env("FINETUNE_STRUDEL_ENGINE", dir.resolve("no-engine").toString())
            .run("dataset", "generate", "--count", "3", "--check", "strudel");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("the Strudel engine is not installed in " + dir.resolve("no-engine"))
        .contains("finetune strudel setup")
        .doesNotContain("\tat app.");
    assertThat(calls).hasValue(0);
  }
}
