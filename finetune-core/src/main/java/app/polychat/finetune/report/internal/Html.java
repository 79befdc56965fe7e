package app.polychat.finetune.report.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Escaping and number formatting for the HTML reports. Every piece of text that reaches a report
 * goes through {@link #escape}, in element content and attribute values alike. Not public API.
 */
public final class Html {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Html() {}

  /**
   * Text made safe for HTML and SVG content and quoted attribute values: {@code & < > " '} become
   * entities, and control characters other than tab and line breaks are dropped. Null is empty.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "" : null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** {@code 12,345}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A number with {@code digits} decimals, {@code –} for null or not finite. */
  public static String decimal(Double value, int digits) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + digits + "f", value);
  }

  /** Dollars: four decimals under $1, two above. */
  public static String usd(BigDecimal usd) {
    if (usd == null) {
      return "–";
    }
    int scale = usd.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
    return "$"
        + String.format(
            Locale.ROOT, "%,." + scale + "f", usd.setScale(scale, RoundingMode.HALF_UP));
  }

  /** A share as a percentage with one decimal. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** {@code 2025-11-09 12:00:00 UTC}, {@code –} for null. */
  public static String time(Instant instant) {
    return instant == null ? "–" : WHEN.format(instant);
  }

  /** {@code 2 h 05 min}, {@code 4 min 10 s}, {@code 12 s}. */
  public static String duration(Duration d) {
    if (d == null || d.isNegative()) {
      return "–";
    }
    long s = d.getSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return s + " s";
  }

  /** {@code 1.2 MB}, {@code 830 KB}, {@code 512 B}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
