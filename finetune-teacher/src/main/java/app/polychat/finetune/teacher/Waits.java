package app.polychat.finetune.teacher;

import java.time.Duration;
import java.util.Locale;

/**
 * Waits as people read them in messages: {@code 250ms}, {@code 1.5s}, {@code 10m}, {@code 1h5m}.
 */
final class Waits {
  private Waits() {}

  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis % 1000 == 0
          ? millis / 1000 + "s"
          : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    String text = seconds >= 3600 ? seconds / 3600 + "h" : "";
    if (seconds % 3600 / 60 != 0) {
      text += seconds % 3600 / 60 + "m";
    }
    if (seconds % 60 != 0) {
      text += seconds % 60 + "s";
    }
    return text;
  }
}
