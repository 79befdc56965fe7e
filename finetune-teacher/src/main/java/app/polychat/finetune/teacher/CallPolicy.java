package app.polychat.finetune.teacher;

import java.time.Duration;
import java.util.Objects;

/**
 * How a teacher protects the API it calls and itself, the one call policy of every teacher: retries
 * with exponential backoff and jitter (or the server's {@code Retry-After}), a request pace, a
 * token-rate budget, a cap on calls in flight, a circuit breaker that stops a run after a streak of
 * failures, and how long a call may wait for each of them. {@link TeacherCaller} applies it.
 *
 * <p>Built like Resilience4j's own configurations: {@link #ofDefaults()} or {@link #custom()}, each
 * setter checking its value at once. Immutable and thread-safe. Each teacher starts from its own
 * default (the Polychat teacher paces at Polychat's documented 120 requests a minute with 32 calls
 * in flight; the Bedrock teacher leaves pacing to Bedrock's throttling, with 8 in flight and a
 * breaker that counts requests); the general defaults are:
 *
 * <ul>
 *   <li>{@value #DEFAULT_MAX_ATTEMPTS} attempts per request, backoff from 1 s doubling to at most
 *       60 s with ±50 % jitter, a {@code Retry-After} of up to 5 minutes honoured as given;
 *   <li>no request pace (0); when one is set, calls are paced adaptively just under it: slower and
 *       paused for the server's {@code Retry-After} on a 429, then back up;
 *   <li>no token budget, a request estimated as its prompt and system characters / 4 plus {@value
 *       #DEFAULT_ASSUMED_OUTPUT_TOKENS} answer tokens;
 *   <li>{@value #DEFAULT_MAX_CONCURRENT_CALLS} calls in flight;
 *   <li>the circuit opens after {@value #DEFAULT_CIRCUIT_BREAKER_THRESHOLD} consecutive failed
 *       attempts (0 turns it off) and tries again after 60 s;
 *   <li>a call waits at most 10 minutes for the pace or the token budget, and 10 minutes for a free
 *       call slot, before it fails (retryable).
 * </ul>
 *
 * <pre>{@code
 * CallPolicy policy = CallPolicy.custom()
 *     .requestsPerMinute(60)       // a free-tier key
 *     .tokensPerMinute(28_000)     // for an API that also limits tokens
 *     .maxConcurrentCalls(16)
 *     .build();
 * }</pre>
 */
public final class CallPolicy {
  /** Attempts per request, the first call included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** Answer tokens assumed for a request before it is sent (the original toolkit's estimate). */
  public static final int DEFAULT_ASSUMED_OUTPUT_TOKENS = 500;

  /** Calls in flight at once. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 8;

  /** Consecutive failures that open the circuit. */
  public static final int DEFAULT_CIRCUIT_BREAKER_THRESHOLD = 5;

  /** What the circuit breaker counts towards its threshold. */
  public enum BreakerCounts {
    /**
     * Every failed attempt (the breaker sits inside the retry): one request that used up all its
     * attempts against a failing API opens it.
     */
    ATTEMPTS,
    /** Requests that still failed after all their retries (the breaker sits outside the retry). */
    REQUESTS
  }

  private static final CallPolicy DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final double jitter;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final int requestsPerMinute;
  private final int tokensPerMinute;
  private final int assumedOutputTokens;
  private final Duration maxRateLimitWait;
  private final int maxConcurrentCalls;
  private final Duration maxConcurrencyWait;
  private final int circuitBreakerThreshold;
  private final BreakerCounts circuitBreakerCounts;
  private final Duration circuitBreakerOpenDuration;

  private CallPolicy(Builder b) {
    if (b.maxBackoff.compareTo(b.initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff ("
              + b.maxBackoff
              + ") must not be shorter than initialBackoff ("
              + b.initialBackoff
              + ")");
    }
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.jitter = b.jitter;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.requestsPerMinute = b.requestsPerMinute;
    this.tokensPerMinute = b.tokensPerMinute;
    this.assumedOutputTokens = b.assumedOutputTokens;
    this.maxRateLimitWait = b.maxRateLimitWait;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxConcurrencyWait = b.maxConcurrencyWait;
    this.circuitBreakerThreshold = b.circuitBreakerThreshold;
    this.circuitBreakerCounts = b.circuitBreakerCounts;
    this.circuitBreakerOpenDuration = b.circuitBreakerOpenDuration;
  }

  /**
   * The general defaults listed in the class description.
   *
   * @return the default policy
   */
  public static CallPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the general defaults.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder starting from this policy.
   *
   * @return a new builder with this policy's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * @return attempts per request, the first call included (1 means no retry)
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * @return the wait before the second attempt; later waits grow by {@link #backoffMultiplier()}
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * @return growth of the wait from one retry to the next
   */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /**
   * @return randomization of each wait, as a fraction (0.5 = anywhere within ±50 %)
   */
  public double jitter() {
    return jitter;
  }

  /**
   * @return the longest computed backoff wait
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * @return the longest {@code Retry-After} honoured by waiting; a longer one ends the request with
   *     a retryable failure that carries the server's wait
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * @return the most requests per minute, the pace's ceiling (the pace itself adapts below it to
   *     the server's 429 answers); 0 means no pacing
   */
  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  /**
   * @return estimated tokens per minute (prompt and answer); 0 means no budget
   */
  public int tokensPerMinute() {
    return tokensPerMinute;
  }

  /**
   * @return answer tokens assumed for a request before it is sent, for the token budget
   */
  public int assumedOutputTokens() {
    return assumedOutputTokens;
  }

  /**
   * @return the longest a call waits for the pace or the token budget before it fails (retryable)
   */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /**
   * @return calls in flight at once; further callers wait
   */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /**
   * @return the longest a caller waits for a free slot before it fails (retryable)
   */
  public Duration maxConcurrencyWait() {
    return maxConcurrencyWait;
  }

  /**
   * @return consecutive failures that open the circuit; 0 means no circuit breaker
   */
  public int circuitBreakerThreshold() {
    return circuitBreakerThreshold;
  }

  /**
   * @return whether the breaker counts failed attempts or requests that failed after their retries
   */
  public BreakerCounts circuitBreakerCounts() {
    return circuitBreakerCounts;
  }

  /**
   * @return how long an open circuit refuses calls before it lets one through to test the API
   */
  public Duration circuitBreakerOpenDuration() {
    return circuitBreakerOpenDuration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallPolicy other
        && maxAttempts == other.maxAttempts
        && initialBackoff.equals(other.initialBackoff)
        && Double.compare(backoffMultiplier, other.backoffMultiplier) == 0
        && Double.compare(jitter, other.jitter) == 0
        && maxBackoff.equals(other.maxBackoff)
        && maxRetryAfter.equals(other.maxRetryAfter)
        && requestsPerMinute == other.requestsPerMinute
        && tokensPerMinute == other.tokensPerMinute
        && assumedOutputTokens == other.assumedOutputTokens
        && maxRateLimitWait.equals(other.maxRateLimitWait)
        && maxConcurrentCalls == other.maxConcurrentCalls
        && maxConcurrencyWait.equals(other.maxConcurrencyWait)
        && circuitBreakerThreshold == other.circuitBreakerThreshold
        && circuitBreakerCounts == other.circuitBreakerCounts
        && circuitBreakerOpenDuration.equals(other.circuitBreakerOpenDuration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        jitter,
        maxBackoff,
        maxRetryAfter,
        requestsPerMinute,
        tokensPerMinute,
        assumedOutputTokens,
        maxRateLimitWait,
        maxConcurrentCalls,
        maxConcurrencyWait,
        circuitBreakerThreshold,
        circuitBreakerCounts,
        circuitBreakerOpenDuration);
  }

  @Override
  public String toString() {
    return "CallPolicy{maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + " x"
        + backoffMultiplier
        + " up to "
        + maxBackoff
        + " ±"
        + Math.round(jitter * 100)
        + "%, maxRetryAfter="
        + maxRetryAfter
        + ", requestsPerMinute="
        + (requestsPerMinute == 0 ? "off" : requestsPerMinute)
        + ", tokensPerMinute="
        + (tokensPerMinute == 0 ? "off" : tokensPerMinute)
        + ", assumedOutputTokens="
        + assumedOutputTokens
        + ", maxConcurrentCalls="
        + maxConcurrentCalls
        + ", circuitBreakerThreshold="
        + (circuitBreakerThreshold == 0
            ? "off"
            : circuitBreakerThreshold
                + " "
                + circuitBreakerCounts.name().toLowerCase(java.util.Locale.ROOT))
        + "}";
  }

  /** Builds a {@link CallPolicy}; every setter rejects a bad value at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private double jitter = 0.5;
    private Duration maxBackoff = Duration.ofSeconds(60);
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private int requestsPerMinute;
    private int tokensPerMinute;
    private int assumedOutputTokens = DEFAULT_ASSUMED_OUTPUT_TOKENS;
    private Duration maxRateLimitWait = Duration.ofMinutes(10);
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private Duration maxConcurrencyWait = Duration.ofMinutes(10);
    private int circuitBreakerThreshold = DEFAULT_CIRCUIT_BREAKER_THRESHOLD;
    private BreakerCounts circuitBreakerCounts = BreakerCounts.ATTEMPTS;
    private Duration circuitBreakerOpenDuration = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(CallPolicy s) {
      maxAttempts = s.maxAttempts;
      initialBackoff = s.initialBackoff;
      backoffMultiplier = s.backoffMultiplier;
      jitter = s.jitter;
      maxBackoff = s.maxBackoff;
      maxRetryAfter = s.maxRetryAfter;
      requestsPerMinute = s.requestsPerMinute;
      tokensPerMinute = s.tokensPerMinute;
      assumedOutputTokens = s.assumedOutputTokens;
      maxRateLimitWait = s.maxRateLimitWait;
      maxConcurrentCalls = s.maxConcurrentCalls;
      maxConcurrencyWait = s.maxConcurrencyWait;
      circuitBreakerThreshold = s.circuitBreakerThreshold;
      circuitBreakerCounts = s.circuitBreakerCounts;
      circuitBreakerOpenDuration = s.circuitBreakerOpenDuration;
    }

    /**
     * @param maxAttempts attempts per request, the first call included; at least 1 (1 = no retry)
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = atLeast("maxAttempts", maxAttempts, 1);
      return this;
    }

    /**
     * @param initialBackoff the wait before the second attempt; at least 1 ms
     * @return this builder
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = atLeastOneMilli("initialBackoff", initialBackoff);
      return this;
    }

    /**
     * @param backoffMultiplier growth of the wait between retries; at least 1.0 (1.0 = constant)
     * @return this builder
     */
    public Builder backoffMultiplier(double backoffMultiplier) {
      if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
        throw new IllegalArgumentException(
            "backoffMultiplier must be a finite number >= 1.0, was " + backoffMultiplier);
      }
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /**
     * @param jitter randomization of each wait, from 0 (none) to below 1 (0.5 = ±50 %)
     * @return this builder
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * @param maxBackoff the longest computed backoff wait; at least 1 ms and not below the initial
     *     backoff
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = atLeastOneMilli("maxBackoff", maxBackoff);
      return this;
    }

    /**
     * @param maxRetryAfter the longest {@code Retry-After} honoured by waiting; zero or more
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = notNegative("maxRetryAfter", maxRetryAfter);
      return this;
    }

    /**
     * @param requestsPerMinute the most requests per minute; calls are paced adaptively just below
     *     it. 0 turns pacing off (429 answers are then only retried after their {@code Retry-After}
     *     or a backoff)
     * @return this builder
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      this.requestsPerMinute = atLeast("requestsPerMinute", requestsPerMinute, 0);
      return this;
    }

    /**
     * @param tokensPerMinute estimated tokens per minute; 0 turns the budget off
     * @return this builder
     */
    public Builder tokensPerMinute(int tokensPerMinute) {
      this.tokensPerMinute = atLeast("tokensPerMinute", tokensPerMinute, 0);
      return this;
    }

    /**
     * @param assumedOutputTokens answer tokens assumed for a request before it is sent; 0 or more
     * @return this builder
     */
    public Builder assumedOutputTokens(int assumedOutputTokens) {
      this.assumedOutputTokens = atLeast("assumedOutputTokens", assumedOutputTokens, 0);
      return this;
    }

    /**
     * @param maxRateLimitWait the longest a call waits for the rate limits; zero or more
     * @return this builder
     */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = notNegative("maxRateLimitWait", maxRateLimitWait);
      return this;
    }

    /**
     * @param maxConcurrentCalls calls in flight at once; at least 1
     * @return this builder
     */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
      return this;
    }

    /**
     * @param maxConcurrencyWait the longest a caller waits for a free slot; zero or more
     * @return this builder
     */
    public Builder maxConcurrencyWait(Duration maxConcurrencyWait) {
      this.maxConcurrencyWait = notNegative("maxConcurrencyWait", maxConcurrencyWait);
      return this;
    }

    /**
     * @param circuitBreakerThreshold consecutive failures that open the circuit; 0 turns the
     *     circuit breaker off
     * @return this builder
     */
    public Builder circuitBreakerThreshold(int circuitBreakerThreshold) {
      this.circuitBreakerThreshold = atLeast("circuitBreakerThreshold", circuitBreakerThreshold, 0);
      return this;
    }

    /**
     * @param circuitBreakerCounts what the breaker counts: failed attempts (the default) or
     *     requests that failed after their retries
     * @return this builder
     */
    public Builder circuitBreakerCounts(BreakerCounts circuitBreakerCounts) {
      this.circuitBreakerCounts =
          Objects.requireNonNull(circuitBreakerCounts, "circuitBreakerCounts");
      return this;
    }

    /**
     * @param circuitBreakerOpenDuration how long an open circuit refuses calls before it tries one;
     *     at least 1 ms
     * @return this builder
     */
    public Builder circuitBreakerOpenDuration(Duration circuitBreakerOpenDuration) {
      this.circuitBreakerOpenDuration =
          atLeastOneMilli("circuitBreakerOpenDuration", circuitBreakerOpenDuration);
      return this;
    }

    /**
     * @return the policy
     * @throws IllegalArgumentException when the max backoff is shorter than the initial one
     */
    public CallPolicy build() {
      return new CallPolicy(this);
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
      }
      return value;
    }

    private static Duration notNegative(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }

    private static Duration atLeastOneMilli(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
      }
      return value;
    }
  }
}
