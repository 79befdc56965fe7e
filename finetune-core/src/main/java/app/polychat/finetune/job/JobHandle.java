package app.polychat.finetune.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A submitted job, as the backend that took it describes it.
 *
 * @param jobId the id to describe, watch or stop it by (an ARN on Bedrock)
 * @param jobName the job name
 * @param submittedAt when it was submitted
 * @param requestToken the idempotency token sent with the submission
 * @param dryRun whether nothing was submitted: true when a backend that only writes the request
 *     (the {@link DryRunBackend}) made this handle, false when a service took the job. A dry run
 *     trains no model, so it is never reported as a trained one
 */
public record JobHandle(
    String jobId, String jobName, Instant submittedAt, String requestToken, boolean dryRun) {
  /**
   * Checks that the job id, name and submission time are given.
   *
   * @param jobId the id to describe, watch or stop it by (an ARN on Bedrock)
   * @param jobName the job name
   * @param submittedAt when it was submitted
   * @param requestToken the idempotency token sent with the submission
   * @param dryRun whether nothing was submitted: true when a backend that only writes the request
   *     (the {@link DryRunBackend}) made this handle, false when a service took the job. A dry run
   *     trains no model, so it is never reported as a trained one
   */
  public JobHandle {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }
}
