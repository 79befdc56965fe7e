package app.polychat.finetune.bedrock;

import static app.polychat.finetune.bedrock.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.internal.Json;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobSpec;
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
}
