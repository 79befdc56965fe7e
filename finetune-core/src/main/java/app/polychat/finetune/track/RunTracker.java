package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The toolkit's memory: generation runs and their journal (one entry per planned request),
 * datasets, jobs and their status history. It is what makes a rerun resume instead of paying twice,
 * and what traces a model back to the prompts that made it.
 *
 * <p>Implementations are thread-safe. {@link InMemoryRunTracker} needs nothing; {@code
 * SqliteRunTracker} (module {@code finetune-store-sqlite}) keeps everything in a file. Secrets in a
 * run's source description and in metadata are stored masked.
 *
 * <pre>{@code
 * try (RunTracker tracker = new InMemoryRunTracker()) {
 *   RunRecord run = tracker.startRun(spec);
 *   tracker.journal(run.runId(), entry);               // durable once it returns
 *   Map<String, JournalStatus> done = tracker.journalStatuses(run.runId());
 * }
 * }</pre>
 */
public interface RunTracker extends AutoCloseable {

  /**
   * Records a new generation run.
   *
   * @param spec what the run generates: plan hash, source, counts and settings
   * @return the stored run, with its id and start time
   */
  RunRecord startRun(RunSpec spec);

  /**
   * A run by id.
   *
   * @param runId the run's id, as {@link RunRecord#runId()} gives it
   * @return the run, or empty when no run has this id
   */
  Optional<RunRecord> run(String runId);

  /**
   * The most recent run of this plan (what a rerun resumes), if any.
   *
   * @param planHash the hash of the generation plan, which a rerun of the same plan shares
   * @return the newest run with this plan hash, or empty when the plan never ran
   */
  Optional<RunRecord> latestRun(String planHash);

  /**
   * Journals one request's outcome. Durable when this returns (one transaction per entry); a later
   * entry for the same request id replaces the earlier one.
   *
   * @param runId the run the request belongs to
   * @param entry the request's id, status, attempts and (for a failure) the redacted reason
   */
  void journal(String runId, JournalEntry entry);

  /**
   * The latest status of each journaled request of the run, by request id.
   *
   * @param runId the run whose journal is read
   * @return each journaled request id mapped to its latest status; empty for an unknown run
   */
  Map<String, JournalStatus> journalStatuses(String runId);

  /**
   * The latest status of each journaled request of the run and how many runs asked for it, by
   * request id: what a rerun decides from (ask again, or leave a failure that reached its attempt
   * cap). The default reads the whole journal; trackers answer it from an index.
   *
   * @param runId the run whose journal is read
   * @return each journaled request id mapped to its latest status and ask count; empty for an
   *     unknown run
   */
  default Map<String, JournalState> journalStates(String runId) {
    Map<String, JournalState> states = new java.util.HashMap<>();
    forEachJournalEntry(
        runId, e -> states.put(e.requestId(), new JournalState(e.status(), e.asks())));
    return states;
  }

  /**
   * Checks, before anything is paid for, that journal entries can be written now, writing none: a
   * read-only database or one another process keeps locked fails here rather than after the first
   * answer; so does a file on a disk with less room than {@code bytesToWrite}. The default does
   * nothing (a tracker in memory can always write).
   *
   * @param bytesToWrite roughly how much the journal is about to grow
   * @throws TrackerException saying why the journal cannot be written and what to do
   */
  default void checkWritable(long bytesToWrite) {}

  /**
   * Streams the latest entry of each journaled request of the run in plan order, one at a time
   * (never the whole journal in memory).
   *
   * @param runId the run whose journal is read
   * @param action receives each request's latest entry; called on the caller's thread
   */
  void forEachJournalEntry(String runId, Consumer<JournalEntry> action);

  /**
   * Records (or replaces) a checkpoint of a run: a short named value a source keeps between runs,
   * such as the ARN of a remote batch job it submitted, so that resuming the run re-attaches to it
   * instead of submitting it again. Durable when this returns. Values are redacted like failure
   * reasons; a source never puts a secret there.
   *
   * <p>The default refuses: a tracker written before checkpoints existed cannot keep them, and a
   * source that needs them must not start work it could not find again.
   *
   * @param runId the run the checkpoint belongs to
   * @param key the checkpoint's name, such as {@code batch-job-arn}
   * @param value the value to keep; never a secret
   * @throws TrackerException when the run is unknown or the checkpoint cannot be stored
   */
  default void recordCheckpoint(String runId, String key, String value) {
    throw new TrackerException(
        getClass().getSimpleName()
            + " keeps no checkpoints, which this source needs to resume remote work; use"
            + " InMemoryRunTracker or SqliteRunTracker");
  }

  /**
   * The checkpoints of a run, by key; empty when it has none. The default has none.
   *
   * @param runId the run whose checkpoints are read
   * @return an unmodifiable map from checkpoint name to value
   */
  default Map<String, String> checkpoints(String runId) {
    return Map.of();
  }

  /**
   * Records a dataset (assigning an id when it has none) or updates one with the same id.
   *
   * @param dataset the dataset to store; without an id, one is assigned
   * @return the stored dataset, with its id
   */
  DatasetRecord recordDataset(DatasetRecord dataset);

  /**
   * A dataset by id.
   *
   * @param datasetId the dataset's id
   * @return the dataset, or empty when none has this id
   */
  Optional<DatasetRecord> dataset(String datasetId);

  /**
   * Datasets, newest first.
   *
   * @param limit the most datasets to return, at least 1
   * @return up to {@code limit} datasets, newest first
   */
  List<DatasetRecord> datasets(int limit);

  /**
   * Records a job, or updates the one with the same id.
   *
   * @param job the job to store, keyed by its job id
   */
  void recordJob(JobRecord job);

  /**
   * Records a status seen for a job: updates the job's state and appends to its history when
   * something changed (state, a sub-stage, the failure message or a loss).
   *
   * @param status the status as read from the backend, with its job id and the time it was seen
   */
  void recordJobStatus(JobStatus status);

  /**
   * A job by id or name.
   *
   * @param jobIdOrName the job's id (ARN) or its name
   * @return the job, or empty when none has this id or name
   */
  Optional<JobRecord> job(String jobIdOrName);

  /**
   * Jobs, newest first.
   *
   * @param limit the most jobs to return, at least 1
   * @return up to {@code limit} jobs, newest first
   */
  List<JobRecord> jobs(int limit);

  /**
   * A job's status history, oldest first.
   *
   * @param jobId the job's id (ARN)
   * @return every recorded status change of the job, oldest first; empty for an unknown job
   */
  List<JobEvent> jobEvents(String jobId);

  /**
   * The job, its dataset and the run behind it.
   *
   * @param jobIdOrName the job's id (ARN) or its name
   * @return the job with its dataset and run, or empty when no job has this id or name
   */
  Optional<Lineage> lineage(String jobIdOrName);

  @Override
  default void close() {}
}
