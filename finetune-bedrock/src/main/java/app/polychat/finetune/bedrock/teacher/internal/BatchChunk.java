package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Objects;

/**
 * One batch inference job of a run, as its checkpoint records it: planned (its requests and
 * idempotency token fixed, nothing sent), submitted (the job's ARN known), or collected (every
 * result read back and journaled). Written to the run's checkpoints at each change, so a rerun
 * picks up exactly where the last one stopped. Not public API.
 *
 * @param number the job's number within the run (0, 1, ...)
 * @param idempotencyId the idempotency token sent as {@code clientRequestToken} (not named a token
 *     here: the tracker masks values of fields named like secrets)
 * @param jobName the job's name
 * @param inputKey the input file's key in the bucket
 * @param outputPrefix the folder Bedrock writes the results to
 * @param count how many requests the job answers
 * @param ranges their plan positions ({@link IndexRanges})
 * @param state planned, submitted or collected
 * @param jobArn the job, once submitted
 * @param status Bedrock's last status of the job, or null
 */
public record BatchChunk(
    int number,
    String idempotencyId,
    String jobName,
    String inputKey,
    String outputPrefix,
    int count,
    String ranges,
    State state,
    String jobArn,
    String status) {

  /** Where a chunk is in its life. */
  public enum State {
    PLANNED,
    SUBMITTED,
    COLLECTED
  }

  /** The checkpoint key prefix of the batch source's chunks. */
  public static final String KEY_PREFIX = "bedrock-batch/chunk/";

  public BatchChunk {
    Objects.requireNonNull(idempotencyId, "idempotencyId");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(state, "state");
  }

  /** The checkpoint key: numbered so the keys sort in job order. */
  public String key() {
    return String.format(java.util.Locale.ROOT, "%s%05d", KEY_PREFIX, number);
  }

  /** The plan positions this chunk answers. */
  public IndexRanges positions() {
    return IndexRanges.parse(ranges);
  }

  public BatchChunk submitted(String arn) {
    return new BatchChunk(
        number,
        idempotencyId,
        jobName,
        inputKey,
        outputPrefix,
        count,
        ranges,
        State.SUBMITTED,
        arn,
        status);
  }

  public BatchChunk withStatus(String newStatus) {
    return new BatchChunk(
        number,
        idempotencyId,
        jobName,
        inputKey,
        outputPrefix,
        count,
        ranges,
        state,
        jobArn,
        newStatus);
  }

  public BatchChunk collected(String finalStatus) {
    return new BatchChunk(
        number,
        idempotencyId,
        jobName,
        inputKey,
        outputPrefix,
        count,
        ranges,
        State.COLLECTED,
        jobArn,
        finalStatus);
  }

  /** The checkpoint value. */
  public String toJson() {
    return Json.write(this);
  }

  /**
   * Reads a checkpoint value.
   *
   * @throws IllegalStateException naming the key when the value is not a chunk
   */
  public static BatchChunk fromJson(String key, String json) {
    try {
      return Json.mapper().readValue(json, BatchChunk.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "checkpoint " + key + " is not a batch job record: " + e.getOriginalMessage(), e);
    }
  }
}
