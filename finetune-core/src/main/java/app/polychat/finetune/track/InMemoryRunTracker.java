package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link RunTracker} that keeps everything in memory: nothing to set up, nothing kept after the
 * program ends. The default of the fluent pipeline and the tracker of tests.
 *
 * <p>Thread-safe. It behaves as {@code SqliteRunTracker} does (the same contract tests run on
 * both): ids are {@code run-1}, {@code ds-1}, ..., secrets in source descriptions and metadata are
 * masked, failure reasons are redacted, and journaling into an unknown run is refused.
 *
 * <pre>{@code
 * RunTracker tracker = new InMemoryRunTracker();
 * RunRecord run = tracker.startRun(spec);
 * }</pre>
 */
public final class InMemoryRunTracker implements RunTracker {
  private static final Comparator<JournalEntry> PLAN_ORDER =
      Comparator.comparingInt(JournalEntry::planIndex).thenComparing(JournalEntry::requestId);

  private final Object lock = new Object();
  private final Clock clock;
  private final Map<String, Stored<RunRecord>> runs = new LinkedHashMap<>();
  private final Map<String, Map<String, JournalEntry>> journal = new HashMap<>();
  private final Map<String, Stored<DatasetRecord>> datasets = new LinkedHashMap<>();
  private final Map<String, Stored<JobRecord>> jobs = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> checkpoints = new HashMap<>();
  private final Map<String, List<JobEvent>> events = new HashMap<>();
  private long sequence;

  /** A tracker whose timestamps come from the system clock. */
  public InMemoryRunTracker() {
    this(Clock.systemUTC());
  }

  /**
   * A tracker whose timestamps come from the given clock (for tests).
   *
   * @param clock the clock for every recorded time
   */
  public InMemoryRunTracker(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A record and the order it was stored in (the tie-breaker of "newest first"). */
  private record Stored<T>(T value, long sequence) {}

  @Override
  public RunRecord startRun(RunSpec spec) {
    Objects.requireNonNull(spec, "spec");
    RunSpec safe = TrackedValues.redact(spec);
    synchronized (lock) {
      String runId = freeId("run-", runs);
      RunRecord run = new RunRecord(runId, safe, clock.instant());
      runs.put(runId, new Stored<>(run, ++sequence));
      return run;
    }
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    Objects.requireNonNull(runId, "runId");
    synchronized (lock) {
      return Optional.ofNullable(runs.get(runId)).map(Stored::value);
    }
  }

  @Override
  public Optional<RunRecord> latestRun(String planHash) {
    Objects.requireNonNull(planHash, "planHash");
    synchronized (lock) {
      return runs.values().stream()
          .filter(s -> s.value().spec().planHash().equals(planHash))
          .max(newestLast(s -> s.value().createdAt()))
          .map(Stored::value);
    }
  }

  @Override
  public void journal(String runId, JournalEntry entry) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(entry, "entry");
    JournalEntry safe = TrackedValues.redact(entry);
    synchronized (lock) {
      if (!runs.containsKey(runId)) {
        throw TrackedValues.unknownRun(runId);
      }
      journal.computeIfAbsent(runId, id -> new HashMap<>()).put(safe.requestId(), safe);
    }
  }

  @Override
  public Map<String, JournalStatus> journalStatuses(String runId) {
    Objects.requireNonNull(runId, "runId");
    synchronized (lock) {
      Map<String, JournalStatus> statuses = new HashMap<>();
      journal.getOrDefault(runId, Map.of()).forEach((id, e) -> statuses.put(id, e.status()));
      return statuses;
    }
  }

  @Override
  public Map<String, JournalState> journalStates(String runId) {
    Objects.requireNonNull(runId, "runId");
    synchronized (lock) {
      Map<String, JournalState> states = new HashMap<>();
      journal
          .getOrDefault(runId, Map.of())
          .forEach((id, e) -> states.put(id, new JournalState(e.status(), e.asks())));
      return states;
    }
  }

  @Override
  public void forEachJournalEntry(String runId, Consumer<JournalEntry> action) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(action, "action");
    List<JournalEntry> snapshot;
    synchronized (lock) {
      snapshot = new ArrayList<>(journal.getOrDefault(runId, Map.of()).values());
    }
    // the action runs outside the lock, so it may call this tracker again
    snapshot.sort(PLAN_ORDER);
    snapshot.forEach(action);
  }

  @Override
  public void recordCheckpoint(String runId, String key, String value) {
    Objects.requireNonNull(runId, "runId");
    String safe = TrackedValues.checkpointValue(key, value);
    synchronized (lock) {
      if (!runs.containsKey(runId)) {
        throw TrackedValues.unknownRun(runId);
      }
      checkpoints.computeIfAbsent(runId, id -> new TreeMap<>()).put(key, safe);
    }
  }

  @Override
  public Map<String, String> checkpoints(String runId) {
    Objects.requireNonNull(runId, "runId");
    synchronized (lock) {
      return Map.copyOf(checkpoints.getOrDefault(runId, Map.of()));
    }
  }

  @Override
  public DatasetRecord recordDataset(DatasetRecord dataset) {
    Objects.requireNonNull(dataset, "dataset");
    synchronized (lock) {
      Stored<DatasetRecord> existing =
          dataset.datasetId() == null ? null : datasets.get(dataset.datasetId());
      String id = dataset.datasetId() != null ? dataset.datasetId() : freeId("ds-", datasets);
      Instant createdAt =
          dataset.createdAt() != null
              ? dataset.createdAt()
              : existing != null ? existing.value().createdAt() : clock.instant();
      DatasetRecord stored = TrackedValues.redact(dataset.withId(id, createdAt));
      long seq = existing != null ? existing.sequence() : ++sequence;
      datasets.put(id, new Stored<>(stored, seq));
      return stored;
    }
  }

  @Override
  public Optional<DatasetRecord> dataset(String datasetId) {
    Objects.requireNonNull(datasetId, "datasetId");
    synchronized (lock) {
      return Optional.ofNullable(datasets.get(datasetId)).map(Stored::value);
    }
  }

  @Override
  public List<DatasetRecord> datasets(int limit) {
    synchronized (lock) {
      return newestFirst(datasets.values(), DatasetRecord::createdAt, limit);
    }
  }

  @Override
  public void recordJob(JobRecord job) {
    Objects.requireNonNull(job, "job");
    synchronized (lock) {
      Stored<JobRecord> existing = jobs.get(job.jobId());
      Instant now = clock.instant();
      Instant createdAt =
          job.createdAt() != null
              ? job.createdAt()
              : existing != null ? existing.value().createdAt() : now;
      Instant updatedAt = job.updatedAt() != null ? job.updatedAt() : now;
      JobRecord stored = TrackedValues.redact(job, createdAt, updatedAt);
      long seq = existing != null ? existing.sequence() : ++sequence;
      jobs.put(job.jobId(), new Stored<>(stored, seq));
    }
  }

  @Override
  public void recordJobStatus(JobStatus status) {
    Objects.requireNonNull(status, "status");
    JobStatus safe = TrackedValues.redact(status);
    synchronized (lock) {
      Instant now = clock.instant();
      Stored<JobRecord> existing = jobs.get(safe.jobId());
      JobRecord base = existing != null ? existing.value() : TrackedValues.jobFromStatus(safe, now);
      long seq = existing != null ? existing.sequence() : ++sequence;
      List<JobEvent> history = events.computeIfAbsent(safe.jobId(), id -> new ArrayList<>());
      JobStatus last = history.isEmpty() ? null : history.get(history.size() - 1).status();
      boolean changed = TrackedValues.changed(last, safe);
      if (changed) {
        history.add(new JobEvent(safe.jobId(), now, safe));
      }
      JobRecord updated = TrackedValues.applyStatus(base, safe, changed ? now : base.updatedAt());
      jobs.put(safe.jobId(), new Stored<>(updated, seq));
    }
  }

  @Override
  public Optional<JobRecord> job(String jobIdOrName) {
    Objects.requireNonNull(jobIdOrName, "jobIdOrName");
    synchronized (lock) {
      Stored<JobRecord> byId = jobs.get(jobIdOrName);
      if (byId != null) {
        return Optional.of(byId.value());
      }
      return jobs.values().stream()
          .filter(s -> jobIdOrName.equals(s.value().jobName()))
          .max(newestLast(s -> s.value().createdAt()))
          .map(Stored::value);
    }
  }

  @Override
  public List<JobRecord> jobs(int limit) {
    synchronized (lock) {
      return newestFirst(jobs.values(), JobRecord::createdAt, limit);
    }
  }

  @Override
  public List<JobEvent> jobEvents(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    synchronized (lock) {
      return List.copyOf(events.getOrDefault(jobId, List.of()));
    }
  }

  @Override
  public Optional<Lineage> lineage(String jobIdOrName) {
    synchronized (lock) {
      return job(jobIdOrName)
          .map(
              job -> {
                DatasetRecord dataset = datasetOf(job);
                RunRecord run =
                    dataset == null || dataset.runId() == null
                        ? null
                        : run(dataset.runId()).orElse(null);
                return new Lineage(job, dataset, run);
              });
    }
  }

  private DatasetRecord datasetOf(JobRecord job) {
    if (job.datasetId() != null) {
      return dataset(job.datasetId()).orElse(null);
    }
    String trainUri = job.metadata().get(TrackedValues.TRAIN_URI);
    if (trainUri == null) {
      return null;
    }
    return datasets.values().stream()
        .filter(s -> trainUri.equals(s.value().trainUri()))
        .max(newestLast(s -> s.value().createdAt()))
        .map(Stored::value)
        .orElse(null);
  }

  private String freeId(String prefix, Map<String, ?> taken) {
    long n = taken.size() + 1;
    while (taken.containsKey(prefix + n)) {
      n++;
    }
    return prefix + n;
  }

  private static <T> Comparator<Stored<T>> newestLast(Function<Stored<T>, Instant> createdAt) {
    return Comparator.comparing(createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparingLong(Stored::sequence);
  }

  private static <T> List<T> newestFirst(
      Collection<Stored<T>> values, Function<T, Instant> createdAt, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    Comparator<Stored<T>> order = newestLast(s -> createdAt.apply(s.value()));
    return values.stream().sorted(order.reversed()).limit(limit).map(Stored::value).toList();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryRunTracker{runs="
          + runs.size()
          + ", datasets="
          + datasets.size()
          + ", jobs="
          + jobs.size()
          + "}";
    }
  }
}
