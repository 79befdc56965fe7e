package app.polychat.finetune.validate;

import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.internal.KeywordMatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks dataset files against Bedrock's rules for one Nova model and customization method before
 * anything is uploaded or paid for. Streams the files (never holds one in memory), reports every
 * problem with its file, line and JSON path, and gathers statistics. Immutable and thread-safe;
 * each {@link #validate} call is independent.
 *
 * <pre>{@code
 * DatasetValidator validator = DatasetValidator.builder()
 *     .model("nova-lite")
 *     .method(CustomizationType.FINE_TUNING)
 *     .build();
 * ValidationReport report = validator.validate(Path.of("train.jsonl"), Path.of("validation.jsonl"));
 * }</pre>
 */
public final class DatasetValidator {
  private static final KeywordMatcher KEYWORDS = new KeywordMatcher(BedrockRules.RESERVED_KEYWORDS);

  private final ModelRules model;
  private final CustomizationType method;
  private final String format;
  private final TokenEstimator tokenEstimator;
  private final int maxPrintedFindings;
  private final int maxRetainedFindings;
  private final int maxLineBytes;
  private final int maxTrackedRecords;
  private final boolean recordCountChecks;

  private DatasetValidator(Builder b) {
    this.model = b.model;
    this.method = b.method;
    this.format = b.format;
    this.tokenEstimator = b.tokenEstimator;
    this.maxPrintedFindings = b.maxPrintedFindings;
    this.maxRetainedFindings = b.maxRetainedFindings;
    this.maxLineBytes = b.maxLineBytes;
    this.maxTrackedRecords = b.maxTrackedRecords;
    this.recordCountChecks = b.recordCountChecks;
  }

  /** {@return a builder with the defaults: Nova Lite, fine-tuning, format detected per file} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this validator's settings} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.method = method;
    b.format = format;
    b.tokenEstimator = tokenEstimator;
    b.maxPrintedFindings = maxPrintedFindings;
    b.maxRetainedFindings = maxRetainedFindings;
    b.maxLineBytes = maxLineBytes;
    b.maxTrackedRecords = maxTrackedRecords;
    b.recordCountChecks = recordCountChecks;
    return b;
  }

  /** {@return the model the datasets are checked against} */
  public ModelRules model() {
    return model;
  }

  /** {@return the customization method the datasets are checked for} */
  public CustomizationType method() {
    return method;
  }

  /**
   * Validates a training file alone.
   *
   * @param training the training file (JSONL)
   * @return every finding and each file's statistics
   */
  public ValidationReport validate(Path training) {
    return validate(training, null);
  }

  /**
   * Validates a training file and, when not null, a validation file. Missing or unreadable files
   * are findings, not exceptions.
   *
   * @param training the training file (JSONL)
   * @param validation the validation file, or null for none
   * @return every finding and each file's statistics
   */
  public ValidationReport validate(Path training, Path validation) {
    Objects.requireNonNull(training, "training");
    FindingSink sink = new FindingSink(maxRetainedFindings);
    ScanSettings settings =
        new ScanSettings(model, method, format, tokenEstimator, KEYWORDS, maxLineBytes);
    RecordIndex index = new RecordIndex(maxTrackedRecords);
    List<DatasetStatistics> files = new ArrayList<>();
    files.add(
        new FileScanner(settings, sink, FileScanner.Side.TRAINING, index, training).scan(training));
    if (validation != null) {
      files.add(
          new FileScanner(settings, sink, FileScanner.Side.VALIDATION, index, validation)
              .scan(validation));
    }
    checkDataset(sink, files, training, validation);
    checkMedia(sink, index);
    return new ValidationReport(
        model, method, files, sink, maxPrintedFindings, tokenEstimator.description());
  }

  /**
   * "Dataset can't contain different media modalities. That is, the dataset can either be text with
   * images or text with videos" (Nova user guide, "Prepare data for fine-tuning Understanding
   * models"), training and validation files together.
   */
  private static void checkMedia(FindingSink sink, RecordIndex index) {
    if (index.imageRecords > 0 && index.videoRecords > 0) {
      sink.add(
          null,
          0,
          null,
          FindingCode.MIXED_MEDIA,
          Severity.ERROR,
          String.format(
              Locale.ROOT,
              "the dataset mixes images (%,d records, first at %s) and videos (%,d records, first"
                  + " at %s): Nova trains on text with images or text with videos, not both;"
                  + " split them into two datasets and train one model on each",
              index.imageRecords,
              index.firstImageAt,
              index.videoRecords,
              index.firstVideoAt));
    }
  }

  /** Rules about the dataset as a whole: method support, record counts, the validation set. */
  private void checkDataset(
      FindingSink sink, List<DatasetStatistics> files, Path training, Path validation) {
    String methodName = ModelRules.describe(method);
    if (!model.supports(method)) {
      sink.add(
          null,
          0,
          null,
          FindingCode.METHOD_NOT_SUPPORTED,
          Severity.ERROR,
          model.displayName()
              + " cannot be customized by "
              + methodName
              + ": choose "
              + String.join(
                  " or ",
                  ModelRules.all().stream()
                      .filter(m -> m.supports(method))
                      .map(ModelRules::alias)
                      .toList()));
      return;
    }
    RecordLimits limits = model.recordLimits(method);
    long trainingRecords = files.get(0).records();
    long validationRecords = files.size() > 1 ? files.get(1).records() : 0;
    if (validation != null && !model.validationSetSupported()) {
      sink.add(
          validation.toString(),
          0,
          null,
          FindingCode.VALIDATION_IGNORED,
          Severity.WARNING,
          model.displayName()
              + " takes no validation set: Bedrock ignores it; merge useful records into the"
              + " training file or leave it out");
    }
    boolean countValidation = limits.includesValidation() && model.validationSetSupported();
    long counted = trainingRecords + (countValidation ? validationRecords : 0);
    boolean trainingReadable =
        recordCountChecks && (files.get(0).bytes() > 0 || trainingRecords > 0);
    String what =
        countValidation && validation != null
            ? String.format(
                Locale.ROOT,
                "%,d records (%,d training + %,d validation)",
                counted,
                trainingRecords,
                validationRecords)
            : String.format(Locale.ROOT, "%,d training records", counted);
    if (trainingReadable && !limits.accepts(counted)) {
      sink.add(
          null,
          0,
          null,
          FindingCode.RECORD_COUNT,
          Severity.ERROR,
          String.format(
              Locale.ROOT,
              "%s: %s %s takes %,d to %,d%s; %s",
              what,
              model.displayName(),
              methodName,
              limits.min(),
              limits.max(),
              countValidation ? " records, training and validation together" : "",
              counted < limits.min() ? "generate more examples" : "drop or split records"));
    } else if (trainingReadable
        && method == CustomizationType.FINE_TUNING
        && counted < BedrockRules.RECOMMENDED_MIN_RECORDS) {
      sink.add(
          null,
          0,
          null,
          FindingCode.FEW_RECORDS,
          Severity.WARNING,
          what
              + ": accepted, but AWS recommends at least "
              + BedrockRules.RECOMMENDED_MIN_RECORDS
              + " for fine-tuning to help");
    }
    if (recordCountChecks
        && validation != null
        && model.validationSetSupported()
        && validationRecords > BedrockRules.VALIDATION_RECORDS_WARNING) {
      sink.add(
          validation.toString(),
          0,
          null,
          FindingCode.VALIDATION_TOO_LARGE,
          Severity.WARNING,
          String.format(
              Locale.ROOT,
              "%,d validation records: an AWS sample names a %,d-record maximum (not confirmed"
                  + " elsewhere); consider a smaller validation split",
              validationRecords,
              BedrockRules.VALIDATION_RECORDS_WARNING));
    }
  }

  /** Builds a {@link DatasetValidator}; every setting has a default. */
  public static final class Builder {
    private ModelRules model = ModelRules.of("nova-lite");
    private CustomizationType method = CustomizationType.FINE_TUNING;
    private String format;
    private TokenEstimator tokenEstimator = TokenEstimator.heuristic();
    private int maxPrintedFindings = 50;
    private int maxRetainedFindings = 10_000;
    private int maxLineBytes = 4 << 20;
    private int maxTrackedRecords = 1 << 19;
    private boolean recordCountChecks = true;

    private Builder() {}

    /**
     * The target model by id or alias (default {@code nova-lite}).
     *
     * @param modelIdOrAlias the target model by id or alias (default {@code nova-lite})
     * @throws IllegalArgumentException for a model the toolkit does not know
     * @return this builder
     */
    public Builder model(String modelIdOrAlias) {
      this.model = ModelRules.of(Objects.requireNonNull(modelIdOrAlias, "model"));
      return this;
    }

    /**
     * The target model by its rules.
     *
     * @param model the target model by its rules
     * @return this builder
     */
    public Builder model(ModelRules model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Fine-tuning (the default) or distillation.
     *
     * @param method fine-tuning (the default) or distillation
     * @return this builder
     */
    public Builder method(CustomizationType method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * The method as the command line writes it: {@code fine-tuning} or {@code distillation}.
     *
     * @param method the method as the command line writes it: {@code fine-tuning} or {@code
     *     distillation}
     * @return this builder
     */
    public Builder method(String method) {
      this.method = ModelRules.parseMethod(method);
      return this;
    }

    /**
     * Reads every record in this format ({@code bedrock-conversation-2024}, {@code
     * bedrock-prompt-only}, {@code openai-chat}, {@code prompt-completion}) instead of detecting it
     * from the first record. With {@code bedrock-prompt-only}, records must end with the user's
     * turn.
     *
     * @param formatId one of the format ids above
     * @return this builder
     * @throws IllegalArgumentException when the id is not a known format
     */
    public Builder format(String formatId) {
      if (formatId != null) {
        DatasetFormats.byId(formatId); // fails early, naming the known ids
      }
      this.format = formatId;
      return this;
    }

    /**
     * How tokens are estimated (default {@link TokenEstimator#heuristic()}).
     *
     * @param tokenEstimator how tokens are estimated (default {@link TokenEstimator#heuristic()})
     * @return this builder
     */
    public Builder tokenEstimator(TokenEstimator tokenEstimator) {
      this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
      return this;
    }

    /**
     * Findings {@link ValidationReport#toText()} prints (default 50; all are counted).
     *
     * @param maxPrintedFindings findings {@link ValidationReport#toText()} prints (default 50; all
     *     are counted)
     * @return this builder
     */
    public Builder maxPrintedFindings(int maxPrintedFindings) {
      this.maxPrintedFindings = atLeast(0, maxPrintedFindings, "maxPrintedFindings");
      return this;
    }

    /**
     * Findings kept in the report with their details (default 10,000; all are counted).
     *
     * @param maxRetainedFindings findings kept in the report with their details (default 10,000;
     *     all are counted)
     * @return this builder
     */
    public Builder maxRetainedFindings(int maxRetainedFindings) {
      this.maxRetainedFindings = atLeast(0, maxRetainedFindings, "maxRetainedFindings");
      return this;
    }

    /**
     * Lines longer than this are reported and skipped, not parsed (default 4 MiB).
     *
     * @param maxLineBytes lines longer than this are reported and skipped, not parsed (default 4
     *     MiB)
     * @return this builder
     */
    public Builder maxLineBytes(int maxLineBytes) {
      this.maxLineBytes = atLeast(1024, maxLineBytes, "maxLineBytes");
      return this;
    }

    /**
     * Records whose hashes are remembered for duplicate and overlap checks (default 524,288, about
     * 12 MB at most); later records are compared but not remembered.
     *
     * @param maxTrackedRecords how many record hashes are kept, at least 1
     * @return this builder
     */
    public Builder maxTrackedRecords(int maxTrackedRecords) {
      this.maxTrackedRecords = atLeast(1, maxTrackedRecords, "maxTrackedRecords");
      return this;
    }

    /**
     * Whether to check the number of records against the model's limits (default true). Turn it off
     * to check part of a dataset on its own: a shard, or examples as they are generated.
     *
     * @param recordCountChecks whether to check the number of records against the model's limits
     *     (default true)
     * @return this builder
     */
    public Builder recordCountChecks(boolean recordCountChecks) {
      this.recordCountChecks = recordCountChecks;
      return this;
    }

    /** {@return the validator; every setting has a default, so nothing is required} */
    public DatasetValidator build() {
      return new DatasetValidator(this);
    }

    private static int atLeast(int min, int value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
      }
      return value;
    }
  }
}
