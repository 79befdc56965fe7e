package app.polychat.finetune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.report.internal.Html;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.validate.DatasetStatistics;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.Histogram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReportTest {
  @TempDir static Path dir;
  static InMemoryRunTracker tracker;
  static SampleRun run;
  static DatasetReport report;
  static String html;

  @BeforeAll
  static void sampleRun() {
    tracker = new InMemoryRunTracker();
    run = SampleRun.run(tracker, dir.resolve("strudel"));
    report = DatasetReport.of(run.validation(), run.dataset(), tracker);
    html = report.toHtml();
  }

  @Test
  void journal_countsEveryPlannedRequestWithItsReason() {
    JournalSummary journal = report.journal().orElseThrow();
    assertThat(journal.journaled()).isEqualTo(60);
    assertThat(journal.failed()).isEqualTo(6); // 60 asked of a 54-example set
    assertThat(journal.done() + journal.dropped()).isEqualTo(54);
    assertThat(journal.dropsByReason()).containsKey(SampleRun.LONG_ANSWER);
    assertThat(journal.dropsByReason().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(journal.dropped());
    assertThat(journal.done())
        .isEqualTo(run.dataset().trainCount() + run.dataset().validationCount());
  }

  @Test
  void html_isOneSelfContainedPageWithoutScriptOrExternalResources() {
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("javascript:");
    assertThat(html).doesNotContainPattern("(?i)\\b(src|href)\\s*=").doesNotContain("url(");
    assertThat(html).doesNotContain("@import");
    // no element that loads anything (URIs may appear as text, e.g. where the data is stored)
    assertThat(html)
        .doesNotContainPattern(
            "(?i)<(link|img|iframe|object|embed|image|use|audio|video|source)\\b");
  }

  @Test
  void splits_showTheRecordCountsOfBothFiles() {
    long train = run.dataset().trainCount();
    long validation = run.dataset().validationCount();
    double share = (double) train / (train + validation);
    assertThat(html)
        .contains("training " + train + " (" + Html.percent(share) + ")")
        .contains("validation " + validation + " (" + Html.percent(1 - share) + ")");
    assertThat(cards()).containsEntry("training records", Long.toString(train));
    assertThat(cards()).containsEntry("validation records", Long.toString(validation));
  }

  @Test
  void histogram_hasOneBarPerBinAndCountsEveryRecord() {
    DatasetStatistics training = report.validation().training();
    Histogram histogram = training.tokenHistogram();
    String chart = chart("tokens-training");
    assertThat(count(chart, "<rect class=\"bar\"")).isEqualTo(histogram.bins());
    long counted = 0;
    Matcher m = Pattern.compile(": ([0-9,]+) records</title>").matcher(chart);
    while (m.find()) {
      counted += Long.parseLong(m.group(1).replace(",", ""));
    }
    assertThat(counted).isEqualTo(training.records()).isEqualTo(run.dataset().trainCount());
    assertThat(chart).contains("median " + Html.count(training.tokens().median()));
    assertThat(chart).contains("p95 " + Html.count(training.tokens().p95()));
  }

  @Test
  void heatMap_hasACellPerStyleAndComplexityWithTheSplitInItsTooltip() {
    DatasetStatistics training = report.validation().training();
    DatasetStatistics validation = report.validation().validation().orElseThrow();
    int styles = training.styles().size();
    int complexities = training.complexities().size();
    assertThat(styles).isGreaterThan(1);
    String chart = chart("styles");
    assertThat(count(chart, "<rect class=\"cell\"")).isEqualTo((styles + 1) * (complexities + 1));
    String style = training.styles().keySet().iterator().next();
    String complexity = training.styleComplexity().get(style).keySet().iterator().next();
    long t = training.styleComplexity().get(style).get(complexity);
    long v =
        validation.styleComplexity().getOrDefault(style, Map.of()).getOrDefault(complexity, 0L);
    assertThat(chart)
        .contains(
            style
                + " × "
                + complexity
                + ": "
                + (t + v)
                + " (training "
                + t
                + ", validation "
                + v
                + ")");
    long all = training.records() + validation.records();
    assertThat(chart).contains("all records: " + all);
  }

  @Test
  void heatMap_columnsFollowThePromptConfigsOrder() {
    List<String> complexities =
        new java.util.ArrayList<>(
            run.validation().training().styleComplexity().values().stream()
                .flatMap(m -> m.keySet().stream())
                .distinct()
                .sorted()
                .toList());
    assertThat(complexities).hasSizeGreaterThan(1);
    java.util.Collections.reverse(complexities); // an order the alphabet would not give
    String page =
        DatasetReport.builder(run.validation(), run.dataset(), tracker)
            .labelOrder(List.of(), complexities)
            .build()
            .toHtml();
    String chart = chart(page, "styles");
    int previous = -1;
    for (String complexity : complexities) {
      int at = chart.indexOf("font-weight=\"600\">" + complexity + "</text>");
      assertThat(at).as("column %s after the one before it", complexity).isGreaterThan(previous);
      previous = at;
    }
  }

  @Test
  void histogram_marksTheMedianWithItsValue() {
    String chart = chart("tokens-training");
    String median = Html.count(run.validation().training().tokens().median());
    assertThat(chart).contains(">median " + median + "</text>");
  }

  @Test
  void dropsAndFailures_areListedByReasonWithTheirCounts() {
    JournalSummary journal = report.journal().orElseThrow();
    long drops = journal.dropsByReason().get(SampleRun.LONG_ANSWER);
    assertThat(html)
        .contains("<td>" + SampleRun.LONG_ANSWER + "</td><td class=\"n\">" + drops + "</td>");
    String failure = journal.failuresByReason().keySet().iterator().next();
    assertThat(html).contains("<td>" + Html.escape(failure) + "</td><td class=\"n\">6</td>");
    assertThat(html).contains("Failed, by reason").contains("Dropped, by reason");
  }

  @Test
  void findings_areSummarizedByCodeAndListed() {
    // a file with a broken record, a reserved keyword and a duplicate
    Path bad = dir.resolve("bad/train.jsonl");
    String good =
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"s(\\\"bd\\\")\"}]}]}";
    writeLines(
        bad,
        good,
        good,
        "{not json",
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"User: <img src=x onerror=alert(1)>\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"x\"}]}]}");
    var validation = DatasetValidator.builder().build().validate(bad);
    String page = DatasetReport.builder().validation(validation).build().toHtml();
    assertThat(validation.hasErrors()).isTrue();
    assertThat(page)
        .contains("<code>INVALID_JSON</code>")
        .contains("<code>DUPLICATE_RECORD</code>");
    assertThat(page).contains("train.jsonl:3");
    assertThat(page).contains("Bedrock would reject this dataset");
    assertThat(page).contains("did not come from a generation run");
    assertThat(page).doesNotContain("<img");
  }

  @Test
  void everyText_isEscaped() {
    String hostile = "<script>alert('x')</script> & \"quotes\"";
    JournalSummary journal =
        new JournalSummary(
            1, 1, 1, Map.of("<img src=x onerror=alert(1)>", 1L), Map.of(hostile, 1L), 3, 0, 0);
    String page =
        DatasetReport.builder()
            .title(hostile)
            .validation(report.validation())
            .journal(journal)
            .build()
            .toHtml();
    assertThat(page).doesNotContain("<script>").doesNotContain("<img");
    assertThat(page)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
    assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void writeHtml_replacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path out = dir.resolve("reports/dataset-report.html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "old");
    Path written = report.writeHtml(out);
    assertThat(written).isEqualTo(out.toAbsolutePath());
    assertThat(Files.readString(out)).isEqualTo(html);
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("dataset-report.html");
    }
  }

  @Test
  void writeHtml_intoAFileWhereAFolderShouldBe_saysWhichFile() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file, not a folder");
    assertThatThrownBy(() -> report.writeHtml(blocker.resolve("report.html")))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("cannot write " + blocker.resolve("report.html"));
  }

  @Test
  void build_withoutValidation_namesWhatIsMissing() {
    assertThatThrownBy(() -> DatasetReport.builder().generatedAt(Instant.now()).build())
        .hasMessageContaining("validation is required");
  }

  // ----------------------------------------------------------------------------------- helpers

  private static Map<String, String> cards() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Matcher m =
        Pattern.compile("<div class=\"v\">([^<]*)</div><div class=\"k\">([^<]*)</div>")
            .matcher(html);
    while (m.find()) {
      out.putIfAbsent(m.group(2), m.group(1));
    }
    return out;
  }

  static String chart(String id) {
    return chart(html, id);
  }

  static String chart(String page, String id) {
    int start = page.indexOf("data-chart=\"" + id + "\"");
    assertThat(start).as("chart " + id).isNotNegative();
    return page.substring(start, page.indexOf("</svg>", start));
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static void writeLines(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, List.of(lines));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
