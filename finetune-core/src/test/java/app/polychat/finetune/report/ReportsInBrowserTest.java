package app.polychat.finetune.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.InMemoryRunTracker;
import com.fasterxml.jackson.databind.JsonNode;
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
  void bothReports_areReadableFrom800PixelsUp() throws Exception {
    for (Path page : List.of(datasetPage, jobPage)) {
      for (int width : new int[] {800, 1280}) {
        JsonNode m = measure(page, width);
        String where = page.getFileName() + " at " + width + " px";
        // axis, tick and label text as the browser draws it, after the SVG is scaled to fit
        assertThat(m.get("smallestText").asDouble())
            .as("smallest chart text in %s ('%s')", where, m.get("smallestTextIs").asText())
            .isGreaterThanOrEqualTo(11.0);
        assertThat(m.get("texts").asInt()).as("chart texts measured in %s", where).isPositive();
        // the page itself never scrolls sideways: wide tables scroll in their own box
        assertThat(m.get("overflow").asInt())
            .as("page wider than the window in %s", where)
            .isLessThanOrEqualTo(0);
        assertThat(m.get("brokenCodes"))
            .as("codes and paths broken over lines in %s", where)
            .isEmpty();
      }
    }
  }

  @Test
  void measure_seesTextThatIsTooSmallOrBroken() throws Exception {
    // the measurement must not pass vacuously: a page with both faults is caught
    Path bad = dir.resolve("pages/small.html");
    Files.writeString(
        bad,
        "<!DOCTYPE html><html><body><svg class=\"chart\" viewBox=\"0 0 2000 100\""
            + " style=\"width:100%\"><text x=\"10\" y=\"50\" style=\"font-size:11px\">tiny</text>"
            + "</svg><p style=\"width:60px\"><code style=\"word-break:break-all\">"
            + "s3://bucket/a/very/long/path/train.jsonl</code></p></body></html>");
    JsonNode m = measure(bad, 800);
    assertThat(m.get("smallestText").asDouble()).isLessThan(6.0);
    assertThat(m.get("brokenCodes")).isNotEmpty();
  }

  /**
   * What the browser laid out at {@code width} px: the smallest chart text in screen pixels, how
   * far the page overflows the window, and the codes laid over more than one line. The page's copy
   * gets a measuring script (the real page has none and its CSP forbids one).
   */
  static JsonNode measure(Path page, int width) throws IOException, InterruptedException {
    String html =
        Files.readString(page)
            .replaceAll("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .replace("</body>", MEASURE + "</body>");
    Path copy = dir.resolve("pages/measure-" + width + "-" + page.getFileName());
    Files.writeString(copy, html);
    String dom = open(copy, "--window-size=" + width + ",2400").dom();
    Matcher m = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the measuring script ran in %s", page).isTrue();
    return Json.parse(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
  }

  private static final String MEASURE =
      "<script>(function(){var min=1e9,which='',n=0;"
          + "document.querySelectorAll('svg text').forEach(function(t){"
          + "var r=t.getBoundingClientRect();if(r.width===0||!t.textContent.trim())return;"
          + "var fs=parseFloat(getComputedStyle(t).fontSize),c=t.getScreenCTM(),"
          + "px=fs*(c?Math.sqrt(c.a*c.a+c.b*c.b):1);n++;if(px<min){min=px;which=t.textContent;}});"
          // a code laid over two lines has text boxes at two heights
          + "var broken=[];document.querySelectorAll('code,.mono').forEach(function(e){"
          + "var r=document.createRange();r.selectNodeContents(e);var tops={};"
          + "Array.prototype.forEach.call(r.getClientRects(),function(b){"
          + "if(b.width>0)tops[Math.round(b.top)]=1;});"
          + "if(Object.keys(tops).length>1)broken.push(e.textContent);});"
          + "var p=document.createElement('pre');p.id='measure';p.textContent=JSON.stringify({"
          + "smallestText:n?min:0,smallestTextIs:which,texts:n,brokenCodes:broken,"
          + "overflow:document.documentElement.scrollWidth-document.documentElement.clientWidth});"
          + "document.body.appendChild(p);})();</script>";

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

  static Browser open(Path page, String... extraFlags) throws IOException, InterruptedException {
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
                extraFlags.length > 0 ? extraFlags[0] : "--window-size=1280,1600",
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
