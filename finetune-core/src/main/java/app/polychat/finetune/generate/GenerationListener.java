package app.polychat.finetune.generate;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceListener;
import java.time.Duration;

/**
 * Hears what a generation run does, for progress bars and logs. Called from worker threads; keep it
 * quick. Every method has an empty default.
 *
 * <p>It is also the run's {@link SourceListener}: the engine hands it to the teacher with every
 * call, so the teacher's retries and rate-limit waits arrive here with no extra wiring ({@link
 * #retried} and {@link #rateLimited}, or the richer {@code on…} methods of {@link SourceListener}
 * for the wait, the limit's name, pace changes, the circuit opening and bulk jobs).
 *
 * <pre>{@code
 * GenerationEngine engine = GenerationEngine.builder().source(teacher).tracker(tracker)
 *     .listener(new GenerationListener() {
 *       public void retried(GenerationRequest request, int attempt, String reason) {
 *         log.info("asking {} again (attempt {}): {}", request.id(), attempt, reason);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface GenerationListener extends SourceListener {
  /**
   * The run starts.
   *
   * @param progress the counters at the start
   */
  default void started(GenerationProgress progress) {}

  /**
   * A request was answered and its example kept.
   *
   * @param request the request
   * @param progress the counters now
   */
  default void succeeded(GenerationRequest request, GenerationProgress progress) {}

  /**
   * A request failed; the reason is recorded in the journal.
   *
   * @param request the request
   * @param reason why it failed, redacted
   * @param progress the counters now
   */
  default void failed(GenerationRequest request, String reason, GenerationProgress progress) {}

  /**
   * A request was answered but its example dropped by a filter or check.
   *
   * @param request the request
   * @param reason the filter's or check's drop reason
   * @param progress the counters now
   */
  default void dropped(GenerationRequest request, String reason, GenerationProgress progress) {}

  /**
   * The teacher is being asked again: after a transient failure of the call (a throttled or failed
   * attempt), or after an answer that failed a check.
   *
   * @param attempt the attempt about to be made (2 for the first retry)
   * @param request the request asked again
   * @param reason why, such as {@code HTTP 429} or a check's failure reason
   */
  default void retried(GenerationRequest request, int attempt, String reason) {}

  /**
   * A rate limit made the request wait.
   *
   * @param request the request that waited
   * @param wait how long it waited
   */
  default void rateLimited(GenerationRequest request, Duration wait) {}

  /**
   * The run ended.
   *
   * @param result what the run did
   */
  default void finished(GenerationResult result) {}

  /** A teacher's attempt failed and is retried: calls {@link #retried} unless overridden. */
  @Override
  default void onRetry(GenerationRequest request, int failedAttempt, Duration wait, String reason) {
    retried(request, failedAttempt + 1, reason);
  }

  /** A teacher's call waits for a rate limit: calls {@link #rateLimited} unless overridden. */
  @Override
  default void onRateLimited(GenerationRequest request, Duration wait, String limit) {
    rateLimited(request, wait);
  }
}
