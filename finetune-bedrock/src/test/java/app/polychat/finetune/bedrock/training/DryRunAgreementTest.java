package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.TestSpecs;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.support.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the dry run writes is exactly what the real backend sends for the same job. */
class DryRunAgreementTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"fine-tuning", "distillation", "reinforcement-fine-tuning"})
  void dryRunRequest_equalsTheRequestSentToBedrock(String kind) throws Exception {
    JobSpec base =
        switch (kind) {
          case "fine-tuning" -> TestSpecs.fineTuning();
          case "distillation" -> TestSpecs.distillation();
          default -> TestSpecs.reinforcement();
        };
    try (BedrockWireMock bedrock = new BedrockWireMock()) {
      bedrock.server.stubFor(
          post(urlEqualTo("/model-customization-jobs"))
              .willReturn(json(201, "{\"jobArn\":\"" + jobArn("abc123def456") + "\"}")));
      var client = bedrock.clientWithoutRetries();
      var clock = TestSpecs.clockAt(TestSpecs.SUBMITTED);
      try (var real =
          BedrockCustomizationBackend.builder()
              .bedrockClient(client)
              .roleArn(ROLE)
              .outputUri(URI.create("s3://output-bucket/"))
              .clock(clock)
              .build()) {
        real.submit(base);
      } finally {
        client.close();
      }
      var dry =
          DryRunBackend.builder()
              .directory(dir)
              .roleArn(ROLE)
              .outputUri(URI.create("s3://output-bucket/"))
              .clock(clock)
              .build();
      dry.submit(base.toBuilder().roleArn(ROLE).build());
      String sent =
          bedrock
              .server
              .findAll(postRequestedFor(urlEqualTo("/model-customization-jobs")))
              .get(0)
              .getBodyAsString();
      String written = Files.readString(dry.requestFile("dry-run:" + base.jobName()));
      assertThat(Json.parse(written)).isEqualTo(Json.parse(sent));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fine-tuning", "distillation"})
  void dryRunRequest_withTheBackendsKmsKeyAndVpc_equalsTheRequestSentToBedrock(String kind)
      throws Exception {
    // customModelKmsKeyId and vpcConfig {subnetIds 1-16, securityGroupIds 1-5}: shapes of
    // CreateModelCustomizationJobRequest in botocore bedrock/2023-04-20/service-2.json
    String kms = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    java.util.List<String> subnets = java.util.List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b");
    java.util.List<String> groups = java.util.List.of("sg-0123456789abcdef0");
    JobSpec base = kind.equals("fine-tuning") ? TestSpecs.fineTuning() : TestSpecs.distillation();
    try (BedrockWireMock bedrock = new BedrockWireMock()) {
      bedrock.server.stubFor(
          post(urlEqualTo("/model-customization-jobs"))
              .willReturn(json(201, "{\"jobArn\":\"" + jobArn("abc123def456") + "\"}")));
      var client = bedrock.clientWithoutRetries();
      var clock = TestSpecs.clockAt(TestSpecs.SUBMITTED);
      try (var real =
          BedrockCustomizationBackend.builder()
              .bedrockClient(client)
              .roleArn(ROLE)
              .outputUri(URI.create("s3://output-bucket/"))
              .kmsKeyId(kms)
              .vpc(subnets, groups)
              .clock(clock)
              .build()) {
        real.submit(base);
      } finally {
        client.close();
      }
      var dry =
          DryRunBackend.builder()
              .directory(dir)
              .roleArn(ROLE)
              .outputUri(URI.create("s3://output-bucket/"))
              .kmsKeyId(kms)
              .vpc(subnets, groups)
              .clock(clock)
              .build();
      dry.submit(base);
      var sent =
          Json.parse(
              bedrock
                  .server
                  .findAll(postRequestedFor(urlEqualTo("/model-customization-jobs")))
                  .get(0)
                  .getBodyAsString());
      var written = Json.parse(Files.readString(dry.requestFile("dry-run:" + base.jobName())));
      assertThat(written).isEqualTo(sent); // the idempotency token included
      assertThat(written.path("customModelKmsKeyId").asText()).isEqualTo(kms);
      assertThat(written.path("vpcConfig").path("subnetIds")).hasSize(2);
      assertThat(written.path("vpcConfig").path("securityGroupIds").get(0).asText())
          .isEqualTo("sg-0123456789abcdef0");
    }
  }
}
