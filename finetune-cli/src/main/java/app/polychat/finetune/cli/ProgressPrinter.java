package app.polychat.finetune.cli;

import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Generation progress on standard error: on a terminal one line redrawn in place and fitted to the
 * terminal's width (the least important fields dropped first); otherwise a plain line every 10%
 * (and at most every few seconds), so logs of CI runs stay readable. The count shown never goes
 * down, the rate and ETA come from the last minute, and the line names what holds the speed: the
 * server's 429s, the local rate limit, or the calls in flight.
 */
final class ProgressPrinter implements GenerationListener {
  private static final long PLAIN_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long REDRAW_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
  private static final long RECENT_NANOS = Duration.ofSeconds(30).toNanos();
  private final PrintWriter err;
  private final boolean redraw;
  private final IntSupplier width;
  private final int concurrency;
  private final RecentRate rate = new RecentRate(Duration.ofMinutes(1));
  private int retries;
  private int rateLimited;
  private long lastLocalLimitNanos = Long.MIN_VALUE;
  private long lastServerLimitNanos = Long.MIN_VALUE;
  private String localLimit = "";
  private int shownDone = -1;
  private long lastPrinted = Long.MIN_VALUE;
  private int lastDecile = -1;
  private boolean lineOpen;

  ProgressPrinter(PrintWriter err, boolean redraw) {
    this(err, redraw, () -> TerminalWidth.FALLBACK, 0);
  }

  /**
   * @param width the terminal's width, asked before each redraw
   * @param concurrency calls the run keeps in flight, named when nothing else holds the speed
   */
  ProgressPrinter(PrintWriter err, boolean redraw, IntSupplier width, int concurrency) {
    this.err = err;
    this.redraw = redraw;
    this.width = width;
    this.concurrency = concurrency;
  }

  @Override
  public synchronized void started(GenerationProgress p) {
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
      synchronized (this) {
        err.println("  failed: " + reason);
      }
    }
    show(p);
  }

  @Override
  public void dropped(GenerationRequest request, String reason, GenerationProgress p) {
    show(p);
  }

  @Override
  public synchronized void onRetry(
      GenerationRequest request, int failedAttempt, Duration wait, String reason) {
    retries++;
    if (reason != null
        && (reason.contains("429") || reason.toLowerCase(Locale.ROOT).contains("throttl"))) {
      lastServerLimitNanos = System.nanoTime();
    }
  }

  @Override
  public synchronized void onRateLimited(GenerationRequest request, Duration wait, String limit) {
    rateLimited++;
    lastLocalLimitNanos = System.nanoTime();
    localLimit = limit == null ? "" : limit;
  }

  /** A 429 pause is worth a line of its own: nothing else moves for a minute. */
  @Override
  public void onRateChanged(RateStatus status) {
    if (status.paused()) {
      synchronized (this) {
        endLine();
        err.printf("The API answered 429 (too many requests): %s.%n", status.describe());
        err.flush();
      }
    }
  }

  @Override
  public synchronized void onCircuitOpen(int consecutiveFailures, String lastFailure) {
    endLine();
    err.printf("The API failed %d times in a row; stopping.%n", consecutiveFailures);
    err.flush();
  }

  /** A batch job of a bulk teacher (Bedrock batch inference) was submitted or found again. */
  @Override
  public synchronized void onBulkJobStarted(String jobId, int records, boolean reattached) {
    endLine();
    err.printf(
        "%s batch job %s (%,d requests)%n",
        reattached ? "Re-attached to" : "Submitted", jobId, records);
    err.flush();
  }

  @Override
  public synchronized void onBulkJobStatus(
      String jobId, String status, long processed, long total) {
    endLine();
    err.printf(
        "  batch job %s: %s%s%n",
        jobId.substring(jobId.lastIndexOf('/') + 1),
        status,
        processed < 0 ? "" : String.format(" (%,d/%,d processed)", processed, total));
    err.flush();
  }

  @Override
  public synchronized void onBulkJobCollected(String jobId, int answered, int failed) {
    endLine();
    err.printf(
        "  batch job %s: results read back (%,d answered, %,d failed)%n",
        jobId.substring(jobId.lastIndexOf('/') + 1), answered, failed);
    err.flush();
  }

  private synchronized void show(GenerationProgress p) {
    long now = System.nanoTime();
    // events of parallel calls arrive out of order: never show a count lower than one shown
    int done = Math.max(shownDone, p.finished());
    boolean last = done >= p.toDo();
    rate.record(now, done);
    if (redraw) {
      if (done == shownDone && !last || now - lastPrinted < REDRAW_INTERVAL_NANOS && !last) {
        shownDone = done;
        return;
      }
      shownDone = done;
      lastPrinted = now;
      err.print("\r" + line(p, done, now).fit(width.getAsInt()) + "\u001B[K");
      lineOpen = true;
      if (last) {
        endLine();
      }
      err.flush();
      return;
    }
    int total = Math.max(1, p.toDo());
    int decile = (int) (10L * done / total);
    if (done > shownDone
        && decile != lastDecile
        && (lastPrinted == Long.MIN_VALUE || now - lastPrinted > PLAIN_INTERVAL_NANOS || last)) {
      lastDecile = decile;
      lastPrinted = now;
      err.println(line(p, done, now).plain());
      err.flush();
    }
    shownDone = done;
  }

  /** Ends a redrawn line so the next message starts on its own line. */
  private void endLine() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
  }

  private StatusLine line(GenerationProgress p, int done, long now) {
    double perMinute = rate.perMinute(now, p.elapsed());
    int remaining = Math.max(0, p.toDo() - done);
    StatusLine line = new StatusLine().bar(p.toDo() == 0 ? 1 : (double) done / p.toDo(), 5);
    line.add(done + "/" + p.toDo(), 10);
    line.add(perMinute > 0 ? String.format(Locale.ROOT, "%.0f/min", perMinute) : "", 8);
    line.add(
        perMinute > 0 && remaining > 0
            ? "ETA " + human(Duration.ofSeconds(Math.round(remaining * 60 / perMinute)))
            : "",
        9);
    line.add(remaining > 0 ? limit(p, now) : "", 7);
    line.add(p.failed() > 0 ? p.failed() + " failed" : "", 6);
    line.add(p.dropped() > 0 ? p.dropped() + " dropped" : "", 4);
    line.add(retries > 0 ? retries + " retried" : "", 3);
    line.add(String.format(Locale.ROOT, "~%,d tokens", p.estimatedTokens()), 1);
    line.add(human(p.elapsed()) + " elapsed", 2);
    return line;
  }

  /**
   * What holds the speed now: the source's own account when it paces its calls (pace, limit and
   * what holds it), else the server's 429s, the local limit, or the calls in flight.
   */
  private String limit(GenerationProgress p, long now) {
    if (p.rate() != null) {
      return "rate " + p.rate().describe();
    }
    if (now - lastServerLimitNanos < RECENT_NANOS && lastServerLimitNanos != Long.MIN_VALUE) {
      return "held by server 429s";
    }
    if (now - lastLocalLimitNanos < RECENT_NANOS && lastLocalLimitNanos != Long.MIN_VALUE) {
      return "held by your limit" + (localLimit.isEmpty() ? "" : " of " + localLimit);
    }
    return concurrency > 0 ? concurrency + " in flight" : "";
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
