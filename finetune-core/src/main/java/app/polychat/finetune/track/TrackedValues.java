package app.polychat.finetune.track;

import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.support.Secrets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every {@link app.polychat.finetune.track.RunTracker} does the same way before it stores a
 * value: masking secrets, deciding whether a job status is worth a history entry, folding a status
 * into a job record. Shared by the in-memory and the SQLite trackers so they cannot drift apart; a
 * new {@link app.polychat.finetune.track.RunTracker} implementation calls the same methods.
 */
public final class TrackedValues {
  /** Job metadata key of the training data URI; lineage falls back to it without a dataset id. */
  public static final String TRAIN_URI = "trainUri";

  /** Job metadata key where the custom model's ARN is kept once a status reports it. */
  public static final String OUTPUT_MODEL_ARN = "outputModelArn";

  private TrackedValues() {}

  /**
   * {@return the spec with its source description redacted}
   *
   * @param spec the run's spec
   */
  public static RunSpec redact(RunSpec spec) {
    return new RunSpec(
        spec.planHash(),
        spec.promptConfigHash(),
        Secrets.redactText(spec.source()),
        spec.teacherModel(),
        spec.plannedCount(),
        spec.settings());
  }

  /**
   * {@return the entry with its failure or drop reason redacted; the example itself is kept as it
   * is}
   *
   * @param entry the journal entry
   */
  public static JournalEntry redact(JournalEntry entry) {
    if (entry.reason() == null) {
      return entry;
    }
    return entry.withStatus(entry.status(), Secrets.redactText(entry.reason()), entry.recordedAt());
  }

  /**
   * {@return the dataset with secret metadata masked}
   *
   * @param dataset the dataset
   */
  public static DatasetRecord redact(DatasetRecord dataset) {
    return new DatasetRecord(
        dataset.datasetId(),
        dataset.project(),
        dataset.runId(),
        dataset.trainPath(),
        dataset.validationPath(),
        dataset.trainUri(),
        dataset.validationUri(),
        dataset.trainCount(),
        dataset.validationCount(),
        dataset.contentHash(),
        dataset.formatId(),
        dataset.createdAt(),
        Secrets.redactOptions(dataset.metadata()));
  }

  /**
   * {@return the job with secret metadata masked and the given timestamps}
   *
   * @param job the job
   * @param createdAt the creation time to record
   * @param updatedAt the update time to record
   */
  public static JobRecord redact(JobRecord job, Instant createdAt, Instant updatedAt) {
    return new JobRecord(
        job.jobId(),
        job.jobName(),
        job.baseModel(),
        job.customModelName(),
        job.type(),
        job.state(),
        job.datasetId(),
        createdAt,
        updatedAt,
        Secrets.redactOptions(job.metadata()));
  }

  /**
   * {@return the status with its failure message redacted}
   *
   * @param status the status
   */
  public static JobStatus redact(JobStatus status) {
    if (status.failureMessage() == null) {
      return status;
    }
    return new JobStatus(
        status.jobId(),
        status.jobName(),
        status.state(),
        status.stages(),
        Secrets.redactText(status.failureMessage()),
        status.outputModelArn(),
        status.createdAt(),
        status.updatedAt(),
        status.endedAt(),
        status.trainingLoss(),
        status.validationLoss());
  }

  /**
   * {@return whether a status says something the last recorded one did not: another state, a
   * sub-stage that moved, a failure message, a new loss or the output model} Timestamps alone do
   * not count, so polling an unchanged job adds nothing to its history.
   *
   * @param last the last recorded status, or null
   * @param next the status just read
   */
  public static boolean changed(JobStatus last, JobStatus next) {
    if (last == null) {
      return true;
    }
    return last.state() != next.state()
        || !stageStates(last.stages()).equals(stageStates(next.stages()))
        || !Objects.equals(last.failureMessage(), next.failureMessage())
        || !Objects.equals(last.outputModelArn(), next.outputModelArn())
        || !Objects.equals(last.trainingLoss(), next.trainingLoss())
        || !Objects.equals(last.validationLoss(), next.validationLoss());
  }

  private static List<String> stageStates(List<StageStatus> stages) {
    return stages.stream().map(s -> s.stage() + "=" + s.status()).toList();
  }

  /**
   * {@return a job first seen through a status (for example {@code job watch} on a job made
   * elsewhere)}
   *
   * @param status the status
   * @param now the time it was seen
   */
  public static JobRecord jobFromStatus(JobStatus status, Instant now) {
    return new JobRecord(
        status.jobId(),
        status.jobName(),
        null,
        null,
        null,
        status.state(),
        null,
        status.createdAt() != null ? status.createdAt() : now,
        now,
        Map.of());
  }

  /**
   * {@return the job with the status's state, its name when it had none, and the output model ARN}
   *
   * @param job the recorded job
   * @param status the status just read
   * @param updatedAt the update time to record
   */
  public static JobRecord applyStatus(JobRecord job, JobStatus status, Instant updatedAt) {
    Map<String, String> metadata = new LinkedHashMap<>(job.metadata());
    if (status.outputModelArn() != null) {
      metadata.put(OUTPUT_MODEL_ARN, status.outputModelArn());
    }
    return new JobRecord(
        job.jobId(),
        job.jobName() != null ? job.jobName() : status.jobName(),
        job.baseModel(),
        job.customModelName(),
        job.type(),
        status.state(),
        job.datasetId(),
        job.createdAt(),
        updatedAt,
        metadata);
  }

  /**
   * {@return the error for journaling into a run that was never started}
   *
   * @param runId the unknown run's id
   */
  public static TrackerException unknownRun(String runId) {
    return new TrackerException(
        "no generation run '"
            + runId
            + "' in the tracker: start it with startRun(...) before journaling into it");
  }

  /** Longest checkpoint key. */
  public static final int MAX_CHECKPOINT_KEY = 200;

  /**
   * Checks a checkpoint's key and value and returns the value as it may be stored (redacted).
   *
   * @param key the checkpoint's name
   * @param value the value
   * @return the value, redacted
   * @throws IllegalArgumentException when the key is blank or too long, or the value is null
   */
  public static String checkpointValue(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isBlank() || key.length() > MAX_CHECKPOINT_KEY) {
      throw new IllegalArgumentException(
          "a checkpoint key must have 1 to "
              + MAX_CHECKPOINT_KEY
              + " characters, was '"
              + key
              + "'");
    }
    return Secrets.redactText(value);
  }
}
