package app.polychat.finetune.polychat;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PolychatExampleSource} protects the teacher API and itself: retries with exponential
 * backoff and jitter, a request-rate limit, a token-rate budget, a cap on calls in flight and a
 * circuit breaker that stops a run after a streak of failures.
 *
 * <p>Built like Resilience4j's own configurations: {@link #ofDefaults()} or {@link #custom()}, each
 * setter checking its value at once. The defaults reach close to the Polychat API's own limit
 * without any configuration (see {@code POLYCHAT-API.md}: about 100–120 requests a minute per key,
 * 429 with {@code Retry-After: 60} beyond it, no token budget):
 *
 * <ul>
 *   <li>5 attempts per request, backoff from 1 s doubling to at most 60 s with ±50 % jitter, a
 *       {@code Retry-After} of up to 5 minutes honoured as given;
 *   <li>at most {@value #DEFAULT_REQUESTS_PER_MINUTE} requests per minute, Polychat's documented
 *       limit per key, paced adaptively: it starts at 97 % of the limit, slows down and pauses for
 *       the server's {@code Retry-After} on a 429, and probes back up (0 turns pacing off);
 *   <li>no token budget (Polychat has none; set one for APIs that limit tokens per minute), a
 *       request estimated as its prompt and system characters / 4 plus 500 answer tokens;
 *   <li>{@value #DEFAULT_MAX_CONCURRENT_CALLS} calls in flight, enough to keep the limit busy with
 *       answers that take up to ~15 s;
 *   <li>the circuit opens after 5 consecutive failures (0 turns it off).
 * </ul>
 *
 * <pre>{@code
 * ResilienceSettings settings = ResilienceSettings.custom()
 *     .requestsPerMinute(60)       // a free-tier key
 *     .tokensPerMinute(28_000)     // for an API that also limits tokens
 *     .maxConcurrentCalls(16)
 *     .build();
 * }</pre>
 */
public final class ResilienceSettings {
  /** Attempts per request, the first call included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /**
   * Polychat's request limit per API key and minute: 120 in its deployment config (its error text
   * says 100; a 429 teaches the pace the real figure).
   */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 120;

  /** No token budget: Polychat limits requests, not tokens. */
  public static final int DEFAULT_TOKENS_PER_MINUTE = 0;

  /** Answer tokens assumed for a request before it is sent (the original toolkit's estimate). */
  public static final int DEFAULT_ASSUMED_OUTPUT_TOKENS = 500;

  /**
   * Calls in flight at once: at 120 requests a minute, 32 slots keep the pace with answers of up to
   * ~15 s each.
   */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;

  /** Consecutive failures that open the circuit. */
  public static final int DEFAULT_CIRCUIT_BREAKER_THRESHOLD = 5;

  private static final ResilienceSettings DEFAULTS = new Builder().build();

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
  private final Duration circuitBreakerOpenDuration;

  private ResilienceSettings(Builder b) {
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
    this.circuitBreakerOpenDuration = b.circuitBreakerOpenDuration;
  }

  /** The defaults listed in the class description. */
  public static ResilienceSettings ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Attempts per request, the first call included (1 means no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the second attempt; later waits grow by {@link #backoffMultiplier()}. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Growth of the wait from one retry to the next. */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /** Randomization of each wait, as a fraction (0.5 = anywhere within ±50 %). */
  public double jitter() {
    return jitter;
  }

  /** The longest computed backoff wait. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The longest {@code Retry-After} honoured by waiting; a longer one ends the request with a
   * retryable failure that carries the server's wait.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * The most requests per minute, the pace's ceiling (the pace itself adapts below it to the
   * server's 429 answers); 0 means no pacing.
   */
  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  /** Estimated tokens per minute (prompt and answer); 0 means no budget. */
  public int tokensPerMinute() {
    return tokensPerMinute;
  }

  /** Answer tokens assumed for a request before it is sent, for the token budget. */
  public int assumedOutputTokens() {
    return assumedOutputTokens;
  }

  /** The longest a call waits for the rate limits before it fails (retryable). */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /** Calls in flight at once; further callers wait. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** The longest a caller waits for a free slot before it fails (retryable). */
  public Duration maxConcurrencyWait() {
    return maxConcurrencyWait;
  }

  /** Consecutive failed calls that open the circuit; 0 means no circuit breaker. */
  public int circuitBreakerThreshold() {
    return circuitBreakerThreshold;
  }

  /** How long an open circuit refuses calls before it lets one through to test the API. */
  public Duration circuitBreakerOpenDuration() {
    return circuitBreakerOpenDuration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResilienceSettings other
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
        circuitBreakerOpenDuration);
  }

  @Override
  public String toString() {
    return "ResilienceSettings{maxAttempts="
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
        + (circuitBreakerThreshold == 0 ? "off" : circuitBreakerThreshold)
        + "}";
  }

  /** Builds {@link ResilienceSettings}; every setter rejects a bad value at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private double jitter = 0.5;
    private Duration maxBackoff = Duration.ofSeconds(60);
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
    private int tokensPerMinute = DEFAULT_TOKENS_PER_MINUTE;
    private int assumedOutputTokens = DEFAULT_ASSUMED_OUTPUT_TOKENS;
    private Duration maxRateLimitWait = Duration.ofMinutes(10);
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private Duration maxConcurrencyWait = Duration.ofMinutes(10);
    private int circuitBreakerThreshold = DEFAULT_CIRCUIT_BREAKER_THRESHOLD;
    private Duration circuitBreakerOpenDuration = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(ResilienceSettings s) {
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
      circuitBreakerOpenDuration = s.circuitBreakerOpenDuration;
    }

    /** Attempts per request, the first call included; at least 1 (1 = no retry). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = atLeast("maxAttempts", maxAttempts, 1);
      return this;
    }

    /** The wait before the second attempt; at least 1 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = atLeastOneMilli("initialBackoff", initialBackoff);
      return this;
    }

    /** Growth of the wait between retries; at least 1.0 (1.0 = constant waits). */
    public Builder backoffMultiplier(double backoffMultiplier) {
      if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
        throw new IllegalArgumentException(
            "backoffMultiplier must be a finite number >= 1.0, was " + backoffMultiplier);
      }
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /** Randomization of each wait, from 0 (none) to below 1 (0.5 = ±50 %). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The longest computed backoff wait; at least 1 ms and not below the initial backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = atLeastOneMilli("maxBackoff", maxBackoff);
      return this;
    }

    /** The longest {@code Retry-After} honoured by waiting; zero or more. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = notNegative("maxRetryAfter", maxRetryAfter);
      return this;
    }

    /**
     * The most requests per minute; calls are paced adaptively just below it. 0 turns pacing off
     * (429 answers are then only retried after their {@code Retry-After}).
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      this.requestsPerMinute = atLeast("requestsPerMinute", requestsPerMinute, 0);
      return this;
    }

    /** Estimated tokens per minute; 0 turns the budget off. */
    public Builder tokensPerMinute(int tokensPerMinute) {
      this.tokensPerMinute = atLeast("tokensPerMinute", tokensPerMinute, 0);
      return this;
    }

    /** Answer tokens assumed for a request before it is sent; 0 or more. */
    public Builder assumedOutputTokens(int assumedOutputTokens) {
      this.assumedOutputTokens = atLeast("assumedOutputTokens", assumedOutputTokens, 0);
      return this;
    }

    /** The longest a call waits for the rate limits; zero or more. */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = notNegative("maxRateLimitWait", maxRateLimitWait);
      return this;
    }

    /** Calls in flight at once; at least 1. */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
      return this;
    }

    /** The longest a caller waits for a free slot; zero or more. */
    public Builder maxConcurrencyWait(Duration maxConcurrencyWait) {
      this.maxConcurrencyWait = notNegative("maxConcurrencyWait", maxConcurrencyWait);
      return this;
    }

    /** Consecutive failures that open the circuit; 0 turns the circuit breaker off. */
    public Builder circuitBreakerThreshold(int circuitBreakerThreshold) {
      this.circuitBreakerThreshold = atLeast("circuitBreakerThreshold", circuitBreakerThreshold, 0);
      return this;
    }

    /** How long an open circuit refuses calls before it tries one; at least 1 ms. */
    public Builder circuitBreakerOpenDuration(Duration circuitBreakerOpenDuration) {
      this.circuitBreakerOpenDuration =
          atLeastOneMilli("circuitBreakerOpenDuration", circuitBreakerOpenDuration);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the max backoff is shorter than the initial one
     */
    public ResilienceSettings build() {
      return new ResilienceSettings(this);
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
