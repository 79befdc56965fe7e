package app.polychat.finetune.generate;

import java.nio.file.FileSystemException;
import java.util.Locale;

/** Recognises a full disk in an error's chain, whichever layer reported it. */
final class DiskFull {
  private DiskFull() {}

  /**
   * Whether the error, or one of its causes, is a full disk: SQLite's {@code SQLITE_FULL}
   * ("database or disk is full"), the operating system's ENOSPC ("No space left on device"), or a
   * quota.
   */
  static boolean is(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      String text =
          (e instanceof FileSystemException f && f.getReason() != null
                  ? f.getReason()
                  : String.valueOf(e.getMessage()))
              .toLowerCase(Locale.ROOT);
      if (text.contains("no space left")
          || text.contains("disk is full")
          || text.contains("sqlite_full")
          || text.contains("disk quota exceeded")
          || (text.contains("disk holding") && text.contains("is full"))) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }

  /** Whether a message already says so in words. */
  static boolean named(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("disk is full") || text.contains("is full");
  }
}
