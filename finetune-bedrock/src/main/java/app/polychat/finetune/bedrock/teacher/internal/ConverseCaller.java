package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.bedrock.teacher.ConverseSettings;
import app.polychat.finetune.bedrock.teacher.TeacherListener;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps one Converse call in the resilience layers of {@link ConverseSettings}, outermost first: a
 * streak breaker (requests in a row that failed after their retries stop the run), a retry with
 * exponential backoff and jitter, the request-rate limit (every attempt reaches Bedrock, so each
 * pays), and the cap on calls in flight (held only during the call, never during a wait). Once
 * {@link #cancel() cancelled}, the calls begun before are not sent any more: those still waiting
 * give up with {@link SourceCancelledException}. Shared by all threads; each call gets its own
 * retry. Events go to a listener that never throws ({@link TeacherListeners}). Not public API.
 */
public final class ConverseCaller {
  private static final Logger LOG = LoggerFactory.getLogger(ConverseCaller.class);

  private final ConverseSettings settings;
  private final TeacherListener listener;
  private final String description;
  private final RetryConfig retryConfig;
  private final IntervalFunction backoff;
  private final RateLimiter rateLimiter;
  private final String rateDescription;
  private final Bulkhead bulkhead;

  /** Bumped by {@link #cancel()}: a call started in an older epoch is not sent any more. */
  private final AtomicLong epoch = new AtomicLong();

  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicReference<String> lastFailure = new AtomicReference<>("none");

  /** A call's value and how many attempts it took. */
  public record Outcome<T>(T value, int attempts) {}

  /**
   * @param description what is called, for messages, e.g. {@code "model 'x' in us-east-1"}
   */
  public ConverseCaller(ConverseSettings settings, TeacherListener listener, String description) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.description = Objects.requireNonNull(description, "description");
    long initial = settings.initialBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    this.backoff =
        settings.jitter() == 0
            ? IntervalFunction.ofExponentialBackoff(initial, settings.backoffMultiplier(), max)
            : IntervalFunction.ofExponentialRandomBackoff(
                initial, settings.backoffMultiplier(), settings.jitter(), max);
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .intervalFunction(backoff)
            .retryOnException(this::worthRetrying)
            .writableStackTraceEnabled(false)
            .build();
    int perMinute = settings.requestsPerMinute();
    this.rateLimiter =
        perMinute == 0
            ? null
            : RateLimiter.of(
                "bedrock-converse",
                RateLimiterConfig.custom()
                    .limitForPeriod(1)
                    .limitRefreshPeriod(
                        Duration.ofNanos(Math.max(1L, Duration.ofMinutes(1).toNanos() / perMinute)))
                    .timeoutDuration(settings.maxRateLimitWait())
                    .writableStackTraceEnabled(false)
                    .build());
    this.rateDescription = String.format(Locale.ROOT, "%,d requests/minute", perMinute);
    this.bulkhead =
        Bulkhead.of(
            "bedrock-converse",
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxConcurrencyWait())
                .fairCallHandlingStrategyEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
  }

  /**
   * Runs a call through every layer.
   *
   * @throws SourceException the last failure when no attempt succeeded; a {@link
   *     SourceUnavailableException} once too many requests in a row failed
   */
  public <T> Outcome<T> call(GenerationRequest request, Supplier<T> attempt) {
    int threshold = settings.circuitBreakerThreshold();
    if (threshold > 0 && failuresInARow.get() >= threshold) {
      throw new SourceUnavailableException(stoppingMessage(), null, 0);
    }
    AtomicInteger attempts = new AtomicInteger();
    long started = epoch.get();
    Supplier<T> once =
        () -> {
          throwIfCancelled(started, "a retry");
          awaitRate(request, started);
          return inSlot(
              () -> {
                throwIfCancelled(started, "a free call slot");
                attempts.incrementAndGet();
                return attempt.get();
              });
        };
    try {
      T value = Retry.decorateSupplier(retryFor(request), once).get();
      failuresInARow.set(0);
      return new Outcome<>(value, Math.max(1, attempts.get()));
    } catch (SourceException e) {
      throw countFailure(e);
    }
  }

  /**
   * Stops sending the calls started so far: those still waiting give up, those on the wire finish;
   * calls started afterwards (a resumed run in the same process) go ahead.
   */
  public void cancel() {
    epoch.incrementAndGet();
  }

  private SourceException countFailure(SourceException e) {
    boolean againstApi =
        !(e instanceof LocalFailureException)
            && !(e instanceof SourceCancelledException)
            && !(e instanceof SourceUnavailableException)
            && e.httpStatus() != 429;
    if (!againstApi) {
      return e;
    }
    lastFailure.set(e.getMessage());
    int threshold = settings.circuitBreakerThreshold();
    int inARow = failuresInARow.incrementAndGet();
    if (threshold > 0 && inARow == threshold) {
      LOG.warn("{} requests in a row failed on {}; last: {}", inARow, description, e.getMessage());
      listener.onCircuitOpen(inARow, e.getMessage());
      return new SourceUnavailableException(stoppingMessage(), e, e.httpStatus());
    }
    return e;
  }

  private String stoppingMessage() {
    return "stopping: "
        + settings.circuitBreakerThreshold()
        + " requests in a row failed on "
        + description
        + ", last: "
        + lastFailure.get()
        + "; fix the cause, then run the same command again to resume";
  }

  private Retry retryFor(GenerationRequest request) {
    Retry retry = Retry.of("bedrock-converse-" + request.id(), retryConfig);
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              Throwable t = event.getLastThrowable();
              String reason = t == null ? "unknown failure" : String.valueOf(t.getMessage());
              LOG.warn(
                  "request {}: {}; retrying in {} ms",
                  request.id(),
                  reason,
                  event.getWaitInterval().toMillis());
              listener.onRetry(
                  request, event.getNumberOfRetryAttempts(), event.getWaitInterval(), reason);
            });
    return retry;
  }

  private boolean worthRetrying(Throwable t) {
    return t instanceof SourceException e && e.retryable() && !(e instanceof LocalFailureException);
  }

  private void awaitRate(GenerationRequest request, long started) {
    if (rateLimiter == null) {
      return;
    }
    long nanos = rateLimiter.reservePermission();
    if (nanos < 0) {
      throw new LocalFailureException(
          "the "
              + rateDescription
              + " limit would hold this request longer than "
              + settings.maxRateLimitWait()
              + "; raise the limit or lower the concurrency");
    }
    if (nanos == 0) {
      return;
    }
    listener.onRateLimited(request, Duration.ofNanos(nanos), rateDescription);
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      // wake up at least every 50 ms to see whether the run was stopped meanwhile
      LockSupport.parkNanos(Math.min(left, 50_000_000L));
      throwIfCancelled(started, rateDescription + " limit");
      if (Thread.currentThread().isInterrupted()) {
        throw new SourceCancelledException(
            "not sent: interrupted while waiting for the rate limit");
      }
    }
  }

  private <T> T inSlot(Supplier<T> call) {
    try {
      return Bulkhead.decorateSupplier(bulkhead, call).get();
    } catch (BulkheadFullException e) {
      throw new LocalFailureException(
          "all "
              + settings.maxConcurrentCalls()
              + " call slots stayed busy for "
              + settings.maxConcurrencyWait()
              + "; lower the concurrency or raise the slot wait");
    }
  }

  private void throwIfCancelled(long started, String waitingFor) {
    if (epoch.get() != started) {
      throw new SourceCancelledException(
          "not sent: the run is stopping (the call was waiting for " + waitingFor + ")");
    }
  }

  /** A failure on this side, before any call: never retried in place, never the API's fault. */
  static final class LocalFailureException extends SourceException {
    private static final long serialVersionUID = 1L;

    LocalFailureException(String message) {
      super(message, null, true, 0, null);
    }
  }
}
