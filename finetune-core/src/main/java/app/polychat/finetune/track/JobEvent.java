package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import java.time.Instant;
import java.util.Objects;

/** One recorded status of a job: the history {@code job watch} builds. */
public record JobEvent(String jobId, Instant recordedAt, JobStatus status) {
  /**
   * Checks that the job id, time and status are given.
   *
   * @param jobId the job's id
   * @param recordedAt when the status was recorded
   * @param status the status
   */
  public JobEvent {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(status, "status");
  }
}
