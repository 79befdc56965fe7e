package app.polychat.finetune.bedrock.evaluation;

import app.polychat.finetune.bedrock.internal.Money;
import app.polychat.finetune.check.Score;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Renders a {@link ComparisonReport} as Markdown and JSON. */
final class ComparisonRendering {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ComparisonRendering() {}

  static String markdown(ComparisonReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# Model comparison\n\n");
    md.append(r.prompts())
        .append(r.prompts() == 1 ? " held-out prompt" : " held-out prompts")
        .append(" from `")
        .append(r.promptSource())
        .append("`, scored by `")
        .append(r.scorer())
        .append("`; ")
        .append(r.settings())
        .append(". Run ")
        .append(WHEN.format(r.startedAt()))
        .append(", ")
        .append(String.format(Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0))
        .append(".\n\n");
    List<ModelResult> models = r.models();
    md.append("| |");
    models.forEach(m -> md.append(' ').append(cell(m.label())).append(" |"));
    md.append("\n|---|");
    models.forEach(m -> md.append("---|"));
    md.append('\n');
    row(md, "model", models, m -> "`" + cell(m.modelId()) + "`");
    row(
        md,
        "answered",
        models,
        m ->
            m.answered()
                + "/"
                + m.asked()
                + (m.droppedReason() == null ? "" : " (dropped)")
                + (m.failed() > 0 ? ", " + m.failed() + " failed" : ""));
    row(
        md,
        "**format compliance**",
        models,
        m -> answered(m, "**" + percent(m.compliantShare()) + "**"));
    row(
        md,
        "mean score",
        models,
        m -> answered(m, String.format(Locale.ROOT, "%.2f", m.meanScore())));
    for (String check : r.checkDescriptions().keySet()) {
      row(
          md,
          "&nbsp;&nbsp;" + check,
          models,
          m -> answered(m, percent(m.checkPassRates().get(check))));
    }
    row(
        md,
        "answer length (chars, median)",
        models,
        m -> answered(m, String.format(Locale.ROOT, "%,d", m.medianAnswerChars())));
    row(
        md,
        "latency p50 / p95",
        models,
        m ->
            answered(
                m, String.format(Locale.ROOT, "%,d / %,d ms", m.latencyP50Ms(), m.latencyP95Ms())));
    row(
        md,
        "tokens in / out (mean)",
        models,
        m ->
            answered(
                m,
                String.format(
                        Locale.ROOT, "%,.0f / %,.0f", m.meanInputTokens(), m.meanOutputTokens())
                    + (m.tokensEstimated() ? " (est.)" : "")));
    row(md, "cost per 1,000 requests", models, m -> answered(m, cost(m.costPer1000RequestsUsd())));
    md.append('\n');
    md.append("Format compliance is the share of answers that pass every check:\n\n");
    for (Map.Entry<String, String> check : r.checkDescriptions().entrySet()) {
      md.append("- `").append(check.getKey()).append("`: ").append(check.getValue()).append('\n');
    }
    md.append('\n');
    md.append(
            "Latency is wall-clock time per request as the caller saw it (nearest-rank"
                + " percentiles). Costs are mean tokens × on-demand rates from the price table of ")
        .append(r.pricesAsOf())
        .append("; a custom model on demand is billed at its base model's rates");
    for (ModelResult m : models) {
      if (m.pricedAs() != null && !m.pricedAs().equals(m.modelId())) {
        md.append(" (").append(m.label()).append(": ").append(m.pricedAs()).append(')');
      }
    }
    md.append(". Estimates: check https://aws.amazon.com/bedrock/pricing/.\n");
    for (ModelResult m : models) {
      if (m.droppedReason() != null) {
        md.append("\n**")
            .append(m.label())
            .append("** was dropped: ")
            .append(m.droppedReason())
            .append('\n');
      } else if (m.firstError() != null) {
        md.append("\n**")
            .append(m.label())
            .append("**: first failure: ")
            .append(m.firstError())
            .append('\n');
      }
    }
    if (!r.examples().isEmpty()) {
      md.append("\n## Examples\n");
      for (ComparisonReport.Example example : r.examples()) {
        md.append("\n### ")
            .append(example.index() + 1)
            .append(". ")
            .append(oneLine(example.prompt()))
            .append("\n");
        for (ComparisonReport.ExampleAnswer answer : example.answers()) {
          md.append("\n**").append(answer.label()).append("**");
          if (answer.error() != null) {
            md.append(": failed: ").append(answer.error()).append('\n');
            continue;
          }
          md.append(" (score ")
              .append(String.format(Locale.ROOT, "%.2f", answer.score().value()))
              .append(answer.score().compliant() ? ", compliant" : failedChecks(answer.score()))
              .append(")\n\n");
          String fence = fenceFor(answer.text());
          md.append(fence).append("text\n").append(answer.text().strip()).append('\n');
          md.append(fence).append('\n');
        }
      }
    }
    return md.toString();
  }

  /** Dollars with four decimals under $1 (per-request costs are small), else two. */
  private static String cost(BigDecimal usd) {
    if (usd == null) {
      return "n/a";
    }
    return usd.compareTo(BigDecimal.ONE) < 0
        ? "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString()
        : Money.usd(usd);
  }

  private static String failedChecks(Score score) {
    List<String> failed =
        score.checks().entrySet().stream()
            .filter(e -> !e.getValue())
            .map(Map.Entry::getKey)
            .toList();
    return failed.isEmpty() ? "" : ", fails " + String.join(", ", failed);
  }

  private static void row(
      StringBuilder md,
      String name,
      List<ModelResult> models,
      Function<ModelResult, String> value) {
    md.append("| ").append(name).append(" |");
    for (ModelResult m : models) {
      md.append(' ').append(value.apply(m)).append(" |");
    }
    md.append('\n');
  }

  private static String answered(ModelResult m, String value) {
    return m.answered() == 0 ? "–" : value;
  }

  private static String percent(Double share) {
    if (share == null) {
      return "–";
    }
    double p = share * 100;
    return Math.abs(p - Math.rint(p)) < 1e-9
        ? String.format(Locale.ROOT, "%.0f%%", p)
        : String.format(Locale.ROOT, "%.1f%%", p);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }

  /** A code fence longer than any run of backticks in the text, so the text cannot close it. */
  private static String fenceFor(String text) {
    int longest = 0;
    int run = 0;
    for (char c : text.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  static String json(ComparisonReport r) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("promptSource", r.promptSource());
    root.put("prompts", r.prompts());
    root.put("scorer", r.scorer());
    ObjectNode checks = root.putObject("checks");
    r.checkDescriptions().forEach(checks::put);
    root.put("settings", r.settings());
    root.put("startedAt", r.startedAt().toString());
    root.put("elapsedMs", r.elapsed().toMillis());
    root.put("pricesAsOf", r.pricesAsOf());
    ArrayNode models = root.putArray("models");
    for (ModelResult m : r.models()) {
      ObjectNode node = models.addObject();
      node.put("label", m.label());
      node.put("modelId", m.modelId());
      node.put("asked", m.asked());
      node.put("answered", m.answered());
      node.put("failed", m.failed());
      node.put("droppedReason", m.droppedReason());
      node.put("firstError", m.firstError());
      node.put("meanScore", round(m.meanScore()));
      node.put("compliantShare", round(m.compliantShare()));
      ObjectNode rates = node.putObject("checkPassRates");
      m.checkPassRates().forEach((k, v) -> rates.put(k, round(v)));
      node.put("medianAnswerChars", m.medianAnswerChars());
      node.put("meanAnswerChars", round(m.meanAnswerChars()));
      node.put("latencyP50Ms", m.latencyP50Ms());
      node.put("latencyP95Ms", m.latencyP95Ms());
      node.put("meanInputTokens", round(m.meanInputTokens()));
      node.put("meanOutputTokens", round(m.meanOutputTokens()));
      node.put("tokensEstimated", m.tokensEstimated());
      node.put("costPer1000RequestsUsd", m.costPer1000RequestsUsd());
      node.put("pricedAs", m.pricedAs());
    }
    ArrayNode examples = root.putArray("examples");
    for (ComparisonReport.Example example : r.examples()) {
      ObjectNode node = examples.addObject();
      node.put("index", example.index());
      node.put("prompt", example.prompt());
      ArrayNode answers = node.putArray("answers");
      for (ComparisonReport.ExampleAnswer answer : example.answers()) {
        ObjectNode a = answers.addObject();
        a.put("label", answer.label());
        a.put("text", answer.text());
        if (answer.score() != null) {
          a.put("score", round(answer.score().value()));
          ObjectNode passed = a.putObject("checks");
          answer.score().checks().forEach(passed::put);
        }
        a.put("error", answer.error());
      }
    }
    return Json.writePretty(root);
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
