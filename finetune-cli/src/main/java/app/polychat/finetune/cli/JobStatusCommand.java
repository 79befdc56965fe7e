package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.backendFor;
import static app.polychat.finetune.cli.JobCommand.toMap;

import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.JobRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code finetune job status} command. */
@Command(name = "status", description = "Show a job's status once.")
final class JobStatusCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "JOB_ARN")
  String jobId;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  JobStatusCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (Components components = new Components(context)) {
      if (DryRuns.isDryRun(components, jobId)) {
        JobRecord record =
            components
                .tracker()
                .job(jobId)
                .orElseThrow(() -> new FineTuneException("no job '" + jobId + "' in the history"));
        context
            .terminal()
            .println(jobId + ": " + record.state().displayName() + " (nothing was submitted)");
        return 0;
      }
      JobStatus status = backendFor(components, jobId).describe(jobId);
      components.tracker().recordJobStatus(status);
      if (format.json) {
        context.terminal().println(Json.writePretty(toMap(status)));
      } else {
        JobWatchCommand.print(context.terminal(), status);
        if (status.failureMessage() != null) {
          context.terminal().println("Failure: " + status.failureMessage());
        }
        if (status.outputModelArn() != null) {
          context.terminal().println("Model: " + status.outputModelArn());
        }
      }
      return 0;
    }
  }
}
