package app.polychat.finetune.teacher;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.support.Durations;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A per-minute limit in front of a call, on a Resilience4j {@link RateLimiter}: a call reserves its
 * permits (1 for a request limit, its estimated tokens for a token budget), tells the listeners
 * when it has to wait, sleeps the wait out, then goes on.
 *
 * <p>The limiter refills {@code burst} permits every {@code 60 s × burst / perMinute}, so the rate
 * is exact and the bucket never holds more than {@code burst}: a request limit uses a burst of 1
 * (requests spread evenly), a token budget a few requests' worth (so the first calls do not wait).
 * A call may ask for more permits than one refill brings; the limiter then lends them and later
 * callers wait until the debt is repaid, which keeps the long-run rate right. Not public API.
 */
final class RateGate {
  private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

  private final RateLimiter limiter;
  private final String description;
  private final Duration maxWait;

  private RateGate(RateLimiter limiter, String description, Duration maxWait) {
    this.limiter = limiter;
    this.description = description;
    this.maxWait = maxWait;
  }

  /**
   * @param unit what is counted, for messages ("requests", "tokens")
   * @param perMinute the rate, at least 1
   * @param burst the most permits held at once, at least 1 (capped at {@code perMinute})
   * @param maxWait the longest a call may wait
   */
  public static RateGate perMinute(String unit, int perMinute, int burst, Duration maxWait) {
    if (perMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("perMinute and burst must be >= 1");
    }
    int permitsPerPeriod = Math.min(burst, perMinute);
    // in double: the product may not fit a long, and the result is at most a minute in nanos
    long periodNanos =
        Math.max(1L, Math.round((double) NANOS_PER_MINUTE * permitsPerPeriod / perMinute));
    RateLimiterConfig config =
        RateLimiterConfig.custom()
            .limitForPeriod(permitsPerPeriod)
            .limitRefreshPeriod(Duration.ofNanos(periodNanos))
            .timeoutDuration(maxWait)
            .writableStackTraceEnabled(false)
            .build();
    String description = String.format(Locale.ROOT, "%,d %s/minute", perMinute, unit);
    return new RateGate(RateLimiter.of("teacher-" + unit, config), description, maxWait);
  }

  /** For example {@code "45 requests/minute"}. */
  public String description() {
    return description;
  }

  /** Wraps a call: it first waits for {@code permits}. */
  public <T> Supplier<T> decorate(
      GenerationRequest request, int permits, SourceListener listener, Supplier<T> call) {
    return decorate(request, permits, listener, new Cancellation().ticket(), call);
  }

  /** As above; the wait ends early, without sending, when the call's ticket is cancelled. */
  public <T> Supplier<T> decorate(
      GenerationRequest request,
      int permits,
      SourceListener listener,
      Cancellation.Ticket ticket,
      Supplier<T> call) {
    return () -> {
      await(request, permits, listener, ticket);
      return call.get();
    };
  }

  /**
   * Takes permits that were spent without waiting for them (tokens used beyond an estimate), so
   * later calls wait longer. Never blocks.
   */
  public void charge(int permits) {
    if (permits > 0) {
      limiter.reservePermission(permits);
    }
  }

  private void await(
      GenerationRequest request, int permits, SourceListener listener, Cancellation.Ticket ticket) {
    long nanos = limiter.reservePermission(Math.max(1, permits));
    if (nanos < 0) {
      throw new LocalFailureException(
          "the "
              + description
              + " limit would hold this request"
              + (permits > 1 ? " (~" + permits + " " + unitWord() + ")" : "")
              + " longer than "
              + Durations.human(maxWait)
              + "; raise the limit or lower the concurrency",
          null,
          true);
    }
    if (nanos == 0) {
      return;
    }
    listener.onRateLimited(request, Duration.ofNanos(nanos), description);
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      // wake up at least every 50 ms to see whether the run was stopped meanwhile
      LockSupport.parkNanos(Math.min(left, 50_000_000L));
      ticket.throwIfCancelled(description + " limit");
      if (Thread.currentThread().isInterrupted()) {
        throw new LocalFailureException(
            "interrupted while waiting for the " + description + " limit", null, false);
      }
    }
  }

  private String unitWord() {
    return description.substring(description.indexOf(' ') + 1, description.indexOf('/'));
  }
}
