package app.polychat.finetune.report;

import static app.polychat.finetune.report.internal.Html.count;
import static app.polychat.finetune.report.internal.Html.escape;

import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.report.internal.Html;
import app.polychat.finetune.report.internal.Page;
import app.polychat.finetune.report.internal.Page.Cell;
import app.polychat.finetune.report.internal.Svg;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobEvent;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.validate.DatasetStatistics;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Lays out a {@link JobReport} as an HTML page. */
final class JobReportPage {
  /** Past this many points a curve is thinned to every n-th point (the chart is 1,100 px wide). */
  static final int MAX_CURVE_POINTS = 2_000;

  /** Validation points get a dot each (with a tooltip) up to this many. */
  static final int MAX_MARKED_POINTS = 80;

  private static final String[] PALETTE = {
    Svg.BLUE, Svg.ORANGE, Svg.GREEN, "#7c3aed", "#0d9488", "#db2777", Svg.GREY
  };

  private JobReportPage() {}

  static String render(JobReport r) {
    JobRecord job = r.job();
    Page page = new Page(r.title(), job.jobId());
    JobState state = lastState(r);
    page.raw(
        "<p>"
            + stateBadge(state)
            + " <span class=\"sub\">"
            + escape(
                (job.type() == null
                        ? "customization"
                        : job.type().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    + " of "
                    + (job.baseModel() == null ? "an unknown base model" : job.baseModel())
                    + ", report made "
                    + Html.time(r.generatedAt()))
            + "</span></p>");
    page.endHeader();
    page.cards(cards(r, state));
    losses(page, r);
    epochs(page, r);
    timeline(page, r);
    settings(page, r);
    cost(page, r);
    comparison(page, r);
    page.section("lineage-note", "Lineage");
    page.note(
        "The full record of what made this model (prompt config, teacher, run, drops, split,"
            + " dataset hashes and URIs, job spec): finetune lineage "
            + job.jobId()
            + " --json");
    return page.finish(
        "Made by finetune from the job's tracked status history"
            + (r.metrics().isEmpty() ? "" : " and the loss curves the service wrote")
            + ". Costs are estimates from a price table; check current prices before you rely on"
            + " them.");
  }

  // ----------------------------------------------------------------------------------- cards

  private static JobState lastState(JobReport r) {
    return r.events().isEmpty()
        ? r.job().state()
        : r.events().get(r.events().size() - 1).status().state();
  }

  private static String stateBadge(JobState state) {
    String kind =
        switch (state) {
          case COMPLETED -> "ok";
          case FAILED -> "bad";
          case IN_PROGRESS -> "info";
          case STOPPING, STOPPED, DRY_RUN -> "idle";
        };
    return Page.badge(kind, state.displayName());
  }

  private static Map<String, String> cards(JobReport r, JobState state) {
    Map<String, String> cards = new LinkedHashMap<>();
    cards.put("state", state.displayName());
    Instant start = start(r);
    Instant end = end(r);
    if (start != null && end != null) {
      cards.put(
          state.terminal() ? "took" : "running for", Html.duration(Duration.between(start, end)));
    }
    if (!r.metrics().isEmpty()) {
      cards.put("steps", count(r.metrics().get(r.metrics().size() - 1).step()));
      cards.put(
          "epochs", count(r.metrics().stream().mapToInt(MetricPoint::epoch).distinct().count()));
    }
    FinalLosses losses = finalLosses(r);
    if (losses.training() != null) {
      cards.put(
          "final training loss (" + losses.source() + ")", Html.decimal(losses.training(), 4));
    }
    if (losses.validation() != null) {
      cards.put(
          "final validation loss (" + losses.source() + ")", Html.decimal(losses.validation(), 4));
    }
    r.cost().ifPresent(c -> cards.put("estimated cost", Html.usd(c.totalUsd())));
    r.dataset().ifPresent(d -> cards.put("training records", count(d.trainCount())));
    return cards;
  }

  /** The final losses and where they come from: the loss CSVs' last step, else the job's status. */
  record FinalLosses(Double training, Double validation, String source) {}

  static FinalLosses finalLosses(JobReport r) {
    Double training = last(r.metrics(), true);
    Double validation = last(r.metrics(), false);
    if (training != null || validation != null) {
      return new FinalLosses(training, validation, "last step of the loss CSVs");
    }
    return new FinalLosses(
        lastReported(r, true), lastReported(r, false), "last job status Bedrock reported");
  }

  private static Double last(List<MetricPoint> points, boolean training) {
    for (int i = points.size() - 1; i >= 0; i--) {
      Double v = training ? points.get(i).trainingLoss() : points.get(i).validationLoss();
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static Double lastReported(JobReport r, boolean training) {
    for (int i = r.events().size() - 1; i >= 0; i--) {
      JobStatus s = r.events().get(i).status();
      Double v = training ? s.trainingLoss() : s.validationLoss();
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * When a status was true: the service's last-modified time when it gave one (polling may see a
   * change late), else when the status was recorded.
   */
  static Instant at(JobEvent e) {
    return e.status().updatedAt() != null ? e.status().updatedAt() : e.recordedAt();
  }

  static Instant start(JobReport r) {
    for (JobEvent e : r.events()) {
      if (e.status().createdAt() != null) {
        return e.status().createdAt();
      }
    }
    if (r.job().createdAt() != null) {
      return r.job().createdAt();
    }
    return r.events().isEmpty() ? null : at(r.events().get(0));
  }

  static Instant end(JobReport r) {
    if (r.events().isEmpty()) {
      return r.job().updatedAt();
    }
    JobEvent last = r.events().get(r.events().size() - 1);
    if (last.status().endedAt() != null) {
      return last.status().endedAt();
    }
    return at(last);
  }

  // ---------------------------------------------------------------------------------- losses

  private static void losses(Page page, JobReport r) {
    page.section("losses", "Loss curves");
    List<MetricPoint> points = thin(r.metrics());
    if (points.isEmpty()) {
      page.note(
          r.metricsNote()
              .orElse(
                  "No loss curves: looked for Bedrock's step_wise_training_metrics.csv and"
                      + " validation_metrics.csv, which it writes to the job's output folder"
                      + " when training ends."));
      reportedLosses(page, r);
      return;
    }
    Map<Integer, Integer> ordinals = ordinals(r.metrics());
    List<Svg.Point> training = new ArrayList<>();
    List<Svg.Point> validation = new ArrayList<>();
    for (MetricPoint p : points) {
      if (p.trainingLoss() != null) {
        training.add(
            new Svg.Point(
                p.step(),
                p.trainingLoss(),
                tip(p, ordinals, "training", p.trainingLoss(), p.trainingPerplexity())));
      }
      if (p.validationLoss() != null) {
        validation.add(
            new Svg.Point(
                p.step(),
                p.validationLoss(),
                tip(p, ordinals, "validation", p.validationLoss(), p.validationPerplexity())));
      }
    }
    List<Svg.Series> series = new ArrayList<>();
    List<Svg.Point> smoothed = smooth(training);
    if (!training.isEmpty()) {
      series.add(new Svg.Series("training loss", Svg.BLUE, training, training.size() <= 40));
    }
    if (!smoothed.isEmpty()) {
      series.add(new Svg.Series("training loss, smoothed", "#1e3a8a", smoothed, false, true));
    }
    if (!validation.isEmpty()) {
      series.add(
          new Svg.Series(
              "validation loss", Svg.ORANGE, validation, validation.size() <= MAX_MARKED_POINTS));
    }
    List<Svg.Marker> epochs = new ArrayList<>();
    int epoch = points.get(0).epoch();
    for (MetricPoint p : points) {
      if (p.epoch() != epoch) {
        epoch = p.epoch();
        epochs.add(new Svg.Marker(p.step(), "epoch " + ordinals.get(epoch), Svg.GREY));
      }
    }
    String chart =
        Svg.lineChart("loss-per-step", "Loss per step", "step", "loss", series, epochs, 720, 320);
    if (smoothed.isEmpty()) {
      page.raw(chart);
    } else {
      // a checkbox and a CSS rule show or hide the smoothed line: no script (the page's CSP)
      page.raw(
          "<div><input type=\"checkbox\" class=\"toggle\" id=\"smooth\" checked><label"
              + " for=\"smooth\" class=\"note\">smoothed training loss (moving average over "
              + SMOOTHING_WINDOW
              + " drawn points)</label><div class=\"chart-box\">"
              + chart
              + "</div></div>");
    }
    legend(page, !training.isEmpty(), !validation.isEmpty());
    page.note(
        count(r.metrics().size())
            + " steps"
            + (points.size() < r.metrics().size()
                ? " (every " + (r.metrics().size() / points.size()) + "th step drawn)"
                : "")
            + "; each point averages the rows the service wrote for that step. Dashed grey lines"
            + " mark where an epoch starts. Hover a point for its values"
            + (r.metrics().stream().anyMatch(p -> p.trainingPerplexity() != null)
                ? " (perplexity as Bedrock wrote it)."
                : "."));
  }

  private static String tip(
      MetricPoint p, Map<Integer, Integer> ordinals, String what, double loss, Double perplexity) {
    return String.format(
            Locale.ROOT,
            "step %d (epoch %d), %s loss %.4f",
            p.step(),
            ordinals.get(p.epoch()),
            what,
            loss)
        + (perplexity == null ? "" : String.format(Locale.ROOT, ", perplexity %.4f", perplexity));
  }

  /** Points drawn in the moving average; odd, so each average is centred on its point. */
  static final int SMOOTHING_WINDOW = 9;

  /**
   * A centred moving average of the curve, for a noisy training loss; empty when the curve is too
   * short for smoothing to say anything.
   */
  static List<Svg.Point> smooth(List<Svg.Point> points) {
    if (points.size() < 3 * SMOOTHING_WINDOW) {
      return List.of();
    }
    List<Svg.Point> out = new ArrayList<>(points.size());
    int half = SMOOTHING_WINDOW / 2;
    for (int i = 0; i < points.size(); i++) {
      int from = Math.max(0, i - half);
      int to = Math.min(points.size() - 1, i + half);
      double sum = 0;
      for (int j = from; j <= to; j++) {
        sum += points.get(j).y();
      }
      double mean = sum / (to - from + 1);
      out.add(
          new Svg.Point(
              points.get(i).x(),
              mean,
              String.format(Locale.ROOT, "step %.0f, smoothed %.4f", points.get(i).x(), mean)));
    }
    return out;
  }

  /**
   * Epochs counted from 1 in the order they appear, whatever numbering the service's files use
   * (Bedrock's start at 0 in some outputs and 1 in others).
   */
  static Map<Integer, Integer> ordinals(List<MetricPoint> points) {
    Map<Integer, Integer> out = new TreeMap<>();
    points.forEach(p -> out.putIfAbsent(p.epoch(), 0));
    int[] n = {0};
    out.replaceAll((epoch, zero) -> ++n[0]);
    return out;
  }

  private static void legend(Page page, boolean training, boolean validation) {
    Map<String, String> legend = new LinkedHashMap<>();
    if (training) {
      legend.put(Svg.BLUE, "training loss");
    }
    if (validation) {
      legend.put(Svg.ORANGE, "validation loss");
    }
    page.legend(legend);
  }

  /** Every n-th point when there are too many to draw; the last point is always kept. */
  static List<MetricPoint> thin(List<MetricPoint> points) {
    if (points.size() <= MAX_CURVE_POINTS) {
      return points;
    }
    int stride = (int) Math.ceil(points.size() / (double) MAX_CURVE_POINTS);
    List<MetricPoint> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i += stride) {
      out.add(points.get(i));
    }
    if (out.get(out.size() - 1) != points.get(points.size() - 1)) {
      out.add(points.get(points.size() - 1));
    }
    return out;
  }

  /**
   * Without curves: the final losses as numbers, and the losses the job's statuses reported while
   * it ran as a table (a handful of polled values on a time axis would read as a curve it is not).
   */
  private static void reportedLosses(Page page, JobReport r) {
    FinalLosses losses = finalLosses(r);
    if (losses.training() == null && losses.validation() == null) {
      return;
    }
    Map<String, String> numbers = new LinkedHashMap<>();
    if (losses.training() != null) {
      numbers.put("final training loss", Html.decimal(losses.training(), 4));
    }
    if (losses.validation() != null) {
      numbers.put("final validation loss", Html.decimal(losses.validation(), 4));
    }
    numbers.put("source", losses.source());
    page.keyValues(numbers, false);
    List<List<Cell>> rows = new ArrayList<>();
    for (JobEvent e : r.events()) {
      if (e.status().trainingLoss() != null || e.status().validationLoss() != null) {
        rows.add(
            List.of(
                Cell.text(Html.time(at(e))),
                Cell.text(Html.decimal(e.status().trainingLoss(), 4)),
                Cell.text(Html.decimal(e.status().validationLoss(), 4))));
      }
    }
    if (rows.size() > 1) {
      page.subheading("Losses the job reported while it ran");
      page.table(List.of("at", "#training loss", "#validation loss"), rows);
    }
  }

  // ---------------------------------------------------------------------------------- epochs

  /** Mean losses per epoch; epochs are counted from 1. */
  record EpochLoss(
      int epoch,
      int steps,
      Double training,
      Double validation,
      Double trainingPerplexity,
      Double validationPerplexity) {}

  static List<EpochLoss> perEpoch(List<MetricPoint> points) {
    // epoch -> steps, tSum, tN, vSum, vN, tpSum, tpN, vpSum, vpN
    Map<Integer, double[]> sums = new TreeMap<>();
    for (MetricPoint p : points) {
      double[] acc = sums.computeIfAbsent(p.epoch(), e -> new double[9]);
      acc[0]++;
      if (p.trainingPerplexity() != null) {
        acc[5] += p.trainingPerplexity();
        acc[6]++;
      }
      if (p.validationPerplexity() != null) {
        acc[7] += p.validationPerplexity();
        acc[8]++;
      }
      if (p.trainingLoss() != null) {
        acc[1] += p.trainingLoss();
        acc[2]++;
      }
      if (p.validationLoss() != null) {
        acc[3] += p.validationLoss();
        acc[4]++;
      }
    }
    List<EpochLoss> out = new ArrayList<>();
    sums.forEach(
        (epoch, acc) ->
            out.add(
                new EpochLoss(
                    out.size() + 1,
                    (int) acc[0],
                    acc[2] == 0 ? null : acc[1] / acc[2],
                    acc[4] == 0 ? null : acc[3] / acc[4],
                    acc[6] == 0 ? null : acc[5] / acc[6],
                    acc[8] == 0 ? null : acc[7] / acc[8])));
    return out;
  }

  private static void epochs(Page page, JobReport r) {
    if (r.metrics().isEmpty()) {
      return;
    }
    page.section("epochs", "Per epoch");
    List<EpochLoss> epochs = perEpoch(r.metrics());
    List<String> categories = epochs.stream().map(e -> "epoch " + e.epoch()).toList();
    List<Double> training = epochs.stream().map(e -> nan(e.training())).toList();
    List<Double> validation = epochs.stream().map(e -> nan(e.validation())).toList();
    List<Svg.Bars> bars = new ArrayList<>();
    boolean hasTraining = epochs.stream().anyMatch(e -> e.training() != null);
    boolean hasValidation = epochs.stream().anyMatch(e -> e.validation() != null);
    if (hasTraining) {
      bars.add(new Svg.Bars("training loss", Svg.BLUE, training));
    }
    if (hasValidation) {
      bars.add(new Svg.Bars("validation loss", Svg.ORANGE, validation));
    }
    page.raw(
        Svg.groupedBars(
            "loss-per-epoch",
            "Mean loss per epoch",
            "epoch",
            "mean loss",
            categories,
            bars,
            3,
            Math.min(720, 240 + 150 * categories.size()),
            280));
    legend(page, hasTraining, hasValidation);
    boolean perplexity =
        epochs.stream()
            .anyMatch(e -> e.trainingPerplexity() != null || e.validationPerplexity() != null);
    List<List<Cell>> rows = new ArrayList<>();
    Double previous = null;
    for (EpochLoss e : epochs) {
      String change =
          previous == null || e.training() == null
              ? "–"
              : String.format(Locale.ROOT, "%+.1f%%", (e.training() - previous) / previous * 100);
      List<Cell> row = new ArrayList<>();
      row.add(Cell.text(Integer.toString(e.epoch())));
      row.add(Cell.text(count(e.steps())));
      row.add(Cell.text(Html.decimal(e.training(), 4)));
      row.add(Cell.text(change));
      row.add(Cell.text(Html.decimal(e.validation(), 4)));
      if (perplexity) {
        row.add(Cell.text(Html.decimal(e.trainingPerplexity(), 4)));
        row.add(Cell.text(Html.decimal(e.validationPerplexity(), 4)));
      }
      rows.add(row);
      if (e.training() != null) {
        previous = e.training();
      }
    }
    List<String> headers =
        new ArrayList<>(
            List.of(
                "epoch",
                "#steps",
                "#mean training loss",
                "#vs previous epoch",
                "#mean validation loss"));
    if (perplexity) {
      headers.add("#mean training perplexity");
      headers.add("#mean validation perplexity");
    }
    page.table(headers, rows);
  }

  private static double nan(Double value) {
    return value == null ? Double.NaN : value;
  }

  // -------------------------------------------------------------------------------- timeline

  private static void timeline(Page page, JobReport r) {
    page.section("timeline", "Status timeline");
    if (r.events().isEmpty()) {
      page.note(
          "No status history: it is recorded each time the job is watched or its status is asked"
              + " for (finetune job watch / job status).");
      return;
    }
    Instant start = start(r);
    Instant end = end(r);
    JobState state = lastState(r);
    List<Svg.Lane> lanes = new ArrayList<>();
    if (start != null && end != null) {
      List<Instant> times = new ArrayList<>();
      List<String> states = new ArrayList<>();
      for (JobEvent e : r.events()) {
        times.add(at(e));
        states.add(e.status().state().displayName());
      }
      times.set(0, start);
      lanes.add(new Svg.Lane("job", runs("job", times, states, end)));
    }
    for (String stage : stageNames(r.events())) {
      lanes.add(stageLane(stage, r.events(), end));
    }
    List<Svg.Moment> moments = new ArrayList<>();
    for (JobEvent e : r.events()) {
      moments.add(new Svg.Moment(at(e), Html.time(at(e)) + ": " + describe(e.status())));
    }
    page.raw(Svg.timeline("timeline", "Job status and sub-stages over time", lanes, moments, 720));
    Map<String, String> legend = new LinkedHashMap<>();
    legend.put(Svg.GREEN, "Completed");
    legend.put(Svg.BLUE, "InProgress");
    legend.put(Svg.RED, "Failed");
    legend.put(Svg.GREY, "Stopped");
    page.legend(legend);
    page.note("Triangles mark each recorded status change; hover a bar or a triangle for details.");
    List<List<Cell>> rows = new ArrayList<>();
    for (JobEvent e : r.events()) {
      JobStatus s = e.status();
      rows.add(
          List.of(
              Cell.text(Html.time(at(e))),
              Cell.html(stateBadge(s.state())),
              Cell.text(
                  s.stages().stream()
                      .map(st -> st.stage() + ": " + st.status())
                      .collect(Collectors.joining(", "))),
              Cell.text(Html.decimal(s.trainingLoss(), 4)),
              Cell.text(Html.decimal(s.validationLoss(), 4)),
              Cell.text(s.failureMessage() == null ? "" : s.failureMessage())));
    }
    page.table(
        List.of("at", "state", "sub-stages", "#training loss", "#validation loss", "failure"),
        rows);
  }

  private static Set<String> stageNames(List<JobEvent> events) {
    Set<String> names = new LinkedHashSet<>();
    events.forEach(e -> e.status().stages().forEach(s -> names.add(s.stage())));
    return names;
  }

  /**
   * A stage's bar: from Bedrock's creation time (else the first status showing it started) to its
   * last modified time once it ended (else the status that showed it ended), or to the job's end
   * while it runs.
   */
  private static Svg.Lane stageLane(String stage, List<JobEvent> events, Instant jobEnd) {
    List<Instant> times = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    for (JobEvent e : events) {
      for (StageStatus s : e.status().stages()) {
        if (!s.stage().equals(stage) || "NotStarted".equalsIgnoreCase(s.status())) {
          continue;
        }
        // Bedrock's own times where it gave them: when the stage began, when it last changed
        Instant when = at(e);
        if (times.isEmpty() && s.startedAt() != null) {
          when = s.startedAt();
        } else if (ended(s.status()) && s.updatedAt() != null) {
          when = s.updatedAt();
        }
        times.add(when);
        statuses.add(s.status());
      }
    }
    if (times.isEmpty()) {
      return new Svg.Lane(stage, List.of());
    }
    return new Svg.Lane(stage, runs(stage, times, statuses, jobEnd));
  }

  /**
   * One bar per stretch of the same status: from when it was first seen to when the next status was
   * (or to {@code end}), so the time spent InProgress shows as well as how it ended. A final status
   * that ended the job gets a sliver, since nothing follows it.
   */
  static List<Svg.Span> runs(String lane, List<Instant> times, List<String> statuses, Instant end) {
    List<Svg.Span> spans = new ArrayList<>();
    int i = 0;
    while (i < statuses.size()) {
      int j = i;
      while (j + 1 < statuses.size() && statuses.get(j + 1).equals(statuses.get(i))) {
        j++;
      }
      Instant from = times.get(i);
      Instant to = j + 1 < statuses.size() ? times.get(j + 1) : (end != null ? end : from);
      if (to.isBefore(from)) {
        to = from;
      }
      String status = statuses.get(i);
      spans.add(
          new Svg.Span(
              from,
              to,
              colour(status),
              status,
              lane
                  + ": "
                  + status
                  + ", "
                  + Html.time(from)
                  + " – "
                  + Html.time(to)
                  + " ("
                  + Html.duration(Duration.between(from, to))
                  + ")"));
      i = j + 1;
    }
    return spans;
  }

  private static boolean ended(String status) {
    return "Completed".equalsIgnoreCase(status)
        || "Failed".equalsIgnoreCase(status)
        || "Stopped".equalsIgnoreCase(status);
  }

  static String colour(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "completed" -> Svg.GREEN;
      case "inprogress" -> Svg.BLUE;
      case "failed" -> Svg.RED;
      case "notstarted" -> Svg.LIGHT_GREY;
      default -> Svg.GREY;
    };
  }

  private static String describe(JobStatus s) {
    StringBuilder out = new StringBuilder(s.state().displayName());
    if (!s.stages().isEmpty()) {
      out.append(" (")
          .append(
              s.stages().stream()
                  .map(st -> st.stage() + ": " + st.status())
                  .collect(Collectors.joining(", ")))
          .append(')');
    }
    if (s.trainingLoss() != null) {
      out.append(", training loss ").append(Html.decimal(s.trainingLoss(), 4));
    }
    if (s.validationLoss() != null) {
      out.append(", validation loss ").append(Html.decimal(s.validationLoss(), 4));
    }
    if (s.failureMessage() != null) {
      out.append(": ").append(s.failureMessage());
    }
    return out.toString();
  }

  // -------------------------------------------------------------------------------- settings

  private static void settings(Page page, JobReport r) {
    JobRecord job = r.job();
    DatasetRecord dataset = r.dataset().orElse(null);
    page.section("settings", "Hyperparameters and job");
    Map<String, String> hyper = RecordedJob.hyperparameters(job);
    if (hyper.isEmpty()) {
      page.note(
          job.type() == app.polychat.finetune.job.CustomizationType.DISTILLATION
              ? "A distillation job takes no hyperparameters: Bedrock chooses them."
              : "No hyperparameters were recorded: the service used its defaults.");
    } else {
      page.keyValues(hyper, true);
    }
    Map<String, String> rows = new LinkedHashMap<>();
    put(rows, "job ARN", job.jobId());
    put(rows, "job name", job.jobName());
    put(rows, "base model", job.baseModel());
    put(rows, "custom model name", job.customModelName());
    put(rows, "custom model ARN", RecordedJob.customModelArn(job));
    put(rows, "teacher model", job.metadata().get("teacherModel"));
    put(rows, "training data", RecordedJob.trainUri(job, dataset));
    put(rows, "validation data", RecordedJob.validationUri(job, dataset));
    put(rows, "project", job.metadata().get("project"));
    put(rows, "backend", job.metadata().get("backend"));
    put(rows, "submitted", Html.time(job.createdAt()));
    RecordedJob.deployment(job).forEach((k, v) -> put(rows, k, v));
    page.keyValues(rows, true);
  }

  private static void put(Map<String, String> rows, String key, String value) {
    if (value != null && !value.isBlank()) {
      rows.put(key, value);
    }
  }

  // ------------------------------------------------------------------------------------ cost

  private static void cost(Page page, JobReport r) {
    page.section("cost", "Cost against the dataset");
    if (r.cost().isEmpty()) {
      page.note(
          r.costNote().orElse("No cost estimate: the training data was not available to count."));
      return;
    }
    CostEstimate cost = r.cost().get();
    List<List<Cell>> rows = new ArrayList<>();
    for (CostEstimate.Item item : cost.items()) {
      rows.add(
          List.of(
              Cell.text(item.label()),
              Cell.text(item.basis()),
              Cell.text(Html.usd(item.usd())),
              Cell.text(item.note() == null ? "" : item.note())));
    }
    rows.add(
        List.of(
            Cell.html("<strong>total</strong>"),
            Cell.text(""),
            Cell.html("<strong>" + escape(Html.usd(cost.totalUsd())) + "</strong>"),
            Cell.text("")));
    page.table(List.of("item", "how it is computed", "#estimated", "note"), rows);
    r.trainingStatistics()
        .ifPresent(
            (DatasetStatistics s) -> {
              Map<String, String> figures = new LinkedHashMap<>();
              figures.put("training records", count(s.records()));
              figures.put("estimated training tokens", count(s.tokens().total()));
              if (s.records() > 0) {
                figures.put(
                    "per 1,000 records",
                    Html.usd(
                        cost.totalUsd()
                            .multiply(BigDecimal.valueOf(1000))
                            .divide(BigDecimal.valueOf(s.records()), MathContext.DECIMAL64)));
              }
              if (s.tokens().total() > 0) {
                figures.put(
                    "per 1M training tokens",
                    Html.usd(
                        cost.totalUsd()
                            .multiply(BigDecimal.valueOf(1_000_000))
                            .divide(
                                BigDecimal.valueOf(s.tokens().total()), MathContext.DECIMAL64)));
              }
              page.cards(figures);
            });
    page.note(
        "Prices as of "
            + cost.pricesAsOf()
            + " ("
            + cost.priceSource()
            + "). Token counts are estimates: Amazon Nova has no public tokenizer.");
  }

  // ------------------------------------------------------------------------------ comparison

  private static void comparison(Page page, JobReport r) {
    if (!r.hasComparison()) {
      return;
    }
    Comparison c = r.comparison();
    page.section("comparison", "Model comparison");
    Map<String, String> settings = new LinkedHashMap<>();
    c.settings().forEach((k, v) -> settings.put(label(k), v));
    if (!settings.isEmpty()) {
      page.keyValues(settings, false);
    }
    List<Comparison.Model> models = c.models();
    if (models.isEmpty()) {
      page.note("The comparison in " + c.source() + " lists no models.");
      return;
    }
    List<String> keys = new ArrayList<>();
    for (Comparison.Model m : models) {
      for (String k : m.values().keySet()) {
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
    }
    List<String> shares = new ArrayList<>();
    for (String k : keys) {
      String name = k.toLowerCase(Locale.ROOT);
      if (!(name.contains("share") || name.contains("score") || name.contains("rate"))) {
        continue; // only scores and shares go on the 0-to-1 bars; costs and counts stay in the
        // table
      }
      boolean unit =
          models.stream()
                  .allMatch(
                      m -> {
                        JsonNode v = m.values().get(k);
                        return v == null
                            || v.isNull()
                            || (v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1);
                      })
              && models.stream()
                  .anyMatch(m -> m.values().containsKey(k) && m.values().get(k).isNumber())
              && models.stream()
                  .anyMatch(
                      m -> m.values().containsKey(k) && m.values().get(k).isFloatingPointNumber());
      if (unit) {
        shares.add(k);
      }
    }
    if (!shares.isEmpty()) {
      List<Svg.Bars> bars = new ArrayList<>();
      Map<String, String> legend = new LinkedHashMap<>();
      for (int i = 0; i < models.size(); i++) {
        Comparison.Model m = models.get(i);
        String colour = PALETTE[i % PALETTE.length];
        List<Double> values = new ArrayList<>();
        for (String k : shares) {
          JsonNode v = m.values().get(k);
          values.add(v == null || !v.isNumber() ? Double.NaN : v.asDouble());
        }
        bars.add(new Svg.Bars(m.label(), colour, values));
        legend.put(colour, m.label());
      }
      List<String> shareLabels = shares.stream().map(JobReportPage::label).toList();
      page.raw(
          Svg.groupedBars(
              "comparison",
              "Scores and shares per model (0 to 1)",
              "",
              "0 to 1",
              shareLabels,
              bars,
              2,
              Math.min(720, 200 + shares.size() * (60 + 50 * models.size())),
              300));
      page.legend(legend);
    }
    List<String> headers = new ArrayList<>();
    headers.add("");
    models.forEach(m -> headers.add(m.label()));
    List<List<Cell>> rows = new ArrayList<>();
    for (String k : keys) {
      if (k.equals("label")) {
        continue;
      }
      List<Cell> row = new ArrayList<>();
      row.add(Cell.text(label(k)));
      for (Comparison.Model m : models) {
        row.add(Cell.text(value(m.values().get(k))));
      }
      rows.add(row);
    }
    page.table(headers, rows);
    page.note("From " + c.source() + ".");
  }

  /**
   * The comparison's JSON field names as the CLI's Markdown table (model compare) words them, so
   * the two read alike; a field this table does not know is shown by its name, and a check's pass
   * rate by the check's name.
   */
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("modelId", "model"),
          Map.entry("asked", "asked"),
          Map.entry("answered", "answered"),
          Map.entry("failed", "failed"),
          Map.entry("droppedReason", "dropped because"),
          Map.entry("firstError", "first error"),
          Map.entry("compliantShare", "format compliance"),
          Map.entry("meanScore", "mean score"),
          Map.entry("medianAnswerChars", "answer length (chars, median)"),
          Map.entry("meanAnswerChars", "answer length (chars, mean)"),
          Map.entry("latencyP50Ms", "latency p50 (ms)"),
          Map.entry("latencyP95Ms", "latency p95 (ms)"),
          Map.entry("meanInputTokens", "tokens in (mean)"),
          Map.entry("meanOutputTokens", "tokens out (mean)"),
          Map.entry("tokensEstimated", "tokens estimated"),
          Map.entry("costPer1000RequestsUsd", "cost per 1,000 requests (USD)"),
          Map.entry("pricedAs", "priced as"),
          Map.entry("promptSource", "prompts from"),
          Map.entry("prompts", "held-out prompts"),
          Map.entry("scorer", "scored by"),
          Map.entry("settings", "settings"),
          Map.entry("startedAt", "run at"),
          Map.entry("elapsedMs", "took (ms)"),
          Map.entry("pricesAsOf", "prices as of"));

  static String label(String key) {
    String known = LABELS.get(key);
    if (known != null) {
      return known;
    }
    if (key.startsWith("checkPassRates.")) {
      return "\u00a0\u00a0" + key.substring("checkPassRates.".length());
    }
    return key;
  }

  private static String value(JsonNode v) {
    if (v == null || v.isNull()) {
      return "–";
    }
    if (v.isFloatingPointNumber()) {
      double d = v.asDouble();
      return Math.abs(d) >= 100
          ? Html.decimal(d, 1)
          : BigDecimal.valueOf(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    if (v.isIntegralNumber()) {
      return count(v.asLong());
    }
    return v.asText();
  }
}
