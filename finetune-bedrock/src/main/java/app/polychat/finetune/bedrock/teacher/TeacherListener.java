package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.source.GenerationRequest;
import java.time.Duration;

/**
 * Hears what the Bedrock teachers do between a request and its outcome, so a front end can show
 * retries, rate-limit waits and the progress of batch jobs. Registered on the builders of {@link
 * BedrockConverseExampleSource} and {@link BedrockBatchExampleSource}.
 *
 * <p>Methods are called on the thread doing the work, possibly from several at once; keep them
 * quick. An exception a listener throws is logged and ignored. Every method has an empty default.
 */
public interface TeacherListener {

  /**
   * A Converse attempt failed with a retryable error; the source waits {@code wait}, then tries
   * again.
   *
   * @param failedAttempt the attempt that failed (1 for the first call)
   * @param reason why, without secrets
   */
  default void onRetry(
      GenerationRequest request, int failedAttempt, Duration wait, String reason) {}

  /** A Converse call waits for the request-rate limit before it is sent. */
  default void onRateLimited(GenerationRequest request, Duration wait, String limit) {}

  /** Requests failed {@code consecutiveFailures} times in a row: the source stops the run. */
  default void onCircuitOpen(int consecutiveFailures, String lastFailure) {}

  /**
   * A batch inference job was submitted, or found again on a rerun.
   *
   * @param jobArn the job
   * @param records the requests it answers
   * @param reattached true when the job existed already (nothing was submitted)
   */
  default void onBatchJobStarted(String jobArn, int records, boolean reattached) {}

  /**
   * A batch job's status, each time it is polled.
   *
   * @param status Bedrock's status ({@code Submitted}, {@code InProgress}, {@code Completed}, ...)
   * @param processed records processed so far, or -1 when Bedrock did not say
   * @param total records in the job
   */
  default void onBatchJobStatus(String jobArn, String status, long processed, long total) {}

  /**
   * A finished batch job's results were read back.
   *
   * @param answered records answered and delivered
   * @param failed records delivered as failures (their own errors, or missing from the output)
   */
  default void onBatchJobCollected(String jobArn, int answered, int failed) {}
}
