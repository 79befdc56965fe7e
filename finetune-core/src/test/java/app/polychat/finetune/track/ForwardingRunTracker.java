package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A tracker for tests that passes everything to a real one; a test overrides what it wants to
 * observe or break (a journal that fails, a checkpoint lost in a crash).
 */
public class ForwardingRunTracker implements RunTracker {
  private final RunTracker delegate;

  public ForwardingRunTracker(RunTracker delegate) {
    this.delegate = delegate;
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
    delegate.journal(runId, entry);
  }

  @Override
  public Map<String, JournalStatus> journalStatuses(String runId) {
    return delegate.journalStatuses(runId);
  }

  @Override
  public Map<String, JournalState> journalStates(String runId) {
    return delegate.journalStates(runId);
  }

  @Override
  public void checkWritable(long bytesToWrite) {
    delegate.checkWritable(bytesToWrite);
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
