package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.InMemoryRunTracker;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTunePipelineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-09T12:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  Path samples() throws IOException {
    Path copy = dir.resolve("poems.jsonl");
    try (var in = getClass().getResourceAsStream("/samples/poems.jsonl")) {
      Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  PromptCatalog prompts() {
    return PromptCatalog.load(getClass().getResourceAsStream("/prompts/mini.json"), "mini.json");
  }

  @Test
  void generateUploadTrain_runsEndToEndOnTheEmbeddedDefaults() throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(prompts())
                .source(source)
                .tracker(tracker)
                .outputDir(dir.resolve("out"))
                .project("poems")
                .clock(CLOCK)
                .build()) {
      TrainingJob job = pipeline.generate(g -> g.count(12)).upload().train(t -> t.epochs(2));

      Path train = dir.resolve("out/train.jsonl");
      assertThat(Files.readAllLines(train)).hasSize(10);
      assertThat(Files.readAllLines(dir.resolve("out/validation.jsonl"))).hasSize(2);
      assertThat(Files.readString(train)).contains("STYLE: haiku").doesNotContain("requestId");
      String contentHash =
          LocalDataset.of(train, dir.resolve("out/validation.jsonl"), "x").contentHash();
      Path stored = dir.resolve("out/store/poems/" + contentHash + "/train.jsonl");
      assertThat(stored).hasSameTextualContentAs(train);

      assertThat(job.jobName()).matches("poems-[0-9a-f]{8}");
      JobStatus status = job.await(Duration.ofSeconds(5), s -> {});
      assertThat(status.state()).isEqualTo(JobState.DRY_RUN);
      Path request = dir.resolve("out/dry-run-" + job.jobName() + ".json");
      JsonNode body = Json.parse(Files.readString(request));
      assertThat(body.path("trainingDataConfig").path("s3Uri").asText())
          .isEqualTo(stored.toUri().toString());
      assertThat(body.path("hyperParameters").path("epochCount").asText()).isEqualTo("2");
      assertThat(body.path("hyperParameters").path("batchSize").asText()).isEqualTo("1");
      assertThat(body.path("hyperParameters").path("learningRate").asText()).isEqualTo("0.00001");
      assertThat(body.path("customizationType").asText()).isEqualTo("FINE_TUNING");
      assertThat(body.path("clientRequestToken").asText()).hasSize(64);

      var lineage = tracker.lineage(job.jobId()).orElseThrow();
      assertThat(lineage.dataset().trainCount()).isEqualTo(10);
      assertThat(lineage.dataset().trainUri()).isEqualTo(stored.toUri().toString());
      assertThat(lineage.run().spec().promptConfigHash()).isEqualTo(prompts().configHash());
      assertThat(tracker.jobEvents(job.jobId()))
          .extracting(e -> e.status().state())
          .contains(JobState.DRY_RUN);
    }
  }

  @Test
  void generate_fromASampleFileGivesTheSameBytesEveryRun() throws IOException {
    List<String> contents = new ArrayList<>();
    for (String run : new String[] {"a", "b"}) {
      try (JsonlExampleSource source = JsonlExampleSource.open(samples());
          FineTunePipeline pipeline =
              FineTunePipeline.builder()
                  .prompts(prompts())
                  .source(source)
                  .concurrency(8)
                  .outputDir(dir.resolve(run))
                  .build()) {
        pipeline.generate(g -> g.count(12));
      }
      contents.add(
          Files.readString(dir.resolve(run + "/train.jsonl"))
              + Files.readString(dir.resolve(run + "/validation.jsonl")));
    }
    assertThat(contents.get(0)).isEqualTo(contents.get(1));
  }

  @Test
  void train_asDistillationSendsTheTeacherAndNoHyperparameters() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder().outputDir(dir).clock(CLOCK).build()) {
      TrainingJob job =
          pipeline
              .stored(train.toUri(), null)
              .train(
                  t ->
                      t.name("distilled")
                          .baseModel("amazon.nova-micro-v1:0:128k")
                          .distillFrom("us.amazon.nova-premier-v1:0"));
      JsonNode body = Json.parse(Files.readString(dir.resolve("dry-run-distilled.json")));
      assertThat(body.path("customizationType").asText()).isEqualTo("DISTILLATION");
      assertThat(body.has("hyperParameters")).isFalse();
      assertThat(
              body.path("customizationConfig")
                  .path("distillationConfig")
                  .path("teacherModelConfig")
                  .path("teacherModelIdentifier")
                  .asText())
          .isEqualTo("us.amazon.nova-premier-v1:0");
      assertThat(job.status().state()).isEqualTo(JobState.DRY_RUN);
    }
  }

  @Test
  void train_nova2LiteLeavesTheValidationSetOutUnlessAskedToSendIt() throws IOException {
    // Nova user guide, "nova-2-sft-data-prep": validation sets are not supported during Nova 2
    // Lite fine-tuning (BEDROCK-FACTS.md, Corrections)
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    Path validation = Files.writeString(dir.resolve("validation.jsonl"), "{}\n");
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder().outputDir(dir).clock(CLOCK).build()) {
      Upload upload = pipeline.stored(train.toUri(), validation.toUri());
      upload.train(
          t -> t.name("nova2-default").baseModel("amazon.nova-2-lite-v1:0:256k").epochs(2));
      upload.train(
          t ->
              t.name("nova2-insists")
                  .baseModel("amazon.nova-2-lite-v1:0:256k")
                  .epochs(2)
                  .validationEvenIfUnsupported(true));
      upload.train(t -> t.name("lite").baseModel("amazon.nova-lite-v1:0:300k").epochs(2));
    }
    assertThat(
            Json.parse(Files.readString(dir.resolve("dry-run-nova2-default.json")))
                .has("validationDataConfig"))
        .isFalse();
    assertThat(
            Json.parse(Files.readString(dir.resolve("dry-run-nova2-insists.json")))
                .has("validationDataConfig"))
        .isTrue();
    assertThat(
            Json.parse(Files.readString(dir.resolve("dry-run-lite.json")))
                .has("validationDataConfig"))
        .isTrue();
  }

  @Test
  void sameSpec_givesTheSameRequestToken() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (FineTunePipeline pipeline =
          FineTunePipeline.builder().outputDir(dir).clock(CLOCK).build()) {
        tokens.add(
            pipeline
                .stored(train.toUri(), null)
                .train(t -> t.name("same"))
                .handle()
                .orElseThrow()
                .requestToken());
      }
    }
    assertThat(tokens.get(0)).isEqualTo(tokens.get(1));
  }

  @Test
  void defaultJobName_isTheSameForTheSameDataAndSettingsSoRerunsAreIdempotent() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    List<String> names = new ArrayList<>();
    for (int epochs : new int[] {2, 2, 3}) {
      Clock later = Clock.offset(CLOCK, Duration.ofHours(names.size()));
      try (FineTunePipeline pipeline =
          FineTunePipeline.builder()
              .outputDir(dir)
              .clock(later)
              .validateBeforeUpload(false)
              .build()) {
        names.add(pipeline.dataset(train, null).upload().train(t -> t.epochs(epochs)).jobName());
      }
    }
    assertThat(names.get(0)).isEqualTo(names.get(1)).matches("strudel-[0-9a-f]{8}");
    assertThat(names.get(2)).isNotEqualTo(names.get(0));
  }

  @Test
  void upload_refusesAnInvalidDatasetListingEveryFindingAndStoresNothing() throws IOException {
    Path train =
        Files.writeString(
            dir.resolve("train.jsonl"),
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"x\"}]}]}\n"
                + "not json\n");
    try (FineTunePipeline pipeline = FineTunePipeline.builder().outputDir(dir).build()) {
      assertThatThrownBy(() -> pipeline.dataset(train, null).upload())
          .isInstanceOf(app.polychat.finetune.validate.ValidationException.class)
          .hasMessageContaining("fix them before uploading");
    }
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void train_refusesAJobOverBudgetSayingByHowMuch() throws IOException {
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(prompts())
                .source(source)
                .outputDir(dir.resolve("out"))
                .maxCost(new java.math.BigDecimal("0.0001"))
                .build()) {
      var upload = pipeline.generate(g -> g.count(12)).upload();
      assertThat(upload.estimate(t -> t.epochs(2)).orElseThrow().totalUsd()).isPositive();
      assertThatThrownBy(() -> upload.train(t -> t.epochs(2)))
          .isInstanceOf(app.polychat.finetune.cost.BudgetExceededException.class)
          .hasMessageContaining("0.0001");
      try (var files = Files.list(dir.resolve("out"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("dry-run-"));
      }
    }
  }

  @Test
  void train_refusesAJobSpecBedrockWouldReject() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    try (FineTunePipeline pipeline = FineTunePipeline.builder().outputDir(dir).build()) {
      assertThatThrownBy(
              () -> pipeline.stored(train.toUri(), null).train(t -> t.name("bad_name!").epochs(9)))
          .isInstanceOf(app.polychat.finetune.validate.ValidationException.class)
          .hasMessageContaining("bad_name!");
    }
  }

  @Test
  void checks_canRefuseAnUploadOrASubmission() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder()
            .outputDir(dir)
            .datasetCheck(
                d -> {
                  throw new FineTuneException("dataset refused");
                })
            .jobCheck(
                s -> {
                  throw new FineTuneException("job refused: " + s.jobName());
                })
            .build()) {
      assertThatThrownBy(() -> pipeline.dataset(train, null).upload())
          .hasMessage("dataset refused");
      assertThatThrownBy(() -> pipeline.stored(train.toUri(), null).train(t -> t.name("j")))
          .hasMessage("job refused: j");
      assertThat(dir.resolve("dry-run-j.json")).doesNotExist();
    }
  }

  @Test
  void generate_withoutSourceOrPromptsSaysWhatToCall() {
    try (FineTunePipeline pipeline = FineTunePipeline.builder().outputDir(dir).build()) {
      assertThatThrownBy(pipeline::generate).hasMessageContaining("call prompts(PromptCatalog)");
    }
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder().prompts(prompts()).outputDir(dir).build()) {
      assertThatThrownBy(pipeline::generate).hasMessageContaining("call source(ExampleSource)");
    }
  }

  @Test
  void dryRunBackend_saysNothingWasSubmitted() {
    DryRunBackend backend = DryRunBackend.builder().directory(dir).build();
    assertThat(backend.describeBackend()).contains("nothing is submitted");
    assertThatThrownBy(() -> backend.describe("arn:aws:bedrock:x"))
        .hasMessageContaining("only knows jobs submitted in this process");
  }
}
