package app.polychat.finetune.bedrock.training;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.grader.GraderPackage;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code grader deploy} against WireMock behind the real SDK {@link LambdaClient}. Shapes from the
 * Lambda API model (botocore {@code lambda/2015-03-31/service-2.json}): GetFunction {@code GET
 * /2015-03-31/functions/{FunctionName}} → {@code {Configuration: FunctionConfiguration, Code}};
 * CreateFunction {@code POST /2015-03-31/functions} (201; required FunctionName, Role, Code);
 * UpdateFunctionCode {@code PUT …/code}; UpdateFunctionConfiguration {@code PUT …/configuration};
 * ResourceNotFoundException is HTTP 404. The waiters ({@code waiters-2.json}) poll GetFunction for
 * {@code Configuration.State} Active and {@code Configuration.LastUpdateStatus} Successful.
 */
class GraderFunctionsTest {
  private static final String NAME = "finetune-strudel-grader";
  private static final String PATH = "/2015-03-31/functions/" + NAME;
  private static final String ROLE = "arn:aws:iam::123456789012:role/finetune-grader";
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:" + NAME;
  @TempDir Path dir;
  private BedrockWireMock aws;
  private LambdaClient lambda;
  private GraderPackage pkg;
  private String sha;

  @BeforeEach
  void start() throws Exception {
    aws = new BedrockWireMock();
    lambda =
        LambdaClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "test-secret")))
            .build();
    byte[] zip = "PK-not-really-a-zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("strudel.zip"), zip);
    sha = GraderFunctions.base64Sha256(zip);
    pkg =
        new GraderPackage(
            "strudel", dir, file, "hex", zip.length, "index.handler", "nodejs22.x", Map.of());
  }

  @AfterEach
  void stop() {
    lambda.close();
    aws.close();
  }

  private static String configuration(String codeSha, String state, String update, int timeout) {
    return """
        {"FunctionName": "%s", "FunctionArn": "%s", "Runtime": "nodejs22.x", "Role": "%s",
         "Handler": "index.handler", "Timeout": %d, "MemorySize": 1024, "CodeSha256": "%s",
         "Environment": {"Variables": {}}, "State": "%s", "LastUpdateStatus": "%s"}"""
        .formatted(NAME, ARN, ROLE, timeout, codeSha, state, update);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private GraderFunctions functions() {
    return GraderFunctions.builder().lambdaClient(lambda).build();
  }

  @Test
  void deploy_createsAMissingFunctionWithATimeoutWellAboveTheDefault() {
    aws.server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(404, "{\"Type\":\"User\",\"Message\":\"Function not found: " + ARN + "\"}")
                    .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")));
    aws.server.stubFor(
        WireMock.post(urlEqualTo("/2015-03-31/functions"))
            .inScenario("create")
            .willSetStateTo("created")
            .willReturn(json(201, configuration(sha, "Pending", "Successful", 300))));
    aws.server.stubFor(
        get(urlPathEqualTo(PATH))
            .inScenario("create")
            .whenScenarioStateIs("created")
            .willReturn(
                json(
                    200,
                    "{\"Configuration\":"
                        + configuration(sha, "Active", "Successful", 300)
                        + "}")));

    GraderFunctions.Deployed deployed;
    try (GraderFunctions functions = functions()) {
      deployed = functions.deploy(pkg, NAME, ROLE);
    }

    assertThat(deployed.action()).isEqualTo(GraderFunctions.Action.CREATED);
    assertThat(deployed.functionArn()).isEqualTo(ARN);
    aws.server.verify(
        postRequestedFor(urlEqualTo("/2015-03-31/functions"))
            .withRequestBody(
                equalToJson(
                    """
                    {"FunctionName": "%s", "Runtime": "nodejs22.x", "Handler": "index.handler",
                     "Role": "%s", "Timeout": 300, "MemorySize": 1024,
                     "Environment": {"Variables": {}},
                     "Description": "finetune strudel grader for Bedrock RFT",
                     "Code": {"ZipFile": "%s"}}
                    """
                        .formatted(
                            NAME,
                            ROLE,
                            Base64.getEncoder()
                                .encodeToString(
                                    "PK-not-really-a-zip"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))))));
  }

  @Test
  void deploy_leavesAnUpToDateFunctionAlone() {
    aws.server.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                json(
                    200,
                    "{\"Configuration\":"
                        + configuration(sha, "Active", "Successful", 300)
                        + "}")));

    GraderFunctions.Deployed deployed;
    try (GraderFunctions functions = functions()) {
      deployed = functions.deploy(pkg, NAME, ROLE);
    }

    assertThat(deployed.action()).isEqualTo(GraderFunctions.Action.UNCHANGED);
    aws.server.verify(0, putRequestedFor(WireMock.anyUrl()));
    aws.server.verify(0, postRequestedFor(WireMock.anyUrl()));
  }

  @Test
  void deploy_updatesOnlyTheCodeWhenTheZipChangedAndTheSettingsWhenTheyDiffer() {
    aws.server.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                json(
                    200,
                    "{\"Configuration\":"
                        + configuration("b2xk", "Active", "Successful", 3)
                        + "}")));
    aws.server.stubFor(
        WireMock.put(urlEqualTo(PATH + "/code"))
            .willReturn(json(200, configuration(sha, "Active", "InProgress", 3))));
    aws.server.stubFor(
        WireMock.put(urlEqualTo(PATH + "/configuration"))
            .willReturn(json(200, configuration(sha, "Active", "InProgress", 300))));

    GraderFunctions.Deployed deployed;
    try (GraderFunctions functions = functions()) {
      deployed = functions.deploy(pkg, NAME, ROLE);
    }

    assertThat(deployed.action()).isEqualTo(GraderFunctions.Action.UPDATED);
    aws.server.verify(1, putRequestedFor(urlEqualTo(PATH + "/code")));
    aws.server.verify(
        1,
        putRequestedFor(urlEqualTo(PATH + "/configuration"))
            .withRequestBody(WireMock.matchingJsonPath("$.Timeout", WireMock.equalTo("300"))));
  }
}
