package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.backendFor;

import app.polychat.finetune.JobWatcher;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.FineTuneException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code finetune job watch} command. */
@Command(
    name = "watch",
    description = "Watch a job until it ends: a line per change, losses as they come.",
    footer = {
      "",
      "Example:",
      "  finetune job watch arn:aws:bedrock:us-east-1:123456789012:model-customization-job/..."
    })
final class JobWatchCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "JOB_ARN", description = "The job's ARN (or name).")
  String jobId;

  @Option(
      names = "--interval",
      description = "Seconds between polls (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int interval;

  JobWatchCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Terminal t = context.terminal();
    try (Components components = new Components(context)) {
      CustomizationBackend backend = backendFor(components, jobId);
      JobWatchLog log = new JobWatchLog(t, Instant.now());
      JobStatus end =
          JobWatcher.builder()
              .backend(backend)
              .tracker(components.tracker())
              .interval(Duration.ofSeconds(interval))
              .build()
              .await(jobId, Duration.ofDays(7), log::on);
      t.println();
      if (end.state() != JobState.COMPLETED && end.state().terminal()) {
        // why it failed comes before anything else
        end.failedStage().ifPresent(s -> t.println("Failed stage: " + s.stage()));
        if (end.failureMessage() != null) {
          t.println("Failure: " + end.failureMessage());
        }
      }
      if (end.state() == JobState.COMPLETED) {
        printLossCurve(t, backend);
        if (end.outputModelArn() != null) {
          t.println("Model:    " + end.outputModelArn());
        }
      }
      if (end.state().terminal()) {
        Reports.onJobEnd(context, components, backend, jobId);
        t.println();
        t.println("Next:");
        if (end.state() == JobState.COMPLETED) {
          String model = end.outputModelArn() != null ? end.outputModelArn() : "<model-arn>";
          t.println("  finetune model deploy " + model + "   # on-demand inference");
          t.println("  finetune model compare --custom " + model + " --base <base-model>");
        } else {
          t.println("  finetune report job " + jobId + "   # the whole story of the job");
          t.println("  finetune job create ...   # again, once the cause above is fixed");
        }
      }
      return end.state() == JobState.COMPLETED ? 0 : 1;
    }
  }

  /** The step-wise loss curve, when the service wrote one; a note (not a failure) otherwise. */
  private void printLossCurve(Terminal t, CustomizationBackend backend) {
    try {
      var metrics = backend.metrics(jobId);
      List<Double> curve =
          metrics.stream().map(m -> m.trainingLoss()).filter(v -> v != null).toList();
      if (!curve.isEmpty()) {
        t.println("Training loss over " + metrics.size() + " steps: " + Sparkline.of(curve));
      }
    } catch (FineTuneException e) {
      t.println("(loss curves not read: " + e.getMessage() + ")");
    }
  }

  static void print(Terminal t, JobStatus status) {
    new JobWatchLog(t, Instant.now()).on(status);
  }
}
