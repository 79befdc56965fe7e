package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.track.JobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run stays a dry run in a database file: its job record keeps the {@code DryRun} state, so a
 * later process (the {@code job status} or {@code report} commands) knows nothing was submitted
 * without guessing from the job id.
 */
class SqliteDryRunJobTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("datasets/.finetune.db");
  }

  private Path samples() throws IOException {
    Path copy = dir.resolve("poems.jsonl");
    try (var in = getClass().getResourceAsStream("/samples/poems.jsonl")) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  @Test
  void aDryRunJob_readBackFromTheFile_isStillADryRun() throws IOException {
    String jobId;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db());
        JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(
                    PromptCatalog.load(
                        getClass().getResourceAsStream("/prompts/mini.json"), "mini.json"))
                .source(source)
                .tracker(tracker)
                .outputDir(dir.resolve("out"))
                .project("poems")
                .build()) {
      TrainingJob job = pipeline.generate(g -> g.count(12)).upload().train();
      assertThat(job.dryRun()).isTrue();
      job.status(); // the dry-run backend's status is recorded too, and keeps the state
      jobId = job.jobId();
    }

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db());
        FineTunePipeline later =
            FineTunePipeline.builder().tracker(reopened).outputDir(dir.resolve("out")).build()) {
      JobRecord record = reopened.job(jobId).orElseThrow();
      assertThat(record.state()).isEqualTo(JobState.DRY_RUN);
      assertThat(record.dryRun()).isTrue();
      assertThat(later.attach(jobId).dryRun()).isTrue();
    }
  }
}
