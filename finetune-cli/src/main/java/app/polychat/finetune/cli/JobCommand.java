package app.polychat.finetune.cli;

import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.support.FineTuneException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code finetune job ...}: create, distill, watch, inspect and stop customization jobs. */
@Command(
    name = "job",
    description = "Create and manage fine-tuning, distillation and reinforcement fine-tuning jobs.",
    subcommands = {
      JobCreateCommand.class,
      JobDistillCommand.class,
      JobRftCommand.class,
      JobWatchCommand.class,
      JobStatusCommand.class,
      JobListCommand.class,
      JobStopCommand.class
    })
final class JobCommand {
  static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  static final DateTimeFormatter LOCAL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /**
   * The exit code of a submission refused because nobody confirmed the cost: a usage error, as
   * picocli reports one.
   */
  static final int NOT_CONFIRMED = 2;

  /** The backend that knows a job id: the tracker for dry runs, Bedrock otherwise. */
  static CustomizationBackend backendFor(Components components, String jobId) {
    if (DryRuns.isDryRun(components, jobId)) {
      throw new FineTuneException(
          "'"
              + jobId
              + "' is a dry run: nothing was submitted, so there is nothing to watch or stop");
    }
    return components.bedrock(null, null);
  }

  static Map<String, Object> toMap(JobStatus s) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("jobArn", s.jobId());
    map.put("jobName", s.jobName());
    map.put("status", s.state().displayName());
    Map<String, String> stages = new LinkedHashMap<>();
    for (StageStatus stage : s.stages()) {
      stages.put(stage.stage(), stage.status());
    }
    map.put("stages", stages);
    map.put("failureMessage", s.failureMessage());
    map.put("outputModelArn", s.outputModelArn());
    map.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
    map.put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
    map.put("trainingLoss", s.trainingLoss());
    map.put("validationLoss", s.validationLoss());
    return map;
  }
}
