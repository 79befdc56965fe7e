package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.CLOCK;

import app.polychat.finetune.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines of {@code job watch}: one when something changed (state, a sub-stage, a new loss),
 * nothing for a poll that saw the same, each with the clock and the time since the job started.
 */
final class JobWatchLog {
  private final Terminal t;
  private final Instant watchStarted;
  private final List<Double> losses = new ArrayList<>();
  private String lastState;
  private String lastStages;
  private Double lastTraining;
  private Double lastValidation;

  JobWatchLog(Terminal t, Instant watchStarted) {
    this.t = t;
    this.watchStarted = watchStarted;
  }

  void on(JobStatus status) {
    String stages =
        status.stages().stream()
            .map(s -> s.stage() + ": " + s.status())
            .collect(Collectors.joining(", "));
    boolean newState = !status.state().displayName().equals(lastState);
    boolean newStages = !stages.equals(lastStages);
    boolean newTraining =
        status.trainingLoss() != null && !status.trainingLoss().equals(lastTraining);
    boolean newValidation =
        status.validationLoss() != null && !status.validationLoss().equals(lastValidation);
    if (!newState && !newStages && !newTraining && !newValidation) {
      return;
    }
    Instant now = Instant.now();
    Instant from = status.createdAt() != null ? status.createdAt() : watchStarted;
    t.println(
        "["
            + CLOCK.format(now)
            + ", "
            + ProgressPrinter.human(
                Duration.between(from, now).isNegative()
                    ? Duration.ZERO
                    : Duration.between(from, now))
            + " since start] Status: "
            + status.state().displayName()
            + (stages.isEmpty() ? "" : "  (" + stages + ")"));
    if (newTraining) {
      losses.add(status.trainingLoss());
      t.println("  Training Loss: " + status.trainingLoss());
    }
    if (newValidation) {
      t.println("  Validation Loss: " + status.validationLoss());
    }
    if (newTraining && losses.size() > 1) {
      t.println("  " + Sparkline.of(losses));
    }
    lastState = status.state().displayName();
    lastStages = stages;
    lastTraining = status.trainingLoss() != null ? status.trainingLoss() : lastTraining;
    lastValidation = status.validationLoss() != null ? status.validationLoss() : lastValidation;
  }
}
