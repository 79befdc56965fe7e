package app.polychat.finetune.job;

import java.util.List;

/**
 * Where models are trained: Amazon Bedrock in {@code finetune-bedrock}, or the {@link
 * DryRunBackend} that checks a job and writes the request it would send, without an account.
 *
 * <pre>{@code
 * JobHandle handle = backend.submit(spec);          // idempotent for an equal spec
 * JobStatus status = backend.describe(handle.jobId());
 * }</pre>
 */
public interface CustomizationBackend extends AutoCloseable {

  /**
   * Submits a job. Submitting an equal spec twice (a retry after a timeout, the same command run
   * again) must not create a second job.
   *
   * @param spec the job to submit
   * @return the submitted job's handle, saying whether it was only a dry run
   * @throws BackendException when the service refuses the job (with what to check)
   */
  JobHandle submit(JobSpec spec);

  /**
   * {@return the job's state, sub-stages, failure reason and last known losses}
   *
   * @param jobId the job's id or ARN
   */
  JobStatus describe(String jobId);

  /**
   * {@return one page of jobs, newest first}
   *
   * @param query the filters and the page to read
   */
  Page<JobSummary> list(JobQuery query);

  /**
   * Asks the service to stop the job; it goes through {@code Stopping} to {@code Stopped}.
   *
   * @param jobId the job's id or ARN
   */
  void stop(String jobId);

  /**
   * {@return the loss curves, per step; empty until the service has written them}
   *
   * @param jobId the job's id or ARN
   */
  List<MetricPoint> metrics(String jobId);

  /**
   * {@return whether this backend submits nothing (it checks a job and writes the request it would
   * send): its handles say {@link JobHandle#dryRun()}, and a job is checked as a dry run (local
   * {@code file:} URIs accepted)} False (the default) for a backend that trains.
   */
  default boolean dryRun() {
    return false;
  }

  /**
   * {@return a short name for messages and the run history ({@code bedrock:us-east-1}, {@code
   * dry-run})}
   */
  default String describeBackend() {
    return getClass().getSimpleName();
  }

  @Override
  default void close() {}
}
