package app.polychat.finetune;

import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.filter.ExampleFilter;
import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationIncompleteException;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.generate.Shortfall;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.store.DatasetStore;
import app.polychat.finetune.store.LocalDirectoryStore;
import app.polychat.finetune.store.StoredDataset;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.Finding;
import app.polychat.finetune.validate.JobSpecValidator;
import app.polychat.finetune.validate.ValidationException;
import app.polychat.finetune.validate.ValidationReport;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fluent SDK: prompt config → teacher → filters → split → dataset files → store → training job.
 * Each stage returns the next one's type, and every stage can also start from what is already on
 * disk or in the cloud.
 *
 * <pre>{@code
 * FineTunePipeline pipeline = FineTunePipeline.builder()
 *     .prompts(PromptCatalog.load(Path.of("configs/strudel-prompts.json")))
 *     .source(teacher)
 *     .build();                                  // local store, in-memory tracker, dry-run backend
 * TrainingJob job = pipeline.generate(g -> g.count(54)).upload().train();
 * }</pre>
 *
 * <p>Without a store, tracker or backend the pipeline uses {@link LocalDirectoryStore}, {@link
 * InMemoryRunTracker} and {@link DryRunBackend}, which need no account; the same program runs for
 * real once real components are passed in.
 */
public final class FineTunePipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FineTunePipeline.class);

  /** The default project name, as the original toolkit. */
  public static final String DEFAULT_PROJECT = "strudel";

  /** How many of the newest datasets are searched for one with the same content. */
  private static final int KNOWN_DATASETS = 1000;

  private final PromptCatalog prompts;
  private final ExampleSource source;
  private final DatasetStore store;
  private final CustomizationBackend backend;
  private final RunTracker tracker;
  private final Path outputDir;
  private final String project;
  private final int concurrency;
  private final List<ExampleFilter> extraFilters;
  private final AnswerChecks checks;
  private final int checkAsks;
  private final GenerationListener listener;
  private final Duration pollInterval;
  private final Clock clock;
  private final Consumer<LocalDataset> datasetCheck;
  private final Consumer<app.polychat.finetune.job.JobSpec> jobCheck;
  private final DatasetValidator validator;
  private final boolean validateBeforeUpload;
  private final CostEstimator costEstimator;
  private final BigDecimal maxCost;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private volatile GenerationEngine running;

  private FineTunePipeline(Builder b) {
    this.prompts = b.prompts;
    this.source = b.source;
    this.outputDir = b.outputDir;
    this.project = b.project;
    this.concurrency = b.concurrency;
    this.extraFilters = List.copyOf(b.filters);
    this.checks = b.checks;
    this.checkAsks = b.checkAsks;
    this.listener = b.listener;
    this.pollInterval = b.pollInterval;
    this.clock = b.clock;
    this.datasetCheck = b.datasetCheck;
    this.validator = b.validator;
    this.validateBeforeUpload = b.validateBeforeUpload;
    this.costEstimator = CostEstimator.of(b.prices != null ? b.prices : PriceTable.load());
    this.maxCost = b.maxCost;
    this.jobCheck = b.jobCheck != null ? b.jobCheck : this::checkJob;
    this.store =
        b.store != null ? b.store : LocalDirectoryStore.of(outputDir.resolve("store"), clock);
    this.tracker = b.tracker != null ? b.tracker : own(new InMemoryRunTracker());
    this.backend =
        b.backend != null
            ? b.backend
            : DryRunBackend.builder().directory(outputDir).clock(clock).build();
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  /**
   * Starts building a pipeline: every stage has defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Generates the default dataset: 300 examples over every style and complexity, or as many as the
   * source can answer when that is fewer (a file of 54 examples plans 54).
   *
   * @return the generated dataset, ready to upload
   */
  public Generation generate() {
    return generate(spec -> {});
  }

  /**
   * Plans the requests, asks the teacher for every request without an answer (failures of earlier
   * runs too, up to the attempt cap), filters, splits and writes the dataset, and records it in the
   * tracker. The dataset is written only when every planned request has an accepted or dropped
   * answer, or when {@link GenerateSpec.Builder#allowPartial partial datasets} are allowed; never
   * when no example is usable. {@link Generation#shortfall()} says what is missing.
   *
   * @param settings changes to the defaults of {@link GenerateSpec}
   * @return the generated dataset, ready to upload
   * @throws GenerationIncompleteException when the run stopped early, the dataset is short and
   *     partial datasets were not allowed, or no example was usable: nothing is written or
   *     recorded, every answer received is journaled, and the same call again resumes
   * @throws FineTuneException when no source or prompt config was given, the source cannot answer
   *     the count asked for, or a check before the first request failed (the output folder or the
   *     database cannot be written, the disk is full)
   */
  public Generation generate(Consumer<GenerateSpec.Builder> settings) {
    if (prompts == null) {
      throw new FineTuneException("prompts are required to generate: call prompts(PromptCatalog)");
    }
    if (source == null) {
      throw new FineTuneException("a source is required to generate: call source(ExampleSource)");
    }
    GenerateSpec.Builder builder = GenerateSpec.builder();
    settings.accept(builder);
    GenerateSpec spec = builder.build();
    int count = plannedCount(spec);
    PromptPlan plan = prompts.plan(count, spec.styles(), spec.complexities(), 0);
    Path dir = spec.outputDir() != null ? spec.outputDir() : outputDir;
    GenerationOptions options =
        new GenerationOptions(
            dir,
            spec.formatId(),
            spec.trainRatio(),
            spec.seed(),
            spec.fresh(),
            spec.retryFailed(),
            spec.maxAttempts(),
            spec.allowPartial());
    GenerationEngine.Builder engine =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .concurrency(concurrency)
            .listener(listener)
            .checks(checks)
            .checkAsks(checkAsks);
    extraFilters.forEach(engine::addFilter);
    running = engine.build();
    GenerationResult result;
    try {
      result = running.run(plan, options);
    } finally {
      running = null;
    }
    LocalDataset dataset = result.dataset();
    if (dataset == null) {
      throw new GenerationIncompleteException(incomplete(result, spec), result);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("trainRatio", Double.toString(spec.trainRatio()));
    metadata.put("seed", Long.toString(spec.seed()));
    metadata.put("planned", Integer.toString(result.planned()));
    metadata.put("failed", Integer.toString(result.failed()));
    metadata.put("dropped", Integer.toString(result.dropped()));
    if (!result.complete()) {
      metadata.put("partial", "true");
      metadata.put("missing", Integer.toString(result.shortfall().missing()));
    }
    metadata.put("promptConfigHash", plan.configHash());
    DatasetRecord record =
        tracker.recordDataset(
            datasetRecord(dataset, dataset.contentHash(), result.runId(), metadata));
    return new Generation(this, dataset, result, record);
  }

  /**
   * The count to plan: the one asked for, or the default capped at what the source can answer. A
   * count the source cannot answer is refused before anything is asked.
   */
  private int plannedCount(GenerateSpec spec) {
    OptionalInt capacity = source.capacity();
    if (capacity.isEmpty() || capacity.getAsInt() >= spec.count()) {
      return spec.count();
    }
    int most = capacity.getAsInt();
    if (most < 1) {
      throw new FineTuneException(
          "the source "
              + source.describe()
              + " holds no example to answer with; nothing was asked");
    }
    if (spec.countGiven()) {
      throw new FineTuneException(
          "the source "
              + source.describe()
              + " can answer "
              + most
              + " requests, and "
              + spec.count()
              + " were asked for: ask for at most "
              + most
              + " (--count "
              + most
              + ", or count("
              + most
              + ") in Java), or use a source with more examples; nothing was asked");
    }
    log.info(
        "planning {} requests, all that {} can answer (the default is {})",
        most,
        source.describe(),
        spec.count());
    return most;
  }

  /** Why no dataset was written, in one paragraph that says what to do. */
  private static String incomplete(GenerationResult result, GenerateSpec spec) {
    Shortfall s = result.shortfall();
    String counts = s.describe();
    if (result.stoppedReason() != null) {
      return "generation stopped: "
          + result.stoppedReason()
          + ". "
          + counts
          + "; every answer received is kept in run "
          + result.runId()
          + ". Run the same command again to resume (after fixing the cause, if it names one).";
    }
    if (s.complete()) {
      return "no usable example: "
          + counts
          + "; no dataset was written. See the drop reasons, and change the prompts or filters.";
    }
    StringBuilder text =
        new StringBuilder("the dataset is short: ")
            .append(counts)
            .append("; no dataset was written. ");
    if (!spec.retryFailed() && s.failed() > 0) {
      text.append("Failures are not asked again with retryFailed(false); ");
    }
    if (s.retryable() > 0 && spec.retryFailed()) {
      text.append("Run the same command again to ask for the ")
          .append(s.retryable())
          .append(" missing requests");
    } else if (s.exhausted() > 0) {
      text.append("Raise the attempt cap (maxAttempts ")
          .append(spec.maxAttempts() + 1)
          .append(") to ask again for the ")
          .append(s.exhausted())
          .append(" requests that failed ")
          .append(spec.maxAttempts())
          .append(" times");
    } else {
      text.append("Ask again for the failures (retryFailed(true))");
    }
    text.append(", or accept a partial dataset (allowPartial(true)).");
    return text.toString();
  }

  /**
   * Starts from dataset files already on disk (validation may be null). When the tracker knows a
   * dataset with the same content (a {@code generate()} wrote these files, or they were uploaded
   * before), the stage attaches to that record, so a job trained from it traces back to the run,
   * teacher and prompt config that made the data. Otherwise the files are recorded when {@link
   * Generation#upload} has stored them, and not at all when it fails.
   *
   * @param train the training file
   * @param validation the validation file, or null
   * @return the dataset stage, ready to upload
   */
  public Generation dataset(Path train, Path validation) {
    LocalDataset dataset =
        LocalDataset.of(train, validation, BedrockConversationFormatter.FORMAT_ID);
    String hash = dataset.contentHash();
    DatasetRecord record =
        knownDataset(hash).orElseGet(() -> datasetRecord(dataset, hash, null, Map.of()));
    return new Generation(this, dataset, null, record);
  }

  /**
   * The dataset the tracker knows with this content hash: one a generation run made if there is one
   * (it carries the lineage), else the newest.
   */
  private java.util.Optional<DatasetRecord> knownDataset(String contentHash) {
    return preferGenerated(
        tracker.datasets(KNOWN_DATASETS).stream()
            .filter(d -> contentHash.equals(d.contentHash()))
            .toList());
  }

  /** Of records newest first, the newest a generation run made, else the newest. */
  private static java.util.Optional<DatasetRecord> preferGenerated(List<DatasetRecord> records) {
    return records.stream()
        .filter(d -> d.runId() != null)
        .findFirst()
        .or(() -> records.stream().findFirst());
  }

  /**
   * Starts from dataset files already stored (validation may be null). When the tracker knows the
   * dataset behind these URIs (the one a generation run made, when several share them) and its
   * local files are still there, the job is linked to it (for lineage) and its statistics price the
   * job.
   *
   * @param trainingUri the stored training file
   * @param validationUri the stored validation file, or null
   * @return the upload stage, ready to train
   */
  public Upload stored(URI trainingUri, URI validationUri) {
    StoredDataset stored = new StoredDataset(trainingUri, validationUri, project, clock.instant());
    DatasetRecord known =
        preferGenerated(
                tracker.datasets(KNOWN_DATASETS).stream()
                    .filter(d -> trainingUri.toString().equals(d.trainUri()))
                    .toList())
            .orElse(null);
    ValidationReport report = null;
    if (known != null
        && known.trainPath() != null
        && Files.isRegularFile(Path.of(known.trainPath()))) {
      Path validation = known.validationPath() == null ? null : Path.of(known.validationPath());
      report =
          validator.validate(
              Path.of(known.trainPath()),
              validation != null && Files.isRegularFile(validation) ? validation : null);
    }
    return new Upload(this, stored, known, report);
  }

  /**
   * Attaches to a job submitted earlier (by this process or another), by id or ARN.
   *
   * @param jobId the job's id or ARN
   * @return the job
   */
  public TrainingJob attach(String jobId) {
    return new TrainingJob(this, jobId, jobId, null);
  }

  /**
   * Stops a running {@link #generate} gracefully: no new requests, calls in flight are journaled.
   * For a Ctrl-C handler.
   *
   * @param reason why the run stops, recorded in its result
   */
  public void stopGenerating(String reason) {
    GenerationEngine engine = running;
    if (engine != null) {
      engine.requestStop(reason);
    }
  }

  private DatasetRecord datasetRecord(
      LocalDataset dataset, String contentHash, String runId, Map<String, String> metadata) {
    return new DatasetRecord(
        null,
        project,
        runId,
        dataset.train().toString(),
        dataset.validation() == null ? null : dataset.validation().toString(),
        null,
        null,
        dataset.trainCount(),
        dataset.validationCount(),
        contentHash,
        dataset.formatId(),
        clock.instant(),
        Secrets.redactOptions(metadata));
  }

  /**
   * The default job check: Bedrock's rules for names, URIs, role and hyperparameters (a dry run
   * accepts local {@code file:} URIs).
   */
  private void checkJob(JobSpec spec) {
    if (backend.dryRun()) {
      List<Finding> findings = JobSpecValidator.validateForDryRun(spec);
      if (findings.stream().anyMatch(Finding::isError)) {
        throw new ValidationException(
            "job '"
                + spec.jobName()
                + "' has errors Bedrock would reject: fix them before submitting",
            findings);
      }
    } else {
      JobSpecValidator.requireValid(spec);
    }
  }

  /** Validates the dataset before it is stored; null when validation is turned off. */
  ValidationReport validateForUpload(LocalDataset dataset) {
    if (!validateBeforeUpload) {
      return null;
    }
    ValidationReport report = validator.validate(dataset.train(), dataset.validation());
    report.throwIfErrors();
    return report;
  }

  CostEstimator costEstimator() {
    return costEstimator;
  }

  /** The budget a job's estimate must stay under, or null. */
  BigDecimal maxCost() {
    return maxCost;
  }

  DatasetStore store() {
    return store;
  }

  CustomizationBackend backend() {
    return backend;
  }

  RunTracker tracker() {
    return tracker;
  }

  String project() {
    return project;
  }

  Clock clock() {
    return clock;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  Consumer<LocalDataset> datasetCheck() {
    return datasetCheck;
  }

  Consumer<app.polychat.finetune.job.JobSpec> jobCheck() {
    return jobCheck;
  }

  /** Closes what the pipeline created itself (not the components passed in). */
  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new FineTuneException("cannot close " + resource + ": " + e.getMessage(), e);
      }
    }
  }

  /** Builds a {@link FineTunePipeline}. */
  public static final class Builder {
    private PromptCatalog prompts;
    private ExampleSource source;
    private DatasetStore store;
    private CustomizationBackend backend;
    private RunTracker tracker;
    private Path outputDir = Path.of("datasets", "strudel");
    private String project = DEFAULT_PROJECT;
    private int concurrency = GenerationEngine.DEFAULT_CONCURRENCY;
    private final List<ExampleFilter> filters = new ArrayList<>();
    private AnswerChecks checks = AnswerChecks.none();
    private int checkAsks = 3;
    private GenerationListener listener = new GenerationListener() {};
    private Duration pollInterval = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private Consumer<LocalDataset> datasetCheck = dataset -> {};
    private Consumer<app.polychat.finetune.job.JobSpec> jobCheck;
    private DatasetValidator validator = DatasetValidator.builder().build();
    private boolean validateBeforeUpload = true;
    private PriceTable prices;
    private BigDecimal maxCost;

    private Builder() {}

    /**
     * The prompt config generation plans from.
     *
     * @param prompts the prompt config generation plans from
     * @return this builder
     */
    public Builder prompts(PromptCatalog prompts) {
      this.prompts = Objects.requireNonNull(prompts, "prompts");
      return this;
    }

    /**
     * The teacher.
     *
     * @param source the teacher
     * @return this builder
     */
    public Builder source(ExampleSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Where dataset files are stored (default: a {@link LocalDirectoryStore} under the output
     * folder).
     *
     * @param store where dataset files are stored (default: a {@link LocalDirectoryStore} under the
     *     output folder)
     * @return this builder
     */
    public Builder store(DatasetStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Where models are trained (default: {@link DryRunBackend}, which submits nothing).
     *
     * @param backend where models are trained (default: {@link DryRunBackend}, which submits
     *     nothing)
     * @return this builder
     */
    public Builder backend(CustomizationBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * The run history (default: an {@link InMemoryRunTracker}).
     *
     * @param tracker the run history (default: an {@link InMemoryRunTracker})
     * @return this builder
     */
    public Builder tracker(RunTracker tracker) {
      this.tracker = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    /**
     * Where dataset files are written (default {@code ./datasets/strudel}).
     *
     * @param outputDir where dataset files are written (default {@code ./datasets/strudel})
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /**
     * The project name used for storage keys, tags and the history (default {@code strudel}).
     *
     * @param project the project name used for storage keys, tags and the history (default {@code
     *     strudel})
     * @return this builder
     */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /**
     * Teacher calls in flight at once (default {@value GenerationEngine#DEFAULT_CONCURRENCY}; a
     * source may cap its own calls lower).
     *
     * @param concurrency teacher calls in flight at once (default {@value
     *     GenerationEngine#DEFAULT_CONCURRENCY}; a source may cap its own calls lower)
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Adds a filter after the built-in ones.
     *
     * @param filter the filter to append
     * @return this builder
     */
    public Builder addFilter(ExampleFilter filter) {
      this.filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Answer checks every teacher answer must pass (default none): a failed answer is dropped with
     * the check's reason and the teacher asked again, up to {@link #checkAsks} times per request.
     * The pipeline does not close them.
     *
     * @param checks answer checks every teacher answer must pass (default none): a failed answer is
     *     dropped with the check's reason and the teacher asked again, up to {@link #checkAsks}
     *     times per request
     * @return this builder
     */
    public Builder checks(AnswerChecks checks) {
      this.checks = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * How often a request may be asked when its answers fail a check (default 3).
     *
     * @param checkAsks how often a request may be asked when its answers fail a check (default 3)
     * @return this builder
     */
    public Builder checkAsks(int checkAsks) {
      if (checkAsks < 1) {
        throw new IllegalArgumentException("checkAsks must be >= 1, was " + checkAsks);
      }
      this.checkAsks = checkAsks;
      return this;
    }

    /**
     * Hears generation progress.
     *
     * @param listener hears generation progress
     * @return this builder
     */
    public Builder listener(GenerationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How often a job is polled while awaited (default 30 s).
     *
     * @param pollInterval how often a job is polled while awaited (default 30 s)
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /**
     * The clock for timestamps (default: the system clock, UTC); tests pass a fixed one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A check run on a dataset before it is uploaded; throw to refuse the upload.
     *
     * @param datasetCheck a check run on a dataset before it is uploaded; throw to refuse the
     *     upload
     * @return this builder
     */
    public Builder datasetCheck(Consumer<LocalDataset> datasetCheck) {
      this.datasetCheck = Objects.requireNonNull(datasetCheck, "datasetCheck");
      return this;
    }

    /**
     * The validator run on the dataset before upload (default: Nova Lite fine-tuning rules). An
     * invalid dataset is never uploaded: {@link ValidationException} lists every finding.
     *
     * @param validator the validator run on the dataset before upload (default: Nova Lite
     *     fine-tuning rules)
     * @return this builder
     */
    public Builder validator(DatasetValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Turns the validation before upload off (default on).
     *
     * @param validateBeforeUpload false to store files without validating them
     * @return this builder
     */
    public Builder validateBeforeUpload(boolean validateBeforeUpload) {
      this.validateBeforeUpload = validateBeforeUpload;
      return this;
    }

    /**
     * The price table for cost estimates (default: the bundled one).
     *
     * @param prices the price table for cost estimates (default: the bundled one)
     * @return this builder
     */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * Refuses to submit a job whose estimated cost exceeds this many US dollars, saying by how much
     * ({@link app.polychat.finetune.cost.BudgetExceededException}).
     *
     * @param maxCostUsd refuses to submit a job whose estimated cost exceeds this many US dollars,
     *     saying by how much ({@link app.polychat.finetune.cost.BudgetExceededException})
     * @return this builder
     */
    public Builder maxCost(BigDecimal maxCostUsd) {
      this.maxCost = Objects.requireNonNull(maxCostUsd, "maxCostUsd");
      return this;
    }

    /**
     * Replaces the check run on a job spec before it is submitted (default: {@link
     * JobSpecValidator}); throw to refuse the job.
     *
     * @param jobCheck the check; it throws to refuse a spec
     * @return this builder
     */
    public Builder jobCheck(Consumer<app.polychat.finetune.job.JobSpec> jobCheck) {
      this.jobCheck = Objects.requireNonNull(jobCheck, "jobCheck");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline, which the caller closes
     */
    public FineTunePipeline build() {
      return new FineTunePipeline(this);
    }
  }
}
/**
 * Builds the pipeline.
 *
 * @return the pipeline, which the caller closes
 */
