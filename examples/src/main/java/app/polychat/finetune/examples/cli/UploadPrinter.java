package app.polychat.finetune.examples.cli;

import app.polychat.finetune.bedrock.UploadListener;
import app.polychat.finetune.bedrock.UploadProgress;
import java.io.PrintWriter;

/**
 * Upload progress on standard error: a line when a file starts, every 25%, and when S3 verified it.
 */
final class UploadPrinter implements UploadListener {
  private final PrintWriter err;
  private int lastQuarter = -1;

  UploadPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void onProgress(UploadProgress p) {
    if (p.stage() == UploadProgress.Stage.UPLOADING) {
      int quarter = p.totalBytes() == 0 ? 4 : (int) (4 * p.bytesSent() / p.totalBytes());
      if (quarter != lastQuarter) {
        lastQuarter = quarter;
        err.printf(
            "  uploading %s: %,d of %,d bytes%n",
            p.file().getFileName(), p.bytesSent(), p.totalBytes());
      }
    } else {
      lastQuarter = -1;
      err.printf(
          "  %s %s → %s%n",
          p.stage().name().toLowerCase(java.util.Locale.ROOT), p.file().getFileName(), p.target());
    }
    err.flush();
  }
}
