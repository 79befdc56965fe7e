package app.polychat.finetune.report.internal;

import static app.polychat.finetune.report.internal.Html.escape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the reports' charts as inline SVG: line charts, histograms, grouped bars, a heat map, a
 * stacked bar and a timeline. No script: tooltips are SVG {@code <title>} elements, which browsers
 * show on hover. Every label is escaped; coordinates are formatted with a fixed locale. Not public
 * API.
 */
public final class Svg {
  /** Training blue. */
  public static final String BLUE = "#2563eb";

  /** Validation orange. */
  public static final String ORANGE = "#ea580c";

  public static final String GREEN = "#16a34a";
  public static final String RED = "#dc2626";
  public static final String GREY = "#6b7280";
  public static final String LIGHT_GREY = "#d1d5db";
  public static final String AMBER = "#d97706";

  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 22;
  private static final int BOTTOM = 46;

  private Svg() {}

  /** One point of a line; a NaN y breaks the line. */
  public record Point(double x, double y, String tooltip) {}

  /**
   * A line of a line chart; markers draw a dot with a tooltip on every point (without them, each
   * point still shows its tooltip on hover). A smoothed series is drawn thinner and dashed, with
   * the class {@code smoothed} so a page can hide it.
   */
  public record Series(
      String name, String colour, List<Point> points, boolean markers, boolean smoothed) {
    public Series(String name, String colour, List<Point> points, boolean markers) {
      this(name, colour, points, markers, false);
    }
  }

  /** A labelled vertical line at x. */
  public record Marker(double x, String label, String colour) {}

  /** A bar series of a grouped bar chart, one value per category (NaN for none). */
  public record Bars(String name, String colour, List<Double> values) {}

  /** A segment of a stacked bar. */
  public record Segment(String label, long value, String colour) {}

  /** A bar on a timeline lane. */
  public record Span(Instant start, Instant end, String colour, String label, String tooltip) {}

  /** A lane of a timeline. */
  public record Lane(String label, List<Span> spans) {}

  /** A moment marked on a timeline. */
  public record Moment(Instant at, String tooltip) {}

  // ------------------------------------------------------------------------------------ lines

  /**
   * A line chart; the y axis spans the data (not from zero), which suits loss curves.
   *
   * @param id a name for the chart, written as {@code data-chart} for tests and styling
   */
  public static String lineChart(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      List<Marker> markers,
      int width,
      int height) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Point p : s.points()) {
        xMin = Math.min(xMin, p.x());
        xMax = Math.max(xMax, p.x());
        if (!Double.isNaN(p.y())) {
          yMin = Math.min(yMin, p.y());
          yMax = Math.max(yMax, p.y());
        }
      }
    }
    if (xMin > xMax) {
      xMin = 0;
      xMax = 1;
    }
    if (yMin > yMax) {
      yMin = 0;
      yMax = 1;
    }
    Axis x = Axis.of(xMin, xMax, Math.max(4, width / 90), false);
    Axis y = Axis.of(yMin, yMax, 6, false);
    Frame f = new Frame(width, height, x, y);
    StringBuilder sb = open(id, title, width, height);
    f.grid(sb, xLabel, yLabel);
    for (Marker m : markers) {
      if (m.x() < x.lo() || m.x() > x.hi()) {
        continue;
      }
      double px = f.px(m.x());
      sb.append("<line class=\"marker\" x1=\"")
          .append(n(px))
          .append("\" x2=\"")
          .append(n(px))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(n(f.bottom()))
          .append("\" stroke=\"")
          .append(escape(m.colour()))
          .append("\" stroke-dasharray=\"4 3\"/>")
          .append(label(px, width, TOP + 10))
          .append('>')
          .append(escape(m.label()))
          .append("</text>\n");
    }
    for (Series s : series) {
      sb.append(
              s.smoothed()
                  ? "<path class=\"curve smoothed\" data-series=\""
                  : "<path class=\"curve\" data-series=\"")
          .append(escape(s.name()))
          .append("\" fill=\"none\" stroke=\"")
          .append(escape(s.colour()))
          .append(
              s.smoothed()
                  ? "\" stroke-width=\"2.5\" stroke-opacity=\".55\" stroke-dasharray=\"6 3\""
                  : "\" stroke-width=\"2\"")
          .append(" stroke-linejoin=\"round\" d=\"")
          .append(path(f, s.points()))
          .append("\"><title>")
          .append(escape(s.name()))
          .append("</title></path>\n");
      if (!s.markers() && !s.smoothed()) {
        // no dots, but every point still tells its value on hover (an SVG title, no script)
        sb.append("<g class=\"hovers\" style=\"color:").append(escape(s.colour())).append("\">");
        for (Point p : s.points()) {
          if (Double.isNaN(p.y())) {
            continue;
          }
          sb.append("<circle class=\"hover\" cx=\"")
              .append(n(f.px(p.x())))
              .append("\" cy=\"")
              .append(n(f.py(p.y())))
              .append("\" r=\"5\"><title>")
              .append(escape(p.tooltip()))
              .append("</title></circle>");
        }
        sb.append("</g>\n");
      }
      if (s.markers() && !s.smoothed()) {
        for (Point p : s.points()) {
          if (Double.isNaN(p.y())) {
            continue;
          }
          sb.append("<circle cx=\"")
              .append(n(f.px(p.x())))
              .append("\" cy=\"")
              .append(n(f.py(p.y())))
              .append("\" r=\"3.5\" fill=\"")
              .append(escape(s.colour()))
              .append("\"><title>")
              .append(escape(p.tooltip()))
              .append("</title></circle>");
        }
        sb.append('\n');
      }
    }
    return sb.append("</svg>").toString();
  }

  private static String path(Frame f, List<Point> points) {
    StringBuilder d = new StringBuilder(points.size() * 14);
    boolean pen = false;
    for (Point p : points) {
      if (Double.isNaN(p.y())) {
        pen = false;
        continue;
      }
      d.append(pen ? " L" : (d.length() == 0 ? "M" : " M"))
          .append(n(f.px(p.x())))
          .append(' ')
          .append(n(f.py(p.y())));
      pen = true;
    }
    return d.toString();
  }

  // ------------------------------------------------------------------------------- histogram

  /**
   * Bars over equal-width bins from {@code start}; markers are placed by value.
   *
   * @param counts records per bin
   */
  public static String histogram(
      String id,
      String title,
      String xLabel,
      String unit,
      long start,
      long binWidth,
      List<Long> counts,
      List<Marker> markers,
      int width,
      int height) {
    long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
    double end = start + binWidth * (double) Math.max(1, counts.size());
    Axis x = new Axis(start, end, 0, List.of());
    Axis y = Axis.of(0, Math.max(1, max), 5, true);
    Frame f = new Frame(width, height, x, y);
    StringBuilder sb = open(id, title, width, height);
    f.grid(sb, xLabel, "records");
    int bins = counts.size();
    double slot = f.plotWidth() / Math.max(1, bins);
    int labelEvery = Math.max(1, (int) Math.ceil(bins / 10.0));
    for (int i = 0; i < bins; i++) {
      long c = counts.get(i);
      long lo = start + i * binWidth;
      double bx = LEFT + i * slot;
      double top = f.py(c);
      sb.append("<rect class=\"bar\" x=\"")
          .append(n(bx + 1))
          .append("\" y=\"")
          .append(n(top))
          .append("\" width=\"")
          .append(n(Math.max(1, slot - 2)))
          .append("\" height=\"")
          .append(n(f.bottom() - top))
          .append("\" fill=\"")
          .append(BLUE)
          .append("\"><title>")
          .append(escape(range(lo, binWidth, unit) + ": " + Html.count(c) + " records"))
          .append("</title></rect>");
      if (i % labelEvery == 0) {
        sb.append("<text x=\"")
            .append(n(bx))
            .append("\" y=\"")
            .append(n(f.bottom() + 14))
            .append("\" text-anchor=\"middle\">")
            .append(escape(Html.count(lo)))
            .append("</text>");
      }
    }
    if (bins % labelEvery == 0) {
      sb.append("<text x=\"")
          .append(n(LEFT + bins * slot))
          .append("\" y=\"")
          .append(n(f.bottom() + 14))
          .append("\" text-anchor=\"middle\">")
          .append(escape(Html.count(start + bins * binWidth)))
          .append("</text>");
    }
    sb.append('\n');
    for (Marker m : markers) {
      if (m.x() < start || m.x() > end) {
        continue;
      }
      double px = LEFT + (m.x() - start) / (end - start) * f.plotWidth();
      sb.append("<line class=\"marker\" x1=\"")
          .append(n(px))
          .append("\" x2=\"")
          .append(n(px))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(n(f.bottom()))
          // a white casing under the dashes keeps the line visible where it crosses a bar
          .append("\" stroke=\"#fff\" stroke-width=\"4\"/><line class=\"marker\" x1=\"")
          .append(n(px))
          .append("\" x2=\"")
          .append(n(px))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(n(f.bottom()))
          .append("\" stroke=\"")
          .append(escape(m.colour()))
          .append("\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
          .append(label(px, width, TOP + 10 + 14 * markers.indexOf(m)))
          .append(" style=\"fill:")
          .append(escape(m.colour()))
          .append(";font-weight:600\">")
          .append(escape(m.label()))
          .append("</text>\n");
    }
    return sb.append("</svg>").toString();
  }

  /**
   * The opening of a marker's label beside its line at {@code px}: to its right, or to its left
   * when the right edge is near. The caller adds attributes and closes the tag.
   */
  private static String label(double px, int width, int y) {
    boolean left = px > width - RIGHT - 110;
    return "<text x=\""
        + n(left ? px - 4 : px + 4)
        + "\" y=\""
        + y
        + "\""
        + (left ? " text-anchor=\"end\"" : "")
        // a white halo keeps the label readable where it crosses a bar or a line
        + " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\"";
  }

  private static String range(long lo, long width, String unit) {
    return width == 1
        ? Html.count(lo) + " " + unit
        : Html.count(lo) + "–" + Html.count(lo + width - 1) + " " + unit;
  }

  // ---------------------------------------------------------------------------- grouped bars

  /** Bars per category, one per series, starting from zero, with each value written above. */
  public static String groupedBars(
      String id,
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<Bars> series,
      int digits,
      int width,
      int height) {
    double max = 0;
    for (Bars b : series) {
      for (Double v : b.values()) {
        if (v != null && !v.isNaN()) {
          max = Math.max(max, v);
        }
      }
    }
    // shares and scores (at most 1) get a 0-to-1 axis; other values a little headroom
    Axis y = Axis.of(0, max <= 0 ? 1 : max <= 1 && max > 0.5 ? 1 : max * 1.08, 5, false);
    Frame f = new Frame(width, height, new Axis(0, 1, 0, List.of()), y);
    StringBuilder sb = open(id, title, width, height);
    f.grid(sb, xLabel, yLabel);
    double slot = f.plotWidth() / Math.max(1, categories.size());
    double barWidth = Math.min(46, slot * 0.8 / Math.max(1, series.size()));
    for (int c = 0; c < categories.size(); c++) {
      double groupLeft = LEFT + c * slot + (slot - barWidth * series.size()) / 2;
      for (int s = 0; s < series.size(); s++) {
        Bars b = series.get(s);
        Double v = c < b.values().size() ? b.values().get(c) : null;
        if (v == null || v.isNaN()) {
          continue;
        }
        double top = f.py(v);
        double bx = groupLeft + s * barWidth;
        String value = Html.decimal(v, digits);
        sb.append("<rect class=\"bar\" data-series=\"")
            .append(escape(b.name()))
            .append("\" x=\"")
            .append(n(bx + 1))
            .append("\" y=\"")
            .append(n(top))
            .append("\" width=\"")
            .append(n(barWidth - 2))
            .append("\" height=\"")
            .append(n(f.bottom() - top))
            .append("\" fill=\"")
            .append(escape(b.colour()))
            .append("\"><title>")
            .append(escape(categories.get(c) + ", " + b.name() + ": " + value))
            .append("</title></rect><text x=\"")
            .append(n(bx + barWidth / 2))
            .append("\" y=\"")
            .append(n(top - 4))
            .append("\" text-anchor=\"middle\">")
            .append(escape(value))
            .append("</text>");
      }
      sb.append("<text x=\"")
          .append(n(LEFT + c * slot + slot / 2))
          .append("\" y=\"")
          .append(n(f.bottom() + 14))
          .append("\" text-anchor=\"middle\">")
          .append(escape(categories.get(c)))
          .append("</text>\n");
    }
    return sb.append("</svg>").toString();
  }

  // -------------------------------------------------------------------------------- heat map

  /**
   * A grid of counts, darker for more, with row and column totals.
   *
   * @param tooltips per cell, or null
   */
  public static String heatMap(
      String id,
      String title,
      List<String> rows,
      List<String> columns,
      long[][] counts,
      String[][] tooltips) {
    int labelWidth = Math.min(200, 16 + 7 * rows.stream().mapToInt(String::length).max().orElse(4));
    int cellWidth =
        Math.max(
            96, Math.min(140, 12 + 7 * columns.stream().mapToInt(String::length).max().orElse(4)));
    int cellHeight = 32;
    int top = 30;
    int width = labelWidth + cellWidth * (columns.size() + 1) + 10;
    int height = top + cellHeight * (rows.size() + 1) + 10;
    long max = 1;
    long[] rowTotals = new long[rows.size()];
    long[] columnTotals = new long[columns.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        max = Math.max(max, counts[r][c]);
        rowTotals[r] += counts[r][c];
        columnTotals[c] += counts[r][c];
      }
    }
    StringBuilder sb = open(id, title, width, height);
    for (int c = 0; c <= columns.size(); c++) {
      sb.append("<text x=\"")
          .append(labelWidth + c * cellWidth + cellWidth / 2)
          .append("\" y=\"")
          .append(top - 10)
          .append("\" text-anchor=\"middle\" font-weight=\"600\">")
          .append(escape(c < columns.size() ? columns.get(c) : "total"))
          .append("</text>");
    }
    sb.append('\n');
    for (int r = 0; r <= rows.size(); r++) {
      int y = top + r * cellHeight;
      sb.append("<text x=\"")
          .append(labelWidth - 8)
          .append("\" y=\"")
          .append(y + cellHeight / 2 + 4)
          .append("\" text-anchor=\"end\" font-weight=\"600\">")
          .append(escape(r < rows.size() ? rows.get(r) : "total"))
          .append("</text>");
      for (int c = 0; c <= columns.size(); c++) {
        int x = labelWidth + c * cellWidth;
        boolean total = r == rows.size() || c == columns.size();
        long value =
            r == rows.size()
                ? (c == columns.size() ? sum(rowTotals) : columnTotals[c])
                : (c == columns.size() ? rowTotals[r] : counts[r][c]);
        double share = total ? 0 : (double) value / max;
        String fill = total ? "#f3f4f6" : value == 0 ? "#fafafa" : shade(share);
        String tip =
            total
                ? (r == rows.size() && c == columns.size()
                    ? "all records: " + Html.count(value)
                    : (r == rows.size() ? columns.get(c) : rows.get(r))
                        + ", all: "
                        + Html.count(value))
                : tooltips != null && tooltips[r][c] != null
                    ? tooltips[r][c]
                    : rows.get(r) + " × " + columns.get(c) + ": " + Html.count(value);
        sb.append("<rect class=\"cell\" x=\"")
            .append(x + 1)
            .append("\" y=\"")
            .append(y + 1)
            .append("\" width=\"")
            .append(cellWidth - 2)
            .append("\" height=\"")
            .append(cellHeight - 2)
            .append("\" rx=\"3\" fill=\"")
            .append(fill)
            .append("\"><title>")
            .append(escape(tip))
            .append("</title></rect><text x=\"")
            .append(x + cellWidth / 2)
            .append("\" y=\"")
            .append(y + cellHeight / 2 + 4)
            .append("\" text-anchor=\"middle\"")
            .append(!total && share > 0.55 ? " style=\"fill:#fff\"" : "")
            .append(value == 0 && !total ? " style=\"fill:#9ca3af\"" : "")
            .append('>')
            .append(escape(Html.count(value)))
            .append("</text>");
      }
      sb.append('\n');
    }
    return sb.append("</svg>").toString();
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  /** From a pale to a deep blue. */
  static String shade(double share) {
    double t = Math.max(0, Math.min(1, share));
    int r = (int) Math.round(219 + (30 - 219) * t);
    int g = (int) Math.round(234 + (64 - 234) * t);
    int b = (int) Math.round(254 + (175 - 254) * t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  // ----------------------------------------------------------------------------- stacked bar

  /** One horizontal bar split into segments, each labelled with its count and share. */
  public static String stackedBar(String id, String title, List<Segment> segments, int width) {
    long total = segments.stream().mapToLong(Segment::value).sum();
    int height = 58;
    StringBuilder sb = open(id, title, width, height);
    double x = 0;
    double barWidth = width - 2;
    for (Segment s : segments) {
      double w = total == 0 ? 0 : barWidth * s.value() / total;
      String text =
          s.label()
              + " "
              + Html.count(s.value())
              + (total == 0 ? "" : " (" + Html.percent((double) s.value() / total) + ")");
      sb.append("<rect class=\"segment\" x=\"")
          .append(n(1 + x))
          .append("\" y=\"4\" width=\"")
          .append(n(w))
          .append("\" height=\"28\" fill=\"")
          .append(escape(s.colour()))
          .append("\"><title>")
          .append(escape(text))
          .append("</title></rect>");
      if (w >= 7 * text.length() + 8) {
        sb.append("<text x=\"")
            .append(n(1 + x + 8))
            .append("\" y=\"22\" style=\"fill:#fff;font-size:12.5px\">")
            .append(escape(text))
            .append("</text>");
      } else if (w > 0) {
        // below the bar, centred on the segment but kept inside the chart at either end
        double half = 3.4 * text.length();
        double centre = Math.max(half + 2, Math.min(width - half - 2, 1 + x + w / 2));
        sb.append("<text x=\"")
            .append(n(centre))
            .append("\" y=\"50\" text-anchor=\"middle\">")
            .append(escape(text))
            .append("</text>");
      }
      x += w;
    }
    return sb.append("</svg>").toString();
  }

  /** A small bar for a table cell: {@code share} of 160 pixels. */
  public static String miniBar(double share, String colour) {
    double w = Math.max(0, Math.min(1, share)) * 160;
    return "<svg class=\"mini\" width=\"160\" height=\"10\" role=\"presentation\">"
        + "<rect width=\"160\" height=\"10\" rx=\"2\" fill=\"#f3f4f6\"/><rect width=\""
        + n(w)
        + "\" height=\"10\" rx=\"2\" fill=\""
        + escape(colour)
        + "\"/></svg>";
  }

  // -------------------------------------------------------------------------------- timeline

  /** Lanes of spans over a time axis, with moments marked above the first lane. */
  public static String timeline(
      String id, String title, List<Lane> lanes, List<Moment> moments, int width) {
    Instant start = null;
    Instant end = null;
    for (Lane lane : lanes) {
      for (Span s : lane.spans()) {
        start = start == null || s.start().isBefore(start) ? s.start() : start;
        end = end == null || s.end().isAfter(end) ? s.end() : end;
      }
    }
    for (Moment m : moments) {
      start = start == null || m.at().isBefore(start) ? m.at() : start;
      end = end == null || m.at().isAfter(end) ? m.at() : end;
    }
    if (start == null) {
      return "";
    }
    if (!end.isAfter(start)) {
      end = start.plusSeconds(60);
    }
    int labelWidth = 130;
    int laneHeight = 30;
    int top = 26;
    int height = top + laneHeight * lanes.size() + 36;
    double plot = width - labelWidth - RIGHT;
    long t0 = start.toEpochMilli();
    double span = end.toEpochMilli() - t0;
    StringBuilder sb = open(id, title, width, height);
    long step = timeStep((long) span);
    DateTimeFormatter fmt =
        DateTimeFormatter.ofPattern(step >= 86_400_000L ? "MM-dd" : "HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    int axisY = top + laneHeight * lanes.size() + 4;
    for (long t = ((t0 + step - 1) / step) * step; t <= end.toEpochMilli(); t += step) {
      double px = labelWidth + (t - t0) / span * plot;
      sb.append("<line class=\"grid\" x1=\"")
          .append(n(px))
          .append("\" x2=\"")
          .append(n(px))
          .append("\" y1=\"")
          .append(top - 6)
          .append("\" y2=\"")
          .append(axisY)
          .append("\"/><text x=\"")
          .append(n(px))
          .append("\" y=\"")
          .append(axisY + 14)
          .append("\" text-anchor=\"middle\">")
          .append(escape(fmt.format(Instant.ofEpochMilli(t))))
          .append("</text>");
    }
    sb.append("<text x=\"")
        .append(labelWidth + plot / 2)
        .append("\" y=\"")
        .append(axisY + 30)
        .append("\" text-anchor=\"middle\">")
        .append(escape("time (UTC), " + Html.time(start) + " – " + Html.time(end)))
        .append("</text>\n");
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      int y = top + i * laneHeight;
      sb.append("<text x=\"")
          .append(labelWidth - 10)
          .append("\" y=\"")
          .append(y + laneHeight / 2 + 4)
          .append("\" text-anchor=\"end\" font-weight=\"600\">")
          .append(escape(lane.label()))
          .append("</text>");
      for (Span s : lane.spans()) {
        double x1 = labelWidth + (s.start().toEpochMilli() - t0) / span * plot;
        double x2 = labelWidth + (s.end().toEpochMilli() - t0) / span * plot;
        double w = Math.max(3, x2 - x1);
        sb.append("<rect class=\"span\" data-lane=\"")
            .append(escape(lane.label()))
            .append("\" x=\"")
            .append(n(x1))
            .append("\" y=\"")
            .append(y + 5)
            .append("\" width=\"")
            .append(n(w))
            .append("\" height=\"")
            .append(laneHeight - 10)
            .append("\" rx=\"3\" fill=\"")
            .append(escape(s.colour()))
            .append("\"><title>")
            .append(escape(s.tooltip()))
            .append("</title></rect>");
        if (s.label() != null && w > 7 * s.label().length() + 10) {
          sb.append("<text x=\"")
              .append(n(x1 + 6))
              .append("\" y=\"")
              .append(y + laneHeight / 2 + 4)
              .append("\" style=\"fill:#fff\">")
              .append(escape(s.label()))
              .append("</text>");
        }
      }
      sb.append('\n');
    }
    for (Moment m : moments) {
      double px = labelWidth + (m.at().toEpochMilli() - t0) / span * plot;
      sb.append("<path class=\"moment\" d=\"M")
          .append(n(px - 5))
          .append(' ')
          .append(top - 14)
          .append(" L")
          .append(n(px + 5))
          .append(' ')
          .append(top - 14)
          .append(" L")
          .append(n(px))
          .append(' ')
          .append(top - 5)
          .append(" Z\" fill=\"#374151\"><title>")
          .append(escape(m.tooltip()))
          .append("</title></path>");
    }
    return sb.append("\n</svg>").toString();
  }

  /** A tick interval giving about six ticks over {@code spanMillis}. */
  static long timeStep(long spanMillis) {
    long[] steps = {
      1_000,
      5_000,
      10_000,
      30_000,
      60_000,
      120_000,
      300_000,
      600_000,
      900_000,
      1_800_000,
      3_600_000,
      7_200_000,
      10_800_000,
      21_600_000,
      43_200_000,
      86_400_000,
      172_800_000,
      604_800_000
    };
    for (long s : steps) {
      if (spanMillis / s <= 8) {
        return s;
      }
    }
    return Duration.ofDays(30).toMillis();
  }

  // ---------------------------------------------------------------------------------- frame

  private static StringBuilder open(String id, String title, int width, int height) {
    return new StringBuilder(8 * 1024)
        .append("<svg class=\"chart\" data-chart=\"")
        .append(escape(id))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(title))
        .append("\"><title>")
        .append(escape(title))
        .append("</title>\n");
  }

  /** Plot area and scales of a chart with x and y axes. */
  private record Frame(int width, int height, Axis x, Axis y) {
    double plotWidth() {
      return width - LEFT - RIGHT;
    }

    double bottom() {
      return height - BOTTOM;
    }

    double px(double v) {
      return LEFT + (v - x.lo()) / (x.hi() - x.lo()) * plotWidth();
    }

    double py(double v) {
      return bottom() - (v - y.lo()) / (y.hi() - y.lo()) * (bottom() - TOP);
    }

    void grid(StringBuilder sb, String xLabel, String yLabel) {
      for (double t : y.ticks()) {
        double py = py(t);
        sb.append("<line class=\"grid\" x1=\"")
            .append(LEFT)
            .append("\" x2=\"")
            .append(n(width - RIGHT))
            .append("\" y1=\"")
            .append(n(py))
            .append("\" y2=\"")
            .append(n(py))
            .append("\"/><text x=\"")
            .append(LEFT - 6)
            .append("\" y=\"")
            .append(n(py + 4))
            .append("\" text-anchor=\"end\">")
            .append(escape(y.label(t)))
            .append("</text>");
      }
      for (double t : x.ticks()) {
        double px = px(t);
        sb.append("<line class=\"axis\" x1=\"")
            .append(n(px))
            .append("\" x2=\"")
            .append(n(px))
            .append("\" y1=\"")
            .append(n(bottom()))
            .append("\" y2=\"")
            .append(n(bottom() + 4))
            .append("\"/><text x=\"")
            .append(n(px))
            .append("\" y=\"")
            .append(n(bottom() + 16))
            .append("\" text-anchor=\"middle\">")
            .append(escape(x.label(t)))
            .append("</text>");
      }
      sb.append("<line class=\"axis\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(n(width - RIGHT))
          .append("\" y1=\"")
          .append(n(bottom()))
          .append("\" y2=\"")
          .append(n(bottom()))
          .append("\"/><line class=\"axis\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(LEFT)
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(n(bottom()))
          .append("\"/>\n<text x=\"")
          .append(n(LEFT + plotWidth() / 2))
          .append("\" y=\"")
          .append(height - 8)
          .append("\" text-anchor=\"middle\">")
          .append(escape(xLabel))
          .append("</text><text transform=\"translate(14 ")
          .append(n(TOP + (bottom() - TOP) / 2))
          .append(") rotate(-90)\" text-anchor=\"middle\">")
          .append(escape(yLabel))
          .append("</text>\n");
    }
  }

  /** An axis's range and round ticks. */
  record Axis(double lo, double hi, int decimals, List<Double> ticks) {
    /**
     * Round ticks covering min..max; integer ticks only when {@code integers} (counts).
     *
     * @param target about how many ticks
     */
    static Axis of(double min, double max, int target, boolean integers) {
      if (max <= min) {
        max = min + (min == 0 ? 1 : Math.abs(min) * 0.1);
      }
      double step = niceStep((max - min) / Math.max(1, target - 1));
      if (integers) {
        step = Math.max(1, Math.round(step));
      }
      double lo = Math.floor(min / step) * step;
      double hi = Math.ceil(max / step) * step;
      int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
      if (BigDecimal.valueOf(step).stripTrailingZeros().scale() > decimals) {
        decimals++;
      }
      List<Double> ticks = new ArrayList<>();
      for (double t = lo; t <= hi + step * 1e-6; t += step) {
        ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
      }
      return new Axis(lo, hi, decimals, ticks);
    }

    String label(double v) {
      return BigDecimal.valueOf(v)
          .setScale(decimals, RoundingMode.HALF_UP)
          .toPlainString()
          .replaceAll("^-0(\\.0*)?$", "0$1");
    }
  }

  /** 1, 2, 2.5 or 5 × a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / magnitude;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  /** A coordinate with at most one decimal, in a fixed locale. */
  static String n(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "0";
    }
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0
        ? Long.toString(tenths / 10)
        : (tenths < 0 && tenths > -10 ? "-" : "") + (tenths / 10) + "." + Math.abs(tenths % 10);
  }
}
