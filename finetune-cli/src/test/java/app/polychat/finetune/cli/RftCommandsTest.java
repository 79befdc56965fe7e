package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job rft}, {@code dataset convert --to rft} and {@code dataset validate --method rft}. The
 * request shape is the Bedrock API model's ({@code customizationConfig.rftConfig}, botocore {@code
 * bedrock/2023-04-20/service-2.json}); WireMock stands in for Bedrock behind the real SDK client.
 */
class RftCommandsTest {
  static final String ARN =
      "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/"
          + "amazon.nova-2-lite-v1:0:256k/rft123abc456";
  static final String GRADER =
      "arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader";
  @TempDir Path dir;
  WireMockServer bedrock;
  CliRunner cli;

  @BeforeEach
  void start() {
    bedrock = new WireMockServer(wireMockConfig().dynamicPort());
    bedrock.start();
    cli =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .env("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl())
            .env("AWS_ENDPOINT_URL", bedrock.baseUrl())
            .env("S3_FORCE_PATH_STYLE", "true");
  }

  @AfterEach
  void stop() {
    bedrock.stop();
  }

  @Test
  void jobRft_submitsTheRftConfigAndSaysWhatItCannotPrice() {
    bedrock.stubFor(
        post(urlEqualTo("/model-customization-jobs"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"jobArn\":\"" + ARN + "\"}")));

    var result =
        cli.env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning")
            .env("BEDROCK_OUTPUT_BUCKET", "my-output-bucket")
            .run(
                "job",
                "rft",
                "--name",
                "strudel-rft-v1",
                "--train-uri",
                "s3://my-bucket/strudel/t/train-rft.jsonl",
                "--grader-lambda-arn",
                GRADER,
                "--epochs",
                "2",
                "--batch-size",
                "64",
                "--samples-per-prompt",
                "4",
                "--reasoning-effort",
                "low",
                "--yes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Job ARN: " + ARN);
    bedrock.verify(
        postRequestedFor(urlEqualTo("/model-customization-jobs"))
            .withRequestBody(
                matchingJsonPath("$.customizationType", equalTo("REINFORCEMENT_FINE_TUNING")))
            .withRequestBody(
                matchingJsonPath("$.baseModelIdentifier", equalTo("amazon.nova-2-lite-v1:0:256k")))
            .withRequestBody(
                matchingJsonPath(
                    "$.customizationConfig.rftConfig.graderConfig.lambdaGrader.lambdaArn",
                    equalTo(GRADER)))
            .withRequestBody(
                matchingJsonPath(
                    "$.customizationConfig.rftConfig.hyperParameters.reasoningEffort",
                    equalTo("low"))));
  }

  @Test
  void jobRft_refusesOutOfRangeValuesAndNonRftModelsBeforeSendingAnything() {
    var batch =
        cli.env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning")
            .env("BEDROCK_OUTPUT_BUCKET", "my-output-bucket")
            .run(
                "job",
                "rft",
                "--name",
                "strudel-rft-v1",
                "--train-uri",
                "s3://my-bucket/strudel/t/train-rft.jsonl",
                "--grader-lambda-arn",
                GRADER,
                "--batch-size",
                "8",
                "--yes");
    var model =
        cli.run(
            "job",
            "rft",
            "--name",
            "strudel-rft-v1",
            "--base-model",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            "s3://my-bucket/strudel/t/train-rft.jsonl",
            "--grader-lambda-arn",
            GRADER,
            "--yes");
    var effort =
        cli.run(
            "job",
            "rft",
            "--name",
            "strudel-rft-v1",
            "--train-uri",
            "s3://my-bucket/strudel/t/train-rft.jsonl",
            "--grader-lambda-arn",
            GRADER,
            "--reasoning-effort",
            "extreme",
            "--yes");

    assertThat(batch.exitCode()).isNotZero();
    assertThat(batch.err())
        .contains("batchSize 8 is outside reinforcement fine-tuning's range 16–512")
        .doesNotContain("\tat ");
    assertThat(model.exitCode()).isNotZero();
    assertThat(model.err()).contains("cannot be customized by reinforcement fine-tuning");
    assertThat(effort.exitCode()).isNotZero();
    assertThat(effort.err()).contains("expected low, medium or high");
    bedrock.verify(0, postRequestedFor(urlEqualTo("/model-customization-jobs")));
  }

  @Test
  void jobRft_dryRunWritesTheRequest() throws Exception {
    var result =
        new CliRunner(dir)
            .run(
                "job",
                "rft",
                "--name",
                "strudel-rft-v1",
                "--train-uri",
                "s3://my-bucket/strudel/t/train-rft.jsonl",
                "--grader-lambda-arn",
                GRADER,
                "--epochs",
                "3");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode body =
        Json.parse(Files.readString(dir.resolve("datasets/strudel/dry-run-strudel-rft-v1.json")));
    assertThat(body.at("/customizationConfig/rftConfig/hyperParameters/epochCount").asInt())
        .isEqualTo(3);
    assertThat(body.get("customizationType").asText()).isEqualTo("REINFORCEMENT_FINE_TUNING");
  }

  @Test
  void datasetConvertToRft_thenValidate() throws Exception {
    Path samples =
        Files.write(
            dir.resolve("samples.jsonl"),
            java.util.List.of(
                "{\"style\":\"techno\",\"complexity\":\"simple\",\"prompt\":\"A 909 beat\","
                    + "\"completion\":\"s(\\\"bd*4\\\").bank(\\\"RolandTR909\\\")\"}",
                "{\"style\":\"house\",\"complexity\":\"simple\",\"prompt\":\"Offbeat hats\","
                    + "\"completion\":\"s(\\\"[~ hh]*4\\\")\"}"));
    var converted =
        cli.run(
            "dataset",
            "convert",
            "--to",
            "rft",
            "--input",
            samples.toString(),
            "--output",
            "train-rft.jsonl");
    var validated = cli.run("dataset", "validate", "--train", "train-rft.jsonl", "--method", "rft");

    assertThat(converted.exitCode()).as(converted.err()).isZero();
    assertThat(converted.out()).contains("Wrote train-rft.jsonl (2 records, bedrock-rft)");
    String first = Files.readAllLines(dir.resolve("train-rft.jsonl")).get(0);
    assertThat(Json.parse(first).has("reference_answer")).isTrue();
    // 2 records are fewer than the 100 RFT needs: an error, with the count
    assertThat(validated.exitCode()).isEqualTo(1);
    assertThat(validated.out()).contains("2 training records").contains("100 to 20,000");
  }
}
