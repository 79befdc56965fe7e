package app.polychat.finetune.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A submitted job.
 *
 * @param jobId the id to describe, watch or stop it by (an ARN on Bedrock)
 * @param jobName the job name
 * @param submittedAt when it was submitted
 * @param requestToken the idempotency token sent with the submission
 */
public record JobHandle(String jobId, String jobName, Instant submittedAt, String requestToken) {
  public JobHandle {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }
}
