package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.backendFor;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code finetune job stop} command. */
@Command(name = "stop", description = "Stop a running job (it goes through Stopping to Stopped).")
final class JobStopCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "JOB_ARN")
  String jobId;

  JobStopCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (Components components = new Components(context)) {
      backendFor(components, jobId).stop(jobId);
      context
          .terminal()
          .println("Stopping " + jobId + ". Check with: finetune job status " + jobId);
      return 0;
    }
  }
}
