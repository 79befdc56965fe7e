package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A tracker for tests that passes everything to a real one and counts the journal writes per
 * request id, so a test can prove that nothing was journaled twice.
 */
public final class CountingRunTracker implements RunTracker {
  private final RunTracker delegate;
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

  public CountingRunTracker(RunTracker delegate) {
    this.delegate = delegate;
  }

  /** Journal writes per request id since this tracker was made. */
  public Map<String, Integer> journalWrites() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    writes.forEach((id, n) -> copy.put(id, n.get()));
    return copy;
  }

  /** Journal writes in total. */
  public int totalJournalWrites() {
    return writes.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public RunRecord startRun(RunSpec spec) {
    return delegate.startRun(spec);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return delegate.run(runId);
  }

  @Override
  public Optional<RunRecord> latestRun(String planHash) {
    return delegate.latestRun(planHash);
  }

  @Override
  public void journal(String runId, JournalEntry entry) {
    writes.computeIfAbsent(entry.requestId(), k -> new AtomicInteger()).incrementAndGet();
    delegate.journal(runId, entry);
  }

  @Override
  public Map<String, JournalStatus> journalStatuses(String runId) {
    return delegate.journalStatuses(runId);
  }

  @Override
  public void forEachJournalEntry(String runId, Consumer<JournalEntry> action) {
    delegate.forEachJournalEntry(runId, action);
  }

  @Override
  public void recordCheckpoint(String runId, String key, String value) {
    delegate.recordCheckpoint(runId, key, value);
  }

  @Override
  public Map<String, String> checkpoints(String runId) {
    return delegate.checkpoints(runId);
  }

  @Override
  public DatasetRecord recordDataset(DatasetRecord dataset) {
    return delegate.recordDataset(dataset);
  }

  @Override
  public Optional<DatasetRecord> dataset(String datasetId) {
    return delegate.dataset(datasetId);
  }

  @Override
  public List<DatasetRecord> datasets(int limit) {
    return delegate.datasets(limit);
  }

  @Override
  public void recordJob(JobRecord job) {
    delegate.recordJob(job);
  }

  @Override
  public void recordJobStatus(JobStatus status) {
    delegate.recordJobStatus(status);
  }

  @Override
  public Optional<JobRecord> job(String jobIdOrName) {
    return delegate.job(jobIdOrName);
  }

  @Override
  public List<JobRecord> jobs(int limit) {
    return delegate.jobs(limit);
  }

  @Override
  public List<JobEvent> jobEvents(String jobId) {
    return delegate.jobEvents(jobId);
  }

  @Override
  public Optional<Lineage> lineage(String jobIdOrName) {
    return delegate.lineage(jobIdOrName);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
