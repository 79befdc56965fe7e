package app.polychat.finetune.polychat;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import java.time.Duration;

/**
 * Hears what {@link PolychatExampleSource} does between a request and its answer, so a front end
 * can show "retried" and "rate-limited" events. Registered on the builder with {@link
 * PolychatExampleSource.Builder#addListener}.
 *
 * <p>Methods are called on the thread making the call, possibly from several threads at once; they
 * should return quickly. An exception thrown by a listener is logged and ignored. Every method has
 * an empty default, so an implementation overrides only what it needs.
 */
public interface SourceListener {

  /**
   * An attempt failed with a retryable error; the source waits {@code wait}, then tries again.
   *
   * @param failedAttempt the attempt that failed (1 for the first call)
   * @param wait the wait before the next attempt (a backoff, or the server's {@code Retry-After})
   * @param reason why the attempt failed, without secrets
   */
  default void onRetry(
      GenerationRequest request, int failedAttempt, Duration wait, String reason) {}

  /**
   * A call waits for a local rate limit before it is sent.
   *
   * @param wait how long it waits
   * @param limit which limit holds it, for example {@code "45 requests/minute"}
   */
  default void onRateLimited(GenerationRequest request, Duration wait, String limit) {}

  /**
   * The request pace or what holds it back changed: a 429 lowered the pace or paused every call for
   * the server's {@code Retry-After}, the pace probed back up, or another limit (your own settings,
   * the call slots) became the one calls wait for. Also available at any time from {@link
   * PolychatExampleSource#rateStatus()}.
   */
  default void onRateChanged(RateStatus status) {}

  /**
   * The circuit opened: the API failed {@code consecutiveFailures} times in a row, and calls are
   * refused until it has had time to recover. A run should stop here.
   *
   * @param lastFailure the reason of the last failure, without secrets
   */
  default void onCircuitOpen(int consecutiveFailures, String lastFailure) {}
}
