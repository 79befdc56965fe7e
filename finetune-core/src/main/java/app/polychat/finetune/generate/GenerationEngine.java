package app.polychat.finetune.generate;

import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.ValiditySummary;
import app.polychat.finetune.dataset.DatasetSplitter;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.filter.ExampleFilter;
import app.polychat.finetune.filter.FilterDecision;
import app.polychat.finetune.filter.Filters;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlWriter;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.BulkRun;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationOutcome;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.support.Tokens;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalState;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunSpec;
import app.polychat.finetune.track.RunTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a prompt plan against a teacher: bounded concurrency, every outcome journaled as it arrives,
 * resume by default, filters with recorded reasons, and the dataset written at the end in plan
 * order (atomically), so the same plan and seed give the same files whatever order the answers came
 * in.
 *
 * <p>A source that {@linkplain ExampleSource#prefersBulk() prefers bulk} (a batch-inference job)
 * gets every request still to do in one {@link ExampleSource#generateAll} call and delivers the
 * outcomes as they arrive; they are filtered and journaled one by one exactly as single answers
 * are, and the source keeps its own progress in the run's {@linkplain BulkRun#checkpoint
 * checkpoints}, so resume, drop reasons, plan order and stop behave the same.
 *
 * <pre>{@code
 * GenerationEngine engine = GenerationEngine.builder()
 *     .source(teacher).tracker(tracker).concurrency(8).build();
 * GenerationResult result = engine.run(plan, GenerationOptions.defaults(Path.of("datasets/strudel")));
 * }</pre>
 */
public final class GenerationEngine {
  private static final Logger log = LoggerFactory.getLogger(GenerationEngine.class);
  static final String DUPLICATE = "duplicate answer";

  /**
   * Requests in flight when none is set: enough for a teacher limited to ~120 requests a minute
   * whose answers take up to ~15 s (a source with a lower cap of its own keeps it).
   */
  public static final int DEFAULT_CONCURRENCY = 32;

  private final ExampleSource source;
  private final RunTracker tracker;
  private final int concurrency;
  private final List<ExampleFilter> filters;
  private final GenerationListener listener;

  /** The listener, as the teacher hears it: a listener's bug never fails a paid call. */
  private final SourceListener sourceEvents;

  private final Duration stopGracePeriod;
  private final List<Duration> journalRetryBackoff;
  private final long minFreeDiskBytes;
  private final CheckStage checkStage;
  private final AtomicReference<String> stopReason = new AtomicReference<>();
  // set by run(): where outcomes go, and how often each request to do was asked by earlier runs
  private volatile JournalKeeper keeper;
  private volatile Map<String, Integer> earlierAsks = Map.of();

  private GenerationEngine(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source is required: call source(...)");
    this.tracker = Objects.requireNonNull(b.tracker, "tracker is required: call tracker(...)");
    this.concurrency = b.concurrency;
    this.filters = List.copyOf(b.filters);
    this.listener = b.listener;
    this.sourceEvents = SourceListener.all(List.of(b.listener));
    this.stopGracePeriod = b.stopGracePeriod;
    this.journalRetryBackoff = List.copyOf(b.journalRetryBackoff);
    this.minFreeDiskBytes = b.minFreeDiskBytes;
    this.checkStage = new CheckStage(b.checks, b.checkAsks);
  }

  /**
   * Starts building an engine.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stops taking new requests; calls in flight finish and are journaled (within the {@linkplain
   * Builder#stopGracePeriod grace period}), and {@link #run} returns a result with this reason and
   * without writing the dataset. Safe to call from a shutdown hook or another thread. The stop is
   * final for this engine: to resume, build a new engine on the same tracker and run the same plan.
   *
   * @param reason why the run stops, recorded in its result
   */
  public void requestStop(String reason) {
    if (stopReason.compareAndSet(null, Objects.requireNonNull(reason, "reason"))) {
      // calls waiting for a rate limit or a backoff must not be sent after a stop
      source.cancelPending();
    }
  }

  /**
   * {@return what the answer checks found so far ({@link AnswerChecks#summary()}): every answer
   * checked, including the ones asked again, the validity rate, failures by reason and each check's
   * timing}
   */
  public ValiditySummary checkSummary() {
    return checkStage.summary();
  }

  /**
   * Runs the plan: resumes the latest run of the same plan unless {@code options.fresh()}, imports
   * answers an earlier run saved to a recovery file, asks the teacher for every request without an
   * answer (earlier failures too, up to {@code options.maxAttempts()} asks per request, unless
   * {@code options.retryFailed()} is false), and writes the dataset when it is complete (or {@code
   * options.allowPartial()}) and holds at least one example.
   *
   * <p>Before the first request it checks that the output folder and the journal can be written and
   * that the disk has room. The run stops early, returning a result whose {@link
   * GenerationResult#stoppedReason()} says why and writing no dataset, when {@link #requestStop} is
   * called, when the teacher becomes unavailable (a wrong API key, an open circuit) or when the
   * journal cannot be written; then answers already received are kept in memory, journaled when the
   * journal takes them again, or saved to a recovery file that the next run imports. A rerun of the
   * same plan resumes.
   *
   * @param plan the requests to answer
   * @param options where and how the dataset is written, and how reruns behave
   * @return what the run did, and the dataset when one was written
   * @throws FineTuneException when a check before the first request fails, or the tracker cannot
   *     open or read the run
   */
  public GenerationResult run(PromptPlan plan, GenerationOptions options) {
    // before a run is recorded or anything is paid for: can the teacher take these requests at all?
    source.checkRequests(plan.requests());
    checkStage.verify(); // a check that cannot run stops the run before a teacher is paid
    RunRecord run = openRun(plan, options);
    int recovered = JournalKeeper.importRecovered(tracker, options.outputDir());
    if (recovered > 0) {
      log.info("imported {} answers an earlier run could not journal", recovered);
    }
    List<GenerationRequest> toDo = requestsToAsk(run.runId(), plan, options);
    Preflight.check(options.outputDir(), tracker, toDo.size(), minFreeDiskBytes);
    keeper =
        new JournalKeeper(
            tracker,
            run.runId(),
            plan.planHash(),
            options.outputDir(),
            journalRetryBackoff,
            this::requestStop);
    int alreadyDone = plan.size() - toDo.size();
    if (alreadyDone > 0) {
      log.info(
          "resuming run {}: {} of {} requests already journaled",
          run.runId(),
          alreadyDone,
          plan.size());
    }
    Counters counters = new Counters(plan.size(), alreadyDone, toDo.size(), source);
    listener.started(counters.snapshot());
    execute(run.runId(), toDo, counters);
    String settled = keeper.settle();
    String stopped = stopReason.get();
    if (stopped != null && settled != null) {
      stopped = stopped + "; " + settled;
    }
    Tally tally = new Tally(options.maxAttempts());
    LocalDataset dataset = writeDataset(run.runId(), plan, options, tally, stopped != null);
    GenerationResult result =
        new GenerationResult(
            run.runId(),
            plan.size(),
            alreadyDone,
            tally.examples,
            tally.failed,
            tally.dropped,
            tally.failures,
            tally.drops,
            dataset,
            stopped,
            tally.exhausted,
            keeper.recoveryFile());
    listener.finished(result);
    return result;
  }

  /**
   * The requests to ask: those without a journal entry, and (when retrying failures) those whose
   * latest ask failed and that were asked fewer times than the cap. Remembers how often each was
   * asked before, so its next entry counts one more.
   */
  private List<GenerationRequest> requestsToAsk(
      String runId, PromptPlan plan, GenerationOptions options) {
    Map<String, JournalState> states = tracker.journalStates(runId);
    List<GenerationRequest> toDo = new ArrayList<>();
    Map<String, Integer> asks = new HashMap<>();
    for (GenerationRequest request : plan.requests()) {
      JournalState state = states.get(request.id());
      boolean ask =
          state == null
              || (state.status() == JournalStatus.FAILED
                  && options.retryFailed()
                  && state.asks() < options.maxAttempts());
      if (ask) {
        toDo.add(request);
        asks.put(request.id(), state == null ? 0 : state.asks());
      }
    }
    earlierAsks = asks;
    return toDo;
  }

  /** Asks recorded for a request's new outcome: one more, unless the teacher was unavailable. */
  private int asks(GenerationRequest request, boolean counted) {
    int before = earlierAsks.getOrDefault(request.id(), 0);
    return counted ? before + 1 : before;
  }

  private RunRecord openRun(PromptPlan plan, GenerationOptions options) {
    if (!options.fresh()) {
      var latest = tracker.latestRun(plan.planHash());
      if (latest.isPresent()) {
        return latest.get();
      }
    }
    return tracker.startRun(
        new RunSpec(
            plan.planHash(),
            plan.configHash(),
            source.describe(),
            source.teacherModel().orElse(null),
            plan.size(),
            new RunSettings(
                plan.styles(),
                plan.complexities(),
                options.trainRatio(),
                options.seed(),
                options.formatId())));
  }

  private void execute(String runId, List<GenerationRequest> toDo, Counters counters) {
    if (toDo.isEmpty()) {
      return;
    }
    if (source.prefersBulk()) {
      executeBulk(runId, toDo, counters);
      return;
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, toDo.size()),
            r -> {
              Thread t = new Thread(r, "finetune-generate-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      for (GenerationRequest request : toDo) {
        pool.execute(() -> generateOne(runId, request, counters));
      }
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        if (stopReason.get() != null) {
          if (!pool.awaitTermination(stopGracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("calls still in flight after {}; they were not journaled", stopGracePeriod);
          }
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private void generateOne(String runId, GenerationRequest request, Counters counters) {
    for (int ask = 1; askOnce(runId, request, counters, ask); ask++) {
      listener.retried(request, ask + 1, "the answer failed a check");
    }
  }

  /** Asks once; returns whether the answer failed a check and the request is asked again. */
  private boolean askOnce(String runId, GenerationRequest request, Counters counters, int ask) {
    if (stopReason.get() != null) {
      return false;
    }
    long started = System.nanoTime();
    GeneratedExample generated;
    try {
      generated = source.generate(request, sourceEvents);
    } catch (SourceUnavailableException e) {
      journalFailure(runId, request, e, elapsedSince(started), counters);
      requestStop(describe(e));
      return false;
    } catch (SourceCancelledException e) {
      // never sent, never paid for: it stays to do, and a rerun asks for it
      return false;
    } catch (SourceException e) {
      journalFailure(runId, request, e, elapsedSince(started), counters);
      return false;
    } catch (RuntimeException e) {
      // a bug or an unexpected answer in a source must not lose the run: record it like a failure
      journalFailure(runId, request, e, elapsedSince(started), counters);
      return false;
    }
    return journalAnswer(
        runId, request, generated, elapsedSince(started), counters, ask < checkStage.maxAsks());
  }

  /**
   * The bulk path: the source gets every request still to do in one call, on a thread of its own,
   * and delivers outcomes as they arrive; each is filtered and journaled exactly as a single call's
   * answer would be. A stop waits for the source (within the grace period) as it waits for calls in
   * flight.
   */
  private void executeBulk(String runId, List<GenerationRequest> toDo, Counters counters) {
    EngineBulkRun run = new EngineBulkRun(runId, toDo, counters);
    Thread worker =
        new Thread(
            () -> {
              try {
                source.generateAll(List.copyOf(toDo), run);
              } catch (SourceUnavailableException e) {
                requestStop(describe(e));
              } catch (RuntimeException e) {
                log.error("the source failed while answering the plan: {}", describe(e), e);
                requestStop("the source failed (" + describe(e) + ")");
              }
            },
            "finetune-generate-bulk");
    worker.setDaemon(true);
    worker.start();
    try {
      while (worker.isAlive()) {
        worker.join(1000);
        if (stopReason.get() != null && worker.isAlive()) {
          worker.join(stopGracePeriod.toMillis());
          if (worker.isAlive()) {
            log.warn("the source is still working after {}; leaving it", stopGracePeriod);
          }
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop("interrupted");
    }
    int unanswered = toDo.size() - run.delivered.size();
    if (unanswered > 0 && stopReason.get() == null) {
      log.warn(
          "the source returned without an outcome for {} requests; they stay to do", unanswered);
    }
  }

  /** What a bulk source sees of the run. */
  private final class EngineBulkRun implements BulkRun {
    private final String runId;
    private final Map<String, GenerationRequest> asked = new HashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Counters counters;

    EngineBulkRun(String runId, List<GenerationRequest> toDo, Counters counters) {
      this.runId = runId;
      this.counters = counters;
      toDo.forEach(r -> asked.put(r.id(), r));
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public void deliver(GenerationOutcome outcome) {
      Objects.requireNonNull(outcome, "outcome");
      GenerationRequest request = asked.get(outcome.request().id());
      if (request == null) {
        log.warn("ignored an outcome for request {}: not asked for", outcome.request().id());
        return;
      }
      if (!delivered.add(request.id())) {
        log.debug("ignored a second outcome for request {}", request.id());
        return;
      }
      if (outcome.answered()) {
        Duration latency = outcome.example().example().metadata().latency();
        // a bulk source answers each request once: an answer failing a check is dropped, not
        // re-asked
        journalAnswer(runId, request, outcome.example(), latency, counters, false);
      } else {
        journalFailure(runId, request, outcome.failure(), null, counters);
        if (outcome.failure() instanceof SourceUnavailableException) {
          requestStop(describe(outcome.failure()));
        }
      }
    }

    @Override
    public boolean stopping() {
      return stopReason.get() != null;
    }

    @Override
    public SourceListener events() {
      return sourceEvents;
    }

    @Override
    public Map<String, String> checkpoints() {
      return tracker.checkpoints(runId);
    }

    @Override
    public void checkpoint(String key, String value) {
      try {
        tracker.recordCheckpoint(runId, key, value);
      } catch (RuntimeException e) {
        requestStop("the checkpoint could not be recorded (" + describe(e) + ")");
        throw e;
      }
    }
  }

  private static Duration elapsedSince(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * Filters, checks and journals one answer.
   *
   * @return whether the answer failed a check and was journaled as a rejected attempt, so the
   *     caller asks the teacher again (only when {@code mayAskAgain})
   */
  private boolean journalAnswer(
      String runId,
      GenerationRequest request,
      GeneratedExample generated,
      Duration latency,
      Counters counters,
      boolean mayAskAgain) {
    TrainingExample example = generated.example();
    String dropReason = null;
    for (ExampleFilter filter : filters) {
      FilterDecision decision;
      try {
        decision = Objects.requireNonNull(filter.apply(example), "the filter returned null");
      } catch (RuntimeException e) {
        // a broken filter must not cost a paid answer: keep it in the journal, dropped, with why
        dropReason = "a filter failed (" + e.getClass().getSimpleName() + "): " + describe(e);
        log.warn("request {}: {}", request.id(), dropReason, e);
        break;
      }
      if (decision.dropped()) {
        dropReason = decision.dropReason();
        break;
      }
      example = decision.example();
    }
    boolean checkFailed = false;
    if (dropReason == null && checkStage.active()) {
      try {
        dropReason = checkStage.failure(example);
        checkFailed = dropReason != null;
      } catch (RuntimeException e) {
        // the check itself broke (the engine will not start): keep the paid answer, stop the run
        dropReason = "the answer check could not run: " + describe(e);
        requestStop(dropReason);
      }
    }
    Integer in = example.metadata().inputTokens();
    Integer out = example.metadata().outputTokens();
    long tokens =
        (in == null ? Tokens.estimate(request.systemPrompt() + request.prompt()) : in)
            + (out == null
                ? Tokens.estimate(example.conversation().lastAssistantText().orElse(""))
                : out);
    if (checkFailed && mayAskAgain && stopReason.get() == null) {
      int ask = counters.ask(request.id());
      return journal(
          runId,
          request,
          CheckStage.rejectedAttempt(
              request, ask, example, dropReason, generated.attempts(), latency, in, out));
    }
    JournalEntry entry =
        new JournalEntry(
            request.id(),
            request.index(),
            dropReason == null ? JournalStatus.DONE : JournalStatus.DROPPED,
            example,
            dropReason,
            generated.attempts(),
            latency,
            in,
            out,
            Instant.now(),
            asks(request, true));
    if (!journal(runId, request, entry)) {
      return false;
    }
    if (dropReason == null) {
      listener.succeeded(request, counters.succeeded(tokens));
    } else {
      listener.dropped(request, dropReason, counters.dropped(tokens));
    }
    return false;
  }

  private void journalFailure(
      String runId,
      GenerationRequest request,
      RuntimeException e,
      Duration latency,
      Counters counters) {
    String reason = describe(e);
    boolean journaled =
        journal(
            runId,
            request,
            new JournalEntry(
                request.id(),
                request.index(),
                JournalStatus.FAILED,
                null,
                reason,
                1,
                latency,
                null,
                null,
                Instant.now(),
                // a refused key or an open circuit says nothing about this request: not counted
                asks(request, !(e instanceof SourceUnavailableException))));
    if (journaled) {
      listener.failed(request, reason, counters.failed());
    }
  }

  /**
   * Journals an outcome. When the tracker fails (a full disk, a database locked by another
   * process), the run stops asking for more, and the {@link JournalKeeper} keeps this answer and
   * those still in flight in memory until they can be journaled or saved to a recovery file.
   *
   * @return whether the entry was journaled now
   */
  private boolean journal(String runId, GenerationRequest request, JournalEntry entry) {
    return keeper.write(entry);
  }

  private static String describe(RuntimeException e) {
    return Secrets.redactText(
        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /**
   * Two streaming passes over the journal in plan order: the first counts outcomes and finds
   * duplicates and the strata of the examples kept, the second writes each kept example to its side
   * of the split. Nothing is written for a stopped run, a run without a usable example, or a short
   * one unless partial datasets are allowed.
   *
   * @return the files, or null when none were written
   */
  private LocalDataset writeDataset(
      String runId, PromptPlan plan, GenerationOptions options, Tally tally, boolean stopped) {
    Set<String> inPlan = planIds(plan);
    Set<String> seenAnswers = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    List<String> strata = new ArrayList<>();
    tracker.forEachJournalEntry(
        runId,
        entry -> {
          if (!inPlan.contains(entry.requestId())) {
            return;
          }
          if (entry.status() != JournalStatus.DONE) {
            tally.add(entry);
            return;
          }
          String key =
              app.polychat.finetune.support.Hashing.sha256Hex(
                  Filters.normalizedAnswer(entry.example()));
          if (!seenAnswers.add(key)) {
            duplicates.add(entry.requestId());
            tally.add(entry.withStatus(JournalStatus.DROPPED, DUPLICATE, entry.recordedAt()));
            return;
          }
          tally.examples++;
          strata.add(
              entry.example().metadata().style() + "|" + entry.example().metadata().complexity());
        });
    int missing = plan.size() - tally.examples - tally.dropped;
    if (stopped || tally.examples == 0 || (missing > 0 && !options.allowPartial())) {
      if (!stopped) {
        log.warn(
            "no dataset written: {} of {} planned examples accepted, {} missing",
            tally.examples,
            plan.size(),
            missing);
      }
      return null;
    }
    Set<String> duplicateIds = new HashSet<>(duplicates);
    BitSet validation =
        DatasetSplitter.of(options.trainRatio(), options.seed()).validationSet(strata);
    DatasetFormatter formatter = DatasetFormats.byId(options.formatId());
    Path trainFile = options.outputDir().resolve("train.jsonl");
    Path validationFile =
        validation.isEmpty() ? null : options.outputDir().resolve("validation.jsonl");
    try (JsonlWriter train = JsonlWriter.create(trainFile);
        JsonlWriter val = validationFile == null ? null : JsonlWriter.create(validationFile)) {
      int[] position = {0};
      tracker.forEachJournalEntry(
          runId,
          entry -> {
            if (!inPlan.contains(entry.requestId())
                || entry.status() != JournalStatus.DONE
                || duplicateIds.contains(entry.requestId())) {
              return;
            }
            (validation.get(position[0]++) ? val : train).write(entry.example(), formatter);
          });
      train.commit();
      if (val != null) {
        val.commit();
      }
      markDuplicates(runId, duplicateIds);
      return new LocalDataset(
          train.target(),
          val == null ? null : val.target(),
          options.formatId(),
          train.lines(),
          val == null ? 0 : val.lines());
    }
  }

  private void markDuplicates(String runId, Set<String> duplicateIds) {
    if (duplicateIds.isEmpty()) {
      return;
    }
    List<JournalEntry> updates = new ArrayList<>();
    tracker.forEachJournalEntry(
        runId,
        entry -> {
          if (duplicateIds.contains(entry.requestId())) {
            updates.add(entry.withStatus(JournalStatus.DROPPED, DUPLICATE, Instant.now()));
          }
        });
    updates.forEach(update -> tracker.journal(runId, update));
  }

  private static Set<String> planIds(PromptPlan plan) {
    Set<String> ids = new HashSet<>();
    plan.requests().forEach(r -> ids.add(r.id()));
    return ids;
  }

  /** Outcome counts for the summary, by reason. */
  private static final class Tally {
    final int maxAttempts;
    int examples;
    int failed;
    int dropped;
    int exhausted;
    final Map<String, Integer> failures = new TreeMap<>();
    final Map<String, Integer> drops = new TreeMap<>();

    Tally(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** Counts a failed or dropped entry. */
    void add(JournalEntry entry) {
      String key = entry.reason() == null ? "unknown" : shorten(entry.reason());
      if (entry.status() == JournalStatus.FAILED) {
        failed++;
        failures.merge(key, 1, Integer::sum);
        if (entry.asks() >= maxAttempts) {
          exhausted++;
        }
      } else if (entry.status() == JournalStatus.DROPPED) {
        dropped++;
        drops.merge(key, 1, Integer::sum);
      }
    }

    private static String shorten(String reason) {
      String oneLine = reason.replaceAll("\\s+", " ").strip();
      return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
  }

  /** Thread-safe counters behind {@link GenerationProgress}. */
  private static final class Counters {
    private final int planned;
    private final int alreadyDone;
    private final int toDo;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicLong tokens = new AtomicLong();
    private final ExampleSource source;
    private final Map<String, AtomicInteger> asks = new ConcurrentHashMap<>();

    Counters(int planned, int alreadyDone, int toDo, ExampleSource source) {
      this.source = source;
      this.planned = planned;
      this.alreadyDone = alreadyDone;
      this.toDo = toDo;
    }

    GenerationProgress succeeded(long t) {
      tokens.addAndGet(t);
      succeeded.incrementAndGet();
      return snapshot();
    }

    GenerationProgress dropped(long t) {
      tokens.addAndGet(t);
      dropped.incrementAndGet();
      return snapshot();
    }

    /** Counts a rejected ask of a request and returns its number (1 for the first). */
    int ask(String requestId) {
      return asks.computeIfAbsent(requestId, k -> new AtomicInteger()).incrementAndGet();
    }

    GenerationProgress failed() {
      failed.incrementAndGet();
      return snapshot();
    }

    GenerationProgress snapshot() {
      int s = succeeded.get();
      int f = failed.get();
      int d = dropped.get();
      int finished = s + f + d;
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      Duration eta =
          finished == 0
              ? null
              : elapsed.multipliedBy(Math.max(0, toDo - finished)).dividedBy(finished);
      return new GenerationProgress(
          planned,
          alreadyDone,
          toDo,
          s,
          f,
          d,
          tokens.get(),
          elapsed,
          eta,
          source.rateStatus().orElse(null));
    }
  }

  /** Builds a {@link GenerationEngine}. */
  public static final class Builder {
    private ExampleSource source;
    private RunTracker tracker;
    private int concurrency = DEFAULT_CONCURRENCY;
    private final List<ExampleFilter> filters = new ArrayList<>(Filters.defaults(32_000));
    private GenerationListener listener = new GenerationListener() {};
    private Duration stopGracePeriod = Duration.ofSeconds(30);
    private List<Duration> journalRetryBackoff =
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
    private long minFreeDiskBytes = Preflight.BASE_BYTES;
    private AnswerChecks checks = AnswerChecks.none();
    private int checkAsks = 3;

    private Builder() {}

    /**
     * Answer checks every answer the filters keep must pass (default none). A failed answer is
     * journaled as dropped with the check's reason, and the teacher is asked again for that
     * request, up to {@link #checkAsks} asks in the run. The engine does not close the checks.
     *
     * @param checks answer checks every answer the filters keep must pass (default none)
     * @return this builder
     */
    public Builder checks(AnswerChecks checks) {
      this.checks = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * How often one request may be asked in a run when its answers fail a check (default 3; 1 drops
     * a failed answer without asking again). Sources that answer in bulk are asked once.
     *
     * @param checkAsks how often one request may be asked in a run when its answers fail a check
     *     (default 3; 1 drops a failed answer without asking again)
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
     * The teacher that answers the requests (required).
     *
     * @param source the teacher
     * @return this builder
     */
    public Builder source(ExampleSource source) {
      this.source = source;
      return this;
    }

    /**
     * The run history that journals every outcome (required).
     *
     * @param tracker the tracker
     * @return this builder
     */
    public Builder tracker(RunTracker tracker) {
      this.tracker = tracker;
      return this;
    }

    /**
     * Requests in flight at once (default {@value GenerationEngine#DEFAULT_CONCURRENCY}); a source
     * may cap its own calls lower.
     *
     * @param concurrency requests in flight at once (default {@value
     *     GenerationEngine#DEFAULT_CONCURRENCY}); a source may cap its own calls lower
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
     * Replaces the filter chain (default: {@link Filters#defaults} for a 32k context).
     *
     * @param filters the filters, applied in order
     * @return this builder
     */
    public Builder filters(List<ExampleFilter> filters) {
      this.filters.clear();
      this.filters.addAll(filters);
      return this;
    }

    /**
     * Appends a filter to the chain.
     *
     * @param filter the filter to append
     * @return this builder
     */
    public Builder addFilter(ExampleFilter filter) {
      this.filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Hears the run's progress (default: nothing).
     *
     * @param listener the listener; it is called from the engine's threads
     * @return this builder
     */
    public Builder listener(GenerationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long calls in flight may finish after a stop (default 30 s).
     *
     * @param stopGracePeriod how long calls in flight may finish after a stop (default 30 s)
     * @return this builder
     */
    public Builder stopGracePeriod(Duration stopGracePeriod) {
      this.stopGracePeriod = Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
      return this;
    }

    /**
     * The waits between retries of journal writes that failed (default 1, 2, 4, 8 and 16 s, each
     * retry also waiting up to the tracker's own busy timeout); answers the journal still refuses
     * after the last one are saved to a recovery file. An empty list saves them at once.
     *
     * @param waits the waits between retries of journal writes that failed (default 1, 2, 4, 8 and
     *     16 s, each retry also waiting up to the tracker's own busy timeout); answers the journal
     *     still refuses after the last one are saved to a recovery file
     * @return this builder
     */
    public Builder journalRetryBackoff(List<Duration> waits) {
      this.journalRetryBackoff = List.copyOf(waits);
      return this;
    }

    /**
     * The room a run needs on disk besides 16 KiB per request to do (default 32 MiB, for SQLite's
     * write-ahead log and the dataset's temporary files); checked before the first request.
     *
     * @param bytes the room a run needs on disk besides 16 KiB per request to do (default 32 MiB,
     *     for SQLite's write-ahead log and the dataset's temporary files); checked before the first
     *     request
     * @return this builder
     */
    public Builder minFreeDiskBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("minFreeDiskBytes must be >= 0, was " + bytes);
      }
      this.minFreeDiskBytes = bytes;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws NullPointerException when the source or the tracker is missing
     */
    public GenerationEngine build() {
      return new GenerationEngine(this);
    }
  }
}
/**
 * Builds the engine.
 *
 * @return the engine
 * @throws NullPointerException when the source or the tracker is missing
 */
