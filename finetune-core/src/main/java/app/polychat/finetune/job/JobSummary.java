package app.polychat.finetune.job;

import java.time.Instant;
import java.util.Objects;

/** One line of a job listing. */
public record JobSummary(
    String jobId,
    String jobName,
    JobState state,
    String baseModel,
    String customModelName,
    CustomizationType type,
    Instant createdAt,
    Instant endedAt) {
  /**
   * Checks that the job id and state are given.
   *
   * @param jobId the job's id (an ARN on Bedrock)
   * @param jobName the job's name
   * @param state the job's state
   * @param baseModel the model customized
   * @param customModelName the custom model's name, or null
   * @param type the kind of customization, or null when unknown
   * @param createdAt when the job was created, or null
   * @param endedAt when it ended, or null while it runs
   */
  public JobSummary {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
  }
}
