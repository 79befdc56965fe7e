package app.polychat.finetune.track;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A customization job as the tracker stored it.
 *
 * @param jobId the job ARN or id
 * @param jobName the job name
 * @param baseModel the base (student) model
 * @param customModelName the custom model's name
 * @param type fine-tuning or distillation
 * @param state last known state
 * @param datasetId the dataset it trains on, or null
 * @param createdAt when it was recorded
 * @param updatedAt last status change
 * @param metadata project, URIs, hyperparameters, teacher, request token, output model ARN
 */
public record JobRecord(
    String jobId,
    String jobName,
    String baseModel,
    String customModelName,
    CustomizationType type,
    JobState state,
    String datasetId,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> metadata) {
  /**
   * Checks that the job id and state are given; null metadata becomes empty.
   *
   * @param jobId the job ARN or id
   * @param jobName the job name
   * @param baseModel the base (student) model
   * @param customModelName the custom model's name
   * @param type fine-tuning or distillation
   * @param state last known state
   * @param datasetId the dataset it trains on, or null
   * @param createdAt when it was recorded
   * @param updatedAt last status change
   * @param metadata project, URIs, hyperparameters, teacher, request token, output model ARN
   */
  public JobRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
  }

  /**
   * {@return whether the job is a dry run: nothing was submitted and no model trained} Recorded as
   * its state ({@link JobState#DRY_RUN}), which a dry-run backend's statuses keep, so a record read
   * back from a database file says it too.
   */
  public boolean dryRun() {
    return state == JobState.DRY_RUN;
  }
}
