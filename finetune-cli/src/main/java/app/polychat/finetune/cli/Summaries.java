package app.polychat.finetune.cli;

import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import java.nio.file.Path;
import java.util.Map;

/** The summaries several commands print. */
final class Summaries {
  private Summaries() {}

  static void generation(Terminal t, Path workDir, GenerationResult result) {
    LocalDataset dataset = result.dataset();
    t.println(
        String.format(
            "Generated %d examples (%d planned, %d resumed from the journal, %d failed, %d dropped)",
            result.examples(),
            result.planned(),
            result.resumed(),
            result.failed(),
            result.dropped()));
    t.println(relative(workDir, dataset.train().getParent()) + "/");
    boolean hasValidation = dataset.validation() != null;
    t.println(
        String.format(
            "  %s train.jsonl       (%d examples)",
            hasValidation ? "├─" : "└─", dataset.trainCount()));
    if (hasValidation) {
      t.println(String.format("  └─ validation.jsonl  (%d examples)", dataset.validationCount()));
    }
    reasons(t, "Failures", result.failuresByReason());
    reasons(t, "Dropped", result.dropsByReason());
    t.println();
  }

  private static void reasons(Terminal t, String title, Map<String, Integer> byReason) {
    if (byReason.isEmpty()) {
      return;
    }
    t.println(title + ":");
    byReason.forEach((reason, n) -> t.println(String.format("  %4d  %s", n, reason)));
  }

  static void job(Terminal t, Path workDir, JobStatus status, Path datasetDir) {
    if (status.state() == JobState.DRY_RUN) {
      Path request = datasetDir.resolve("dry-run-" + status.jobName() + ".json");
      t.println("Dry run: nothing was submitted and no model was trained.");
      t.println("  Request Bedrock would receive: " + relative(workDir, request));
      t.println(
          "  To train for real, set BEDROCK_ROLE_ARN, BEDROCK_TRAINING_BUCKET and BEDROCK_OUTPUT_BUCKET (see .env.example).");
    } else {
      t.println("Job " + status.jobId() + " ended: " + status.state().displayName());
      if (status.failureMessage() != null) {
        t.println("  Failure: " + status.failureMessage());
      }
      if (status.outputModelArn() != null) {
        t.println("  Model: " + status.outputModelArn());
      }
    }
    if (status.state() == JobState.DRY_RUN) {
      t.println(t.green("✓ Done"));
    }
  }

  static String relative(Path workDir, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(workDir)
        ? workDir.relativize(absolute).toString()
        : absolute.toString();
  }
}
