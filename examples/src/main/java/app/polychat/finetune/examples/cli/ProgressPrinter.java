package app.polychat.finetune.examples.cli;

import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.polychat.SourceListener;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generation progress on standard error: a redrawn bar on a terminal, a plain line every 10% (and
 * at most every few seconds) otherwise, so logs of CI runs stay readable.
 */
final class ProgressPrinter implements GenerationListener, SourceListener {
  private static final long PLAIN_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
  private final PrintWriter err;
  private final boolean redraw;
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicLong lastPrinted = new AtomicLong();
  private volatile int lastDecile = -1;

  ProgressPrinter(PrintWriter err, boolean redraw) {
    this.err = err;
    this.redraw = redraw;
  }

  @Override
  public void started(GenerationProgress p) {
    if (p.alreadyDone() > 0) {
      err.printf(
          "Resuming: %d of %d requests are already journaled; asking for %d.%n",
          p.alreadyDone(), p.planned(), p.toDo());
    } else {
      err.printf("Asking the teacher for %d examples.%n", p.toDo());
    }
    err.flush();
  }

  @Override
  public void succeeded(GenerationRequest request, GenerationProgress p) {
    show(p);
  }

  @Override
  public void failed(GenerationRequest request, String reason, GenerationProgress p) {
    if (!redraw) {
      err.println("  failed: " + reason);
    }
    show(p);
  }

  @Override
  public void dropped(GenerationRequest request, String reason, GenerationProgress p) {
    show(p);
  }

  @Override
  public void onRetry(GenerationRequest request, int failedAttempt, Duration wait, String reason) {
    retries.incrementAndGet();
  }

  @Override
  public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
    rateLimited.incrementAndGet();
  }

  /** A 429 pause is worth a line of its own: nothing else moves for a minute. */
  @Override
  public void onRateChanged(RateStatus status) {
    if (status.paused()) {
      synchronized (this) {
        err.printf(
            "%sThe API answered 429 (too many requests): %s.%n",
            redraw ? "\n" : "", status.describe());
        err.flush();
      }
    }
  }

  @Override
  public void onCircuitOpen(int consecutiveFailures, String lastFailure) {
    err.printf("%nThe API failed %d times in a row; stopping.%n", consecutiveFailures);
    err.flush();
  }

  private synchronized void show(GenerationProgress p) {
    int done = p.finished();
    int total = Math.max(1, p.toDo());
    String line =
        String.format(
                "%d/%d  ok %d  failed %d  dropped %d  retried %d  rate-limited %d  ~%,d tokens  %s elapsed%s",
                done,
                p.toDo(),
                p.succeeded(),
                p.failed(),
                p.dropped(),
                retries.get(),
                rateLimited.get(),
                p.estimatedTokens(),
                human(p.elapsed()),
                p.eta() == null ? "" : "  ETA " + human(p.eta()))
            + (p.rate() == null ? "" : "  rate " + p.rate().describe());
    if (redraw) {
      int width = 24;
      int filled = (int) ((long) width * done / total);
      err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + line + "   ");
      if (done == p.toDo()) {
        err.println();
      }
      err.flush();
      return;
    }
    int decile = (int) (10L * done / total);
    long now = System.nanoTime();
    if (decile != lastDecile
        && (now - lastPrinted.get() > PLAIN_INTERVAL_NANOS || done == p.toDo() || decile == 0)) {
      lastDecile = decile;
      lastPrinted.set(now);
      err.println(line);
      err.flush();
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
