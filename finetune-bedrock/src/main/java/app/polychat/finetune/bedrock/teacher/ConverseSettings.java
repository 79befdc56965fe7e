package app.polychat.finetune.bedrock.teacher;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BedrockConverseExampleSource} paces and retries its Converse calls, wrapped outermost
 * first: a retry with exponential backoff and jitter (for {@code ThrottlingException}, {@code
 * ServiceUnavailableException}, {@code InternalServerException}, {@code ModelNotReadyException},
 * {@code ModelTimeoutException} and dropped connections), a request-rate limit, and a cap on calls
 * in flight. A streak of requests that still failed after their retries stops the run ({@code
 * circuitBreakerThreshold}) instead of paying for more failures. The same ideas, and the same
 * defaults where they apply, as the Polychat source's resilience settings.
 *
 * <p>Defaults: 5 attempts, backoff 1 s × 2 up to 60 s ±50 %, no request-rate limit (Bedrock
 * throttles by its own per-model quotas, and throttled calls are retried), 8 calls in flight, stop
 * after 5 requests in a row failed.
 *
 * <pre>{@code
 * ConverseSettings settings = ConverseSettings.custom()
 *     .requestsPerMinute(200).maxConcurrentCalls(16).build();
 * }</pre>
 */
public final class ConverseSettings {
  private static final ConverseSettings DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final double jitter;
  private final Duration maxBackoff;
  private final int requestsPerMinute;
  private final Duration maxRateLimitWait;
  private final int maxConcurrentCalls;
  private final Duration maxConcurrencyWait;
  private final int circuitBreakerThreshold;

  private ConverseSettings(Builder b) {
    if (b.maxBackoff.compareTo(b.initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff (" + b.maxBackoff + ") must not be shorter than initialBackoff");
    }
    maxAttempts = b.maxAttempts;
    initialBackoff = b.initialBackoff;
    backoffMultiplier = b.backoffMultiplier;
    jitter = b.jitter;
    maxBackoff = b.maxBackoff;
    requestsPerMinute = b.requestsPerMinute;
    maxRateLimitWait = b.maxRateLimitWait;
    maxConcurrentCalls = b.maxConcurrentCalls;
    maxConcurrencyWait = b.maxConcurrencyWait;
    circuitBreakerThreshold = b.circuitBreakerThreshold;
  }

  /** The defaults listed in the class description. */
  public static ConverseSettings ofDefaults() {
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

  /** Attempts per request, the first call included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the second attempt. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Growth of the wait from one retry to the next. */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /** Randomization of each wait, as a fraction (0.5 = ±50 %). */
  public double jitter() {
    return jitter;
  }

  /** The longest backoff wait. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Requests per minute, spread evenly; 0 means no limit. */
  public int requestsPerMinute() {
    return requestsPerMinute;
  }

  /** The longest a call waits for the rate limit before it fails (retryable). */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /** Calls in flight at once. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** The longest a call waits for a free slot before it fails (retryable). */
  public Duration maxConcurrencyWait() {
    return maxConcurrencyWait;
  }

  /** Requests in a row that failed after their retries before the run stops; 0 = never. */
  public int circuitBreakerThreshold() {
    return circuitBreakerThreshold;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConverseSettings s
        && maxAttempts == s.maxAttempts
        && initialBackoff.equals(s.initialBackoff)
        && Double.compare(backoffMultiplier, s.backoffMultiplier) == 0
        && Double.compare(jitter, s.jitter) == 0
        && maxBackoff.equals(s.maxBackoff)
        && requestsPerMinute == s.requestsPerMinute
        && maxRateLimitWait.equals(s.maxRateLimitWait)
        && maxConcurrentCalls == s.maxConcurrentCalls
        && maxConcurrencyWait.equals(s.maxConcurrencyWait)
        && circuitBreakerThreshold == s.circuitBreakerThreshold;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        jitter,
        maxBackoff,
        requestsPerMinute,
        maxRateLimitWait,
        maxConcurrentCalls,
        maxConcurrencyWait,
        circuitBreakerThreshold);
  }

  @Override
  public String toString() {
    return "ConverseSettings{maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + " x"
        + backoffMultiplier
        + " up to "
        + maxBackoff
        + " ±"
        + Math.round(jitter * 100)
        + "%, requestsPerMinute="
        + (requestsPerMinute == 0 ? "off" : requestsPerMinute)
        + ", maxConcurrentCalls="
        + maxConcurrentCalls
        + ", circuitBreakerThreshold="
        + (circuitBreakerThreshold == 0 ? "off" : circuitBreakerThreshold)
        + "}";
  }

  /** Builds {@link ConverseSettings}; every setter rejects a bad value at once. */
  public static final class Builder {
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private double jitter = 0.5;
    private Duration maxBackoff = Duration.ofSeconds(60);
    private int requestsPerMinute;
    private Duration maxRateLimitWait = Duration.ofMinutes(10);
    private int maxConcurrentCalls = 8;
    private Duration maxConcurrencyWait = Duration.ofMinutes(10);
    private int circuitBreakerThreshold = 5;

    private Builder() {}

    private Builder(ConverseSettings s) {
      maxAttempts = s.maxAttempts;
      initialBackoff = s.initialBackoff;
      backoffMultiplier = s.backoffMultiplier;
      jitter = s.jitter;
      maxBackoff = s.maxBackoff;
      requestsPerMinute = s.requestsPerMinute;
      maxRateLimitWait = s.maxRateLimitWait;
      maxConcurrentCalls = s.maxConcurrentCalls;
      maxConcurrencyWait = s.maxConcurrencyWait;
      circuitBreakerThreshold = s.circuitBreakerThreshold;
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

    /** Growth of the wait between retries; at least 1.0. */
    public Builder backoffMultiplier(double backoffMultiplier) {
      if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
        throw new IllegalArgumentException(
            "backoffMultiplier must be a finite number >= 1.0, was " + backoffMultiplier);
      }
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /** Randomization of each wait, from 0 (none) to below 1. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The longest backoff wait; at least 1 ms and not below the initial backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = atLeastOneMilli("maxBackoff", maxBackoff);
      return this;
    }

    /** Requests per minute; 0 turns the limit off. */
    public Builder requestsPerMinute(int requestsPerMinute) {
      this.requestsPerMinute = atLeast("requestsPerMinute", requestsPerMinute, 0);
      return this;
    }

    /** The longest a call waits for the rate limit; zero or more. */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = notNegative("maxRateLimitWait", maxRateLimitWait);
      return this;
    }

    /** Calls in flight at once; at least 1. */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
      return this;
    }

    /** The longest a call waits for a free slot; zero or more. */
    public Builder maxConcurrencyWait(Duration maxConcurrencyWait) {
      this.maxConcurrencyWait = notNegative("maxConcurrencyWait", maxConcurrencyWait);
      return this;
    }

    /** Requests in a row that failed after their retries before the run stops; 0 = never. */
    public Builder circuitBreakerThreshold(int circuitBreakerThreshold) {
      this.circuitBreakerThreshold = atLeast("circuitBreakerThreshold", circuitBreakerThreshold, 0);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the max backoff is shorter than the initial one
     */
    public ConverseSettings build() {
      return new ConverseSettings(this);
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
