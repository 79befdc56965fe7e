package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.describeBody;
import static app.polychat.finetune.bedrock.training.BedrockCustomizationBackendTest.jobPath;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.bedrock.testing.TestSpecs;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.InMemoryRunTracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * The whole toolkit on real components: a Polychat teacher (WireMock) answers the planned prompts,
 * the dataset goes to S3 (S3Proxy), Bedrock (WireMock behind the real SDK client) trains on it, the
 * job is watched to {@code Completed} and its loss curves are read back from S3.
 */
class PipelineEndToEndTest {
  private static final String API_KEY = "sk-live-0123456789abcdef";
  private static final String TRAINING_BUCKET = "training-bucket";
  private static final String OUTPUT_BUCKET = "output-bucket";
  private static final Instant NOW = Instant.parse("2025-11-09T12:00:00Z");

  @TempDir Path dir;

  @Test
  void generateUploadTrain_reachesCompletedWithMetrics() throws Exception {
    WireMockServer polychat =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .globalTemplating(true));
    polychat.start();
    String answer =
        "{\"data\":{\"code\":\"note(\\\"c e g\\\").s(\\\"piano\\\") // {{randomValue length=16"
            + " type='ALPHANUMERIC'}}\",\"explanation\":\"A bright arpeggio.\"}}";
    polychat.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(answer)));
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (S3ProxyServer s3 = new S3ProxyServer();
        BedrockWireMock bedrock = new BedrockWireMock();
        BedrockClient bedrockClient = bedrock.clientWithoutRetries()) {
      s3.createBucket(TRAINING_BUCKET);
      s3.createBucket(OUTPUT_BUCKET);
      String arn = jobArn("e2e000job001");
      bedrock.server.stubFor(
          post(urlEqualTo("/model-customization-jobs"))
              .willReturn(json(201, "{\"jobArn\":\"" + arn + "\"}")));

      try (PolychatExampleSource teacher =
              PolychatExampleSource.builder()
                  .apiUrl(polychat.baseUrl())
                  .apiKey(API_KEY)
                  .callPolicy(
                      PolychatExampleSource.DEFAULT_CALL_POLICY.toBuilder()
                          .initialBackoff(Duration.ofMillis(10))
                          .maxBackoff(Duration.ofMillis(40))
                          .requestsPerMinute(0)
                          .tokensPerMinute(0)
                          .build())
                  .build();
          S3DatasetStore store =
              S3DatasetStore.builder()
                  .bucket(TRAINING_BUCKET)
                  .s3Client(s3.client())
                  .clock(TestSpecs.clockAt(NOW))
                  .build();
          BedrockCustomizationBackend backend =
              BedrockCustomizationBackend.builder()
                  .bedrockClient(bedrockClient)
                  .s3Client(s3.client())
                  .roleArn(ROLE)
                  .outputBucket(OUTPUT_BUCKET)
                  .clock(TestSpecs.clockAt(NOW))
                  .build();
          FineTunePipeline pipeline =
              FineTunePipeline.builder()
                  // the Strudel app takes only its own styles and complexities (POLYCHAT-API.md)
                  .prompts(
                      PromptCatalog.load(
                          getClass().getResourceAsStream("/prompts/mini-strudel.json"),
                          "mini-strudel.json"))
                  .source(teacher)
                  .store(store)
                  .backend(backend)
                  .tracker(tracker)
                  .outputDir(dir.resolve("datasets"))
                  .project("strudel")
                  .pollInterval(Duration.ofMillis(10))
                  .clock(TestSpecs.clockAt(NOW))
                  .build()) {

        TrainingJob job =
            pipeline
                .generate(g -> g.count(12))
                .upload()
                .train(t -> t.name("strudel-nova-lite-e2e").epochs(2));

        // what reached Bedrock
        assertThat(job.jobId()).isEqualTo(arn);
        JsonNode create =
            Json.parse(
                bedrock
                    .server
                    .findAll(postRequestedFor(urlEqualTo("/model-customization-jobs")))
                    .get(0)
                    .getBodyAsString());
        String trainUri = create.path("trainingDataConfig").path("s3Uri").asText();
        // stored under the dataset's content hash, so a rerun reuses the files and the token
        String storedFolder =
            "strudel/"
                + app.polychat.finetune.dataset.LocalDataset.of(
                        dir.resolve("datasets/train.jsonl"),
                        dir.resolve("datasets/validation.jsonl"),
                        "bedrock-conversation-2024")
                    .contentHash()
                + "/";
        assertThat(trainUri)
            .isEqualTo("s3://" + TRAINING_BUCKET + "/" + storedFolder + "train.jsonl");
        assertThat(s3.read(TRAINING_BUCKET, storedFolder + "train.jsonl"))
            .isEqualTo(Files.readString(dir.resolve("datasets/train.jsonl")))
            .contains("bedrock-conversation-2024")
            .doesNotContain(API_KEY);
        assertThat(create.path("hyperParameters").path("epochCount").asText()).isEqualTo("2");
        assertThat(create.path("clientRequestToken").asText())
            .isEqualTo(job.handle().orElseThrow().requestToken());
        String output = create.path("outputDataConfig").path("s3Uri").asText();
        assertThat(output)
            .isEqualTo(
                "s3://" + OUTPUT_BUCKET + "/strudel/strudel-nova-lite-e2e/2025-11-09T12-00-00/");

        // Bedrock trains: it writes loss curves under the output folder and reports progress
        String folder =
            URI.create(output).getPath().substring(1) + "model-customization-job-e2e000job001/";
        s3.client()
            .putObject(
                p ->
                    p.bucket(OUTPUT_BUCKET)
                        .key(folder + "training_artifacts/step_wise_training_metrics.csv"),
                RequestBody.fromString(
                    "step_number,epoch_number,training_loss,perplexity\n"
                        + "1,0,1.2,3.3\n1,0,1.0,2.7\n2,1,0.6,1.8\n"));
        s3.client()
            .putObject(
                p ->
                    p.bucket(OUTPUT_BUCKET)
                        .key(
                            folder
                                + "validation_artifacts/post_fine_tuning_validation/validation/"
                                + "validation_metrics.csv"),
                RequestBody.fromString(
                    "step_number,epoch_number,validation_loss,perplexity\n2,1,0.7,2.0\n"));
        String details =
            """
            "statusDetails": {
              "validationDetails": {"status": "Completed"},
              "dataProcessingDetails": {"status": "Completed"},
              "trainingDetails": {"status": "%s"}
            },
            """;
        List<String> answers =
            List.of(
                describeBody(arn, "InProgress", details.formatted("InProgress"), "t", output),
                describeBody(
                    arn,
                    "Completed",
                    details.formatted("Completed")
                        + "\"outputModelArn\": \"arn:aws:bedrock:us-east-1:123456789012:"
                        + "custom-model/amazon.nova-lite-v1:0:300k/m1\","
                        + "\"trainingMetrics\": {\"trainingLoss\": 0.6},"
                        + "\"validationMetrics\": [{\"validationLoss\": 0.7}],",
                    "t",
                    output));
        for (int i = 0; i < answers.size(); i++) {
          var stub =
              get(urlPathEqualTo(jobPath(arn)))
                  .inScenario("training")
                  .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "done")
                  .willReturn(json(200, answers.get(i)));
          bedrock.server.stubFor(i == 0 ? stub.willSetStateTo("done") : stub);
        }

        List<JobState> seen = new ArrayList<>();
        JobStatus end = job.await(Duration.ofSeconds(30), s -> seen.add(s.state()));

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.outputModelArn()).endsWith("/m1");
        assertThat(seen).containsExactly(JobState.IN_PROGRESS, JobState.COMPLETED);
        assertThat(job.metrics())
            .containsExactly(
                new MetricPoint(1, 0, 1.1, null, 3.0, null),
                new MetricPoint(2, 1, 0.6, 0.7, 1.8, 2.0));

        // and the tracker remembers it all
        assertThat(tracker.job(arn).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(tracker.jobEvents(arn))
            .extracting(e -> e.status().state())
            .containsExactly(JobState.IN_PROGRESS, JobState.COMPLETED);
        var lineage = tracker.lineage(arn).orElseThrow();
        assertThat(lineage.dataset().trainUri()).isEqualTo(trainUri);
        assertThat(lineage.dataset().trainCount() + lineage.dataset().validationCount())
            .isEqualTo(12);
      }
    } finally {
      polychat.stop();
      tracker.close();
    }
  }
}
