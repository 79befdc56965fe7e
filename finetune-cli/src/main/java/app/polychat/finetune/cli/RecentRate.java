package app.polychat.finetune.cli;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Items per minute over a trailing window, so an ETA follows the speed of now rather than the
 * average since the start (a run that was rate-limited at first, or resumed, would mislead it).
 */
final class RecentRate {
  private record Sample(long nanos, long count) {}

  private final long windowNanos;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  RecentRate(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** Notes that {@code count} items were done at {@code nanos} ({@link System#nanoTime()}). */
  synchronized void record(long nanos, long count) {
    samples.addLast(new Sample(nanos, count));
    while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > windowNanos) {
      samples.removeFirst();
    }
  }

  /**
   * Items per minute in the window; before a second of samples, the average over {@code elapsed}; 0
   * while nothing is done.
   */
  synchronized double perMinute(long nanos, Duration elapsed) {
    if (samples.isEmpty()) {
      return 0;
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    long span = nanos - first.nanos();
    if (span >= Duration.ofSeconds(1).toNanos() && last.count() > first.count()) {
      return (last.count() - first.count()) * 60e9 / span;
    }
    double seconds = elapsed.toNanos() / 1e9;
    return seconds >= 1 && last.count() > 0 ? last.count() * 60 / seconds : 0;
  }
}
