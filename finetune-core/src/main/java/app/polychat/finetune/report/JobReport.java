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

  /** {@return a builder; only the job is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder holding what the tracker knows of the job: its record, status history and
   * dataset} Add the loss curves ({@link Builder#metrics}) from the backend.
   *
   * @param tracker the run history
   * @param jobIdOrName the job's ARN, id or name
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

  /** {@return the page's title} */
  public String title() {
    return title;
  }

  /** {@return the job as the tracker recorded it} */
  public JobRecord job() {
    return job;
  }

  /** {@return the job's status history, oldest first} */
  public List<JobEvent> events() {
    return events;
  }

  /** {@return the loss curves, per step} */
  public List<MetricPoint> metrics() {
    return metrics;
  }

  /** {@return why there are no loss curves (not written yet, not readable), when there are none} */
  public Optional<String> metricsNote() {
    return Optional.ofNullable(metricsNote);
  }

  /** {@return the dataset the job trained on, when the tracker knows it} */
  public Optional<DatasetRecord> dataset() {
    return Optional.ofNullable(dataset);
  }

  /** {@return the training file's statistics, when the dataset was validated for the report} */
  public Optional<DatasetStatistics> trainingStatistics() {
    return Optional.ofNullable(trainingStatistics);
  }

  /** {@return the estimated cost of the job, when it could be estimated} */
  public Optional<CostEstimate> cost() {
    return Optional.ofNullable(cost);
  }

  /** {@return why there is no cost estimate, when there is none} */
  public Optional<String> costNote() {
    return Optional.ofNullable(costNote);
  }

  /** {@return whether model comparison results are included} */
  public boolean hasComparison() {
    return comparison != null;
  }

  Comparison comparison() {
    return comparison;
  }

  /**
   * When the report was made (shown on the page).
   *
   * @return the time the report was made
   */
  public Instant generatedAt() {
    return generatedAt;
  }

  /** {@return the report as one self-contained HTML page} */
  public String toHtml() {
    return JobReportPage.render(this);
  }

  /**
   * Writes {@link #toHtml()} to {@code file} atomically and returns its absolute path.
   *
   * @param file the HTML file to write; missing folders are created
   * @return the absolute path written
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

    /**
     * The page title (default: "Job report: " and the job name).
     *
     * @param title the page title (default: "Job report: " and the job name)
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * The job (required).
     *
     * @param job the job (required)
     * @return this builder
     */
    public Builder job(JobRecord job) {
      this.job = Objects.requireNonNull(job, "job");
      return this;
    }

    /**
     * The job's status history, oldest first ({@link RunTracker#jobEvents}).
     *
     * @param events the job's status history, oldest first ({@link RunTracker#jobEvents})
     * @return this builder
     */
    public Builder events(List<JobEvent> events) {
      this.events = List.copyOf(Objects.requireNonNull(events, "events"));
      return this;
    }

    /**
     * The loss curves ({@code CustomizationBackend.metrics}).
     *
     * @param metrics the loss curves ({@code CustomizationBackend.metrics})
     * @return this builder
     */
    public Builder metrics(List<MetricPoint> metrics) {
      this.metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
      return this;
    }

    /**
     * Why there are no loss curves, shown in their place (e.g. the error reading them).
     *
     * @param metricsNote why there are no loss curves, shown in their place (e.g. the error reading
     *     them)
     * @return this builder
     */
    public Builder metricsNote(String metricsNote) {
      this.metricsNote = metricsNote;
      return this;
    }

    /**
     * The dataset the job trained on.
     *
     * @param dataset the dataset the job trained on
     * @return this builder
     */
    public Builder dataset(DatasetRecord dataset) {
      this.dataset = dataset;
      return this;
    }

    /**
     * An estimated cost to show as it is.
     *
     * @param cost an estimated cost to show as it is
     * @return this builder
     */
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
     * @param estimator the estimator whose prices are used
     * @return this builder
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

    /**
     * Why there is no cost estimate, shown in its place.
     *
     * @param costNote why there is no cost estimate, shown in its place
     * @return this builder
     */
    public Builder costNote(String costNote) {
      this.costNote = costNote;
      return this;
    }

    /**
     * Adds a model comparison's results: the JSON a comparison wrote (an object with a {@code
     * models} array), shown as a table and bars.
     *
     * @param source where the JSON came from, for messages (a file name)
     * @param json the comparison's JSON text
     * @return this builder
     * @throws ReportException when the text is not a JSON object
     */
    public Builder comparisonJson(String json, String source) {
      this.comparison =
          Comparison.parse(
              Objects.requireNonNull(json, "json"), Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * When the report is made (default: now).
     *
     * @param generatedAt when the report is made (default: now)
     * @return this builder
     */
    public Builder generatedAt(Instant generatedAt) {
      this.generatedAt = generatedAt;
      return this;
    }

    /** {@return the report; throws naming what is missing} */
    public JobReport build() {
      if (job == null) {
        throw new IllegalStateException("job is required: call job(JobRecord) or fromTracker(...)");
      }
      return new JobReport(this);
    }
  }
}
