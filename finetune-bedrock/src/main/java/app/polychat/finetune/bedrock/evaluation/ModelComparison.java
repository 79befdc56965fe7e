package app.polychat.finetune.bedrock.evaluation;

import app.polychat.finetune.bedrock.internal.InferencePricing;
import app.polychat.finetune.check.Score;
import app.polychat.finetune.check.Scorer;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Tokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Did fine-tuning help, and at what price? Runs the same held-out prompts (by default the
 * validation split, which training never saw) through the base model, the custom model and
 * optionally the teacher, scores every answer with a {@link Scorer}, and reports per model: format
 * compliance, answer length, latency p50/p95, tokens and cost per 1,000 requests.
 *
 * <p>The prompt file is read one line at a time; at most {@code concurrency} prompts are in flight.
 * A call that fails after the SDK's retries counts as a failure of that model on that prompt; an
 * error retrying cannot fix (access denied, no such deployment) drops the model from the rest of
 * the run, and the report says why.
 *
 * <pre>{@code
 * ComparisonReport report = ModelComparison.builder()
 *     .tester(tester)
 *     .base("amazon.nova-lite-v1:0")
 *     .custom(deploymentArn)
 *     .teacher(polychatSource)
 *     .promptsFile(Path.of("datasets/strudel/validation.jsonl"))
 *     .build()
 *     .run();
 * report.writeMarkdown(Path.of("comparison.md"));
 * }</pre>
 */
public final class ModelComparison {
  /** The teacher's label in the report. */
  public static final String TEACHER = "teacher";

  private final ModelTester tester;
  private final List<ComparedModel> models;
  private final ExampleSource teacher;
  private final Scorer scorer;
  private final Path promptsFile;
  private final List<HeldOutPrompt> prompts;
  private final int limit;
  private final int concurrency;
  private final int exampleCount;
  private final ComparisonListener listener;
  private final InferencePricing pricing;
  private final Clock clock;

  private ModelComparison(Builder b) {
    this.tester = b.tester;
    this.models = List.copyOf(b.models);
    this.teacher = b.teacher;
    this.scorer = b.scorer;
    this.promptsFile = b.promptsFile;
    this.prompts = b.prompts;
    this.limit = b.limit;
    this.concurrency = b.concurrency;
    this.exampleCount = b.examples;
    this.listener = b.listener;
    this.pricing = b.pricing != null ? b.pricing : InferencePricing.defaults();
    this.clock = b.clock;
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every prompt through every model and builds the report.
   *
   * @return the report, with every model's answers, checks and costs
   * @throws DatasetFormatException when the prompt file has a bad record (naming file and line)
   * @throws FineTuneException when no prompt could be read
   */
  public ComparisonReport run() {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    List<Participant> participants = participants();
    Map<Integer, ComparisonReport.Example> examples = new ConcurrentSkipListMap<>();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<RuntimeException> unexpected = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "model-comparison");
              t.setDaemon(true);
              return t;
            });
    Semaphore inFlight = new Semaphore(concurrency);
    int submitted = 0;
    try {
      submitted =
          forEachPrompt(
              prompt -> {
                acquire(inFlight);
                pool.execute(
                    () -> {
                      try {
                        List<ComparisonReport.ExampleAnswer> row = runPrompt(prompt, participants);
                        if (prompt.index() < exampleCount) {
                          examples.put(
                              prompt.index(),
                              new ComparisonReport.Example(prompt.index(), prompt.prompt(), row));
                        }
                        listener.promptDone(done.incrementAndGet());
                      } catch (RuntimeException e) {
                        unexpected.compareAndSet(null, e);
                      } finally {
                        inFlight.release();
                      }
                    });
              });
    } finally {
      pool.shutdown();
      awaitQuietly(pool);
    }
    if (unexpected.get() != null) {
      throw unexpected.get();
    }
    if (submitted == 0) {
      throw new FineTuneException(
          "no prompts to compare"
              + (promptsFile == null ? "" : ": " + promptsFile + " has no records")
              + "; pass a held-out JSONL file (e.g. datasets/strudel/validation.jsonl)");
    }
    List<ModelResult> results = new ArrayList<>();
    participants.forEach(p -> results.add(p.result()));
    List<ComparisonReport.Example> exampleRows = new ArrayList<>(examples.values());
    Map<String, String> legend = new LinkedHashMap<>();
    scorer.checks().forEach(c -> legend.put(c, scorer.describe(c)));
    return new ComparisonReport(
        promptsFile == null ? "given prompts" : promptsFile.getFileName().toString(),
        submitted,
        scorer.name(),
        legend,
        tester == null ? "teacher only" : tester.settings(),
        results,
        exampleRows,
        started,
        Duration.ofNanos(System.nanoTime() - startNanos),
        pricing.asOf());
  }

  private List<ComparisonReport.ExampleAnswer> runPrompt(
      HeldOutPrompt prompt, List<Participant> participants) {
    List<ComparisonReport.ExampleAnswer> row = new ArrayList<>();
    for (Participant p : participants) {
      String dropped = p.dropped();
      if (dropped != null) {
        row.add(new ComparisonReport.ExampleAnswer(p.label, null, null, "dropped: " + dropped));
        continue;
      }
      try {
        Outcome outcome = p.answer(prompt);
        Score score = scorer.score(prompt.prompt(), outcome.text(), prompt.reference());
        p.record(outcome, score);
        row.add(new ComparisonReport.ExampleAnswer(p.label, outcome.text(), score, null));
      } catch (FineTuneException e) {
        p.fail(e.getMessage(), !e.retryable());
        row.add(new ComparisonReport.ExampleAnswer(p.label, null, null, e.getMessage()));
      }
    }
    return row;
  }

  private List<Participant> participants() {
    List<Participant> list = new ArrayList<>();
    for (ComparedModel model : models) {
      InferencePricing.Rates rates =
          model.pricedAs() != null && pricing.knows(model.pricedAs())
              ? pricing.model(model.pricedAs())
              : null;
      list.add(
          new Participant(
              model.label(),
              model.modelId(),
              rates == null ? null : model.pricedAs(),
              rates,
              p -> {
                ModelAnswer a = tester.ask(model.modelId(), p.systemPrompt(), p.prompt());
                return new Outcome(
                    a.text(), a.latency().toMillis(), a.inputTokens(), a.outputTokens(), false);
              }));
    }
    if (teacher != null) {
      String name = teacher.describe();
      list.add(new Participant(TEACHER, name, name, pricing.teacher(name), p -> askTeacher(p)));
    }
    return list;
  }

  private Outcome askTeacher(HeldOutPrompt prompt) {
    long started = System.nanoTime();
    GeneratedExample generated =
        teacher.generate(
            new GenerationRequest(
                "compare-" + prompt.index(),
                prompt.index(),
                null,
                null,
                prompt.systemPrompt(),
                prompt.prompt()));
    long measured = (System.nanoTime() - started) / 1_000_000;
    TrainingExample example = generated.example();
    String text = example.conversation().lastAssistantText().orElse("");
    ExampleMetadata m = example.metadata();
    boolean estimated =
        m.inputTokens() == null
            || m.outputTokens() == null
            || !"reported".equals(m.extra().getOrDefault("tokens", "reported"));
    int in =
        m.inputTokens() != null
            ? m.inputTokens()
            : Tokens.estimate(prompt.systemPrompt()) + Tokens.estimate(prompt.prompt());
    int out = m.outputTokens() != null ? m.outputTokens() : Tokens.estimate(text);
    long latency = m.latency() != null ? m.latency().toMillis() : measured;
    return new Outcome(text, latency, in, out, estimated);
  }

  /** Reads the prompts (streaming from the file) and hands each on; returns how many. */
  private int forEachPrompt(Consumer<HeldOutPrompt> action) {
    if (prompts != null) {
      int n = 0;
      for (HeldOutPrompt p : prompts) {
        if (n >= limit) {
          break;
        }
        action.accept(p);
        n++;
      }
      return n;
    }
    DatasetFormatter format = JsonlReader.detectFormat(promptsFile);
    int[] count = {0};
    try {
      JsonlReader.forEachLine(
          promptsFile,
          line -> {
            if (line.blank()) {
              return;
            }
            if (count[0] >= limit) {
              throw new StopReading();
            }
            TrainingExample example;
            try {
              example = format.decode(line.text());
            } catch (DatasetFormatException e) {
              throw e.at(promptsFile, line.number());
            }
            String user =
                example
                    .conversation()
                    .firstUserText()
                    .filter(s -> !s.isBlank())
                    .orElseThrow(
                        () ->
                            new DatasetFormatException(
                                "the record has no user message to use as a prompt",
                                null,
                                promptsFile,
                                line.number()));
            String reference = example.conversation().lastAssistantText().orElse(null);
            action.accept(
                new HeldOutPrompt(count[0], example.conversation().systemText(), user, reference));
            count[0]++;
          });
    } catch (StopReading stop) {
      // the limit is reached
    }
    return count[0];
  }

  private static void acquire(Semaphore semaphore) {
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while comparing models", e);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // prompts still running: keep waiting, every answer counts
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while comparing models", e);
    }
  }

  /** What one call produced. */
  private record Outcome(
      String text, long latencyMs, int inputTokens, int outputTokens, boolean estimated) {}

  @FunctionalInterface
  private interface Asker {
    Outcome ask(HeldOutPrompt prompt);
  }

  /** One column of the report: how to ask it, and what it has answered so far. */
  private final class Participant {
    final String label;
    final String modelId;
    final String pricedAs;
    final InferencePricing.Rates rates;
    final Asker asker;
    private final List<Long> latencies = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final Map<String, Integer> passes = new LinkedHashMap<>();
    private long inputTokens;
    private long outputTokens;
    private double scoreSum;
    private int compliant;
    private int asked;
    private int failed;
    private boolean estimated;
    private String firstError;
    private volatile String droppedReason;

    Participant(
        String label, String modelId, String pricedAs, InferencePricing.Rates rates, Asker asker) {
      this.label = label;
      this.modelId = modelId;
      this.pricedAs = pricedAs;
      this.rates = rates;
      this.asker = asker;
      scorer.checks().forEach(c -> passes.put(c, 0));
    }

    String dropped() {
      return droppedReason;
    }

    Outcome answer(HeldOutPrompt prompt) {
      synchronized (this) {
        asked++;
      }
      return asker.ask(prompt);
    }

    synchronized void record(Outcome outcome, Score score) {
      latencies.add(outcome.latencyMs());
      lengths.add(outcome.text().length());
      inputTokens += outcome.inputTokens();
      outputTokens += outcome.outputTokens();
      estimated |= outcome.estimated();
      scoreSum += score.value();
      if (score.compliant()) {
        compliant++;
      }
      score.checks().forEach((check, passed) -> passes.merge(check, passed ? 1 : 0, Integer::sum));
    }

    void fail(String message, boolean drop) {
      synchronized (this) {
        failed++;
        if (firstError == null) {
          firstError = message;
        }
      }
      if (drop && droppedReason == null) {
        droppedReason = message;
        listener.modelDropped(label, message);
      }
    }

    synchronized ModelResult result() {
      int answered = latencies.size();
      Map<String, Double> rates = new LinkedHashMap<>();
      passes.forEach((check, n) -> rates.put(check, answered == 0 ? 0 : (double) n / answered));
      double meanIn = answered == 0 ? 0 : (double) inputTokens / answered;
      double meanOut = answered == 0 ? 0 : (double) outputTokens / answered;
      BigDecimal cost = null;
      if (this.rates != null && answered > 0) {
        cost =
            BigDecimal.valueOf(meanIn)
                .multiply(this.rates.inputPer1k())
                .add(BigDecimal.valueOf(meanOut).multiply(this.rates.outputPer1k()))
                .setScale(6, RoundingMode.HALF_UP);
      }
      long[] sortedLatency = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] sortedLength = lengths.stream().mapToLong(Integer::longValue).sorted().toArray();
      return new ModelResult(
          label,
          modelId,
          asked,
          answered,
          failed,
          droppedReason,
          firstError,
          answered == 0 ? 0 : scoreSum / answered,
          answered == 0 ? 0 : (double) compliant / answered,
          rates,
          (int) percentile(sortedLength, 0.5),
          answered == 0 ? 0 : Arrays.stream(sortedLength).average().orElse(0),
          percentile(sortedLatency, 0.5),
          percentile(sortedLatency, 0.95),
          meanIn,
          meanOut,
          estimated,
          cost,
          cost == null ? null : pricedAs);
    }
  }

  /** The nearest-rank percentile of sorted values (0 when there are none). */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static final class StopReading extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopReading() {
      super(null, null, false, false);
    }
  }

  /** Builds a {@link ModelComparison}. */
  public static final class Builder {
    private ModelTester tester;
    private final List<ComparedModel> models = new ArrayList<>();
    private String baseModelId;
    private ExampleSource teacher;
    private Scorer scorer;
    private Path promptsFile;
    private List<HeldOutPrompt> prompts;
    private int limit = Integer.MAX_VALUE;
    private int concurrency = 1;
    private int examples = 3;
    private ComparisonListener listener = new ComparisonListener() {};
    private InferencePricing pricing;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Calls the Bedrock models (required unless only a teacher is compared).
     *
     * @param tester the tester that calls the models
     * @return this builder
     */
    public Builder tester(ModelTester tester) {
      this.tester = Objects.requireNonNull(tester, "tester");
      return this;
    }

    /**
     * The base model, labelled {@code base} and priced at its own rates: a model or inference
     * profile id such as {@code amazon.nova-lite-v1:0} or {@code us.amazon.nova-lite-v1:0}.
     *
     * @param modelId the base model, labelled {@code base} and priced at its own rates: a model or
     *     inference profile id such as {@code amazon.nova-lite-v1:0} or {@code
     *     us.amazon.nova-lite-v1:0}
     * @return this builder
     */
    public Builder base(String modelId) {
      Objects.requireNonNull(modelId, "modelId");
      this.baseModelId = modelId;
      models.add(new ComparedModel("base", modelId, modelId));
      return this;
    }

    /**
     * The custom model, labelled {@code custom}: a deployment ARN or a provisioned throughput ARN,
     * priced at the base model's on-demand rates (call {@link #base} first, or use {@link
     * #custom(String, String)}).
     *
     * @param modelId the custom model, labelled {@code custom}: a deployment ARN or a provisioned
     *     throughput ARN, priced at the base model's on-demand rates (call {@link #base} first, or
     *     use {@link #custom(String, String)})
     * @return this builder
     */
    public Builder custom(String modelId) {
      return custom(modelId, baseModelId);
    }

    /**
     * The custom model, priced at the on-demand rates of {@code pricedAs}.
     *
     * @param modelId the custom model's ARN or deployment ARN
     * @param pricedAs the base model whose on-demand rates price it ({@code nova-lite})
     * @return this builder
     */
    public Builder custom(String modelId, String pricedAs) {
      models.add(new ComparedModel("custom", Objects.requireNonNull(modelId, "modelId"), pricedAs));
      return this;
    }

    /**
     * Any other Bedrock model, under its own label.
     *
     * @param model any other Bedrock model, under its own label
     * @return this builder
     */
    public Builder addModel(ComparedModel model) {
      models.add(Objects.requireNonNull(model, "model"));
      return this;
    }

    /**
     * The teacher, asked the same prompts (labelled {@code teacher}, priced by its name).
     *
     * @param teacher the teacher, asked the same prompts (labelled {@code teacher}, priced by its
     *     name)
     * @return this builder
     */
    public Builder teacher(ExampleSource teacher) {
      this.teacher = teacher;
      return this;
    }

    /**
     * How answers are judged (required), e.g. {@code new StrudelScorer()} from finetune-strudel;
     * {@link Scorer#withChecks} adds the answer checks' validity rate.
     *
     * @param scorer how answers are judged (required), e.g. {@code new StrudelScorer()} from
     *     finetune-strudel; {@link Scorer#withChecks} adds the answer checks' validity rate
     * @return this builder
     */
    public Builder scorer(Scorer scorer) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
      return this;
    }

    /**
     * A held-out JSONL file in any format the toolkit reads (Bedrock conversation or prompt-only,
     * OpenAI chat, prompt/completion): each record's system and first user turn are the prompt, its
     * last assistant turn (if any) the reference. Read one line at a time.
     *
     * @param promptsFile a held-out JSONL file in any format the toolkit reads (Bedrock
     *     conversation or prompt-only, OpenAI chat, prompt/completion): each record's system and
     *     first user turn are the prompt, its last assistant turn (if any) the reference
     * @return this builder
     */
    public Builder promptsFile(Path promptsFile) {
      this.promptsFile = Objects.requireNonNull(promptsFile, "promptsFile");
      this.prompts = null;
      return this;
    }

    /**
     * Prompts given directly, instead of a file.
     *
     * @param prompts prompts given directly, instead of a file
     * @return this builder
     */
    public Builder prompts(List<HeldOutPrompt> prompts) {
      this.prompts = List.copyOf(prompts);
      this.promptsFile = null;
      return this;
    }

    /**
     * At most this many prompts (default all).
     *
     * @param limit at most this many prompts (default all)
     * @return this builder
     */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Prompts in flight at once (default 1, which keeps latencies free of self-inflicted
     * throttling).
     *
     * @param concurrency prompts in flight at once (default 1, which keeps latencies free of
     *     self-inflicted throttling)
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException("concurrency must be 1-64, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * How many prompts the report shows with every answer side by side (default 3).
     *
     * @param examples how many prompts the report shows with every answer side by side (default 3)
     * @return this builder
     */
    public Builder examples(int examples) {
      if (examples < 0) {
        throw new IllegalArgumentException("examples must be >= 0, was " + examples);
      }
      this.examples = examples;
      return this;
    }

    /**
     * Hears progress.
     *
     * @param listener hears progress
     * @return this builder
     */
    public Builder listener(ComparisonListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The clock for the report's start time.
     *
     * @param clock the clock for the report's start time
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The prices behind the cost figures (default {@link PriceTable#load()}, the bundled table).
     *
     * @param priceTable the prices behind the cost figures (default {@link PriceTable#load()}, the
     *     bundled table)
     * @return this builder
     */
    public Builder priceTable(PriceTable priceTable) {
      this.pricing = InferencePricing.of(Objects.requireNonNull(priceTable, "priceTable"));
      return this;
    }

    /** {@return the ModelComparison, checking that everything required is set} */
    public ModelComparison build() {
      if (promptsFile == null && prompts == null) {
        throw new IllegalStateException(
            "prompts are required: call promptsFile(...) with a held-out JSONL file, or prompts(...)");
      }
      if (models.isEmpty() && teacher == null) {
        throw new IllegalStateException(
            "nothing to compare: call base(...), custom(...), addModel(...) or teacher(...)");
      }
      if (!models.isEmpty() && tester == null) {
        throw new IllegalStateException(
            "tester is required to call Bedrock models: call tester(ModelTester.builder()...build())");
      }
      if (scorer == null) {
        throw new IllegalStateException(
            "scorer is required: call scorer(...), e.g. new StrudelScorer() from finetune-strudel");
      }
      long distinct = models.stream().map(ComparedModel::label).distinct().count();
      if (distinct != models.size()
          || (teacher != null && models.stream().anyMatch(m -> m.label().equals(TEACHER)))) {
        throw new IllegalStateException("every compared model needs its own label");
      }
      return new ModelComparison(this);
    }
  }
}
