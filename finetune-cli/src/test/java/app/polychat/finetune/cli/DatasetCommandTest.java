package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {
  @TempDir Path dir;
  WireMockServer api;
  CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    api = new WireMockServer(wireMockConfig().dynamicPort());
    api.start();
    api.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"code\":\"s(\\\"bd*4\\\") // {{randomValue length=16 type='ALPHANUMERIC'}}\","
                            + "\"explanation\":\"x\"}}")
                    .withTransformers("response-template")));
    Files.createDirectories(dir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"), dir.resolve("configs/strudel-prompts.json"));
    cli = new CliRunner(dir);
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void generate_callsTheApiAndWritesTheSplitDataset() throws IOException {
    Files.writeString(
        dir.resolve(".env"), "API_URL=" + api.baseUrl() + "\nAPI_KEY=sk-test-secret-123456\n");
    var result =
        cli.run("dataset", "generate", "--count", "20", "--rate-limit", "0", "--token-limit", "0");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(
            "Generated 20 examples (20 planned, 0 resumed from the journal, 0 failed, 0 dropped)")
        .contains("train.jsonl       (16 examples)")
        .contains("validation.jsonl  (4 examples)");
    assertThat(Files.readAllLines(dir.resolve("datasets/strudel/train.jsonl"))).hasSize(16);
    api.verify(
        20,
        postRequestedFor(urlEqualTo("/apps/strudel/generate"))
            .withHeader("Authorization", equalTo("Bearer sk-test-secret-123456")));
    assertThat(result.out() + result.err()).doesNotContain("sk-test-secret-123456");
  }

  @Test
  void generate_withoutApiUrlNamesTheVariable() {
    var result = cli.run("dataset", "generate", "--count", "5");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("set API_URL")
        .contains("--api-url")
        .doesNotContain("at app.polychat");
  }

  @Test
  void generate_withAWrongKeyStopsAndSaysWhatToDo() {
    api.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad key\"}")));
    var result =
        cli.run(
            "dataset",
            "generate",
            "--count",
            "5",
            "--api-url",
            api.baseUrl(),
            "--api-key",
            "sk-wrong-key-99999",
            "--concurrency",
            "1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("API key is missing or wrong")
        .contains("Once the cause is fixed, this completes it: finetune dataset generate");
    assertThat(result.err()).doesNotContain("sk-wrong-key-99999");
  }

  @Test
  void badFlag_isAUsageError() {
    var result = cli.run("dataset", "generate", "--count", "lots");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--count");
  }

  @Test
  void import_convertsAndSplits() throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      lines
          .append("{\"prompt\":\"p")
          .append(i)
          .append("\",\"completion\":\"s(\\\"bd*")
          .append(i)
          .append("\\\")\"}\n");
    }
    Files.writeString(dir.resolve("in.jsonl"), lines);
    var result = cli.run("dataset", "import", "--input", "in.jsonl", "--output", "out");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Read 10 records (prompt-completion)")
        .contains("train.jsonl       (8 examples)");
  }
}
