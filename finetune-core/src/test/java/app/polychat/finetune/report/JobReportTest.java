package app.polychat.finetune.report;

import static app.polychat.finetune.report.DatasetReportTest.chart;
import static app.polychat.finetune.report.DatasetReportTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.report.internal.Html;
import app.polychat.finetune.report.internal.Svg;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JobRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobReportTest {
  @TempDir static Path dir;
  static InMemoryRunTracker tracker;
  static SampleRun run;
  static List<MetricPoint> metrics = ReportFixtures.metrics();

  @BeforeAll
  static void trackedJob() {
    tracker = new InMemoryRunTracker();
    run = SampleRun.run(tracker, dir.resolve("strudel"));
    record(tracker, run);
  }

  /** Records the fixture's Bedrock job on the sample run's dataset, with its status history. */
  static void record(InMemoryRunTracker tracker, SampleRun run) {
    tracker.recordJob(
        ReportFixtures.job(
            run.dataset().datasetId(), run.dataset().trainUri(), run.dataset().validationUri()));
    ReportFixtures.statuses().forEach(tracker::recordJobStatus);
  }

  static JobReport report() {
    return JobReport.fromTracker(tracker, ReportFixtures.JOB_ARN)
        .metrics(metrics)
        .estimateCost(CostEstimator.withDefaultPrices(), run.validation().training())
        .comparisonJson(ReportFixtures.comparisonJson(), "compare.json")
        .generatedAt(Instant.parse("2025-11-09T15:00:00Z"))
        .build();
  }

  @Test
  void fromTracker_bringsTheJobItsHistoryAndItsDataset() {
    JobReport report = report();
    assertThat(report.events()).hasSize(ReportFixtures.statuses().size());
    assertThat(report.dataset().orElseThrow().datasetId()).isEqualTo(run.dataset().datasetId());
    assertThat(report.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void lossCurves_drawEveryStepOfBothLosses() {
    String chart = chart(report().toHtml(), "loss-per-step");
    assertThat(points(chart, "training loss")).isEqualTo(86);
    assertThat(points(chart, "validation loss")).isEqualTo(8); // every 10 steps up to 86
    assertThat(chart).contains(">epoch 2</text>"); // the second epoch's start is marked
    // validation points carry their value
    MetricPoint tenth = metrics.stream().filter(p -> p.step() == 10).findFirst().orElseThrow();
    assertThat(chart)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "step 10 (epoch 1), validation loss %.4f",
                tenth.validationLoss()));
  }

  @Test
  void perEpoch_showsTheMeanLossOfEachEpoch() {
    String html = report().toHtml();
    double first =
        metrics.stream()
            .filter(p -> p.epoch() == 0)
            .mapToDouble(MetricPoint::trainingLoss)
            .average()
            .orElseThrow();
    double second =
        metrics.stream()
            .filter(p -> p.epoch() == 1)
            .mapToDouble(MetricPoint::trainingLoss)
            .average()
            .orElseThrow();
    double firstValidation =
        metrics.stream()
            .filter(p -> p.epoch() == 0 && p.validationLoss() != null)
            .mapToDouble(MetricPoint::validationLoss)
            .average()
            .orElseThrow();
    assertThat(html)
        .contains(
            "<td>1</td><td class=\"n\">43</td><td class=\"n\">"
                + Html.decimal(first, 4)
                + "</td><td class=\"n\">–</td><td class=\"n\">"
                + Html.decimal(firstValidation, 4)
                + "</td>");
    assertThat(html)
        .contains(
            "<td>2</td><td class=\"n\">43</td><td class=\"n\">"
                + Html.decimal(second, 4)
                + "</td><td class=\"n\">"
                + String.format(java.util.Locale.ROOT, "%+.1f%%", (second - first) / first * 100));
    String bars = chart(html, "loss-per-epoch");
    assertThat(count(bars, "data-series=\"training loss\"")).isEqualTo(2);
    assertThat(count(bars, "data-series=\"validation loss\"")).isEqualTo(2);
  }

  @Test
  void lossChart_hasHoverValuesASmoothedLineItsToggleAndThePerplexity() {
    String html = report().toHtml();
    String chart = chart(html, "loss-per-step");
    // every drawn point of the training curve tells its value on hover, perplexity included
    assertThat(count(chart, "<circle class=\"hover\"")).isGreaterThanOrEqualTo(86);
    assertThat(chart)
        .containsPattern("step 1 \\(epoch 1\\), training loss \\d\\.\\d{4}, perplexity");
    assertThat(chart).contains("class=\"curve smoothed\" data-series=\"training loss, smoothed\"");
    // a checkbox and CSS hide it: no script
    assertThat(html).contains("<input type=\"checkbox\" class=\"toggle\" id=\"smooth\" checked>");
    assertThat(html).contains(".toggle:not(:checked)~.chart-box .smoothed{display:none}");
    assertThat(html).contains("mean training perplexity").contains("mean validation perplexity");
    // one final loss, labelled with where it comes from
    assertThat(html).containsOnlyOnce("final training loss (last step of the loss CSVs)");
  }

  @Test
  void smooth_isACentredMovingAverage() {
    List<Svg.Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      points.add(new Svg.Point(i, i % 2 == 0 ? 1.0 : 3.0, ""));
    }
    List<Svg.Point> smoothed = JobReportPage.smooth(points);
    assertThat(smoothed).hasSize(40);
    assertThat(smoothed.get(20).y()).isBetween(1.8, 2.2); // the zig-zag flattened near its mean
    assertThat(JobReportPage.smooth(points.subList(0, 10))).isEmpty();
  }

  @Test
  void timeline_hasTheJobAndEachSubStageWithItsTimes() {
    String chart = chart(report().toHtml(), "timeline");
    for (String lane : List.of("job", "validation", "dataProcessing", "training")) {
      assertThat(chart).contains("data-lane=\"" + lane + "\"");
    }
    // each state's span, the time spent InProgress included
    assertThat(chart)
        .contains("job: InProgress, 2025-11-09 12:00:00 UTC – 2025-11-09 14:04:00 UTC (2 h 04 min)")
        .contains("job: Completed, 2025-11-09 14:04:00 UTC");
    assertThat(chart)
        .contains("validation: InProgress, 2025-11-09 12:00:00 UTC – 2025-11-09 12:07:00 UTC")
        .contains("training: InProgress, 2025-11-09 12:21:00 UTC – 2025-11-09 13:58:00 UTC")
        .contains("training: Completed, 2025-11-09 13:58:00 UTC");
    assertThat(count(chart, "class=\"moment\"")).isEqualTo(ReportFixtures.statuses().size());
  }

  @Test
  void settings_showTheHyperparametersAndTheCustomModel() {
    String html = report().toHtml();
    assertThat(html).contains("<th>epochCount</th><td class=\"mono\">2</td>");
    assertThat(html).contains("<th>learningRate</th><td class=\"mono\">0.00001</td>");
    assertThat(html).contains("<th>learningRateWarmupSteps</th><td class=\"mono\">10</td>");
    assertThat(html).contains(ReportFixtures.MODEL_ARN);
  }

  @Test
  void cost_isTheEstimatorsFigureForTheTrainingData() {
    JobReport report = report();
    CostEstimate expected =
        CostEstimator.withDefaultPrices()
            .training("amazon.nova-lite-v1:0:300k", run.validation().training(), 2);
    assertThat(report.cost().orElseThrow().totalUsd()).isEqualByComparingTo(expected.totalUsd());
    String html = report.toHtml();
    assertThat(html).contains("<strong>" + Html.usd(expected.totalUsd()) + "</strong>");
    assertThat(html).contains(expected.items().get(0).basis());
    assertThat(html).contains("estimated training tokens");
  }

  @Test
  void cost_ofAModelThePriceTableDoesNotKnow_isANoteNotAnError() {
    JobRecord job = tracker.job(ReportFixtures.JOB_ARN).orElseThrow();
    JobRecord unknown =
        new JobRecord(
            job.jobId(),
            job.jobName(),
            "acme.unknown-model-v1",
            job.customModelName(),
            job.type(),
            job.state(),
            job.datasetId(),
            job.createdAt(),
            job.updatedAt(),
            job.metadata());
    JobReport report =
        JobReport.builder()
            .job(unknown)
            .estimateCost(CostEstimator.withDefaultPrices(), run.validation().training())
            .build();
    assertThat(report.cost()).isEmpty();
    assertThat(report.costNote().orElseThrow()).startsWith("no estimate: ");
    assertThat(report.toHtml()).contains("no estimate: ");
  }

  @Test
  void comparison_isATableAndBarsWithoutThePerPromptAnswers() {
    String html = report().toHtml();
    String bars = chart(html, "comparison");
    assertThat(bars).contains("data-series=\"base\"").contains("data-series=\"fine-tuned\"");
    // the same words as the CLI's Markdown table (model compare)
    assertThat(bars).contains("format compliance, fine-tuned: 0.91");
    assertThat(html).contains("<td>\u00a0\u00a0parses</td><td>0.6364</td><td>1</td>");
    assertThat(html).contains("<td>latency p50 (ms)</td><td>1,850</td><td>1,210</td>");
    assertThat(html).doesNotContain("<b>code</b>").doesNotContain("&lt;b&gt;code");
  }

  @Test
  void comparison_thatIsNotJson_isRefusedNamingTheFile() {
    assertThatThrownBy(
            () -> JobReport.builder().comparisonJson("{\"models\": [", "results/compare.json"))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("results/compare.json")
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> JobReport.builder().comparisonJson("[1, 2]", "c.json"))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void withoutCurves_theFinalLossesAreNumbersWithTheirSource_notAChart() {
    String html =
        JobReport.fromTracker(tracker, ReportFixtures.JOB_ARN)
            .metricsNote("loss curves not read: access denied to s3://out")
            .build()
            .toHtml();
    assertThat(html).contains("loss curves not read: access denied to s3://out");
    assertThat(html)
        .contains("<th>final training loss</th>")
        .contains("<th>source</th><td>last job status Bedrock reported</td>")
        .contains("final training loss (last job status Bedrock reported)")
        .contains("Losses the job reported while it ran");
    assertThat(html).doesNotContain("data-chart=\"loss-reported\"");
    assertThat(html).doesNotContain("data-chart=\"loss-per-step\"");
  }

  @Test
  void failureMessages_andOtherTexts_areEscaped() {
    InMemoryRunTracker own = new InMemoryRunTracker();
    own.recordJob(ReportFixtures.job(null, "s3://b/<x>.jsonl", null));
    own.recordJobStatus(
        new JobStatus(
            ReportFixtures.JOB_ARN,
            "<b>name</b>",
            JobState.FAILED,
            List.of(),
            "<script>alert(document.cookie)</script>",
            null,
            null,
            null,
            null,
            null,
            null));
    String html = JobReport.fromTracker(own, ReportFixtures.JOB_ARN).build().toHtml();
    assertThat(html).doesNotContain("<script>").doesNotContain("<x>");
    assertThat(html).contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;");
    assertThat(html).contains("s3://b/&lt;x&gt;.jsonl");
  }

  @Test
  void fromTracker_ofAnUnknownJob_saysHowToRecordIt() {
    assertThatThrownBy(() -> JobReport.fromTracker(tracker, "arn:nope"))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("no job 'arn:nope' in the history")
        .hasMessageContaining("finetune job status");
  }

  @Test
  void thin_keepsAtMostTheLimitAndTheLastPoint() {
    List<MetricPoint> many =
        java.util.stream.IntStream.rangeClosed(1, 10_001)
            .mapToObj(i -> new MetricPoint(i, i / 5000, 1.0 / i, null))
            .toList();
    List<MetricPoint> thinned = JobReportPage.thin(many);
    assertThat(thinned.size()).isLessThanOrEqualTo(JobReportPage.MAX_CURVE_POINTS + 1);
    assertThat(thinned.get(thinned.size() - 1).step()).isEqualTo(10_001);
  }

  /** How many points a curve's path has (one M or L command each). */
  static int points(String chart, String series) {
    Matcher m =
        Pattern.compile("<path class=\"curve\" data-series=\"" + series + "\"[^>]* d=\"([^\"]*)\"")
            .matcher(chart);
    assertThat(m.find()).as("curve " + series).isTrue();
    return (int) m.group(1).chars().filter(c -> c == 'M' || c == 'L').count();
  }
}
