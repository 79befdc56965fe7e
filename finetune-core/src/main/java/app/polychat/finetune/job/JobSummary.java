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
  public JobSummary {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
  }
}
