package app.polychat.finetune.report;

import app.polychat.finetune.check.ValiditySummary;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset, drawn: records per split, the token length histogram, the style × complexity heat map,
 * drops and failures by reason (when the dataset came from a tracked generation run), duplicates
 * and overlap, and the validation findings. {@link #toHtml()} gives one self-contained HTML page
 * (inline CSS and SVG, no script, nothing fetched), readable offline and safe to share: every piece
 * of text in it is escaped.
 *
 * <p>It is built from summaries only (the validator's statistics and the journal's counts), never
 * from the records, so a report of a large dataset is as cheap as one of a small one.
 *
 * <pre>{@code
 * ValidationReport validation = DatasetValidator.builder().build().validate(train, validationFile);
 * DatasetReport.of(validation, tracker.dataset(id).orElse(null), tracker)
 *     .writeHtml(Path.of("datasets/strudel/dataset-report.html"));
 * }</pre>
 */
public final class DatasetReport {
  private final String title;
  private final ValidationReport validation;
  private final DatasetRecord dataset;
  private final RunRecord run;
  private final JournalSummary journal;
  private final Map<String, ValiditySummary> validity;
  private final Instant generatedAt;
  private final List<String> styleOrder;
  private final List<String> complexityOrder;

  private DatasetReport(Builder b) {
    this.styleOrder = List.copyOf(b.styleOrder);
    this.complexityOrder = List.copyOf(b.complexityOrder);
    this.validation = b.validation;
    this.dataset = b.dataset;
    this.run = b.run;
    this.journal = b.journal;
    this.validity = Collections.unmodifiableMap(new LinkedHashMap<>(b.validity));
    this.generatedAt = b.generatedAt != null ? b.generatedAt : Instant.now();
    this.title = b.title != null ? b.title : defaultTitle(b.dataset, b.validation);
  }

  /** {@return a builder; only the validation is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a report of a validated dataset; when the tracker knows the run that generated it, the
   * run and its journal's counts are added}
   *
   * @param dataset the dataset as the tracker recorded it, or null for files it does not know
   * @param validation the validator's report of the dataset's files
   * @param tracker the run history to look the run up in
   */
  public static DatasetReport of(
      ValidationReport validation, DatasetRecord dataset, RunTracker tracker) {
    return of(validation, dataset, tracker, Map.of());
  }

  /**
   * {@return a report of a validated dataset with what answer checks found in its files (a validity
   * rate with the failure reasons per file); otherwise as {@link #of(ValidationReport,
   * DatasetRecord, RunTracker)}}
   *
   * @param validity each checked file's summary, by file name, in the order to show
   * @param validation the validator's report of the dataset's files
   * @param dataset the dataset as the tracker recorded it, or null for files it does not know
   * @param tracker the run history to look the run up in
   */
  public static DatasetReport of(
      ValidationReport validation,
      DatasetRecord dataset,
      RunTracker tracker,
      Map<String, ValiditySummary> validity) {
    Builder builder = builder(validation, dataset, tracker);
    validity.forEach(builder::validity);
    return builder.build();
  }

  /**
   * {@return a builder filled as {@link #of} fills it, for adding more (such as {@link
   * Builder#labelOrder}) before building}
   *
   * @param validation the validator's report of the dataset's files
   * @param dataset the dataset as the tracker recorded it, or null for files it does not know
   * @param tracker the run history to look the run up in
   */
  public static Builder builder(
      ValidationReport validation, DatasetRecord dataset, RunTracker tracker) {
    Objects.requireNonNull(validation, "validation");
    Builder builder = builder().validation(validation).dataset(dataset);
    if (dataset != null && dataset.runId() != null && tracker != null) {
      tracker.run(dataset.runId()).ifPresent(builder::run);
      builder.journal(JournalSummary.of(tracker, dataset.runId()));
    }
    return builder;
  }

  /** Styles in the prompt config's order, for the heat map's rows (may be empty). */
  List<String> styleOrder() {
    return styleOrder;
  }

  /** Complexities in the prompt config's order, for the heat map's columns (may be empty). */
  List<String> complexityOrder() {
    return complexityOrder;
  }

  private static String defaultTitle(DatasetRecord dataset, ValidationReport validation) {
    String name =
        dataset != null && dataset.project() != null
            ? dataset.project()
            : Optional.ofNullable(
                    Path.of(validation.training().file()).toAbsolutePath().getParent())
                .map(p -> p.getFileName() == null ? p.toString() : p.getFileName().toString())
                .orElse(validation.training().file());
    return "Dataset report: " + name;
  }

  /** {@return the page's title} */
  public String title() {
    return title;
  }

  /** {@return the validation of the dataset's files, with their statistics} */
  public ValidationReport validation() {
    return validation;
  }

  /** {@return the dataset as the tracker knows it; empty for files it does not know} */
  public Optional<DatasetRecord> dataset() {
    return Optional.ofNullable(dataset);
  }

  /** {@return the generation run behind the dataset; empty for imported files} */
  public Optional<RunRecord> run() {
    return Optional.ofNullable(run);
  }

  /** {@return the run's journal, counted; empty when there is no run} */
  public Optional<JournalSummary> journal() {
    return Optional.ofNullable(journal);
  }

  /** {@return what answer checks found in each file, by file name; empty when none ran} */
  public Map<String, ValiditySummary> validity() {
    return validity;
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
    return DatasetReportPage.render(this);
  }

  /**
   * Writes {@link #toHtml()} to {@code file} atomically (a reader never sees half a page) and
   * returns its absolute path.
   *
   * @param file the HTML file to write; missing folders are created
   * @return the absolute path written
   * @throws ReportException naming the file when it cannot be written
   */
  public Path writeHtml(Path file) {
    return AtomicFiles.write(Objects.requireNonNull(file, "file"), toHtml());
  }

  /** Builds a {@link DatasetReport}; only the validation is required. */
  public static final class Builder {
    private String title;
    private ValidationReport validation;
    private DatasetRecord dataset;
    private RunRecord run;
    private JournalSummary journal;
    private final Map<String, ValiditySummary> validity = new LinkedHashMap<>();
    private Instant generatedAt;
    private List<String> styleOrder = List.of();
    private List<String> complexityOrder = List.of();

    private Builder() {}

    /**
     * {@return the order of the styles and complexities in the prompt config, for the heat map
     * (labels it does not list follow, alphabetically)} Default: the generation run's own lists.
     *
     * @param styles the styles, in the order to show
     * @param complexities the complexities, in the order to show
     */
    public Builder labelOrder(List<String> styles, List<String> complexities) {
      this.styleOrder = List.copyOf(Objects.requireNonNull(styles, "styles"));
      this.complexityOrder = List.copyOf(Objects.requireNonNull(complexities, "complexities"));
      return this;
    }

    /**
     * {@return what answer checks found in one of the files (shown as its validity rate and
     * reasons)}
     *
     * @param file the file's name as the report shows it
     * @param summary the checks' summary for that file
     */
    public Builder validity(String file, ValiditySummary summary) {
      this.validity.put(
          Objects.requireNonNull(file, "file"), Objects.requireNonNull(summary, "summary"));
      return this;
    }

    /**
     * The page title (default: "Dataset report: " and the project or folder).
     *
     * @param title the page title (default: "Dataset report: " and the project or folder)
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * The dataset's validation report, with its statistics (required).
     *
     * @param validation the dataset's validation report, with its statistics (required)
     * @return this builder
     */
    public Builder validation(ValidationReport validation) {
      this.validation = Objects.requireNonNull(validation, "validation");
      return this;
    }

    /**
     * The dataset as the tracker recorded it, for its lineage (may be null).
     *
     * @param dataset the dataset as the tracker recorded it, for its lineage (may be null)
     * @return this builder
     */
    public Builder dataset(DatasetRecord dataset) {
      this.dataset = dataset;
      return this;
    }

    /**
     * The generation run behind the dataset (may be null).
     *
     * @param run the generation run behind the dataset (may be null)
     * @return this builder
     */
    public Builder run(RunRecord run) {
      this.run = run;
      return this;
    }

    /**
     * The run's journal, counted, for drops and failures by reason (may be null).
     *
     * @param journal the run's journal, counted, for drops and failures by reason (may be null)
     * @return this builder
     */
    public Builder journal(JournalSummary journal) {
      this.journal = journal;
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
    public DatasetReport build() {
      if (validation == null) {
        throw new IllegalStateException(
            "validation is required: call validation(ValidationReport)");
      }
      return new DatasetReport(this);
    }
  }
}
