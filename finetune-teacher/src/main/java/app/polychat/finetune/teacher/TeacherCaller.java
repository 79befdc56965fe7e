package app.polychat.finetune.teacher;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.Durations;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one caller every teacher runs its calls through: it applies a {@link CallPolicy} with
 * Resilience4j, wrapping one teacher call in these layers, outermost first:
 *
 * <ol>
 *   <li>retry, with exponential backoff and jitter, or the server's {@code Retry-After} (a {@link
 *       SourceException#retryAfter()}); only {@linkplain SourceException#retryable() retryable}
 *       failures are retried, never a {@link LocalFailureException};
 *   <li>circuit breaker, opened by a streak of failed attempts (or, with {@link
 *       CallPolicy.BreakerCounts#REQUESTS}, it sits outside the retry and counts requests that
 *       failed after their retries); 429 answers, local failures and cancelled calls do not count.
 *       Every call while it is open (and, when it counts requests, the request that opened it) is a
 *       {@link SourceUnavailableException} that says how to resume;
 *   <li>request pace (an adaptive pacer: just under the limit, slower after a 429, a pause for the
 *       server's {@code Retry-After}, back up while no 429 comes), then token budget (each attempt
 *       pays, since each reaches the API);
 *   <li>bulkhead, the cap on calls in flight (held only during the call itself, never during a
 *       backoff or a rate-limit wait);
 *   <li>the call.
 * </ol>
 *
 * <p>Events (retries, rate-limit waits, pace changes, the circuit opening) go to the listeners
 * registered on the builder and to the listener given with each call (the generation engine's); a
 * listener that throws is logged and skipped. Shared by all threads calling a teacher; each call
 * gets its own retry context.
 *
 * <pre>{@code
 * TeacherCaller caller = TeacherCaller.builder(policy)
 *     .name("polychat").description("https://api.polychat.app")
 *     .stopHint("check the API at https://api.polychat.app (is it up? is the API key right?)")
 *     .build();
 * TeacherCaller.Outcome<Answer> outcome =
 *     caller.call(request, estimatedTokens, listener, (attempt, max) -> http.send(request));
 * }</pre>
 */
public final class TeacherCaller {
  private static final Logger LOG = LoggerFactory.getLogger(TeacherCaller.class);

  private final Cancellation cancellation = new Cancellation();
  private final CallPolicy policy;
  private final String name;
  private final String description;
  private final String stopHint;
  private final int documentedRequestsPerMinute;
  private final SourceListener listeners;
  private final RetryConfig retryConfig;
  private final IntervalFunction backoff;
  private final AdaptivePacer pacer;
  private final RateGate tokenGate;
  private final Bulkhead bulkhead;
  private final CircuitBreaker breaker;
  private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
  private final AtomicBoolean warm = new AtomicBoolean();
  private final AtomicBoolean firstOut = new AtomicBoolean();
  private final AtomicLong tokensHeldUntil = new AtomicLong(System.nanoTime());
  private final AtomicReference<String> lastStatus = new AtomicReference<>("");

  /** The listener of the call running on this thread, for events raised inside Resilience4j. */
  private final ThreadLocal<SourceListener> current = new ThreadLocal<>();

  /** Set on the thread whose failure opened the circuit (breaker events run on that thread). */
  private final ThreadLocal<Boolean> openedHere = new ThreadLocal<>();

  /**
   * One attempt of a call.
   *
   * @param <T> what the call returns
   */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * Makes the call once.
     *
     * @param attempt 1 for the first call
     * @param maxAttempts the most attempts this call may take
     * @return the call's value
     * @throws SourceException when the attempt failed ({@code retryable()} says whether to retry)
     */
    T run(int attempt, int maxAttempts);
  }

  /**
   * A call's value and how many attempts it took.
   *
   * @param <T> what the call returned
   * @param value the value
   * @param attempts the attempts made, at least 1
   */
  public record Outcome<T>(T value, int attempts) {}

  private TeacherCaller(Builder b) {
    this.policy = b.policy;
    this.name = b.name;
    this.description = b.description;
    this.stopHint = b.stopHint != null ? b.stopHint : "check " + b.description;
    this.documentedRequestsPerMinute = b.documentedRequestsPerMinute;
    this.listeners = SourceListener.all(b.listeners);
    this.backoff = backoff(policy);
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(policy.maxAttempts())
            .intervalBiFunction(
                (attempts, outcome) ->
                    waitMillis(attempts, outcome.isLeft() ? outcome.getLeft() : null))
            .retryOnException(this::worthRetrying)
            .writableStackTraceEnabled(false)
            .build();
    this.pacer =
        policy.requestsPerMinute() == 0
            ? null
            : new AdaptivePacer(
                policy.requestsPerMinute(),
                Duration.ofMinutes(1),
                policy.maxRetryAfter(),
                System::nanoTime);
    this.tokenGate =
        policy.tokensPerMinute() == 0
            ? null
            : RateGate.perMinute(
                "tokens", policy.tokensPerMinute(), tokenBurst(policy), policy.maxRateLimitWait());
    this.bulkhead =
        Bulkhead.of(
            name,
            BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrentCalls())
                .maxWaitDuration(policy.maxConcurrencyWait())
                .fairCallHandlingStrategyEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
    this.breaker = policy.circuitBreakerThreshold() == 0 ? null : circuitBreaker(policy);
  }

  /**
   * A builder for a caller that applies {@code policy}.
   *
   * @param policy the call policy
   * @return a new builder
   */
  public static Builder builder(CallPolicy policy) {
    return new Builder(policy);
  }

  /**
   * The policy this caller applies.
   *
   * @return the policy
   */
  public CallPolicy policy() {
    return policy;
  }

  /**
   * Runs a call through every layer, with no listener of its own.
   *
   * @param <T> the type of the call's value
   * @param request the request the call answers
   * @param estimatedTokens what the call is expected to cost, for the token budget
   * @param attempt one attempt of the call
   * @return the value and the attempts it took
   * @see #call(GenerationRequest, int, SourceListener, Attempt)
   */
  public <T> Outcome<T> call(GenerationRequest request, int estimatedTokens, Attempt<T> attempt) {
    return call(request, estimatedTokens, SourceListener.NONE, attempt);
  }

  /**
   * Runs a call through every layer.
   *
   * @param request the request the call answers, for events and messages
   * @param estimatedTokens what the call is expected to cost, for the token budget
   * @param listener hears this call's events, besides the builder's listeners
   * @param attempt one attempt of the call
   * @param <T> the type of the call's value
   * @return the value and the attempts it took
   * @throws SourceException the last failure when no attempt succeeded; a {@link
   *     SourceUnavailableException} when the circuit is open or this failure opened it; a {@link
   *     SourceCancelledException} when the call was cancelled before it was sent
   */
  public <T> Outcome<T> call(
      GenerationRequest request, int estimatedTokens, SourceListener listener, Attempt<T> attempt) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(attempt, "attempt");
    SourceListener events =
        listener == SourceListener.NONE
            ? listeners
            : SourceListener.all(List.of(listeners, Objects.requireNonNull(listener, "listener")));
    SourceListener outer = current.get();
    current.set(events);
    try {
      return layered(request, estimatedTokens, events, attempt);
    } finally {
      if (outer == null) {
        current.remove();
      } else {
        current.set(outer);
      }
    }
  }

  private <T> Outcome<T> layered(
      GenerationRequest request, int estimatedTokens, SourceListener events, Attempt<T> attempt) {
    AtomicInteger attempts = new AtomicInteger();
    int maxAttempts = policy.maxAttempts();
    Cancellation.Ticket ticket = cancellation.ticket();
    Supplier<T> call =
        bulkheaded(ticket, () -> attempt.run(attempts.incrementAndGet(), maxAttempts));
    if (tokenGate != null) {
      call = tokenGate.decorate(request, estimatedTokens, tokenWaits(events), ticket, call);
    }
    if (pacer != null) {
      call = paced(request, events, ticket, call);
    }
    boolean perAttempt = policy.circuitBreakerCounts() == CallPolicy.BreakerCounts.ATTEMPTS;
    call = rememberingFailures(call);
    if (breaker != null && perAttempt) {
      call = guarded(call);
    }
    call = Retry.decorateSupplier(retryFor(request, events), call);
    if (breaker != null && !perAttempt) {
      call = guarded(call);
    }
    T value = call.get();
    return new Outcome<>(value, Math.max(1, attempts.get()));
  }

  /**
   * Corrects the token budget once a call's real size is known: tokens beyond the estimate are
   * charged, so the next calls wait for them.
   *
   * @param estimated the tokens the call was estimated at
   * @param actual the tokens it really used
   */
  public void settleTokens(int estimated, int actual) {
    if (tokenGate != null && actual > estimated) {
      tokenGate.charge(actual - estimated);
    }
  }

  /**
   * The circuit breaker's state, for tests and diagnostics.
   *
   * @return {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ..., or {@code "OFF"} without a
   *     breaker
   */
  public String circuitState() {
    return breaker == null ? "OFF" : breaker.getState().name();
  }

  /**
   * How fast calls go now and what holds them back.
   *
   * @return the status; empty when the policy sets no request pace
   */
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
              : policy.requestsPerMinute() == documentedRequestsPerMinute
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

  /**
   * Stops sending: calls waiting for a rate limit, a slot or a retry give up with {@link
   * SourceCancelledException}; calls on the wire finish. Calls begun afterwards (a resumed run in
   * the same process) go ahead.
   */
  public void cancel() {
    cancellation.cancel();
    if (pacer != null) {
      pacer.releaseUnused();
    }
  }

  /** Waits for the pace, sends, and tells the pacer how the server took it. */
  private <T> Supplier<T> paced(
      GenerationRequest request,
      SourceListener events,
      Cancellation.Ticket ticket,
      Supplier<T> call) {
    return () -> {
      try {
        return pacedCall(request, events, ticket, call);
      } finally {
        warm.set(true); // the first call has its outcome: the pace may start
      }
    };
  }

  private <T> T pacedCall(
      GenerationRequest request,
      SourceListener events,
      Cancellation.Ticket ticket,
      Supplier<T> call) {
    awaitWarm(ticket);
    long sentAt = awaitPace(request, events, ticket);
    try {
      T value = call.get();
      pacer.accepted(sentAt);
      return value;
    } catch (SourceException e) {
      if (e.httpStatus() == 429) {
        if (pacer.throttled(sentAt, e.retryAfter().orElse(null))) {
          RateStatus status = rateStatus().orElseThrow();
          LOG.warn("{} answered 429 (too many requests): {}", description, status.describe());
          publish(events, status, true);
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

  private long awaitPace(
      GenerationRequest request, SourceListener events, Cancellation.Ticket ticket) {
    while (true) {
      long slot = pacer.reserve();
      long wait = slot - System.nanoTime();
      if (wait > policy.maxRateLimitWait().toNanos()) {
        throw new LocalFailureException(
            "the "
                + pacer.description()
                + " pace would hold this request longer than "
                + Durations.human(policy.maxRateLimitWait())
                + "; raise the limit or lower the concurrency",
            null,
            true);
      }
      if (wait > 0) {
        boolean paused = pacer.pausedUntil() >= slot;
        events.onRateLimited(
            request,
            Duration.ofNanos(wait),
            paused ? "the server's Retry-After (429)" : pacer.description());
      }
      publish(events, rateStatus().orElseThrow(), false);
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
  private void publish(SourceListener events, RateStatus status, boolean force) {
    String shown =
        String.format(
            Locale.ROOT,
            "%.0f|%s|%s",
            status.requestsPerMinute(),
            status.heldBy(),
            status.paused());
    if (!lastStatus.getAndSet(shown).equals(shown) || force) {
      events.onRateChanged(status);
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

  private Retry retryFor(GenerationRequest request, SourceListener events) {
    Retry retry = Retry.of(name + "-" + request.id(), retryConfig);
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              String reason = reasonOf(event.getLastThrowable());
              LOG.warn(
                  "request {}: {}; retrying in {}",
                  request.id(),
                  reason,
                  Durations.human(event.getWaitInterval()));
              events.onRetry(
                  request, event.getNumberOfRetryAttempts(), event.getWaitInterval(), reason);
            });
    return retry;
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
                + policy.maxConcurrentCalls()
                + " call slots stayed busy for "
                + Durations.human(policy.maxConcurrencyWait())
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

  /**
   * The breaker around {@code call}: an open circuit refuses the call. When it counts requests, the
   * request whose failure opens it is the run's stop; when it counts attempts, that attempt's
   * failure stays what it is (its request may succeed in a later run) and the next call stops.
   */
  private <T> Supplier<T> guarded(Supplier<T> call) {
    Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, call);
    return () -> {
      openedHere.remove();
      try {
        return guarded.get();
      } catch (CallNotPermittedException e) {
        throw new SourceUnavailableException(stoppingMessage(), e, 0);
      } catch (SourceException e) {
        if (Boolean.TRUE.equals(openedHere.get())
            && policy.circuitBreakerCounts() == CallPolicy.BreakerCounts.REQUESTS) {
          throw new SourceUnavailableException(stoppingMessage(), e, e.httpStatus());
        }
        throw e;
      } finally {
        openedHere.remove();
      }
    };
  }

  private String stoppingMessage() {
    return "stopping: "
        + policy.circuitBreakerThreshold()
        + (policy.circuitBreakerCounts() == CallPolicy.BreakerCounts.ATTEMPTS
            ? " consecutive failures"
            : " requests in a row failed")
        + ", last: "
        + lastFailure.get()
        + "; "
        + stopHint
        + ", then run the same command again to resume";
  }

  private boolean worthRetrying(Throwable t) {
    if (!(t instanceof SourceException e)
        || !e.retryable()
        || e instanceof LocalFailureException
        || e instanceof SourceUnavailableException) {
      return false;
    }
    return e.retryAfter().map(wait -> wait.compareTo(policy.maxRetryAfter()) <= 0).orElse(true);
  }

  private long waitMillis(int attempts, Throwable failure) {
    if (failure instanceof SourceException e && e.retryAfter().isPresent()) {
      return e.retryAfter().get().toMillis();
    }
    return backoff.apply(attempts);
  }

  /**
   * A 429 is the API pacing us, not failing; local failures never reached it; a teacher that is
   * unavailable stops the run by itself.
   */
  private static boolean countsAgainstApi(Throwable t) {
    return t instanceof SourceException e
        && !(e instanceof LocalFailureException)
        && !(e instanceof SourceCancelledException)
        && !(e instanceof SourceUnavailableException)
        && e.httpStatus() != 429;
  }

  private static String reasonOf(Throwable t) {
    return t == null ? "unknown failure" : String.valueOf(t.getMessage());
  }

  private static IntervalFunction backoff(CallPolicy s) {
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
  private static int tokenBurst(CallPolicy s) {
    long burst = Math.max(s.tokensPerMinute() / 60L, 4L * s.assumedOutputTokens());
    return (int) Math.max(1, Math.min(s.tokensPerMinute(), burst));
  }

  private CircuitBreaker circuitBreaker(CallPolicy s) {
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
            .recordException(TeacherCaller::countsAgainstApi)
            .ignoreException(t -> !countsAgainstApi(t))
            .writableStackTraceEnabled(false)
            .build();
    CircuitBreaker circuitBreaker = CircuitBreaker.of(name, config);
    circuitBreaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedHere.set(Boolean.TRUE);
                String last = lastFailure.get();
                LOG.warn(
                    "circuit open after {} consecutive failures of {}; last: {}",
                    threshold,
                    description,
                    last);
                SourceListener events = current.get();
                (events == null ? listeners : events).onCircuitOpen(threshold, last);
              }
            });
    return circuitBreaker;
  }

  /** Builds a {@link TeacherCaller}. */
  public static final class Builder {
    private final CallPolicy policy;
    private String name = "teacher";
    private String description = "the teacher";
    private String stopHint;
    private int documentedRequestsPerMinute;
    private final List<SourceListener> listeners = new ArrayList<>();

    private Builder(CallPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * @param name a short name for the Resilience4j parts, for example {@code "polychat"}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * @param description what is called, for logs and messages, without secrets (for example the
     *     API's URL without its query, or {@code "model 'x' in us-east-1"})
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * @param stopHint what to check when the circuit opens, for example {@code "check the API at
     *     https://host (is it up? is the API key right?)"}; default {@code "check <description>"}
     * @return this builder
     */
    public Builder stopHint(String stopHint) {
      this.stopHint = Objects.requireNonNull(stopHint, "stopHint");
      return this;
    }

    /**
     * @param requestsPerMinute the API's own documented request limit (0 when it has none): a pace
     *     held at exactly this limit is shown as held by the API's limit, not by the user's setting
     * @return this builder
     */
    public Builder documentedRequestsPerMinute(int requestsPerMinute) {
      if (requestsPerMinute < 0) {
        throw new IllegalArgumentException(
            "documentedRequestsPerMinute must be >= 0, was " + requestsPerMinute);
      }
      this.documentedRequestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * @param listener hears the events of every call
     * @return this builder
     */
    public Builder addListener(SourceListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @param listeners replaces the listeners
     * @return this builder
     */
    public Builder listeners(List<? extends SourceListener> listeners) {
      Objects.requireNonNull(listeners, "listeners");
      this.listeners.clear();
      listeners.forEach(this::addListener);
      return this;
    }

    /**
     * @return the caller
     */
    public TeacherCaller build() {
      return new TeacherCaller(this);
    }
  }
}
