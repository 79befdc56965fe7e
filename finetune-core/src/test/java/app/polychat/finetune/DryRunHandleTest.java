package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobHandle;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job handle says whether it is a dry run; the backend that made it decides, not its id. */
class DryRunHandleTest {
  @TempDir Path dir;

  private Path samples() throws IOException {
    Path copy = dir.resolve("poems.jsonl");
    try (var in = getClass().getResourceAsStream("/samples/poems.jsonl")) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  private static PromptCatalog prompts() {
    return PromptCatalog.load(
        DryRunHandleTest.class.getResourceAsStream("/prompts/mini.json"), "mini.json");
  }

  @Test
  void theDryRunBackendsHandles_sayDryRun() {
    DryRunBackend backend = DryRunBackend.builder().directory(dir).build();
    assertThat(backend.dryRun()).isTrue();
    JobHandle handle =
        backend.submit(
            JobSpec.builder()
                .jobName("poems-v1")
                .customModelName("poems-v1")
                .baseModel("amazon.nova-lite-v1:0:300k")
                .trainingUri(dir.resolve("train.jsonl").toUri())
                .build());
    assertThat(handle.dryRun()).isTrue();
  }

  @Test
  void aPipelineOnTheDryRunBackend_recordsADryRun_andAnAttachedJobKnowsItFromTheHistory()
      throws IOException {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(prompts())
                .source(source)
                .tracker(tracker)
                .outputDir(dir.resolve("out"))
                .project("poems")
                .build()) {
      TrainingJob job = pipeline.generate(g -> g.count(12)).upload().train();

      assertThat(job.handle().orElseThrow().dryRun()).isTrue();
      assertThat(job.dryRun()).isTrue();
      JobRecord recorded = tracker.job(job.jobId()).orElseThrow();
      assertThat(recorded.state()).isEqualTo(JobState.DRY_RUN);
      assertThat(recorded.dryRun()).isTrue();

      TrainingJob attached = pipeline.attach(job.jobId());
      assertThat(attached.handle()).isEmpty();
      assertThat(attached.dryRun()).as("the history recorded it as a dry run").isTrue();
      assertThat(
              pipeline
                  .attach("arn:aws:bedrock:us-east-1:123456789012:model-customization-job/abc/xyz")
                  .dryRun())
          .as("a job the history does not know is not claimed to be a dry run")
          .isFalse();
    }
  }
}
