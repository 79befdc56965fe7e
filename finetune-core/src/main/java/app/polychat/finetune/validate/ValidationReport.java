package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating a dataset: every finding counted, the first ones kept with their
 * locations, and statistics per file. Print it with {@link #toText()} or {@link #toJson()}.
 *
 * <pre>{@code
 * ValidationReport report = validator.validate(train, validation);
 * System.out.println(report.toText());
 * if (report.hasErrors()) System.exit(1);
 * }</pre>
 */
public final class ValidationReport {
  private final ModelRules model;
  private final CustomizationType method;
  private final List<DatasetStatistics> files;
  private final List<Finding> findings;
  private final List<FindingCount> counts;
  private final long errors;
  private final long warnings;
  private final int maxPrintedFindings;
  private final String tokenEstimate;

  ValidationReport(
      ModelRules model,
      CustomizationType method,
      List<DatasetStatistics> files,
      FindingSink sink,
      int maxPrintedFindings,
      String tokenEstimate) {
    this.model = model;
    this.method = method;
    this.files = List.copyOf(files);
    this.findings = List.copyOf(sink.retained());
    this.counts = List.copyOf(sink.counts());
    this.errors = sink.errors();
    this.warnings = sink.warnings();
    this.maxPrintedFindings = maxPrintedFindings;
    this.tokenEstimate = tokenEstimate;
  }

  /** {@return the model the dataset was checked against} */
  public ModelRules model() {
    return model;
  }

  /** {@return the customization method the dataset was checked for} */
  public CustomizationType method() {
    return method;
  }

  /**
   * {@return whether any error was found: Bedrock would reject the dataset, or the job would fail}
   */
  public boolean hasErrors() {
    return errors > 0;
  }

  /** {@return all errors found (also those not kept in {@link #findings()})} */
  public long errorCount() {
    return errors;
  }

  /** {@return all warnings found} */
  public long warningCount() {
    return warnings;
  }

  /**
   * {@return the findings kept, in the order found (a large bad file keeps the first ones only)}
   */
  public List<Finding> findings() {
    return findings;
  }

  /** {@return whether there were more findings than {@link #findings()} holds} */
  public boolean findingsTruncated() {
    return findings.size() < errors + warnings;
  }

  /**
   * Findings per code and severity, complete.
   *
   * @return the number of findings for each code and severity, counted over every finding (not only
   *     those listed)
   */
  public List<FindingCount> counts() {
    return counts;
  }

  /**
   * {@return how many findings of {@code code} there were, any severity}
   *
   * @param code the finding code to count
   */
  public long count(FindingCode code) {
    return counts.stream().filter(c -> c.code() == code).mapToLong(FindingCount::count).sum();
  }

  /**
   * Statistics of every file, training first.
   *
   * @return the statistics of each file, training first
   */
  public List<DatasetStatistics> statistics() {
    return files;
  }

  /**
   * Statistics of the training file.
   *
   * @return the statistics of the training file
   */
  public DatasetStatistics training() {
    return files.get(0);
  }

  /**
   * Statistics of the validation file, when one was given.
   *
   * @return the statistics of the validation file, or empty when none was given
   */
  public Optional<DatasetStatistics> validation() {
    return files.size() > 1 ? Optional.of(files.get(1)) : Optional.empty();
  }

  /** {@return how token counts were estimated, e.g. "a word/number/punctuation heuristic (...)"} */
  public String tokenEstimate() {
    return tokenEstimate;
  }

  /** Findings ordered for reading: errors first, then in the order found. */
  List<Finding> findingsForDisplay() {
    return findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
  }

  int maxPrintedFindings() {
    return maxPrintedFindings;
  }

  /** {@return a human-readable report, printing at most the configured number of findings} */
  public String toText() {
    return ReportRenderer.text(this, maxPrintedFindings);
  }

  /**
   * {@return a human-readable report printing at most {@code maxFindings} findings (all are
   * counted)}
   *
   * @param maxFindings the most findings to print, zero or more
   */
  public String toText(int maxFindings) {
    return ReportRenderer.text(this, maxFindings);
  }

  /** {@return the report as a JSON document (every kept finding, all counts and statistics)} */
  public String toJson() {
    return ReportRenderer.json(this);
  }

  /**
   * Throws when the dataset has errors.
   *
   * @throws ValidationException listing the first errors and how to fix them
   */
  public void throwIfErrors() {
    if (hasErrors()) {
      throw new ValidationException(
          "the dataset has "
              + errors
              + (errors == 1 ? " error" : " errors")
              + " for "
              + model.displayName()
              + " "
              + ModelRules.describe(method)
              + ": fix them before uploading",
          findingsForDisplay());
    }
  }

  @Override
  public String toString() {
    return "ValidationReport{"
        + model.alias()
        + " "
        + ModelRules.describe(method)
        + ", errors="
        + errors
        + ", warnings="
        + warnings
        + ", files="
        + files.stream().map(DatasetStatistics::file).toList()
        + "}";
  }
}
