package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.strudel.StrudelEngine;
import app.polychat.finetune.strudel.TestEngine;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grader package}, {@code grader test} and {@code grader deploy} in-process. Package and
 * test run the real Node.js and Strudel engine (skipped, with the reason, where they are missing);
 * the packages are copied from the test engine with {@code --engine} so no test reaches npm. Deploy
 * talks to WireMock shaped as the Lambda API model (botocore {@code lambda/2015-03-31}).
 */
class GraderCommandTest {
  @TempDir Path dir;

  private Path rftFile() throws Exception {
    return Files.write(
        dir.resolve("train-rft.jsonl"),
        List.of(
            "{\"id\":\"r1\",\"messages\":[{\"role\":\"user\",\"content\":\"A 909 beat\"}],"
                + "\"reference_answer\":\"s(\\\"bd*4\\\").bank(\\\"RolandTR909\\\")\"}",
            "{\"id\":\"r2\",\"messages\":[{\"role\":\"user\",\"content\":\"Offbeat hats\"}],"
                + "\"reference_answer\":\"s(\\\"[~ hh]*4\\\")\"}"));
  }

  @Test
  void packageThenTest_gradesReferenceAnswersAndAModelsAnswers() throws Exception {
    StrudelEngine engine = TestEngine.requireInstalled();
    CliRunner cli = new CliRunner(dir);

    var built =
        cli.run("grader", "package", "--check", "strudel", "--engine", engine.dir().toString());
    Path rft = rftFile();
    Path answers =
        Files.write(
            dir.resolve("answers.jsonl"), List.of("{\"id\":\"r1\",\"answer\":\"s(\\\"bd*4\\\"\"}"));
    var references = cli.run("grader", "test", "--train", rft.toString());
    var model =
        cli.run("grader", "test", "--train", rft.toString(), "--answers", answers.toString());

    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("Wrote grader/strudel.zip").contains("handler index.handler");
    assertThat(dir.resolve("grader/strudel.zip")).exists();
    assertThat(references.exitCode()).as(references.err()).isZero();
    assertThat(references.out())
        .contains("Graded 2 reference answers")
        .contains("r1                       1.00  ok")
        .contains("Mean reward 1.000");
    assertThat(model.exitCode()).as(model.err()).isZero();
    assertThat(model.out())
        .contains("r1                       0.00  syntax")
        .contains("Mean reward 0.500");
  }

  @Test
  void deploy_createsTheFunctionAndPrintsItsArn() throws Exception {
    Path grader = Files.createDirectories(dir.resolve("grader/strudel"));
    Files.write(dir.resolve("grader/strudel.zip"), new byte[] {'P', 'K'});
    WireMockServer lambda = new WireMockServer(wireMockConfig().dynamicPort());
    lambda.start();
    try {
      String arn = "arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader";
      String config =
          "{\"FunctionName\":\"finetune-strudel-grader\",\"FunctionArn\":\""
              + arn
              + "\",\"State\":\"Active\",\"LastUpdateStatus\":\"Successful\"}";
      String path = "/2015-03-31/functions/finetune-strudel-grader";
      lambda.stubFor(
          get(urlPathEqualTo(path))
              .inScenario("d")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(
                  aResponse()
                      .withStatus(404)
                      .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                      .withBody("{\"Type\":\"User\",\"Message\":\"Function not found\"}")));
      lambda.stubFor(
          post(urlEqualTo("/2015-03-31/functions"))
              .inScenario("d")
              .willSetStateTo("created")
              .willReturn(aResponse().withStatus(201).withBody(config)));
      lambda.stubFor(
          get(urlPathEqualTo(path))
              .inScenario("d")
              .whenScenarioStateIs("created")
              .willReturn(
                  aResponse().withStatus(200).withBody("{\"Configuration\":" + config + "}")));

      var result =
          new CliRunner(dir)
              .env("AWS_REGION", "us-east-1")
              .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
              .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
              .env("AWS_ENDPOINT_URL", lambda.baseUrl())
              .run(
                  "grader",
                  "deploy",
                  "--grader",
                  grader.toString(),
                  "--role",
                  "arn:aws:iam::123456789012:role/finetune-grader");

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("Created finetune-strudel-grader").contains(arn);
      lambda.verify(
          postRequestedFor(urlEqualTo("/2015-03-31/functions"))
              .withRequestBody(matchingJsonPath("$.Timeout", WireMock.equalTo("300")))
              .withRequestBody(matchingJsonPath("$.Runtime", WireMock.equalTo("nodejs22.x"))));
    } finally {
      lambda.stop();
    }
  }

  @Test
  void package_unknownCheckIsAOneLineError() {
    var result = new CliRunner(dir).run("grader", "package", "--check", "python");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("unknown check 'python': expected strudel");
  }
}
