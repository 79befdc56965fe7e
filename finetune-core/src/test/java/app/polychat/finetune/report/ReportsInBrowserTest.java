package app.polychat.finetune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.track.InMemoryRunTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens both reports in a real headless browser (Debian's {@code chromium}) and checks what it
 * parsed: the SVG curves and charts are in the DOM, and the browser logged no script error and no
 * blocked resource. Skipped, saying why, where chromium is not installed.
 */
class ReportsInBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir static Path dir;
  static Path datasetPage;
  static Path jobPage;

  @BeforeEach
  void chromium() {
    // per test (not in @BeforeAll), so each skipped check is counted and shows this reason
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium): the"
            + " browser checks are skipped; the HTML unit tests still run");
  }

  @BeforeAll
  static void reports() {
    if (!Files.isExecutable(CHROMIUM)) {
      return;
    }
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    SampleRun run = SampleRun.run(tracker, dir.resolve("strudel"));
    JobReportTest.record(tracker, run);
    datasetPage =
        DatasetReport.of(run.validation(), run.dataset(), tracker)
            .writeHtml(dir.resolve("pages/dataset-report.html"));
    jobPage =
        JobReport.fromTracker(tracker, ReportFixtures.JOB_ARN)
            .metrics(ReportFixtures.metrics())
            .estimateCost(CostEstimator.withDefaultPrices(), run.validation().training())
            .comparisonJson(ReportFixtures.comparisonJson(), "compare.json")
            .build()
            .writeHtml(dir.resolve("pages/job-report.html"));
  }

  @Test
  void jobReport_rendersItsLossCurvesAndTimeline_withoutErrors() throws Exception {
    Browser result = open(jobPage);
    assertThat(result.problems()).isEmpty();
    String dom = result.dom();
    assertThat(curve(dom, "training loss")).hasSizeGreaterThan(50);
    assertThat(curve(dom, "validation loss")).isNotEmpty();
    assertThat(dom).contains("data-chart=\"loss-per-epoch\"");
    assertThat(dom).contains("data-lane=\"training\"");
    assertThat(dom).contains("data-chart=\"comparison\"");
    assertThat(dom).doesNotContain("<script");
  }

  @Test
  void datasetReport_rendersItsHistogramAndHeatMap_withoutErrors() throws Exception {
    Browser result = open(datasetPage);
    assertThat(result.problems()).isEmpty();
    String dom = result.dom();
    assertThat(dom).contains("data-chart=\"tokens-training\"").contains("<rect class=\"bar\"");
    assertThat(dom).contains("data-chart=\"styles\"").contains("<rect class=\"cell\"");
    assertThat(dom).contains("data-chart=\"splits\"").contains("data-chart=\"outcomes\"");
  }

  @Test
  void check_catchesAScriptErrorAndABlockedFetch() throws Exception {
    // the detector must not pass vacuously: a page with both faults is reported
    Path bad = dir.resolve("pages/bad.html");
    Files.writeString(
        bad,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
            + " content=\"img-src 'none'\"></head><body><img src=\"http://example.invalid/x.png\">"
            + "<script>notDefined()</script></body></html>");
    List<String> problems = open(bad).problems();
    assertThat(problems).anyMatch(line -> line.contains("Uncaught ReferenceError"));
    assertThat(problems).anyMatch(line -> line.contains("Content Security Policy"));
  }

  /** The path data of a curve as the browser parsed it, or empty when there is none. */
  static String curve(String dom, String series) {
    Matcher m =
        Pattern.compile("<path class=\"curve\" data-series=\"" + series + "\"[^>]* d=\"([^\"]*)\"")
            .matcher(dom);
    return m.find() ? m.group(1) : "";
  }

  /** What the browser made of a page: its DOM, and the errors and refusals it logged. */
  record Browser(String dom, List<String> problems) {}

  static Browser open(Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path out = dir.resolve(page.getFileName() + ".dom");
    Path err = dir.resolve(page.getFileName() + ".log");
    Process chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.toUri().toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
      chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "chromium did not finish within 120 s; its log: " + Files.readString(err));
    }
    assertThat(chromium.exitValue())
        .as("chromium's exit code; log: %s", Files.readString(err))
        .isZero();
    List<String> problems = new ArrayList<>();
    for (String line : Files.readAllLines(err)) {
      // console messages (script errors) and Content-Security-Policy refusals (a blocked fetch)
      if (line.contains("Uncaught")
          || line.contains(":CONSOLE")
          || line.contains("Refused to")
          || line.contains("Content Security Policy")
          || line.contains("net::ERR_")) {
        problems.add(line);
      }
    }
    return new Browser(Files.readString(out), problems);
  }
}
