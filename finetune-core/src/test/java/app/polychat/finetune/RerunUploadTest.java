package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.store.DatasetStore;
import app.polychat.finetune.store.Placement;
import app.polychat.finetune.store.StoreException;
import app.polychat.finetune.store.StoredDataset;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.InMemoryRunTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running upload and train again reuses what is stored and names the same job. */
class RerunUploadTest {
  static final Clock MONDAY = Clock.fixed(Instant.parse("2025-11-10T08:00:00Z"), ZoneOffset.UTC);
  static final Clock TUESDAY = Clock.fixed(Instant.parse("2025-11-11T09:30:00Z"), ZoneOffset.UTC);

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

  FineTunePipeline.Builder pipeline(InMemoryRunTracker tracker, Clock clock) {
    return FineTunePipeline.builder()
        .prompts(prompts())
        .tracker(tracker)
        .outputDir(dir.resolve("out"))
        .project("poems")
        .clock(clock);
  }

  @Test
  void generateUploadTrain_twiceOnAnotherDay_storesOneFolderAndSendsTheSameToken()
      throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    List<TrainingJob> jobs = new ArrayList<>();
    for (Clock clock : List.of(MONDAY, TUESDAY)) {
      try (JsonlExampleSource source = JsonlExampleSource.open(samples());
          FineTunePipeline pipeline = pipeline(tracker, clock).source(source).build()) {
        jobs.add(pipeline.generate(g -> g.count(12)).upload().train(t -> t.epochs(2)));
      }
    }

    try (Stream<Path> folders = Files.list(dir.resolve("out/store/poems"))) {
      String hash =
          LocalDataset.of(dir.resolve("out/train.jsonl"), dir.resolve("out/validation.jsonl"), "x")
              .contentHash();
      assertThat(folders.map(p -> p.getFileName().toString())).containsExactly(hash);
    }
    assertThat(jobs.get(1).jobId()).isEqualTo(jobs.get(0).jobId());
    assertThat(jobs.get(1).handle().orElseThrow().requestToken())
        .isEqualTo(jobs.get(0).handle().orElseThrow().requestToken());
  }

  @Test
  void upload_fresh_storesANewTimestampedCopyAndSoANewToken() throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    List<String> tokens = new ArrayList<>();
    List<StoredDataset> stored = new ArrayList<>();
    for (Clock clock : List.of(MONDAY, TUESDAY)) {
      try (JsonlExampleSource source = JsonlExampleSource.open(samples());
          FineTunePipeline pipeline = pipeline(tracker, clock).source(source).build()) {
        Upload upload = pipeline.generate(g -> g.count(12)).upload(u -> u.fresh(true));
        stored.add(upload.stored());
        tokens.add(upload.train().handle().orElseThrow().requestToken());
      }
    }

    assertThat(stored.get(0).trainingUri().toString()).contains("/poems/2025-11-10T08-00-00/");
    assertThat(stored.get(1).trainingUri().toString()).contains("/poems/2025-11-11T09-30-00/");
    assertThat(tokens.get(1)).isNotEqualTo(tokens.get(0));
  }

  @Test
  void dataset_ofGeneratedFiles_attachesToTheGeneratedRecordSoLineageNamesTheRun()
      throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    DatasetRecord generated;
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline = pipeline(tracker, MONDAY).source(source).build()) {
      generated = pipeline.generate(g -> g.count(12)).record();
    }
    // what `dataset upload --train ... --validation ...` does: a new pipeline over the files
    Path copy = Files.createDirectories(dir.resolve("elsewhere"));
    Path train = Files.copy(dir.resolve("out/train.jsonl"), copy.resolve("train.jsonl"));
    Path validation =
        Files.copy(dir.resolve("out/validation.jsonl"), copy.resolve("validation.jsonl"));
    TrainingJob job;
    try (FineTunePipeline pipeline = pipeline(tracker, TUESDAY).build()) {
      Generation files = pipeline.dataset(train, validation);
      assertThat(files.record().datasetId()).isEqualTo(generated.datasetId());
      job = files.upload().train(t -> t.epochs(2));
    }

    assertThat(tracker.datasets(10)).hasSize(1);
    var lineage = tracker.lineage(job.jobId()).orElseThrow();
    assertThat(lineage.dataset().datasetId()).isEqualTo(generated.datasetId());
    assertThat(lineage.run()).isNotNull();
    assertThat(lineage.run().runId()).isEqualTo(generated.runId());
    assertThat(lineage.run().spec().promptConfigHash()).isEqualTo(prompts().configHash());
  }

  @Test
  void dataset_ofUnknownFiles_isRecordedOnlyOnceStored() throws IOException {
    Path train = samples();
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (FineTunePipeline pipeline =
        pipeline(tracker, MONDAY).validateBeforeUpload(false).build()) {
      Generation files = pipeline.dataset(train, null);
      assertThat(tracker.datasets(10)).isEmpty();
      Upload upload = files.upload();
      assertThat(tracker.datasets(10))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.trainUri()).isEqualTo(upload.stored().trainingUri().toString());
                assertThat(d.runId()).isNull();
              });
    }
  }

  @Test
  void upload_thatFails_recordsNothing() throws IOException {
    Path train = samples();
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    DatasetStore broken =
        (dataset, project, placement) -> {
          throw new StoreException("bucket refused the upload");
        };
    try (FineTunePipeline pipeline =
        pipeline(tracker, MONDAY).store(broken).validateBeforeUpload(false).build()) {
      assertThatThrownBy(() -> pipeline.dataset(train, null).upload())
          .hasMessage("bucket refused the upload");
    }
    assertThat(tracker.datasets(10)).isEmpty();
  }

  @Test
  void upload_thatFails_leavesAKnownRecordWithoutTheNewUris() throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    DatasetRecord generated;
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline = pipeline(tracker, MONDAY).source(source).build()) {
      generated = pipeline.generate(g -> g.count(12)).record();
    }
    DatasetStore broken =
        (dataset, project, placement) -> {
          throw new StoreException("bucket refused the upload");
        };
    try (FineTunePipeline pipeline = pipeline(tracker, TUESDAY).store(broken).build()) {
      assertThatThrownBy(
              () ->
                  pipeline
                      .dataset(dir.resolve("out/train.jsonl"), dir.resolve("out/validation.jsonl"))
                      .upload())
          .isInstanceOf(StoreException.class);
    }
    assertThat(tracker.datasets(10)).containsExactly(generated);
    assertThat(generated.trainUri()).isNull();
  }

  @Test
  void placement_keysUseOnlyCharactersBedrockAcceptsInS3Uris() {
    String hash = LocalDataset.contentHash("ab".repeat(32), null);
    Instant at = Instant.parse("2025-11-09T12:00:00Z");
    // BEDROCK-FACTS.md, Corrections: key characters are [-!_*'().a-zA-Z0-9] and '/'
    assertThat(Placement.CONTENT_ADDRESSED.folder("strudel_v2.1", hash, at))
        .isEqualTo("strudel_v2.1/" + hash)
        .matches("[-!_*'().a-zA-Z0-9/]+");
    assertThat(Placement.TIMESTAMPED.folder("strudel", hash, at))
        .isEqualTo("strudel/2025-11-09T12-00-00")
        .matches("[-!_*'().a-zA-Z0-9/]+");
  }
}
