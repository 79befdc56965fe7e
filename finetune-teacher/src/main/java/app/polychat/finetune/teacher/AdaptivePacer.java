package app.polychat.finetune.teacher;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The request pace towards any teacher API that limits requests per key and window and answers 429
 * beyond it (with or without {@code Retry-After}), adapted to what the server says (additive
 * increase, multiplicative decrease):
 *
 * <ul>
 *   <li>Requests are spaced evenly. The pace starts at {@value #HEADROOM} × the limit, the fastest
 *       it ever goes, so timing jitter on the way never puts more than the limit into one window.
 *       (The caller sends the very first request alone and starts the pace once it is answered, so
 *       a slow first connection does not make the first requests reach the server bunched.)
 *   <li>A 429 pauses every call for the server's {@code Retry-After} (at most {@code maxPause}),
 *       and lowers the pace once per round of requests: to {@value #DECREASE} × the pace, and not
 *       above {@value #HEADROOM} × what the server let through in the window before the refusal
 *       (its real limit, when this client is the key's only user). That figure is remembered.
 *   <li>While calls keep waiting for the pace and no 429 comes, it probes back up: quickly (2 % of
 *       the limit every sixth of a window) to just under the remembered figure, then slowly (1 % of
 *       the limit every five windows) above it, never beyond the fastest pace.
 * </ul>
 *
 * Times are {@code nanoTime}-style nanoseconds from the given clock, so tests run on a fake clock.
 * Thread-safe. Not public API.
 */
final class AdaptivePacer {
  /** The share of the limit the pace never exceeds. */
  static final double HEADROOM = 0.97;

  /** The factor a 429 applies to the pace. */
  static final double DECREASE = 0.9;

  private static final double FAST_STEP = 0.02;
  private static final double SLOW_STEP = 0.01;
  private static final int SLOW_STEP_WINDOWS = 5;

  private final int limit;
  private final long window;
  private final long maxPause;
  private final LongSupplier clock;
  private final double maxRate;
  private final double minRate;

  private final ArrayDeque<Long> sent = new ArrayDeque<>();
  private final ArrayDeque<Long> accepted = new ArrayDeque<>();

  /** When each answer counted by the server's limiter arrived back, in order. */
  private final ArrayDeque<Long> answered = new ArrayDeque<>();

  private double rate;
  private long nextSlot;
  private long lastUsed = Long.MIN_VALUE;
  private long latestSlot;
  private long pausedUntil;
  private long lastDecrease;
  private long lastIncrease;
  private boolean decreasedOnce;
  private boolean waitedSinceIncrease;
  private double learned = Double.NaN;
  private int throttled;

  /**
   * @param limit the most requests per window, at least 1
   * @param window the API's counting window (a minute for Polychat)
   * @param maxPause the longest pause a {@code Retry-After} can impose
   * @param clock nanoseconds, monotonic ({@code System::nanoTime})
   */
  AdaptivePacer(int limit, Duration window, Duration maxPause, LongSupplier clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    this.limit = limit;
    this.window = window.toNanos();
    this.maxPause = maxPause.toNanos();
    this.clock = clock;
    this.maxRate = limit * HEADROOM;
    this.minRate = Math.min(maxRate, Math.max(1.0, limit / 20.0));
    this.rate = maxRate;
    long now = clock.getAsLong();
    this.nextSlot = now;
    this.latestSlot = now;
    this.pausedUntil = now;
    this.lastIncrease = now;
  }

  /** The limit per window. */
  int limit() {
    return limit;
  }

  /**
   * Takes the next free send time: the caller waits until then (and takes a new one if a pause
   * began meanwhile, see {@link #pausedUntil()}), sends, and reports the outcome with that time.
   */
  synchronized long reserve() {
    long now = clock.getAsLong();
    probeUp(now);
    long slot = Math.max(now, Math.max(nextSlot, pausedUntil));
    if (slot > now) {
      waitedSinceIncrease = true;
    }
    nextSlot = slot + interval();
    latestSlot = Math.max(latestSlot, slot);
    sent.addLast(slot);
    prune(sent, now);
    return slot;
  }

  /** The call holding {@code slot} is being sent now. */
  synchronized void used(long slot) {
    lastUsed = Math.max(lastUsed, slot);
  }

  /**
   * Gives back the slots of calls that will never be sent (the run stopped while they waited), so a
   * call begun afterwards is paced from the last call actually sent, not behind them.
   */
  synchronized void releaseUnused() {
    long now = clock.getAsLong();
    long afterLastSent = lastUsed == Long.MIN_VALUE ? now : lastUsed + interval();
    nextSlot = Math.max(Math.max(now, pausedUntil), Math.min(nextSlot, afterLastSent));
    latestSlot = Math.min(latestSlot, Math.max(now, lastUsed));
    sent.removeIf(t -> t > Math.max(now, lastUsed));
  }

  /** When the current pause ends (in the past when none). */
  synchronized long pausedUntil() {
    return pausedUntil;
  }

  /** The server's rate limiter let the request sent at {@code sentAt} through. */
  synchronized void accepted(long sentAt) {
    long now = clock.getAsLong();
    accepted.addLast(sentAt);
    prune(accepted, now);
    answered.addLast(now);
    prune(answered, now);
  }

  /**
   * The request sent at {@code sentAt} was answered 429.
   *
   * @param retryAfter the server's wait, or null
   * @return whether the pace or the pause changed
   */
  synchronized boolean throttled(long sentAt, Duration retryAfter) {
    long now = clock.getAsLong();
    throttled++;
    boolean changed = false;
    if (retryAfter != null && !retryAfter.isNegative()) {
      long until = now + Math.min(retryAfter.toNanos(), maxPause);
      if (until > pausedUntil) {
        pausedUntil = until;
        changed = true;
      }
    }
    if (!decreasedOnce || sentAt > lastDecrease) {
      // requests sent before the last decrease tell nothing new about the lowered pace
      int letThrough = countWithin(answered, now - window, now);
      double lowered = rate * DECREASE;
      if (letThrough > 0) {
        learned = letThrough;
        lowered = Math.min(lowered, letThrough * HEADROOM);
      }
      rate = Math.max(minRate, lowered);
      decreasedOnce = true;
      lastDecrease = now;
      lastIncrease = Math.max(now, pausedUntil);
      waitedSinceIncrease = false;
      changed = true;
    }
    nextSlot = Math.max(nextSlot, pausedUntil);
    return changed;
  }

  /** Raises the pace when it has been holding calls back without a 429 for a while. */
  private void probeUp(long now) {
    if (rate >= maxRate || now < pausedUntil) {
      return;
    }
    boolean belowLearned = Double.isNaN(learned) || rate < learned * HEADROOM;
    long period = belowLearned ? window / 6 : window * SLOW_STEP_WINDOWS;
    if (now - lastIncrease < period) {
      return;
    }
    if (waitedSinceIncrease) {
      double step = limit * (belowLearned ? FAST_STEP : SLOW_STEP);
      double target = rate + step;
      if (belowLearned && !Double.isNaN(learned)) {
        // quickly back to just under what the server let through, no further
        target = Math.min(target, learned * HEADROOM);
      }
      rate = Math.min(maxRate, target);
    }
    lastIncrease = now;
    waitedSinceIncrease = false;
  }

  /** Whether calls are waiting for the pace now (a slot was handed out for later). */
  synchronized boolean holding() {
    return latestSlot - clock.getAsLong() > 0;
  }

  /** Whether a 429 set the pace below its fastest. */
  synchronized boolean slowedByServer() {
    return decreasedOnce && rate < maxRate;
  }

  /** The current pace in requests per window. */
  synchronized double rate() {
    return rate;
  }

  /** Requests sent (slots taken up to now) in the last window. */
  synchronized int sentLastWindow() {
    long now = clock.getAsLong();
    prune(sent, now);
    return countWithin(sent, now - window, now);
  }

  /** How long every call still waits for the server's {@code Retry-After}. */
  synchronized Duration pausedFor() {
    long left = pausedUntil - clock.getAsLong();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** 429 answers so far. */
  synchronized int throttledAnswers() {
    return throttled;
  }

  /** For example {@code "120 requests/minute"}. */
  String description() {
    return String.format(Locale.ROOT, "%,d requests/%s", limit, windowName());
  }

  private String windowName() {
    return window == Duration.ofMinutes(1).toNanos()
        ? "minute"
        : Duration.ofNanos(window).toMillis() + "ms";
  }

  private long interval() {
    return (long) Math.ceil(window / rate);
  }

  private void prune(ArrayDeque<Long> times, long now) {
    long oldest = now - 2 * window;
    while (!times.isEmpty() && times.peekFirst() < oldest) {
      times.removeFirst();
    }
  }

  private static int countWithin(ArrayDeque<Long> times, long fromExclusive, long toInclusive) {
    int count = 0;
    for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
      long t = it.next();
      if (t > fromExclusive && t <= toInclusive) {
        count++;
      }
    }
    return count;
  }
}
