package app.polychat.finetune.report;

import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobEvent;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.Lineage;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.DatasetStatistics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A training job, drawn: training and validation loss curves per step and averaged per epoch, the
 * status timeline with Bedrock's sub-stages, the hyperparameters, the estimated cost against the
 * dataset it trained on, and a model comparison's results when there are some. {@link #toHtml()}
 * gives one self-contained HTML page (inline CSS and SVG, no script, nothing fetched).
 *
 * <pre>{@code
 * JobReport report = JobReport.fromTracker(tracker, jobArn)
 *     .metrics(backend.metrics(jobArn))
 *     .build();
 * report.writeHtml(Path.of("datasets/strudel/job-report.html"));
 * }</pre>
 */
public final class JobReport {
  private final String title;
  private final JobRecord job;
  private final List<JobEvent> events;
  private final List<MetricPoint> metrics;
  private final String metricsNote;
  private final DatasetRecord dataset;
  private final DatasetStatistics trainingStatistics;
  private final CostEstimate cost;
  private final String costNote;
  private final Comparison comparison;
  private final Instant generatedAt;

  private JobReport(Builder b) {
    this.job = b.job;
    this.events = List.copyOf(b.events);
    this.metrics = List.copyOf(b.metrics);
    this.metricsNote = b.metricsNote;
    this.dataset = b.dataset;
    this.trainingStatistics = b.trainingStatistics;
    this.cost = b.cost;
    this.costNote = b.costNote;
    this.comparison = b.comparison;
    this.generatedAt = b.generatedAt != null ? b.generatedAt : Instant.now();
    this.title =
        b.title != null
            ? b.title
            : "Job report: " + (job.jobName() != null ? job.jobName() : job.jobId());
  }

  /** A builder; only the job is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding what the tracker knows of the job: its record, status history and dataset.
   * Add the loss curves ({@link Builder#metrics}) from the backend.
   *
   * @throws ReportException when the tracker has no such job
   */
  public static Builder fromTracker(RunTracker tracker, String jobIdOrName) {
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(jobIdOrName, "jobIdOrName");
    Lineage lineage =
        tracker
            .lineage(jobIdOrName)
            .orElseThrow(
                () ->
                    new ReportException(
                        "no job '"
                            + jobIdOrName
                            + "' in the history: check the ARN or name (finetune job list --local),"
                            + " or record it with finetune job status <job-arn>"));
    return builder()
        .job(lineage.job())
        .events(tracker.jobEvents(lineage.job().jobId()))
        .dataset(lineage.dataset());
  }

  /** The page's title. */
  public String title() {
    return title;
  }

  /** The job as the tracker recorded it. */
  public JobRecord job() {
    return job;
  }

  /** The job's status history, oldest first. */
  public List<JobEvent> events() {
    return events;
  }

  /** The loss curves, per step. */
  public List<MetricPoint> metrics() {
    return metrics;
  }

  /** Why there are no loss curves (not written yet, not readable), when there are none. */
  public Optional<String> metricsNote() {
    return Optional.ofNullable(metricsNote);
  }

  /** The dataset the job trained on, when the tracker knows it. */
  public Optional<DatasetRecord> dataset() {
    return Optional.ofNullable(dataset);
  }

  /** The training file's statistics, when the dataset was validated for the report. */
  public Optional<DatasetStatistics> trainingStatistics() {
    return Optional.ofNullable(trainingStatistics);
  }

  /** The estimated cost of the job, when it could be estimated. */
  public Optional<CostEstimate> cost() {
    return Optional.ofNullable(cost);
  }

  /** Why there is no cost estimate, when there is none. */
  public Optional<String> costNote() {
    return Optional.ofNullable(costNote);
  }

  /** Whether model comparison results are included. */
  public boolean hasComparison() {
    return comparison != null;
  }

  Comparison comparison() {
    return comparison;
  }

  /** When the report was made (shown on the page). */
  public Instant generatedAt() {
    return generatedAt;
  }

  /** The report as one self-contained HTML page. */
  public String toHtml() {
    return JobReportPage.render(this);
  }

  /**
   * Writes {@link #toHtml()} to {@code file} atomically and returns its absolute path.
   *
   * @throws ReportException naming the file when it cannot be written
   */
  public Path writeHtml(Path file) {
    return AtomicFiles.write(Objects.requireNonNull(file, "file"), toHtml());
  }

  /** Builds a {@link JobReport}; only the job is required. */
  public static final class Builder {
    private String title;
    private JobRecord job;
    private List<JobEvent> events = List.of();
    private List<MetricPoint> metrics = List.of();
    private String metricsNote;
    private DatasetRecord dataset;
    private DatasetStatistics trainingStatistics;
    private CostEstimate cost;
    private String costNote;
    private Comparison comparison;
    private Instant generatedAt;

    private Builder() {}

    /** The page title (default: "Job report: " and the job name). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** The job (required). */
    public Builder job(JobRecord job) {
      this.job = Objects.requireNonNull(job, "job");
      return this;
    }

    /** The job's status history, oldest first ({@link RunTracker#jobEvents}). */
    public Builder events(List<JobEvent> events) {
      this.events = List.copyOf(Objects.requireNonNull(events, "events"));
      return this;
    }

    /** The loss curves ({@code CustomizationBackend.metrics}). */
    public Builder metrics(List<MetricPoint> metrics) {
      this.metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
      return this;
    }

    /** Why there are no loss curves, shown in their place (e.g. the error reading them). */
    public Builder metricsNote(String metricsNote) {
      this.metricsNote = metricsNote;
      return this;
    }

    /** The dataset the job trained on. */
    public Builder dataset(DatasetRecord dataset) {
      this.dataset = dataset;
      return this;
    }

    /** An estimated cost to show as it is. */
    public Builder cost(CostEstimate cost) {
      this.cost = cost;
      return this;
    }

    /**
     * Estimates the job's cost on its training data as the pipeline does before submitting (tokens
     * × epochs × price, or the teacher's answers and the student's training for distillation). A
     * model the price table does not know leaves a note instead of an estimate.
     *
     * @param training the training file's statistics (from validating it)
     */
    public Builder estimateCost(CostEstimator estimator, DatasetStatistics training) {
      Objects.requireNonNull(estimator, "estimator");
      this.trainingStatistics = Objects.requireNonNull(training, "training");
      if (job == null) {
        throw new IllegalStateException("call job(...) before estimateCost(...)");
      }
      try {
        this.cost = RecordedJob.estimate(job, dataset, training, estimator);
        this.costNote = null;
      } catch (IllegalArgumentException e) {
        this.cost = null;
        this.costNote = "no estimate: " + e.getMessage();
      }
      return this;
    }

    /** Why there is no cost estimate, shown in its place. */
    public Builder costNote(String costNote) {
      this.costNote = costNote;
      return this;
    }

    /**
     * Adds a model comparison's results: the JSON a comparison wrote (an object with a {@code
     * models} array), shown as a table and bars.
     *
     * @param source where the JSON came from, for messages (a file name)
     * @throws ReportException when the text is not a JSON object
     */
    public Builder comparisonJson(String json, String source) {
      this.comparison =
          Comparison.parse(
              Objects.requireNonNull(json, "json"), Objects.requireNonNull(source, "source"));
      return this;
    }

    /** When the report is made (default: now). */
    public Builder generatedAt(Instant generatedAt) {
      this.generatedAt = generatedAt;
      return this;
    }

    /** The report; throws naming what is missing. */
    public JobReport build() {
      if (job == null) {
        throw new IllegalStateException("job is required: call job(JobRecord) or fromTracker(...)");
      }
      return new JobReport(this);
    }
  }
}
