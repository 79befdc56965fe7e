package app.polychat.finetune.track;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset as the tracker stored it.
 *
 * @param datasetId the tracker's id (null before it is recorded)
 * @param project the project it belongs to
 * @param runId the generation run that produced it, or null (imported files)
 * @param trainPath local training file, or null
 * @param validationPath local validation file, or null
 * @param trainUri stored training file URI, or null until uploaded
 * @param validationUri stored validation file URI, or null
 * @param trainCount training records
 * @param validationCount validation records
 * @param contentHash hash of both files' content
 * @param formatId dataset format
 * @param createdAt when it was recorded
 * @param metadata split seed and ratio, drop statistics, ...
 */
public record DatasetRecord(
    String datasetId,
    String project,
    String runId,
    String trainPath,
    String validationPath,
    String trainUri,
    String validationUri,
    long trainCount,
    long validationCount,
    String contentHash,
    String formatId,
    Instant createdAt,
    Map<String, String> metadata) {
  /**
   * Checks that the format is given; null metadata becomes empty.
   *
   * @param datasetId the tracker's id (null before it is recorded)
   * @param project the project it belongs to
   * @param runId the generation run that produced it, or null (imported files)
   * @param trainPath local training file, or null
   * @param validationPath local validation file, or null
   * @param trainUri stored training file URI, or null until uploaded
   * @param validationUri stored validation file URI, or null
   * @param trainCount training records
   * @param validationCount validation records
   * @param contentHash hash of both files' content
   * @param formatId dataset format
   * @param createdAt when it was recorded
   * @param metadata split seed and ratio, drop statistics, ...
   * @throws NullPointerException when {@code formatId} is null
   */
  public DatasetRecord {
    Objects.requireNonNull(formatId, "formatId");
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
  }

  /**
   * This dataset with an id and a creation time, as a tracker records it.
   *
   * @param id the id the tracker assigns
   * @param at the creation time
   * @return a copy with the id and time replaced
   */
  public DatasetRecord withId(String id, Instant at) {
    return new DatasetRecord(
        id,
        project,
        runId,
        trainPath,
        validationPath,
        trainUri,
        validationUri,
        trainCount,
        validationCount,
        contentHash,
        formatId,
        at,
        metadata);
  }

  /**
   * This dataset with the URIs it was stored at.
   *
   * @param newTrainUri the training file's URI
   * @param newValidationUri the validation file's URI, or null
   * @return a copy with the URIs replaced
   */
  public DatasetRecord withUris(String newTrainUri, String newValidationUri) {
    return new DatasetRecord(
        datasetId,
        project,
        runId,
        trainPath,
        validationPath,
        newTrainUri,
        newValidationUri,
        trainCount,
        validationCount,
        contentHash,
        formatId,
        createdAt,
        metadata);
  }
}
