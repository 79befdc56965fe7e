package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.polychat.ResilienceSettings;
import app.polychat.finetune.polychat.SourceListener;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps one teacher call in the resilience layers, outermost first:
 *
 * <ol>
 *   <li>retry, with exponential backoff and jitter, or the server's {@code Retry-After};
 *   <li>circuit breaker, opened by a streak of failed calls;
 *   <li>request-rate limit, then token budget (each attempt pays, since each reaches the API);
 *   <li>bulkhead, the cap on calls in flight (held only during the HTTP exchange, never during a
 *       backoff or a rate-limit wait);
 *   <li>the call.
 * </ol>
 *
 * Shared by all threads calling the source; each call gets its own retry context. Not public API.
 */
public final class ResilientCaller {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientCaller.class);

  private final Cancellation cancellation = new Cancellation();
  private final ResilienceSettings settings;
  private final SourceListener listener;
  private final String apiDescription;
  private final RetryConfig retryConfig;
  private final IntervalFunction backoff;
  private final RateGate requestGate;
  private final RateGate tokenGate;
  private final Bulkhead bulkhead;
  private final CircuitBreaker breaker;
  private final AtomicReference<String> lastFailure = new AtomicReference<>("none");

  /** One attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * @param attempt 1 for the first call
     * @param maxAttempts the most attempts this call may take
     */
    T run(int attempt, int maxAttempts);
  }

  /** A call's value and how many attempts it took. */
  public record Outcome<T>(T value, int attempts) {}

  /**
   * @param apiDescription where the API is, for the circuit breaker's message (no secrets)
   */
  public ResilientCaller(
      ResilienceSettings settings, SourceListener listener, String apiDescription) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.apiDescription = Objects.requireNonNull(apiDescription, "apiDescription");
    this.backoff = backoff(settings);
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .intervalBiFunction(
                (attempts, outcome) ->
                    waitMillis(attempts, outcome.isLeft() ? outcome.getLeft() : null))
            .retryOnException(this::worthRetrying)
            .writableStackTraceEnabled(false)
            .build();
    this.requestGate =
        settings.requestsPerMinute() == 0
            ? null
            : RateGate.perMinute(
                "requests", settings.requestsPerMinute(), 1, settings.maxRateLimitWait());
    this.tokenGate =
        settings.tokensPerMinute() == 0
            ? null
            : RateGate.perMinute(
                "tokens",
                settings.tokensPerMinute(),
                tokenBurst(settings),
                settings.maxRateLimitWait());
    this.bulkhead =
        Bulkhead.of(
            "polychat",
            BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxConcurrencyWait())
                .fairCallHandlingStrategyEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
    this.breaker = settings.circuitBreakerThreshold() == 0 ? null : circuitBreaker(settings);
  }

  /**
   * Runs a call through every layer.
   *
   * @param estimatedTokens what the call is expected to cost, for the token budget
   * @throws SourceException the last failure when no attempt succeeded
   */
  public <T> Outcome<T> call(GenerationRequest request, int estimatedTokens, Attempt<T> attempt) {
    AtomicInteger attempts = new AtomicInteger();
    int maxAttempts = settings.maxAttempts();
    Cancellation.Ticket ticket = cancellation.ticket();
    Supplier<T> call =
        bulkheaded(ticket, () -> attempt.run(attempts.incrementAndGet(), maxAttempts));
    if (tokenGate != null) {
      call = tokenGate.decorate(request, estimatedTokens, listener, ticket, call);
    }
    if (requestGate != null) {
      call = requestGate.decorate(request, 1, listener, ticket, call);
    }
    call = rememberingFailures(call);
    if (breaker != null) {
      call = guarded(call);
    }
    T value = Retry.decorateSupplier(retryFor(request), call).get();
    return new Outcome<>(value, Math.max(1, attempts.get()));
  }

  /**
   * Corrects the token budget once a call's real size is known: tokens beyond the estimate are
   * charged, so the next calls wait for them.
   */
  public void settleTokens(int estimated, int actual) {
    if (tokenGate != null && actual > estimated) {
      tokenGate.charge(actual - estimated);
    }
  }

  /** The circuit breaker's state, for tests and diagnostics ({@code "OFF"} without one). */
  public String circuitState() {
    return breaker == null ? "OFF" : breaker.getState().name();
  }

  private Retry retryFor(GenerationRequest request) {
    Retry retry = Retry.of("polychat-" + request.id(), retryConfig);
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              String reason = reasonOf(event.getLastThrowable());
              LOG.warn(
                  "request {}: {}; retrying in {}",
                  request.id(),
                  reason,
                  HttpFailures.human(event.getWaitInterval()));
              listener.onRetry(
                  request, event.getNumberOfRetryAttempts(), event.getWaitInterval(), reason);
            });
    return retry;
  }

  /**
   * Stops sending: calls waiting for a rate limit, a slot or a retry give up with {@link
   * app.polychat.finetune.source.SourceCancelledException}; calls on the wire finish.
   */
  public void cancel() {
    cancellation.cancel();
  }

  private <T> Supplier<T> bulkheaded(Cancellation.Ticket ticket, Supplier<T> call) {
    Supplier<T> checked =
        () -> {
          ticket.throwIfCancelled("a free call slot or a retry");
          return call.get();
        };
    Supplier<T> limited = Bulkhead.decorateSupplier(bulkhead, checked);
    return () -> {
      try {
        return limited.get();
      } catch (BulkheadFullException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new LocalFailureException("interrupted while waiting for a free slot", e, false);
        }
        throw new LocalFailureException(
            "all "
                + settings.maxConcurrentCalls()
                + " call slots stayed busy for "
                + HttpFailures.human(settings.maxConcurrencyWait())
                + "; lower the concurrency or raise the slot wait",
            e,
            true);
      }
    };
  }

  private <T> Supplier<T> rememberingFailures(Supplier<T> call) {
    return () -> {
      try {
        return call.get();
      } catch (SourceException e) {
        if (countsAgainstApi(e)) {
          lastFailure.set(e.getMessage());
        }
        throw e;
      }
    };
  }

  private <T> Supplier<T> guarded(Supplier<T> call) {
    Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, call);
    return () -> {
      try {
        return guarded.get();
      } catch (CallNotPermittedException e) {
        throw new SourceUnavailableException(stoppingMessage(), e, 0);
      }
    };
  }

  private String stoppingMessage() {
    return "stopping: "
        + settings.circuitBreakerThreshold()
        + " consecutive failures, last: "
        + lastFailure.get()
        + "; check the API at "
        + apiDescription
        + " (is it up? is the API key right?), then run the same command again to resume";
  }

  private boolean worthRetrying(Throwable t) {
    if (!(t instanceof SourceException e) || !e.retryable() || e instanceof LocalFailureException) {
      return false;
    }
    return e.retryAfter().map(wait -> wait.compareTo(settings.maxRetryAfter()) <= 0).orElse(true);
  }

  private long waitMillis(int attempts, Throwable failure) {
    if (failure instanceof SourceException e && e.retryAfter().isPresent()) {
      return e.retryAfter().get().toMillis();
    }
    return backoff.apply(attempts);
  }

  /** A 429 is the API pacing us, not failing; local failures never reached it. */
  private static boolean countsAgainstApi(Throwable t) {
    return t instanceof SourceException e
        && !(e instanceof LocalFailureException)
        && !(e instanceof app.polychat.finetune.source.SourceCancelledException)
        && e.httpStatus() != 429;
  }

  private static String reasonOf(Throwable t) {
    return t == null ? "unknown failure" : String.valueOf(t.getMessage());
  }

  private static IntervalFunction backoff(ResilienceSettings s) {
    long initial = s.initialBackoff().toMillis();
    long max = s.maxBackoff().toMillis();
    return s.jitter() == 0
        ? IntervalFunction.ofExponentialBackoff(initial, s.backoffMultiplier(), max)
        : IntervalFunction.ofExponentialRandomBackoff(
            initial, s.backoffMultiplier(), s.jitter(), max);
  }

  /**
   * The token bucket holds about a second of budget, or four assumed answers if that is more, so
   * the first calls go at once; never more than a minute's budget.
   */
  private static int tokenBurst(ResilienceSettings s) {
    long burst = Math.max(s.tokensPerMinute() / 60L, 4L * s.assumedOutputTokens());
    return (int) Math.max(1, Math.min(s.tokensPerMinute(), burst));
  }

  private CircuitBreaker circuitBreaker(ResilienceSettings s) {
    int threshold = s.circuitBreakerThreshold();
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            // the last `threshold` calls all failed = `threshold` consecutive failures
            .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(100f)
            // slowness is the request timeout's business, and calls include rate-limit waits
            .slowCallRateThreshold(100f)
            .slowCallDurationThreshold(Duration.ofDays(365))
            .permittedNumberOfCallsInHalfOpenState(1)
            .waitDurationInOpenState(s.circuitBreakerOpenDuration())
            .recordException(ResilientCaller::countsAgainstApi)
            .ignoreException(t -> !countsAgainstApi(t))
            .writableStackTraceEnabled(false)
            .build();
    CircuitBreaker circuitBreaker = CircuitBreaker.of("polychat", config);
    circuitBreaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                String last = lastFailure.get();
                LOG.warn(
                    "circuit open after {} consecutive failures of {}; last: {}",
                    threshold,
                    apiDescription,
                    last);
                listener.onCircuitOpen(threshold, last);
              }
            });
    return circuitBreaker;
  }
}
