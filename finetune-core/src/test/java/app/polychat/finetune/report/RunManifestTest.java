package app.polychat.finetune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {
  @TempDir static Path dir;
  static InMemoryRunTracker tracker;
  static SampleRun run;

  @BeforeAll
  static void sampleRun() {
    tracker = new InMemoryRunTracker();
    run = SampleRun.run(tracker, dir.resolve("strudel"));
    JobReportTest.record(tracker, run);
  }

  static JsonNode manifest(String jobOrModel) {
    return RunManifest.fromTracker(tracker, jobOrModel).orElseThrow().toJsonNode();
  }

  @Test
  void dryRunJob_linksPromptConfigRunDropsSplitAndDatasetHashes() {
    JsonNode m = manifest(run.jobId());
    assertThat(m.path("manifestVersion").asInt()).isEqualTo(RunManifest.VERSION);
    assertThat(m.path("job").path("jobArn").asText()).isEqualTo(run.jobId());
    assertThat(m.path("job").path("state").asText()).isEqualTo("DryRun");
    assertThat(m.path("job").path("spec").path("hyperParameters").path("epochCount").asText())
        .isEqualTo("2");
    assertThat(m.path("job").path("spec").path("trainingUri").asText())
        .isEqualTo(run.dataset().trainUri());

    JsonNode gen = m.path("generation");
    assertThat(gen.path("promptConfigHash").asText())
        .isEqualTo(PromptCatalog.load(ReportFixtures.STRUDEL_PROMPTS).configHash());
    assertThat(gen.path("runId").asText()).isEqualTo(run.dataset().runId());
    assertThat(gen.path("teacher").path("source").asText()).contains("strudel-samples.jsonl");
    assertThat(gen.path("planned").asInt()).isEqualTo(60);
    assertThat(gen.path("failed").asInt()).isEqualTo(6);
    assertThat(gen.path("kept").asLong())
        .isEqualTo(run.dataset().trainCount() + run.dataset().validationCount());
    assertThat(gen.path("dropsByReason").path(SampleRun.LONG_ANSWER).asInt())
        .isEqualTo(
            gen.path("dropped").asInt()
                - gen.path("dropsByReason").path("duplicate answer").asInt());
    assertThat(gen.path("options").path("count").asText()).isEqualTo("60");

    JsonNode dataset = m.path("dataset");
    assertThat(dataset.path("contentHash").asText()).isEqualTo(run.dataset().contentHash());
    assertThat(dataset.path("split").path("seed").asLong()).isEqualTo(42);
    assertThat(dataset.path("split").path("trainRatio").asDouble()).isEqualTo(0.8);
    JsonNode train = dataset.path("files").get(0);
    assertThat(train.path("sha256").asText())
        .isEqualTo(Hashing.sha256Hex(Path.of(run.dataset().trainPath())));
    assertThat(train.path("uri").asText()).isEqualTo(run.dataset().trainUri());
    assertThat(train.path("records").asLong()).isEqualTo(run.dataset().trainCount());
    assertThat(dataset.path("filesMatchContentHash").asBoolean()).isTrue();
    assertThat(m.path("deployment").isNull()).isTrue();
    assertThat(m.path("comparison").isNull()).isTrue();
  }

  @Test
  void model_isFoundByItsArnOrName_onceAStatusReportedIt() {
    JsonNode byArn = manifest(ReportFixtures.MODEL_ARN);
    assertThat(byArn.path("job").path("jobArn").asText()).isEqualTo(ReportFixtures.JOB_ARN);
    assertThat(byArn.path("model").path("customModelArn").asText())
        .isEqualTo(ReportFixtures.MODEL_ARN);
    assertThat(byArn.path("job").path("state").asText()).isEqualTo("Completed");
    assertThat(byArn.path("job").path("spec").path("hyperParameters").path("learningRate").asText())
        .isEqualTo("0.00001");
    assertThat(manifest(ReportFixtures.JOB_NAME)).isEqualTo(byArn);
    assertThat(RunManifest.fromTracker(tracker, "arn:aws:bedrock:nothing")).isEmpty();
  }

  @Test
  void manifest_isDeterministic_andWrittenUnderTheJobsName() throws IOException {
    RunManifest manifest = RunManifest.fromTracker(tracker, ReportFixtures.JOB_ARN).orElseThrow();
    assertThat(manifest.toJson())
        .isEqualTo(RunManifest.fromTracker(tracker, ReportFixtures.JOB_ARN).orElseThrow().toJson());
    Path file = manifest.writeTo(manifest.datasetDirectory().orElseThrow());
    assertThat(file.getFileName().toString()).isEqualTo("lineage-strudel-nova-lite-v4.json");
    assertThat(file.getParent()).isEqualTo(Path.of(run.dataset().trainPath()).getParent());
    assertThat(Files.readString(file)).isEqualTo(manifest.toJson());
    assertThat(Json.parse(Files.readString(file)).path("job").path("jobArn").asText())
        .isEqualTo(ReportFixtures.JOB_ARN);
  }

  @Test
  void comparison_isKeptWithoutThePerPromptAnswers() {
    JsonNode m =
        RunManifest.fromTracker(tracker, ReportFixtures.JOB_ARN)
            .orElseThrow()
            .withComparison(ReportFixtures.comparisonJson(), "compare.json")
            .toJsonNode();
    assertThat(m.path("comparison").path("models")).hasSize(2);
    assertThat(m.path("comparison").has("examples")).isFalse();
    assertThat(m.path("comparison").path("models").get(1).path("compliantShare").asDouble())
        .isEqualTo(0.9091);
  }

  @Test
  void deployment_recordedInTheJobsMetadata_isIncluded() {
    InMemoryRunTracker own = new InMemoryRunTracker();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("trainUri", "s3://bucket/strudel/train.jsonl");
    metadata.put(
        "deploymentArn", "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/x1");
    metadata.put("deploymentName", "strudel-v4");
    own.recordJob(
        new JobRecord(
            "job-1",
            "job-1",
            "amazon.nova-micro-v1:0:128k",
            "m1",
            CustomizationType.FINE_TUNING,
            JobState.COMPLETED,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            metadata));
    JsonNode m = RunManifest.fromTracker(own, "job-1").orElseThrow().toJsonNode();
    assertThat(m.path("deployment").path("deploymentName").asText()).isEqualTo("strudel-v4");
    assertThat(m.path("dataset").isNull()).isTrue();
    assertThat(m.path("generation").isNull()).isTrue();
    assertThat(m.path("job").path("spec").path("trainingUri").asText())
        .isEqualTo("s3://bucket/strudel/train.jsonl");
    assertThat(RunManifest.fromTracker(own, "job-1").orElseThrow().toText())
        .contains("not in the history")
        .contains("none (imported data)");
  }

  @Test
  void secrets_inRunOptions_neverReachTheManifest() {
    InMemoryRunTracker own = new InMemoryRunTracker();
    RunRecord secretRun =
        own.startRun(
            new RunSpec(
                "plan",
                "config",
                "polychat at https://api.example.test?apiKey=sk-live-abcdef123456",
                "claude",
                1,
                RunSettings.unknown()));
    DatasetRecord dataset =
        own.recordDataset(
            new DatasetRecord(
                null,
                "p",
                secretRun.runId(),
                null,
                null,
                "s3://b/t.jsonl",
                null,
                1,
                0,
                "h",
                "bedrock-conversation-2024",
                Instant.EPOCH,
                Map.of()));
    own.recordJob(
        new JobRecord(
            "job-2",
            "job-2",
            "amazon.nova-lite-v1:0:300k",
            "m2",
            CustomizationType.FINE_TUNING,
            JobState.IN_PROGRESS,
            dataset.datasetId(),
            Instant.EPOCH,
            Instant.EPOCH,
            Map.of("authToken", "tok-secret-998877")));
    RunManifest manifest = RunManifest.fromTracker(own, "job-2").orElseThrow();
    assertThat(manifest.toJson())
        .doesNotContain("sk-live-abcdef123456")
        .doesNotContain("tok-secret-998877");
    assertThat(manifest.toText()).doesNotContain("sk-live-abcdef123456");
  }

  @Test
  void fileName_replacesCharactersUnsafeInFilesAndKeys() {
    InMemoryRunTracker own = new InMemoryRunTracker();
    own.recordJob(
        new JobRecord(
            "arn:aws:bedrock:us-east-1:1:model-customization-job/a/b",
            null,
            null,
            null,
            null,
            JobState.IN_PROGRESS,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            Map.of()));
    RunManifest manifest =
        RunManifest.fromTracker(own, "arn:aws:bedrock:us-east-1:1:model-customization-job/a/b")
            .orElseThrow();
    assertThat(manifest.fileName())
        .isEqualTo("lineage-arn-aws-bedrock-us-east-1-1-model-customization-job-a-b.json");
    assertThat(manifest.datasetDirectory()).isEmpty();
  }

  @Test
  void withComparison_thatIsNotJson_isRefused() {
    RunManifest manifest = RunManifest.fromTracker(tracker, run.jobId()).orElseThrow();
    assertThatThrownBy(() -> manifest.withComparison("nope", "compare.json"))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("compare.json");
  }

  @Test
  void toText_readsLikeASummary() {
    String text = RunManifest.fromTracker(tracker, ReportFixtures.JOB_ARN).orElseThrow().toText();
    assertThat(text)
        .contains(ReportFixtures.MODEL_ARN)
        .contains("epochCount=2")
        .contains("60 planned")
        .contains(SampleRun.LONG_ANSWER)
        .contains("unchanged since they were recorded");
  }
}
