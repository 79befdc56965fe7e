package app.polychat.finetune.support;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Durations as people read them in messages: {@code 250ms}, {@code 1.5s}, {@code 10m}, {@code
 * 1h5m}. Used by every teacher's retry and wait messages, so the same wait reads the same
 * everywhere.
 */
public final class Durations {
  private Durations() {}

  /**
   * The duration in the largest units that keep it exact enough to act on: milliseconds under a
   * second, seconds with one decimal under a minute, then whole hours, minutes and seconds with the
   * zero parts left out ({@code 1h5m}, not {@code 1h5m0s}).
   *
   * @param duration the duration, zero or positive
   * @return the text, never empty for a positive duration
   */
  public static String human(Duration duration) {
    Objects.requireNonNull(duration, "duration");
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
