package app.polychat.finetune.validate;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ValidationReport} as text for people or JSON for programs. */
final class ReportRenderer {
  private ReportRenderer() {}

  static String text(ValidationReport report, int maxFindings) {
    StringBuilder out = new StringBuilder();
    ModelRules model = report.model();
    out.append("Dataset validation for ")
        .append(model.displayName())
        .append(" (")
        .append(model.modelId())
        .append("), ")
        .append(ModelRules.describe(report.method()))
        .append('\n');
    for (DatasetStatistics file : report.statistics()) {
      fileText(out, file, report.tokenEstimate());
    }
    out.append('\n');
    List<Finding> findings = report.findingsForDisplay();
    long total = report.errorCount() + report.warningCount();
    if (total == 0) {
      out.append("No problems found.\n");
    } else {
      out.append("Findings (")
          .append(plural(report.errorCount(), "error"))
          .append(", ")
          .append(plural(report.warningCount(), "warning"))
          .append("):\n");
      findingsText(out, report, findings, maxFindings);
    }
    out.append('\n')
        .append(
            report.hasErrors()
                ? "FAILED: "
                    + plural(report.errorCount(), "error")
                    + " would make Bedrock reject the dataset or the job; fix them before"
                    + " uploading.\n"
                : "PASSED"
                    + (report.warningCount() > 0
                        ? " with " + plural(report.warningCount(), "warning")
                        : "")
                    + ".\n");
    return out.toString();
  }

  /**
   * Findings grouped by code: a header with the count, the fix once, the first places with a
   * snippet of what they point at, then the remaining lines ("and M more").
   */
  private static void findingsText(
      StringBuilder out, ValidationReport report, List<Finding> findings, int maxFindings) {
    List<FindingGroups.Group> groups = FindingGroups.of(findings, report.counts());
    int budget = Math.max(0, maxFindings);
    List<Finding> detailed = new java.util.ArrayList<>();
    Map<FindingGroups.Group, Integer> shownPerGroup = new java.util.LinkedHashMap<>();
    for (FindingGroups.Group g : groups) {
      int n = Math.min(Math.min(FindingGroups.DETAILED, g.findings().size()), budget);
      budget -= n;
      shownPerGroup.put(g, n);
      detailed.addAll(g.findings().subList(0, n));
    }
    Map<Finding, String> snippets = FindingGroups.snippets(detailed);
    long notShown = 0;
    for (FindingGroups.Group g : groups) {
      int shown = shownPerGroup.get(g);
      out.append('\n')
          .append(g.severity() == Severity.ERROR ? "ERROR " : "WARNING ")
          .append(g.code())
          .append(String.format(Locale.ROOT, " (%,d)", g.count()))
          .append('\n');
      if (g.fix() != null) {
        out.append("  fix: ").append(g.fix()).append('\n');
      }
      for (Finding f : g.findings().subList(0, shown)) {
        String detail = FindingGroups.detail(f.message(), g.fix());
        out.append("  ").append(f.location().isEmpty() ? "(dataset)" : f.location());
        if (!detail.isEmpty()) {
          out.append("  ").append(detail);
        }
        out.append('\n');
        String snippet = snippets.get(f);
        if (snippet != null) {
          out.append("      > ").append(snippet).append('\n');
        }
      }
      List<Finding> rest = g.findings().subList(shown, g.findings().size());
      long more = g.count() - shown;
      if (more > 0) {
        List<Long> lines =
            rest.stream()
                .filter(f -> f.line() > 0)
                .limit(FindingGroups.LISTED)
                .map(Finding::line)
                .toList();
        long unlisted = more - lines.size();
        out.append(String.format(Locale.ROOT, shown == 0 ? "  %,d" : "  and %,d more", more));
        if (!lines.isEmpty()) {
          out.append(lines.size() == 1 && unlisted == 0 ? ": line " : ": lines ")
              .append(FindingGroups.lines(lines))
              .append(unlisted > 0 ? String.format(Locale.ROOT, " and %,d others", unlisted) : "");
        }
        out.append('\n');
        notShown += more;
      }
    }
    if (notShown > 0) {
      out.append('\n')
          .append(String.format(Locale.ROOT, "%,d more not shown in full", notShown))
          .append(
              report.findingsTruncated()
                  ? " (only the first findings were kept)"
                  : " (use --json to see them all)")
          .append('\n');
    }
  }

  private static void fileText(StringBuilder out, DatasetStatistics s, String estimator) {
    out.append('\n')
        .append(s.file())
        .append(": ")
        .append(String.format(Locale.ROOT, "%,d", s.records()))
        .append(s.records() == 1 ? " record" : " records");
    if (s.format() != null) {
      out.append(" (").append(s.format()).append(')');
    }
    if (s.blankLines() > 0) {
      out.append(", ").append(plural(s.blankLines(), "blank line"));
    }
    if (s.recordsWithErrors() > 0) {
      out.append(", ")
          .append(String.format(Locale.ROOT, "%,d", s.recordsWithErrors()))
          .append(" with errors");
    }
    out.append('\n');
    if (s.tokens().count() == 0) {
      return;
    }
    out.append("  tokens per record (estimated with ").append(estimator).append("):\n    ");
    distribution(out, s.tokens());
    out.append("\n  characters per record: ");
    distribution(out, s.characters());
    out.append("\n  turns per record: ");
    distribution(out, s.turns());
    out.append("\n  system prompt variants: ")
        .append(s.systemPromptVariantsCapped() ? "more than " : "")
        .append(String.format(Locale.ROOT, "%,d", s.systemPromptVariants()));
    if (s.recordsWithoutSystemPrompt() > 0) {
      out.append(" (")
          .append(String.format(Locale.ROOT, "%,d", s.recordsWithoutSystemPrompt()))
          .append(" records have none)");
    }
    out.append('\n');
    if (s.duplicates() > 0) {
      out.append("  exact duplicates: ")
          .append(String.format(Locale.ROOT, "%,d", s.duplicates()))
          .append('\n');
    }
    if (s.overlapWithTraining() > 0) {
      out.append("  also in the training file: ")
          .append(String.format(Locale.ROOT, "%,d", s.overlapWithTraining()))
          .append('\n');
    }
    if (!s.styleComplexity().isEmpty()) {
      out.append("  style × complexity:\n");
      for (Map.Entry<String, Map<String, Long>> style : s.styleComplexity().entrySet()) {
        out.append("    ").append(style.getKey()).append(':');
        style.getValue().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> out.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
        out.append('\n');
      }
    }
  }

  private static void distribution(StringBuilder out, Distribution d) {
    out.append(
        String.format(
            Locale.ROOT,
            "min %,d  median %,d  p95 %,d  max %,d  total %,d",
            d.min(),
            d.median(),
            d.p95(),
            d.max(),
            d.total()));
  }

  private static String plural(long n, String word) {
    return String.format(Locale.ROOT, "%,d", n) + " " + word + (n == 1 ? "" : "s");
  }

  static String json(ValidationReport report) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("model");
      g.writeStringField("id", report.model().modelId());
      g.writeStringField("alias", report.model().alias());
      g.writeStringField("name", report.model().displayName());
      g.writeNumberField("contextTokens", report.model().contextTokens());
      g.writeEndObject();
      g.writeStringField("method", ModelRules.describe(report.method()));
      g.writeBooleanField("valid", !report.hasErrors());
      g.writeNumberField("errors", report.errorCount());
      g.writeNumberField("warnings", report.warningCount());
      g.writeStringField("tokenEstimate", "estimated with " + report.tokenEstimate());
      g.writeArrayFieldStart("files");
      for (DatasetStatistics s : report.statistics()) {
        fileJson(g, s);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("counts");
      for (FindingCount c : report.counts()) {
        g.writeStartObject();
        g.writeStringField("code", c.code().name());
        g.writeStringField("severity", c.severity().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("count", c.count());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("findings");
      for (Finding f : report.findings()) {
        g.writeStartObject();
        g.writeStringField("severity", f.severity().name().toLowerCase(Locale.ROOT));
        g.writeStringField("code", f.code().name());
        if (f.file() != null) {
          g.writeStringField("file", f.file());
        }
        if (f.line() > 0) {
          g.writeNumberField("line", f.line());
        }
        if (f.jsonPath() != null) {
          g.writeStringField("jsonPath", f.jsonPath());
        }
        g.writeStringField("message", f.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField(
          "findingsNotListed",
          report.errorCount() + report.warningCount() - report.findings().size());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void fileJson(JsonGenerator g, DatasetStatistics s) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", s.file());
    if (s.format() != null) {
      g.writeStringField("format", s.format());
    }
    g.writeNumberField("bytes", s.bytes());
    g.writeNumberField("lines", s.lines());
    g.writeNumberField("records", s.records());
    g.writeNumberField("blankLines", s.blankLines());
    g.writeNumberField("recordsWithErrors", s.recordsWithErrors());
    distributionJson(g, "estimatedTokens", s.tokens());
    distributionJson(g, "characters", s.characters());
    distributionJson(g, "turns", s.turns());
    g.writeNumberField("systemPromptVariants", s.systemPromptVariants());
    g.writeBooleanField("systemPromptVariantsCapped", s.systemPromptVariantsCapped());
    g.writeNumberField("recordsWithoutSystemPrompt", s.recordsWithoutSystemPrompt());
    g.writeObjectFieldStart("styleComplexity");
    for (Map.Entry<String, Map<String, Long>> style : s.styleComplexity().entrySet()) {
      g.writeObjectFieldStart(style.getKey());
      for (Map.Entry<String, Long> c : new java.util.TreeMap<>(style.getValue()).entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeNumberField("duplicates", s.duplicates());
    g.writeNumberField("overlapWithTraining", s.overlapWithTraining());
    g.writeEndObject();
  }

  private static void distributionJson(JsonGenerator g, String name, Distribution d)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("min", d.min());
    g.writeNumberField("median", d.median());
    g.writeNumberField("p95", d.p95());
    g.writeNumberField("max", d.max());
    g.writeNumberField("total", d.total());
    g.writeNumberField("mean", Math.round(d.mean() * 10) / 10.0);
    g.writeEndObject();
  }
}
