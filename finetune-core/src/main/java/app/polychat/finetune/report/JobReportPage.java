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
    Double training = last(r.metrics(), true);
    Double validation = last(r.metrics(), false);
    if (training == null) {
      training = lastReported(r, true);
      validation = lastReported(r, false);
    }
    if (training != null) {
      cards.put("final training loss", Html.decimal(training, 4));
    }
    if (validation != null) {
      cards.put("final validation loss", Html.decimal(validation, 4));
    }
    r.cost().ifPresent(c -> cards.put("estimated cost", Html.usd(c.totalUsd())));
    r.dataset().ifPresent(d -> cards.put("training records", count(d.trainCount())));
    return cards;
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
                  "No loss curves: the service writes them to the job's output folder when"
                      + " training ends."));
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
                p.step(), p.trainingLoss(), tip(p, ordinals, "training", p.trainingLoss())));
      }
      if (p.validationLoss() != null) {
        validation.add(
            new Svg.Point(
                p.step(), p.validationLoss(), tip(p, ordinals, "validation", p.validationLoss())));
      }
    }
    List<Svg.Series> series = new ArrayList<>();
    if (!training.isEmpty()) {
      series.add(new Svg.Series("training loss", Svg.BLUE, training, training.size() <= 40));
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
    page.raw(
        Svg.lineChart("loss-per-step", "Loss per step", "step", "loss", series, epochs, 1100, 340));
    legend(page, !training.isEmpty(), !validation.isEmpty());
    page.note(
        count(r.metrics().size())
            + " steps"
            + (points.size() < r.metrics().size()
                ? " (every " + (r.metrics().size() / points.size()) + "th step drawn)"
                : "")
            + "; each point averages the rows the service wrote for that step. Dashed lines mark"
            + " where an epoch starts.");
  }

  private static String tip(
      MetricPoint p, Map<Integer, Integer> ordinals, String what, double loss) {
    return String.format(
        Locale.ROOT,
        "step %d (epoch %d), %s loss %.4f",
        p.step(),
        ordinals.get(p.epoch()),
        what,
        loss);
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

  /** Without curves: the losses the job's statuses reported while it ran, over time. */
  private static void reportedLosses(Page page, JobReport r) {
    Instant start = start(r);
    List<Svg.Point> training = new ArrayList<>();
    List<Svg.Point> validation = new ArrayList<>();
    for (JobEvent e : r.events()) {
      double minutes = start == null ? 0 : Duration.between(start, at(e)).toSeconds() / 60.0;
      if (e.status().trainingLoss() != null) {
        training.add(
            new Svg.Point(
                minutes,
                e.status().trainingLoss(),
                Html.time(at(e)) + ": " + e.status().trainingLoss()));
      }
      if (e.status().validationLoss() != null) {
        validation.add(
            new Svg.Point(
                minutes,
                e.status().validationLoss(),
                Html.time(at(e)) + ": " + e.status().validationLoss()));
      }
    }
    if (training.size() + validation.size() < 2) {
      return;
    }
    List<Svg.Series> series = new ArrayList<>();
    if (!training.isEmpty()) {
      series.add(new Svg.Series("training loss", Svg.BLUE, training, true));
    }
    if (!validation.isEmpty()) {
      series.add(new Svg.Series("validation loss", Svg.ORANGE, validation, true));
    }
    page.subheading("Losses the job reported while it ran");
    page.raw(
        Svg.lineChart(
            "loss-reported",
            "Losses reported in the job's statuses",
            "minutes since the job started",
            "loss",
            series,
            List.of(),
            1100,
            300));
    legend(page, !training.isEmpty(), !validation.isEmpty());
  }

  // ---------------------------------------------------------------------------------- epochs

  /** Mean losses per epoch; epochs are counted from 1. */
  record EpochLoss(int epoch, int steps, Double training, Double validation) {}

  static List<EpochLoss> perEpoch(List<MetricPoint> points) {
    Map<Integer, double[]> sums = new TreeMap<>(); // epoch -> steps, tSum, tN, vSum, vN
    for (MetricPoint p : points) {
      double[] acc = sums.computeIfAbsent(p.epoch(), e -> new double[5]);
      acc[0]++;
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
                    acc[4] == 0 ? null : acc[3] / acc[4])));
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
            Math.min(1100, 240 + 150 * categories.size()),
            280));
    legend(page, hasTraining, hasValidation);
    List<List<Cell>> rows = new ArrayList<>();
    Double previous = null;
    for (EpochLoss e : epochs) {
      String change =
          previous == null || e.training() == null
              ? "–"
              : String.format(Locale.ROOT, "%+.1f%%", (e.training() - previous) / previous * 100);
      rows.add(
          List.of(
              Cell.text(Integer.toString(e.epoch())),
              Cell.text(count(e.steps())),
              Cell.text(Html.decimal(e.training(), 4)),
              Cell.text(change),
              Cell.text(Html.decimal(e.validation(), 4))));
      if (e.training() != null) {
        previous = e.training();
      }
    }
    page.table(
        List.of(
            "epoch",
            "#steps",
            "#mean training loss",
            "#vs previous epoch",
            "#mean validation loss"),
        rows);
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
      lanes.add(
          new Svg.Lane(
              "job",
              List.of(
                  new Svg.Span(
                      start,
                      end.isBefore(start) ? start : end,
                      colour(state.displayName()),
                      state.displayName(),
                      "job: "
                          + state.displayName()
                          + ", "
                          + Html.time(start)
                          + " – "
                          + Html.time(end)
                          + " ("
                          + Html.duration(Duration.between(start, end))
                          + ")"))));
    }
    for (String stage : stageNames(r.events())) {
      lanes.add(stageLane(stage, r.events(), end));
    }
    List<Svg.Moment> moments = new ArrayList<>();
    for (JobEvent e : r.events()) {
      moments.add(new Svg.Moment(at(e), Html.time(at(e)) + ": " + describe(e.status())));
    }
    page.raw(Svg.timeline("timeline", "Job status and sub-stages over time", lanes, moments, 1100));
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
    Instant begin = null;
    Instant finish = null;
    String last = null;
    for (JobEvent e : events) {
      for (StageStatus s : e.status().stages()) {
        if (!s.stage().equals(stage)) {
          continue;
        }
        last = s.status();
        boolean started = !"NotStarted".equalsIgnoreCase(s.status());
        if (started && begin == null) {
          begin = s.startedAt() != null ? s.startedAt() : at(e);
        }
        if (started && ended(s.status())) {
          if (finish == null) {
            finish = s.updatedAt() != null ? s.updatedAt() : at(e);
          }
        } else {
          finish = null;
        }
      }
    }
    if (begin == null || last == null) {
      return new Svg.Lane(stage, List.of());
    }
    Instant stop = finish != null ? finish : (jobEnd != null ? jobEnd : begin);
    if (stop.isBefore(begin)) {
      stop = begin;
    }
    String status = last;
    return new Svg.Lane(
        stage,
        List.of(
            new Svg.Span(
                begin,
                stop,
                colour(last),
                status,
                stage
                    + ": "
                    + status
                    + ", "
                    + Html.time(begin)
                    + " – "
                    + Html.time(stop)
                    + " ("
                    + Html.duration(Duration.between(begin, stop))
                    + ")")));
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
    Map<String, String> settings = c.settings();
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
      page.raw(
          Svg.groupedBars(
              "comparison",
              "Scores and shares per model (0 to 1)",
              "",
              "0 to 1",
              shares,
              bars,
              2,
              Math.min(1100, 200 + shares.size() * (60 + 50 * models.size())),
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
      row.add(Cell.text(k));
      for (Comparison.Model m : models) {
        row.add(Cell.text(value(m.values().get(k))));
      }
      rows.add(row);
    }
    page.table(headers, rows);
    page.note("From " + c.source() + ".");
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
