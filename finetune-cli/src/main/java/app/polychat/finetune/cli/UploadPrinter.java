package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.training.UploadListener;
import app.polychat.finetune.bedrock.training.UploadProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Upload progress on standard error. On a terminal, the same fitted bar as generation (bytes, speed
 * over the last few seconds, ETA) redrawn in place; otherwise a line when a file starts, every 25%,
 * and when S3 verified it.
 */
final class UploadPrinter implements UploadListener {
  private static final long REDRAW_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
  private final PrintWriter err;
  private final boolean redraw;
  private final IntSupplier width;
  private RecentRate rate = new RecentRate(Duration.ofSeconds(10));
  private Path file;
  private long started;
  private long lastPrinted = Long.MIN_VALUE;
  private long shownBytes = -1;
  private int lastQuarter = -1;
  private boolean lineOpen;

  UploadPrinter(PrintWriter err) {
    this(err, false, () -> TerminalWidth.FALLBACK);
  }

  UploadPrinter(PrintWriter err, boolean redraw, IntSupplier width) {
    this.err = err;
    this.redraw = redraw;
    this.width = width;
  }

  @Override
  public synchronized void onProgress(UploadProgress p) {
    long now = System.nanoTime();
    if (!p.file().equals(file)) {
      file = p.file();
      started = now;
      rate = new RecentRate(Duration.ofSeconds(10));
      shownBytes = -1;
      lastQuarter = -1;
    }
    if (p.stage() == UploadProgress.Stage.UPLOADING) {
      long sent = Math.max(shownBytes, p.bytesSent());
      rate.record(now, sent);
      if (redraw) {
        if (now - lastPrinted >= REDRAW_INTERVAL_NANOS || sent >= p.totalBytes()) {
          lastPrinted = now;
          err.print("\r" + line(p, sent, now).fit(width.getAsInt()) + "\u001B[K");
          lineOpen = true;
        }
      } else {
        int quarter = p.totalBytes() == 0 ? 4 : (int) (4 * sent / p.totalBytes());
        if (quarter != lastQuarter) {
          lastQuarter = quarter;
          err.printf(
              "  uploading %s: %,d of %,d bytes%n", p.file().getFileName(), sent, p.totalBytes());
        }
      }
      shownBytes = sent;
    } else {
      if (lineOpen) {
        err.print("\r\u001B[K");
        lineOpen = false;
      }
      String done =
          String.format(
              "  %s %s → %s",
              p.stage().name().toLowerCase(Locale.ROOT), p.file().getFileName(), p.target());
      err.println(redraw ? new StatusLine().add(done, 1).fit(width.getAsInt()) : done);
    }
    err.flush();
  }

  private StatusLine line(UploadProgress p, long sent, long now) {
    double perSecond = rate.perMinute(now, Duration.ofNanos(now - started)) / 60;
    long left = Math.max(0, p.totalBytes() - sent);
    return new StatusLine()
        .bar(p.totalBytes() == 0 ? 1 : (double) sent / p.totalBytes(), 5)
        .add(String.valueOf(p.file().getFileName()), 9)
        .add(bytes(sent) + "/" + bytes(p.totalBytes()), 10)
        .add(perSecond > 0 ? bytes((long) perSecond) + "/s" : "", 7)
        .add(
            perSecond > 0 && left > 0
                ? "ETA " + ProgressPrinter.human(Duration.ofSeconds(Math.round(left / perSecond)))
                : "",
            8);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String units = "KMGT";
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length() - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(unit));
  }
}
