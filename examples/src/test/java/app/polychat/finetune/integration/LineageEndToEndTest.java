package app.polychat.finetune.integration;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.Upload;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.report.DatasetReport;
import app.polychat.finetune.report.JournalSummary;
import app.polychat.finetune.report.ReportFixtures;
import app.polychat.finetune.report.RunManifest;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.validate.DatasetValidator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage over a real SQLite history after an end-to-end run on the embedded defaults: the shipped
 * Strudel samples as the teacher, the Strudel prompt config, a local store and the dry-run backend.
 * The manifest is read from a reopened database, as a later process would.
 */
class LineageEndToEndTest {
  static final Path SAMPLES =
      Path.of(
          "../finetune-strudel/src/main/resources/app/polychat/finetune/strudel/strudel-samples.jsonl");
  static final Path PROMPTS = Path.of("../configs/strudel-prompts.json");

  @TempDir static Path dir;
  static Path database;
  static DatasetRecord dataset;
  static String jobId;

  @BeforeAll
  static void endToEndRun() {
    database = dir.resolve("history/.finetune.db");
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database);
        JsonlExampleSource source = JsonlExampleSource.open(SAMPLES);
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(PromptCatalog.load(PROMPTS))
                .source(hidingItsSize(source))
                .tracker(tracker)
                .backend(DryRunBackend.builder().directory(dir.resolve("strudel")).build())
                .outputDir(dir.resolve("strudel"))
                .pollInterval(Duration.ofMillis(10))
                .build()) {
      Upload upload =
          pipeline.generate(g -> g.count(60).seed(7).trainRatio(0.75).allowPartial(true)).upload();
      TrainingJob job = upload.train(t -> t.epochs(3).learningRate(0.00002));
      JobStatus end = job.await(Duration.ofSeconds(10), s -> {});
      assertThat(end.state()).isEqualTo(JobState.DRY_RUN);
      dataset = upload.record().orElseThrow();
      jobId = job.jobId();
      // the same dataset trained for real: a Bedrock job's history, as job watch records it
      tracker.recordJob(
          ReportFixtures.job(dataset.datasetId(), dataset.trainUri(), dataset.validationUri()));
      ReportFixtures.statuses().forEach(tracker::recordJobStatus);
    }
  }

  /**
   * The samples as a teacher that does not say it holds 54, so the pipeline plans 60 and 6 requests
   * fail (the set runs out): the lineage then has failures to show. The partial dataset is accepted
   * explicitly.
   */
  static app.polychat.finetune.source.ExampleSource hidingItsSize(JsonlExampleSource samples) {
    return new app.polychat.finetune.source.ExampleSource() {
      @Override
      public app.polychat.finetune.source.GeneratedExample generate(
          app.polychat.finetune.source.GenerationRequest request) {
        return samples.generate(request);
      }

      @Override
      public boolean prefersBulk() {
        return true;
      }

      @Override
      public String describe() {
        return samples.describe();
      }
    };
  }

  static JsonNode manifest(String jobOrModel) {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      return RunManifest.fromTracker(tracker, jobOrModel).orElseThrow().toJsonNode();
    }
  }

  @Test
  void manifest_ofTheDryRun_recordsEveryLinkFromPromptsToJob() {
    JsonNode m = manifest(jobId);
    JsonNode gen = m.path("generation");
    assertThat(gen.path("promptConfigHash").asText())
        .isEqualTo(PromptCatalog.load(PROMPTS).configHash());
    assertThat(gen.path("teacher").path("source").asText()).contains("strudel-samples.jsonl");
    assertThat(gen.path("options").path("seed").asText()).isEqualTo("7");
    assertThat(gen.path("planned").asInt()).isEqualTo(60);
    assertThat(gen.path("kept").asInt() + gen.path("dropped").asInt()).isEqualTo(54);
    assertThat(gen.path("failed").asInt()).isEqualTo(6);
    assertThat(
            gen.path("failuresByReason")
                .path("no unused example left in strudel-samples.jsonl (it holds 54)")
                .asInt())
        .isEqualTo(6);
    JsonNode split = m.path("dataset").path("split");
    assertThat(split.path("seed").asInt()).isEqualTo(7);
    assertThat(split.path("trainRatio").asDouble()).isEqualTo(0.75);
    assertThat(m.path("dataset").path("contentHash").asText()).isEqualTo(dataset.contentHash());
    assertThat(m.path("dataset").path("files").get(1).path("sha256").asText())
        .isEqualTo(Hashing.sha256Hex(Path.of(dataset.validationPath())));
    assertThat(m.path("dataset").path("filesMatchContentHash").asBoolean()).isTrue();
    JsonNode spec = m.path("job").path("spec");
    assertThat(spec.path("hyperParameters").path("epochCount").asText()).isEqualTo("3");
    assertThat(spec.path("hyperParameters").path("learningRate").asText()).isEqualTo("0.00002");
    assertThat(spec.path("trainingUri").asText()).isEqualTo(dataset.trainUri());
    assertThat(m.path("job").path("state").asText()).isEqualTo("DryRun");
  }

  @Test
  void manifest_ofTheTrainedModel_isFoundByItsArnAfterReopening() {
    JsonNode m = manifest(ReportFixtures.MODEL_ARN);
    assertThat(m.path("job").path("jobArn").asText()).isEqualTo(ReportFixtures.JOB_ARN);
    assertThat(m.path("job").path("state").asText()).isEqualTo("Completed");
    assertThat(m.path("model").path("customModelArn").asText()).isEqualTo(ReportFixtures.MODEL_ARN);
    // both jobs trained on the same dataset from the same run
    assertThat(m.path("generation").path("runId"))
        .isEqualTo(manifest(jobId).path("generation").path("runId"));
    assertThat(m.path("dataset").path("datasetId").asText()).isEqualTo(dataset.datasetId());
  }

  @Test
  void manifest_changedFiles_areFlagged() throws Exception {
    Path copy = dir.resolve("changed");
    Files.createDirectories(copy);
    Path db = copy.resolve("history.db");
    Files.copy(database, db);
    Path train = Path.of(dataset.trainPath());
    String original = Files.readString(train);
    try {
      Files.writeString(train, original + original.lines().findFirst().orElseThrow() + "\n");
      try (SqliteRunTracker tracker = SqliteRunTracker.open(db)) {
        RunManifest m = RunManifest.fromTracker(tracker, jobId).orElseThrow();
        assertThat(m.toJsonNode().path("dataset").path("filesMatchContentHash").asBoolean())
            .isFalse();
        assertThat(m.toText()).contains("CHANGED since they were recorded");
      }
    } finally {
      Files.writeString(train, original);
    }
  }

  @Test
  void journal_andDatasetReport_readTheSameRunFromSqlite() {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      JournalSummary journal = JournalSummary.of(tracker, dataset.runId());
      assertThat(journal.journaled()).isEqualTo(60);
      var validation =
          DatasetValidator.builder()
              .build()
              .validate(Path.of(dataset.trainPath()), Path.of(dataset.validationPath()));
      String html = DatasetReport.of(validation, dataset, tracker).toHtml();
      assertThat(html).contains("<td class=\"mono\">" + dataset.runId() + "</td>");
      assertThat(html)
          .contains("<div class=\"v\">" + journal.failed() + "</div><div class=\"k\">failed</div>");
    }
  }
}
