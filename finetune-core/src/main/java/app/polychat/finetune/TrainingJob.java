package app.polychat.finetune;

import app.polychat.finetune.job.JobHandle;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.track.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A submitted (or attached) customization job. */
public final class TrainingJob {
  private final FineTunePipeline pipeline;
  private final String jobId;
  private final String jobName;
  private final JobHandle handle;

  TrainingJob(FineTunePipeline pipeline, String jobId, String jobName, JobHandle handle) {
    this.pipeline = pipeline;
    this.jobId = jobId;
    this.jobName = jobName;
    this.handle = handle;
  }

  /** {@return the id to watch, describe or stop the job by (an ARN on Bedrock)} */
  public String jobId() {
    return jobId;
  }

  /**
   * The job's name.
   *
   * @return the name
   */
  public String jobName() {
    return jobName;
  }

  /** {@return the submission's handle; empty when attached by id} */
  public Optional<JobHandle> handle() {
    return Optional.ofNullable(handle);
  }

  /**
   * {@return whether the job is a dry run (nothing was submitted, no model will be trained): what
   * the submission's handle says, or for a job attached by id, what the history recorded about it
   * (false when the history does not know it)}
   */
  public boolean dryRun() {
    if (handle != null) {
      return handle.dryRun();
    }
    return pipeline.tracker().job(jobId).map(JobRecord::dryRun).orElse(false);
  }

  /**
   * Asks the backend once, and records what it said.
   *
   * @return the status
   */
  public JobStatus status() {
    JobStatus status = pipeline.backend().describe(jobId);
    pipeline.tracker().recordJobStatus(status);
    return status;
  }

  /**
   * Polls until the job ends or the timeout passes, recording every change.
   *
   * @param listener called with each status that differs from the previous one
   * @param timeout how long to watch at most
   * @return the last status (terminal unless the timeout passed)
   */
  public JobStatus await(Duration timeout, Consumer<JobStatus> listener) {
    return JobWatcher.builder()
        .backend(pipeline.backend())
        .tracker(pipeline.tracker())
        .interval(pipeline.pollInterval())
        .build()
        .await(jobId, timeout, listener);
  }

  /** Asks the backend to stop the job. */
  public void stop() {
    pipeline.backend().stop(jobId);
  }

  /** {@return the loss curves; empty until the service has written them} */
  public List<MetricPoint> metrics() {
    return pipeline.backend().metrics(jobId);
  }
}
