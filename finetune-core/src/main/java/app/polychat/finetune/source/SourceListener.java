package app.polychat.finetune.source;

import java.time.Duration;

/**
 * Hears what a teacher does between a request and its outcome: retries, rate-limit waits, changes
 * of pace, the circuit opening, and the progress of remote bulk jobs. The one events interface of
 * every {@link ExampleSource}.
 *
 * <p>Two ways to listen: the generation engine hands each call a listener ({@link
 * ExampleSource#generate(GenerationRequest, SourceListener)}, {@link BulkRun#events()}) that
 * forwards the events to the run's {@code GenerationListener}, so a program that listens to the
 * engine hears them with no extra wiring; and a teacher's builder takes listeners of its own
 * ({@code addListener}) for a program that calls the teacher directly.
 *
 * <p>Methods are called on the thread doing the work, possibly from several threads at once; keep
 * them quick. An exception a listener throws is logged and ignored by the teachers of this project.
 * Every method has an empty default, so an implementation overrides only what it needs.
 *
 * <pre>{@code
 * GeneratedExample answer = teacher.generate(request, new SourceListener() {
 *   public void onRetry(GenerationRequest r, int failedAttempt, Duration wait, String reason) {
 *     log.warn("attempt {} failed ({}), again in {}", failedAttempt, reason, wait);
 *   }
 * });
 * }</pre>
 */
public interface SourceListener {

  /** A listener that ignores every event. */
  SourceListener NONE = new SourceListener() {};

  /**
   * One listener that hands every event to each of {@code listeners} in turn; a listener that
   * throws is logged and skipped, so a front end's bug never fails a paid call.
   *
   * @param listeners the listeners, in the order they hear each event
   * @return the fan-out ({@link #NONE} for an empty list)
   */
  static SourceListener all(java.util.List<? extends SourceListener> listeners) {
    java.util.Objects.requireNonNull(listeners, "listeners");
    return listeners.isEmpty() ? NONE : new FanOut(listeners);
  }

  /**
   * An attempt failed with a retryable error; the teacher waits {@code wait}, then tries again.
   *
   * @param request the request being asked
   * @param failedAttempt the attempt that failed (1 for the first call)
   * @param wait the wait before the next attempt (a backoff, or the server's {@code Retry-After})
   * @param reason why the attempt failed, without secrets
   */
  default void onRetry(
      GenerationRequest request, int failedAttempt, Duration wait, String reason) {}

  /**
   * A call waits for a rate limit before it is sent.
   *
   * @param request the request waiting
   * @param wait how long it waits
   * @param limit which limit holds it, for example {@code "45 requests/minute"}
   */
  default void onRateLimited(GenerationRequest request, Duration wait, String limit) {}

  /**
   * The request pace or what holds it back changed: a 429 lowered the pace or paused every call for
   * the server's {@code Retry-After}, the pace probed back up, or another limit became the one
   * calls wait for. Also available at any time from {@link ExampleSource#rateStatus()}.
   *
   * @param status the pace now and what holds it back
   */
  default void onRateChanged(RateStatus status) {}

  /**
   * The circuit opened: the teacher failed {@code consecutiveFailures} times in a row, and calls
   * are refused until it has had time to recover. A run should stop here.
   *
   * @param consecutiveFailures the failures in a row that opened it
   * @param lastFailure the reason of the last failure, without secrets
   */
  default void onCircuitOpen(int consecutiveFailures, String lastFailure) {}

  /**
   * A remote bulk job (for example a Bedrock batch inference job) was submitted, or found again on
   * a rerun.
   *
   * @param jobId the job's id or ARN
   * @param records the requests it answers
   * @param reattached true when the job existed already (nothing was submitted)
   */
  default void onBulkJobStarted(String jobId, int records, boolean reattached) {}

  /**
   * A bulk job's status, each time it is polled.
   *
   * @param jobId the job's id or ARN
   * @param status the service's status word ({@code Submitted}, {@code InProgress}, ...)
   * @param processed records processed so far, or -1 when the service did not say
   * @param total records in the job
   */
  default void onBulkJobStatus(String jobId, String status, long processed, long total) {}

  /**
   * A finished bulk job's results were read back.
   *
   * @param jobId the job's id or ARN
   * @param answered records answered and delivered
   * @param failed records delivered as failures
   */
  default void onBulkJobCollected(String jobId, int answered, int failed) {}
}
