package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset generate --source bedrock|bedrock-batch}: the wiring from settings to teacher. */
class GenerateFromBedrockTest {
  static final String MODEL = "us.amazon.nova-premier-v1:0";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;
  WireMockServer runtime;
  CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    runtime =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    runtime.start();
    runtime.stubFor(
        post(urlPathEqualTo(conversePath()))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
                            + "\"s(\\\"bd*4\\\") // {{randomValue length=16 type='ALPHANUMERIC'}}\"}]}},"
                            + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":950,"
                            + "\"outputTokens\":120,\"totalTokens\":1070},\"metrics\":{\"latencyMs\":300}}")
                    .withTransformers("response-template")));
    Files.createDirectories(dir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"), dir.resolve("configs/strudel-prompts.json"));
    cli =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", runtime.baseUrl());
  }

  @AfterEach
  void stop() {
    runtime.stop();
  }

  static String conversePath() {
    return "/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/converse";
  }

  @Test
  void sourceBedrock_asksTheTeacherThroughConverseAndWritesTheDataset() throws IOException {
    var result =
        cli.run(
            "dataset",
            "generate",
            "--source",
            "bedrock",
            "--teacher",
            MODEL,
            "--count",
            "10",
            "--rate-limit",
            "0");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Generated 10 examples (10 planned, 0 resumed from the journal, 0 failed");
    assertThat(Files.readAllLines(dir.resolve("datasets/strudel/train.jsonl"))).hasSize(8);
    runtime.verify(10, postRequestedFor(urlPathEqualTo(conversePath())));
    assertThat(result.out() + result.err()).doesNotContain(SECRET);
  }

  @Test
  void sourceBedrockBatch_namesTheSettingsItNeeds() {
    var noBucket = cli.run("dataset", "generate", "--source", "bedrock-batch", "--count", "200");
    assertThat(noBucket.exitCode()).isEqualTo(1);
    assertThat(noBucket.err())
        .contains("set BEDROCK_TRAINING_BUCKET")
        .doesNotContain("at app.polychat");

    var noRole =
        cli.env("BEDROCK_TRAINING_BUCKET", "my-training-bucket")
            .run("dataset", "generate", "--source", "bedrock-batch", "--count", "200");
    assertThat(noRole.exitCode()).isEqualTo(1);
    assertThat(noRole.err()).contains("set BEDROCK_ROLE_ARN").contains("s3://my-training-bucket");
  }

  @Test
  void anUnknownSource_saysWhichOnesExist() {
    var result = cli.run("dataset", "generate", "--source", "openai", "--count", "5");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--source must be polychat, bedrock or bedrock-batch");
  }
}
