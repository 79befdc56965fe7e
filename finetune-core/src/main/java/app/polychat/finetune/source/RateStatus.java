package app.polychat.finetune.source;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How fast a teacher is being asked right now and what holds it back, for progress bars: a source
 * that paces its calls reports it through {@link ExampleSource#rateStatus()}, and the generation
 * engine hands it on in every {@code GenerationProgress}.
 *
 * @param requestsPerMinute the pace the source is sending at now (its target, not a measurement)
 * @param sentLastMinute requests actually sent in the last minute
 * @param limitPerMinute the most requests per minute the source will ever send (0 = no limit)
 * @param heldBy what limits the pace now
 * @param pausedFor how long every call still waits because the server asked for a pause ({@code
 *     Retry-After}), or {@link Duration#ZERO}
 * @param throttledAnswers how many times the server answered "too many requests" so far
 */
public record RateStatus(
    double requestsPerMinute,
    int sentLastMinute,
    int limitPerMinute,
    HeldBy heldBy,
    Duration pausedFor,
    int throttledAnswers) {

  /** What holds the pace back. */
  public enum HeldBy {
    /** Nothing local: the calls go as fast as the teacher answers them. */
    NOTHING("the teacher's answer time"),
    /** The API's documented request limit, the default ceiling. */
    API_LIMIT("the API's documented limit"),
    /** The server answered "too many requests" (429): the source slowed down, or is paused. */
    SERVER_THROTTLING("the server's 429 answers"),
    /** The user's own request-rate setting ({@code --rate-limit}). */
    RATE_SETTING("your --rate-limit"),
    /** The user's own token budget ({@code --token-limit}). */
    TOKEN_SETTING("your --token-limit"),
    /** Every call slot is busy ({@code --concurrency}). */
    CONCURRENCY("all call slots busy (--concurrency)");

    private final String description;

    HeldBy(String description) {
      this.description = description;
    }

    /**
     * For people, for example {@code "the server's 429 answers"}.
     *
     * @return what limits the rate, for people
     */
    public String description() {
      return description;
    }
  }

  /**
   * Checks that the reason and pause are given and no rate or count is negative.
   *
   * @param requestsPerMinute the pace the source is sending at now (its target, not a measurement)
   * @param sentLastMinute requests actually sent in the last minute
   * @param limitPerMinute the most requests per minute the source will ever send (0 = no limit)
   * @param heldBy what limits the pace now
   * @param pausedFor how long every call still waits because the server asked for a pause ({@code
   *     Retry-After}), or {@link Duration#ZERO}
   * @param throttledAnswers how many times the server answered "too many requests" so far
   * @throws IllegalArgumentException when a rate or count is negative
   */
  public RateStatus {
    Objects.requireNonNull(heldBy, "heldBy");
    Objects.requireNonNull(pausedFor, "pausedFor");
    if (requestsPerMinute < 0 || sentLastMinute < 0 || limitPerMinute < 0 || throttledAnswers < 0) {
      throw new IllegalArgumentException("rates and counts must not be negative");
    }
  }

  /** {@return whether every call waits for the server's {@code Retry-After} now} */
  public boolean paused() {
    return !pausedFor.isZero() && !pausedFor.isNegative();
  }

  /**
   * {@return one line for a progress display, for example {@code "116/min (limit 120/min), held by
   * the API's documented limit"} or {@code "paused 42s by the server's 429 answers, then 97/min"}}
   */
  public String describe() {
    String pace = String.format(Locale.ROOT, "%.0f/min", requestsPerMinute);
    String limit = limitPerMinute == 0 ? "" : " (limit " + limitPerMinute + "/min)";
    if (paused()) {
      return "paused "
          + Math.max(1, (pausedFor.toMillis() + 999) / 1000)
          + "s by "
          + heldBy.description()
          + ", then "
          + pace;
    }
    return pace + limit + ", held by " + heldBy.description();
  }
}
