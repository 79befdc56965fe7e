package app.polychat.finetune.report;

import static app.polychat.finetune.report.internal.Html.count;
import static app.polychat.finetune.report.internal.Html.escape;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.report.internal.Html;
import app.polychat.finetune.report.internal.Page;
import app.polychat.finetune.report.internal.Page.Cell;
import app.polychat.finetune.report.internal.Svg;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.validate.DatasetStatistics;
import app.polychat.finetune.validate.Finding;
import app.polychat.finetune.validate.FindingCount;
import app.polychat.finetune.validate.Histogram;
import app.polychat.finetune.validate.ModelRules;
import app.polychat.finetune.validate.Severity;
import app.polychat.finetune.validate.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lays out a {@link DatasetReport} as an HTML page. */
final class DatasetReportPage {
  /** Findings listed one by one; all are counted in the table above them. */
  static final int LISTED_FINDINGS = 25;

  private DatasetReportPage() {}

  static String render(DatasetReport r) {
    ValidationReport v = r.validation();
    List<DatasetStatistics> files = v.statistics();
    DatasetStatistics train = v.training();
    Page page =
        new Page(
            r.title(),
            String.join(" + ", files.stream().map(s -> fileName(s.file())).toList())
                + ", report made "
                + Html.time(r.generatedAt()));
    page.raw(
        "<p>"
            + (v.hasErrors()
                ? Page.badge("bad", count(v.errorCount()) + " errors")
                : Page.badge("ok", "valid"))
            + (v.warningCount() > 0
                ? " "
                    + Page.badge(
                        "warn",
                        count(v.warningCount())
                            + (v.warningCount() == 1 ? " warning" : " warnings"))
                : "")
            + " <span class=\"sub\">checked for "
            + escape(v.model().displayName() + " " + ModelRules.describe(v.method()))
            + "</span></p>");
    page.endHeader();
    page.cards(cards(r));
    splits(page, files);
    tokens(page, v);
    styles(page, r, files);
    generation(page, r);
    validity(page, r);
    duplicates(page, files);
    findings(page, v);
    lineage(page, r);
    return page.finish(
        "Made by finetune from the validator's statistics"
            + (r.journal().isPresent() ? " and the run's journal" : "")
            + ". Token counts are estimates ("
            + v.tokenEstimate()
            + "): Amazon Nova has no public tokenizer.");
  }

  private static Map<String, String> cards(DatasetReport r) {
    ValidationReport v = r.validation();
    DatasetStatistics train = v.training();
    Map<String, String> cards = new LinkedHashMap<>();
    cards.put("training records", count(train.records()));
    v.validation().ifPresent(s -> cards.put("validation records", count(s.records())));
    cards.put("estimated training tokens", count(train.tokens().total()));
    cards.put(
        "tokens per record, median / p95",
        count(train.tokens().median()) + " / " + count(train.tokens().p95()));
    cards.put(
        "duplicates",
        count(v.statistics().stream().mapToLong(DatasetStatistics::duplicates).sum()));
    v.validation()
        .ifPresent(s -> cards.put("train/validation overlap", count(s.overlapWithTraining())));
    r.journal()
        .ifPresent(
            j -> {
              cards.put("dropped by filters", count(j.dropped()));
              cards.put("failed teacher calls", count(j.failed()));
            });
    cards.put("errors / warnings", count(v.errorCount()) + " / " + count(v.warningCount()));
    return cards;
  }

  private static void splits(Page page, List<DatasetStatistics> files) {
    page.section("splits", "Records per split");
    List<Svg.Segment> segments = new ArrayList<>();
    String[] colours = {Svg.BLUE, Svg.ORANGE};
    String[] names = {"training", "validation"};
    for (int i = 0; i < files.size(); i++) {
      segments.add(new Svg.Segment(names[i], files.get(i).records(), colours[i]));
    }
    page.raw(Svg.stackedBar("splits", "Records per split", segments, 720));
    List<List<Cell>> rows = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      DatasetStatistics s = files.get(i);
      rows.add(
          List.of(
              Cell.text(names[i]),
              Cell.html("<span class=\"mono\">" + escape(s.file()) + "</span>"),
              s.format() == null
                  ? Cell.text("unrecognized")
                  : Cell.html("<code>" + escape(s.format()) + "</code>"),
              Cell.text(count(s.records())),
              Cell.text(Html.bytes(s.bytes())),
              Cell.text(
                  count(s.tokens().min())
                      + " / "
                      + count(s.tokens().median())
                      + " / "
                      + count(s.tokens().p95())
                      + " / "
                      + count(s.tokens().max())),
              Cell.text(Html.decimal(s.turns().mean(), 1)),
              Cell.text(count(s.recordsWithoutSystemPrompt())),
              Cell.text(count(s.recordsWithErrors()))));
    }
    page.table(
        List.of(
            "split",
            "file",
            "format",
            "#records",
            "#size",
            "#tokens min / median / p95 / max",
            "#turns (mean)",
            "#no system prompt",
            "#records with errors"),
        rows);
  }

  private static void tokens(Page page, ValidationReport v) {
    page.section("tokens", "Token lengths");
    page.note(
        "Estimated tokens per record (system prompt, turns and role markers), estimated with "
            + v.tokenEstimate()
            + ". "
            + v.model().displayName()
            + " reads up to "
            + count(v.model().contextTokens())
            + " tokens per record.");
    List<DatasetStatistics> files = v.statistics();
    int width = files.size() > 1 ? 540 : 720;
    StringBuilder charts = new StringBuilder("<div class=\"charts\">");
    String[] names = {"training", "validation"};
    for (int i = 0; i < files.size(); i++) {
      DatasetStatistics s = files.get(i);
      Histogram h = s.tokenHistogram();
      charts.append("<div><h3>").append(escape(names[i])).append("</h3>");
      if (h.bins() == 0) {
        charts.append("<p class=\"note\">No records to count.</p></div>");
        continue;
      }
      List<Svg.Marker> markers = new ArrayList<>();
      markers.add(
          new Svg.Marker(s.tokens().median(), "median " + count(s.tokens().median()), Svg.GREEN));
      markers.add(new Svg.Marker(s.tokens().p95(), "p95 " + count(s.tokens().p95()), Svg.AMBER));
      markers.add(
          new Svg.Marker(
              v.model().contextTokens(), "context " + count(v.model().contextTokens()), Svg.RED));
      charts
          .append(
              Svg.histogram(
                  "tokens-" + names[i],
                  "Estimated tokens per " + names[i] + " record",
                  "estimated tokens per record",
                  "tokens",
                  h.start(),
                  h.binWidth(),
                  h.counts(),
                  markers,
                  width,
                  280))
          .append("</div>");
    }
    page.raw(charts.append("</div>").toString());
  }

  private static void styles(Page page, DatasetReport r, List<DatasetStatistics> files) {
    page.section("styles", "Styles × complexities");
    Map<String, Map<String, long[]>> cells = new LinkedHashMap<>();
    Set<String> styles =
        new LinkedHashSet<>(r.run().map(run -> run.spec().settings().styles()).orElse(List.of()));
    Set<String> complexities =
        new LinkedHashSet<>(
            r.run().map(run -> run.spec().settings().complexities()).orElse(List.of()));
    // the prompt config's order when the caller gave it (a run over all labels lists none)
    if (styles.isEmpty()) {
      styles.addAll(r.styleOrder());
    }
    if (complexities.isEmpty()) {
      complexities.addAll(r.complexityOrder());
    }
    Set<String> seenStyles = new java.util.TreeSet<>();
    Set<String> seenComplexities = new java.util.TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      int side = i;
      files
          .get(i)
          .styleComplexity()
          .forEach(
              (style, byComplexity) ->
                  byComplexity.forEach(
                      (complexity, n) -> {
                        seenStyles.add(style);
                        seenComplexities.add(complexity);
                        cells.computeIfAbsent(style, k -> new LinkedHashMap<>())
                                .computeIfAbsent(complexity, k -> new long[2])[side] +=
                            n;
                      }));
    }
    if (cells.isEmpty()) {
      page.note(
          "The records carry no style or complexity labels (STYLE:/COMPLEXITY: lines in the system"
              + " prompt, or a metadata object), so there is nothing to map.");
      return;
    }
    // the plan's order where the run gave one (prompt config order), then any other labels seen
    styles.retainAll(seenStyles);
    styles.addAll(seenStyles);
    complexities.retainAll(seenComplexities);
    complexities.addAll(seenComplexities);
    List<String> rows = List.copyOf(styles);
    List<String> columns = List.copyOf(complexities);
    long[][] counts = new long[rows.size()][columns.size()];
    String[][] tips = new String[rows.size()][columns.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < columns.size(); j++) {
        long[] n =
            cells.getOrDefault(rows.get(i), Map.of()).getOrDefault(columns.get(j), new long[2]);
        counts[i][j] = n[0] + n[1];
        tips[i][j] =
            rows.get(i)
                + " × "
                + columns.get(j)
                + ": "
                + count(n[0] + n[1])
                + (files.size() > 1
                    ? " (training " + count(n[0]) + ", validation " + count(n[1]) + ")"
                    : "");
      }
    }
    page.note(
        "Records per style and complexity, training and validation together (hover a cell for the"
            + " split). An empty or pale row is a style the model will see little of.");
    page.raw(
        Svg.heatMap("styles", "Records per style and complexity", rows, columns, counts, tips));
  }

  private static void generation(Page page, DatasetReport r) {
    page.section("generation", "Generation: drops and failures");
    if (r.journal().isEmpty()) {
      page.note(
          "These files did not come from a generation run the history knows (imported or made"
              + " elsewhere), so there are no drop or failure reasons to show.");
      return;
    }
    JournalSummary j = r.journal().get();
    Map<String, String> cards = new LinkedHashMap<>();
    r.run().ifPresent(run -> cards.put("planned requests", count(run.spec().plannedCount())));
    cards.put("answered and kept", count(j.done()));
    cards.put("dropped by filters", count(j.dropped()));
    cards.put("failed", count(j.failed()));
    cards.put("teacher calls", count(j.attempts()));
    if (j.inputTokens() + j.outputTokens() > 0) {
      cards.put(
          "teacher tokens in / out", count(j.inputTokens()) + " / " + count(j.outputTokens()));
    }
    page.cards(cards);
    if (j.journaled() > 0) {
      page.raw(
          Svg.stackedBar(
              "outcomes",
              "Outcome of every journaled request",
              List.of(
                  new Svg.Segment("kept", j.done(), Svg.GREEN),
                  new Svg.Segment("dropped", j.dropped(), Svg.AMBER),
                  new Svg.Segment("failed", j.failed(), Svg.RED)),
              720));
    }
    reasons(page, "Dropped, by reason", j.dropsByReason(), j.journaled(), Svg.AMBER);
    reasons(page, "Failed, by reason", j.failuresByReason(), j.journaled(), Svg.RED);
    if (j.dropped() == 0 && j.failed() == 0) {
      page.paragraph("Every journaled request gave an example: nothing was dropped or failed.");
    }
  }

  private static void validity(Page page, DatasetReport r) {
    if (r.validity().isEmpty()) {
      return;
    }
    page.section("validity", "Answer checks: validity");
    Map<String, String> cards = new LinkedHashMap<>();
    r.validity().forEach((file, v) -> cards.put(fileName(file), v.rateText()));
    page.cards(cards);
    r.validity()
        .forEach(
            (file, v) -> {
              Map<String, Long> byReason = new LinkedHashMap<>();
              v.failuresByReason().forEach((reason, n) -> byReason.put(reason, (long) n));
              reasons(
                  page,
                  fileName(file) + ": failed, by check and reason",
                  byReason,
                  v.checked(),
                  Svg.RED);
              if (!v.examples().isEmpty()) {
                List<List<Cell>> rows = new ArrayList<>();
                v.examples().forEach(e -> rows.add(List.of(Cell.text(e))));
                page.table(List.of("first failures, with the check's message"), rows);
              }
              List<List<Cell>> timing = new ArrayList<>();
              v.timings()
                  .forEach(
                      (check, t) ->
                          timing.add(
                              List.of(
                                  Cell.text(check),
                                  Cell.text(count(t.count())),
                                  Cell.text(
                                      String.format(
                                          java.util.Locale.ROOT,
                                          "%.1f ms",
                                          t.mean().toNanos() / 1e6)),
                                  Cell.text(
                                      String.format(
                                          java.util.Locale.ROOT,
                                          "%.1f ms",
                                          t.max().toNanos() / 1e6)))));
              if (!timing.isEmpty()) {
                page.table(List.of("check", "answers", "mean", "slowest"), timing);
              }
            });
  }

  private static void reasons(
      Page page, String title, Map<String, Long> byReason, long total, String colour) {
    if (byReason.isEmpty()) {
      return;
    }
    page.subheading(title);
    long max = byReason.values().stream().mapToLong(Long::longValue).max().orElse(1);
    List<List<Cell>> rows = new ArrayList<>();
    byReason.forEach(
        (reason, n) ->
            rows.add(
                List.of(
                    Cell.text(reason),
                    Cell.text(count(n)),
                    Cell.text(Html.percent(total == 0 ? 0 : (double) n / total)),
                    Cell.html(Svg.miniBar((double) n / max, colour)))));
    page.table(List.of("reason", "#requests", "#of journaled", ""), rows);
  }

  private static void duplicates(Page page, List<DatasetStatistics> files) {
    page.section("duplicates", "Duplicates and overlap");
    List<List<Cell>> rows = new ArrayList<>();
    String[] names = {"training", "validation"};
    for (int i = 0; i < files.size(); i++) {
      DatasetStatistics s = files.get(i);
      rows.add(
          List.of(
              Cell.text(names[i]),
              Cell.text(count(s.records())),
              Cell.text(count(s.duplicates())),
              Cell.text(i == 0 ? "–" : count(s.overlapWithTraining())),
              Cell.text(
                  count(s.systemPromptVariants()) + (s.systemPromptVariantsCapped() ? "+" : ""))));
    }
    page.table(
        List.of(
            "split",
            "#records",
            "#duplicate records",
            "#also in training",
            "#system prompt variants"),
        rows);
    page.note(
        "A duplicate is a record identical to an earlier one in the same file: it weighs twice in"
            + " training. A validation record also in the training file makes the validation loss"
            + " look better than the model is.");
  }

  private static void findings(Page page, ValidationReport v) {
    page.section("validation", "Validation findings");
    page.raw(
        "<p>"
            + (v.hasErrors()
                ? Page.badge("bad", "Bedrock would reject this dataset")
                : Page.badge("ok", "Bedrock's rules pass"))
            + " "
            + escape(
                count(v.errorCount())
                    + " errors and "
                    + count(v.warningCount())
                    + " warnings for "
                    + v.model().displayName()
                    + " "
                    + ModelRules.describe(v.method())
                    + (v.method() == CustomizationType.DISTILLATION ? " (prompts)" : ""))
            + "</p>");
    if (v.counts().isEmpty()) {
      page.paragraph("No findings.");
      return;
    }
    List<List<Cell>> rows = new ArrayList<>();
    for (FindingCount c : v.counts()) {
      rows.add(
          List.of(
              Cell.html(severityBadge(c.severity())),
              Cell.html("<code>" + escape(c.code().name()) + "</code>"),
              Cell.text(count(c.count()))));
    }
    page.table(List.of("severity", "code", "#findings"), rows);
    List<Finding> listed =
        v.findings().stream()
            .sorted(java.util.Comparator.comparing(Finding::severity))
            .limit(LISTED_FINDINGS)
            .toList();
    page.subheading(
        listed.size() < v.errorCount() + v.warningCount()
            ? "The first " + listed.size() + " findings"
            : "Findings");
    List<List<Cell>> list = new ArrayList<>();
    for (Finding f : listed) {
      String where =
          (f.file() == null ? "" : fileName(f.file()))
              + (f.line() > 0 ? ":" + f.line() : "")
              + (f.jsonPath() == null ? "" : " " + f.jsonPath());
      list.add(
          List.of(
              Cell.html(severityBadge(f.severity())),
              Cell.html("<code>" + escape(f.code().name()) + "</code>"),
              Cell.html("<span class=\"mono\">" + escape(where.strip()) + "</span>"),
              Cell.text(f.message())));
    }
    page.table(List.of("severity", "code", "where", "message"), list);
    page.note("Every finding with its fix: finetune dataset validate --train ... --validation ...");
  }

  private static String severityBadge(Severity severity) {
    return severity == Severity.ERROR
        ? Page.badge("bad", "error")
        : Page.badge("warn", severity.name().toLowerCase(Locale.ROOT));
  }

  private static void lineage(Page page, DatasetReport r) {
    if (r.dataset().isEmpty() && r.run().isEmpty()) {
      return;
    }
    page.section("lineage", "Where it came from");
    Map<String, String> rows = new LinkedHashMap<>();
    r.dataset()
        .ifPresent(
            (DatasetRecord d) -> {
              put(rows, "dataset id", d.datasetId());
              put(rows, "project", d.project());
              put(rows, "content hash", d.contentHash());
              put(rows, "format", d.formatId());
              put(rows, "training URI", d.trainUri());
              put(rows, "validation URI", d.validationUri());
              put(rows, "split seed", d.metadata().get("seed"));
              put(rows, "training share", d.metadata().get("trainRatio"));
              put(rows, "recorded", Html.time(d.createdAt()));
            });
    r.run()
        .ifPresent(
            (RunRecord run) -> {
              put(rows, "generation run", run.runId());
              put(rows, "teacher", run.spec().source());
              put(rows, "teacher model", run.spec().teacherModel());
              put(rows, "prompt config hash", run.spec().promptConfigHash());
              put(rows, "plan hash", run.spec().planHash());
              put(rows, "run started", Html.time(run.createdAt()));
            });
    page.keyValues(rows, true);
  }

  private static void put(Map<String, String> rows, String key, String value) {
    if (value != null && !value.isBlank()) {
      rows.put(key, value);
    }
  }

  private static String fileName(String file) {
    Path name = Path.of(file).getFileName();
    return name == null ? file : name.toString();
  }
}
