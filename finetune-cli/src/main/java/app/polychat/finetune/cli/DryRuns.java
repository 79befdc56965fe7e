package app.polychat.finetune.cli;

import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.track.JobRecord;
import java.nio.file.Files;
import java.util.Optional;

/** Whether a job id the user typed names a dry run. */
final class DryRuns {
  private DryRuns() {}

  /**
   * What the history recorded about the job ({@link JobRecord#dryRun()}); for a job it does not
   * know, whether the id has the dry-run backend's form. Opens no database that is not there yet.
   */
  static boolean isDryRun(Components components, String jobId) {
    if (Files.exists(components.databasePath())) {
      Optional<JobRecord> recorded = components.tracker().job(jobId);
      if (recorded.isPresent()) {
        return recorded.get().dryRun();
      }
    }
    return DryRunBackend.isDryRunId(jobId);
  }
}
