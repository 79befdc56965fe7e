package app.polychat.finetune.cli;

import java.util.List;

/** A one-line chart of a series, for loss curves in a terminal. */
final class Sparkline {
  private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

  private Sparkline() {}

  /** The series scaled between its minimum and maximum, at most 60 characters (resampled). */
  static String of(List<Double> values) {
    if (values.isEmpty()) {
      return "";
    }
    int width = Math.min(values.size(), 60);
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    StringBuilder line = new StringBuilder(width);
    for (int i = 0; i < width; i++) {
      double v = values.get((int) ((long) i * values.size() / width));
      int level =
          max == min
              ? BARS.length / 2
              : (int) Math.round((v - min) / (max - min) * (BARS.length - 1));
      line.append(BARS[level]);
    }
    return line + String.format("  %.3f → %.3f", values.get(0), values.get(values.size() - 1));
  }
}
