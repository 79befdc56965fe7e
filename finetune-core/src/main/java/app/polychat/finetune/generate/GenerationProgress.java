package app.polychat.finetune.generate;

import app.polychat.finetune.source.RateStatus;
import java.time.Duration;

/**
 * Counters of a running generation, for progress bars.
 *
 * @param planned requests in the plan
 * @param alreadyDone requests finished by earlier runs (resumed, not asked again)
 * @param toDo requests this run asks for
 * @param succeeded answers accepted so far in this run
 * @param failed calls that failed in this run
 * @param dropped answers rejected by a filter in this run
 * @param estimatedTokens prompt and answer tokens so far in this run (estimated unless the teacher
 *     reported them)
 * @param elapsed time since the run started
 * @param eta estimated time left, or null until one answer arrived
 * @param rate how fast the teacher is being asked and what holds it back, or null when the source
 *     does not pace its calls
 */
public record GenerationProgress(
    int planned,
    int alreadyDone,
    int toDo,
    int succeeded,
    int failed,
    int dropped,
    long estimatedTokens,
    Duration elapsed,
    Duration eta,
    RateStatus rate) {

  /**
   * Counters without a rate status.
   *
   * @param planned requests in the plan
   * @param alreadyDone requests answered by earlier runs
   * @param toDo requests this run asks for
   * @param succeeded examples kept so far
   * @param failed requests failed so far
   * @param dropped examples dropped so far
   * @param estimatedTokens tokens used so far, estimated
   * @param elapsed time since the run started
   * @param eta estimated time left, or null when unknown
   */
  public GenerationProgress(
      int planned,
      int alreadyDone,
      int toDo,
      int succeeded,
      int failed,
      int dropped,
      long estimatedTokens,
      Duration elapsed,
      Duration eta) {
    this(
        planned,
        alreadyDone,
        toDo,
        succeeded,
        failed,
        dropped,
        estimatedTokens,
        elapsed,
        eta,
        null);
  }

  /**
   * Requests of this run that have an outcome.
   *
   * @return the requests with an outcome: succeeded, failed and dropped together
   */
  public int finished() {
    return succeeded + failed + dropped;
  }
}
