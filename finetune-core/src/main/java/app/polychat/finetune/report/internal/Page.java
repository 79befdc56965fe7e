package app.polychat.finetune.report.internal;

import static app.polychat.finetune.report.internal.Html.escape;

import java.util.List;
import java.util.Map;

/**
 * Writes one self-contained HTML page: inline CSS, inline SVG, no script and no external resource
 * (a Content-Security-Policy forbids both, so a browser that opens the file offline shows all of it
 * and fetches nothing). Text passed to the methods here is escaped; only {@link #raw} takes markup,
 * which callers build from escaped parts ({@link Svg} does). Not public API.
 */
public final class Page {
  private static final String CSS =
      """
      :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--card:#f9fafb;--accent:#2563eb}
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
      main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}
      header{border-bottom:1px solid var(--line);margin-bottom:8px;padding-bottom:12px}
      h1{font-size:24px;margin:0 0 4px}
      h2{font-size:18px;margin:28px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
      h3{font-size:15px;margin:16px 0 6px}
      p{margin:6px 0}
      .sub{color:var(--muted);margin:0}
      .note{color:var(--muted);font-size:12.5px}
      .mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;white-space:nowrap}
      .scroll{overflow-x:auto;max-width:100%}
      .cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
      .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:128px}
      .card .v{font-size:20px;font-weight:600}
      .card .k{color:var(--muted);font-size:12px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px}
      th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
      th{background:var(--card);font-weight:600}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .kv th{width:230px}
      .badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff;vertical-align:middle}
      .ok{background:#16a34a}.bad{background:#dc2626}.warn{background:#d97706}.info{background:#2563eb}.idle{background:#6b7280}
      .charts{display:flex;flex-wrap:wrap;gap:18px}
      svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
      svg.chart text{font-size:12px;fill:#374151}
      svg.chart .hover{fill:transparent;stroke:none}
      svg.chart .hover:hover{fill:currentColor;fill-opacity:.35}
      .toggle{margin:0 6px 0 0;vertical-align:-2px}
      .toggle:not(:checked)~.chart-box .smoothed{display:none}
      @media (max-width:900px){main{padding:16px 12px 32px}}
      svg.chart .axis{stroke:#9ca3af;stroke-width:1}
      svg.chart .grid{stroke:#eef0f3;stroke-width:1}
      .legend{display:flex;gap:16px;font-size:12.5px;color:#374151;margin:2px 0 0}
      .sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
      footer{margin-top:36px;border-top:1px solid var(--line);padding-top:10px;color:var(--muted);font-size:12px}
      @media print{main{padding:0}h2{break-after:avoid}svg.chart{break-inside:avoid}}
      """;

  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** Starts a page: head, styles and the header with a title and a subtitle (may be null). */
  public Page(String title, String subtitle) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"finetune\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    if (subtitle != null) {
      out.append("<p class=\"sub\">").append(escape(subtitle)).append("</p>\n");
    }
  }

  /** Ends the header (after badges or lines added to it). */
  public Page endHeader() {
    out.append("</header>\n");
    return this;
  }

  /** A section heading, with an id for links. */
  public Page section(String id, String title) {
    out.append("<h2 id=\"")
        .append(escape(id))
        .append("\">")
        .append(escape(title))
        .append("</h2>\n");
    return this;
  }

  public Page subheading(String title) {
    out.append("<h3>").append(escape(title)).append("</h3>\n");
    return this;
  }

  public Page paragraph(String text) {
    out.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  public Page note(String text) {
    out.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A coloured label: kind is one of ok, bad, warn, info, idle. */
  public static String badge(String kind, String text) {
    return "<span class=\"badge " + escape(kind) + "\">" + escape(text) + "</span>";
  }

  /** Markup built by the caller from escaped parts. */
  public Page raw(String html) {
    out.append(html).append('\n');
    return this;
  }

  /** Key figures as cards: label → value. */
  public Page cards(Map<String, String> figures) {
    out.append("<div class=\"cards\">\n");
    figures.forEach(
        (k, v) ->
            out.append("<div class=\"card\"><div class=\"v\">")
                .append(escape(v))
                .append("</div><div class=\"k\">")
                .append(escape(k))
                .append("</div></div>\n"));
    out.append("</div>\n");
    return this;
  }

  /** A two-column table of names and values; values in {@code mono} are shown as code. */
  public Page keyValues(Map<String, String> rows, boolean mono) {
    out.append("<div class=\"scroll\"><table class=\"kv\">\n");
    rows.forEach(
        (k, v) ->
            out.append("<tr><th>")
                .append(escape(k))
                .append("</th><td")
                .append(mono ? " class=\"mono\"" : "")
                .append('>')
                .append(escape(v))
                .append("</td></tr>\n"));
    out.append("</table></div>\n");
    return this;
  }

  /**
   * A table; every cell is text (escaped), except cells given as {@link Cell#html}. Columns whose
   * header starts with '#' are right-aligned numbers (the '#' is not shown).
   */
  public Page table(List<String> headers, List<List<Cell>> rows) {
    boolean[] numeric = new boolean[headers.size()];
    // a wide table scrolls inside its box instead of crushing its columns on a narrow screen
    out.append("<div class=\"scroll\"><table>\n<tr>");
    for (int i = 0; i < headers.size(); i++) {
      String h = headers.get(i);
      numeric[i] = h.startsWith("#");
      out.append(numeric[i] ? "<th class=\"n\">" : "<th>")
          .append(escape(numeric[i] ? h.substring(1) : h))
          .append("</th>");
    }
    out.append("</tr>\n");
    for (List<Cell> row : rows) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        Cell cell = row.get(i);
        out.append(i < numeric.length && numeric[i] ? "<td class=\"n\">" : "<td>")
            .append(cell.html ? cell.content : escape(cell.content))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table></div>\n");
    return this;
  }

  /** A legend: colour → label. */
  public Page legend(Map<String, String> colourToLabel) {
    out.append("<div class=\"legend\">");
    colourToLabel.forEach(
        (colour, label) ->
            out.append("<span><span class=\"sw\" style=\"background:")
                .append(escape(colour))
                .append("\"></span>")
                .append(escape(label))
                .append("</span>"));
    out.append("</div>\n");
    return this;
  }

  /** Closes the page with a footer line and returns the document. */
  public String finish(String footer) {
    out.append("<footer>").append(escape(footer)).append("</footer>\n</main>\n</body>\n</html>\n");
    return out.toString();
  }

  /** A table cell: text (escaped when written) or markup built from escaped parts. */
  public record Cell(String content, boolean html) {
    public static Cell text(String text) {
      return new Cell(text == null ? "" : text, false);
    }

    public static Cell html(String html) {
      return new Cell(html, true);
    }
  }
}
