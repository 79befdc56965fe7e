package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.polychat.ResilienceSettings;
import app.polychat.finetune.polychat.SourceListener;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps one teacher call in the resilience layers, outermost first:
 *
 * <ol>
 *   <li>retry, with exponential backoff and jitter, or the server's {@code Retry-After};
 *   <li>circuit breaker, opened by a streak of failed calls;
 *   <li>request pace ({@link AdaptivePacer}: near the limit, slower after a 429, a pause for the
 *       server's {@code Retry-After}, back up while no 429 comes), then token budget (each attempt
 *       pays, since each reaches the API);
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
  private final AdaptivePacer pacer;
  private final RateGate tokenGate;
  private final Bulkhead bulkhead;
  private final CircuitBreaker breaker;
  private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
  private final java.util.concurrent.atomic.AtomicBoolean warm =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean firstOut =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicLong tokensHeldUntil =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
  private final AtomicReference<String> lastStatus = new AtomicReference<>("");

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
    this.pacer =
        settings.requestsPerMinute() == 0
            ? null
            : new AdaptivePacer(
                settings.requestsPerMinute(),
                Duration.ofMinutes(1),
                settings.maxRetryAfter(),
                System::nanoTime);
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
      call = tokenGate.decorate(request, estimatedTokens, tokenWaits(listener), ticket, call);
    }
    if (pacer != null) {
      call = paced(request, ticket, call);
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

  /** How fast calls go now and what holds them back; empty when no request limit is set. */
  public Optional<RateStatus> rateStatus() {
    if (pacer == null) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    RateStatus.HeldBy heldBy;
    if (!pacer.pausedFor().isZero()) {
      heldBy = RateStatus.HeldBy.SERVER_THROTTLING;
    } else if (tokensHeldUntil.get() - now > 0) {
      heldBy = RateStatus.HeldBy.TOKEN_SETTING;
    } else if (pacer.holding()) {
      heldBy =
          pacer.slowedByServer()
              ? RateStatus.HeldBy.SERVER_THROTTLING
              : settings.requestsPerMinute() == ResilienceSettings.DEFAULT_REQUESTS_PER_MINUTE
                  ? RateStatus.HeldBy.API_LIMIT
                  : RateStatus.HeldBy.RATE_SETTING;
    } else if (bulkhead.getMetrics().getAvailableConcurrentCalls() == 0) {
      heldBy = RateStatus.HeldBy.CONCURRENCY;
    } else {
      heldBy = RateStatus.HeldBy.NOTHING;
    }
    return Optional.of(
        new RateStatus(
            pacer.rate(),
            pacer.sentLastWindow(),
            pacer.limit(),
            heldBy,
            pacer.pausedFor(),
            pacer.throttledAnswers()));
  }

  /** Waits for the pace, sends, and tells the pacer how the server took it. */
  private <T> Supplier<T> paced(
      GenerationRequest request, Cancellation.Ticket ticket, Supplier<T> call) {
    return () -> {
      try {
        return pacedCall(request, ticket, call);
      } finally {
        warm.set(true); // the first call has its outcome: the pace may start
      }
    };
  }

  private <T> T pacedCall(GenerationRequest request, Cancellation.Ticket ticket, Supplier<T> call) {
    awaitWarm(ticket);
    long sentAt = awaitPace(request, ticket);
    try {
      T value = call.get();
      pacer.accepted(sentAt);
      return value;
    } catch (SourceException e) {
      if (e.httpStatus() == 429) {
        if (pacer.throttled(sentAt, e.retryAfter().orElse(null))) {
          RateStatus status = rateStatus().orElseThrow();
          LOG.warn("{} answered 429 (too many requests): {}", apiDescription, status.describe());
          publish(status, true);
        }
      } else if (e.httpStatus() > 0) {
        pacer.accepted(sentAt); // the server's limiter counted it
      }
      throw e;
    }
  }

  /**
   * The very first call goes alone: the others wait for its outcome, so a slow first connection
   * (class loading, TLS, a cold server) does not send the first requests to the server bunched,
   * which would put more than the limit into its window a minute later.
   */
  private void awaitWarm(Cancellation.Ticket ticket) {
    if (warm.get() || firstOut.compareAndSet(false, true)) {
      return;
    }
    while (!warm.get()) {
      LockSupport.parkNanos(10_000_000L);
      ticket.throwIfCancelled(pacer.description() + " pace (the first call's answer)");
      if (Thread.currentThread().isInterrupted()) {
        throw new LocalFailureException(
            "interrupted while waiting for the first call's answer", null, false);
      }
    }
  }

  private long awaitPace(GenerationRequest request, Cancellation.Ticket ticket) {
    while (true) {
      long slot = pacer.reserve();
      long wait = slot - System.nanoTime();
      if (wait > settings.maxRateLimitWait().toNanos()) {
        throw new LocalFailureException(
            "the "
                + pacer.description()
                + " pace would hold this request longer than "
                + HttpFailures.human(settings.maxRateLimitWait())
                + "; raise the limit or lower the concurrency",
            null,
            true);
      }
      if (wait > 0) {
        boolean paused = pacer.pausedUntil() >= slot;
        listener.onRateLimited(
            request,
            Duration.ofNanos(wait),
            paused ? "the server's Retry-After (429)" : pacer.description());
      }
      publish(rateStatus().orElseThrow(), false);
      boolean again = false;
      for (long left = wait; left > 0; left = slot - System.nanoTime()) {
        // wake up at least every 50 ms to see whether the run was stopped or a pause began
        LockSupport.parkNanos(Math.min(left, 50_000_000L));
        ticket.throwIfCancelled(pacer.description() + " pace");
        if (Thread.currentThread().isInterrupted()) {
          throw new LocalFailureException(
              "interrupted while waiting for the " + pacer.description() + " pace", null, false);
        }
        if (pacer.pausedUntil() > slot) {
          again = true; // a 429 arrived meanwhile: wait for the pause, at the lowered pace
          break;
        }
      }
      if (!again) {
        pacer.used(slot);
        return slot;
      }
    }
  }

  /** Tells the listeners when what they would show changed (and always when {@code force}). */
  private void publish(RateStatus status, boolean force) {
    String shown =
        String.format(
            java.util.Locale.ROOT,
            "%.0f|%s|%s",
            status.requestsPerMinute(),
            status.heldBy(),
            status.paused());
    if (!lastStatus.getAndSet(shown).equals(shown) || force) {
      listener.onRateChanged(status);
    }
  }

  /** Tells the listeners, and remembers until when calls wait for the token budget. */
  private SourceListener tokenWaits(SourceListener delegate) {
    return new SourceListener() {
      @Override
      public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
        long until = System.nanoTime() + wait.toNanos();
        tokensHeldUntil.accumulateAndGet(until, (a, b) -> a - b > 0 ? a : b);
        delegate.onRateLimited(request, wait, limit);
      }
    };
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
    if (pacer != null) {
      pacer.releaseUnused();
    }
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
