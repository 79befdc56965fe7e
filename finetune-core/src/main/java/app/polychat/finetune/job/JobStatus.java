package app.polychat.finetune.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend says about a job at one moment.
 *
 * @param jobId the job's id (an ARN on Bedrock)
 * @param jobName the name given at submission, or null
 * @param state the overall state
 * @param stages sub-stage statuses, in Bedrock's order; empty when the service gave none
 * @param failureMessage why it failed, or null
 * @param outputModelArn the custom model once it exists, or null
 * @param createdAt when the job was created, or null
 * @param updatedAt last change, or null
 * @param endedAt when it ended, or null
 * @param trainingLoss the last training loss the service reported, or null
 * @param validationLoss the last validation loss, or null
 */
public record JobStatus(
    String jobId,
    String jobName,
    JobState state,
    List<StageStatus> stages,
    String failureMessage,
    String outputModelArn,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt,
    Double trainingLoss,
    Double validationLoss) {
  /**
   * Checks that the job id and state are given and copies the stages.
   *
   * @param jobId the job's id (an ARN on Bedrock)
   * @param jobName the name given at submission, or null
   * @param state the overall state
   * @param stages sub-stage statuses, in Bedrock's order; empty when the service gave none
   * @param failureMessage why it failed, or null
   * @param outputModelArn the custom model once it exists, or null
   * @param createdAt when the job was created, or null
   * @param updatedAt last change, or null
   * @param endedAt when it ended, or null
   * @param trainingLoss the last training loss the service reported, or null
   * @param validationLoss the last validation loss, or null
   */
  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    stages = List.copyOf(Objects.requireNonNullElse(stages, List.of()));
  }

  /** {@return the first stage that failed, if any} */
  public Optional<StageStatus> failedStage() {
    return stages.stream().filter(s -> "Failed".equalsIgnoreCase(s.status())).findFirst();
  }
}
