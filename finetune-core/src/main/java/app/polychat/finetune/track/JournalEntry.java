package app.polychat.finetune.track;

import app.polychat.finetune.example.TrainingExample;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The journaled outcome of one planned request. The latest entry for a request id wins.
 *
 * @param requestId the planned request's stable id
 * @param planIndex its position in the plan
 * @param status done, failed or dropped
 * @param example the example (for done, and for dropped when there was an answer), or null
 * @param reason why it failed or was dropped, or null when done
 * @param attempts calls made by the latest ask (a source's own retries of a transient error
 *     included)
 * @param latency time of the last call, or null
 * @param inputTokens prompt tokens, or null
 * @param outputTokens answer tokens, or null
 * @param recordedAt when it was journaled
 * @param asks how many runs asked the teacher for this request, this one included: what the
 *     per-request attempt cap of a rerun counts ({@code GenerationOptions.maxAttempts}). A failure
 *     because the whole teacher was unavailable (a refused key, an open circuit) is not counted.
 */
public record JournalEntry(
    String requestId,
    int planIndex,
    JournalStatus status,
    TrainingExample example,
    String reason,
    int attempts,
    Duration latency,
    Integer inputTokens,
    Integer outputTokens,
    Instant recordedAt,
    int asks) {
  /**
   * Checks the entry: a done entry has its example, asks are not negative.
   *
   * @param requestId the planned request's stable id
   * @param planIndex its position in the plan
   * @param status done, failed or dropped
   * @param example the example (for done, and for dropped when there was an answer), or null
   * @param reason why it failed or was dropped, or null when done
   * @param attempts calls made by the latest ask (a source's own retries of a transient error
   *     included)
   * @param latency time of the last call, or null
   * @param inputTokens prompt tokens, or null
   * @param outputTokens answer tokens, or null
   * @param recordedAt when it was journaled
   * @param asks how many runs asked the teacher for this request, this one included: what the
   *     per-request attempt cap of a rerun counts ({@code GenerationOptions.maxAttempts}). A
   *     failure because the whole teacher was unavailable (a refused key, an open circuit) is not
   *     counted.
   * @throws IllegalArgumentException when a done entry has no example or {@code asks} is negative
   */
  public JournalEntry {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (status == JournalStatus.DONE && example == null) {
      throw new IllegalArgumentException("a done entry needs its example");
    }
    if (asks < 0) {
      throw new IllegalArgumentException("asks must be >= 0, was " + asks);
    }
  }

  /**
   * An entry of a request asked once (entries written before asks were counted read as one).
   *
   * @param requestId the request's id
   * @param planIndex the request's position in the plan
   * @param status the outcome
   * @param example the kept example, or null
   * @param reason the failure or drop reason, or null
   * @param attempts the calls made, at least 1
   * @param latency the successful call's time, or null
   * @param inputTokens prompt tokens, or null
   * @param outputTokens answer tokens, or null
   * @param recordedAt when the outcome was journaled
   */
  public JournalEntry(
      String requestId,
      int planIndex,
      JournalStatus status,
      TrainingExample example,
      String reason,
      int attempts,
      Duration latency,
      Integer inputTokens,
      Integer outputTokens,
      Instant recordedAt) {
    this(
        requestId,
        planIndex,
        status,
        example,
        reason,
        attempts,
        latency,
        inputTokens,
        outputTokens,
        recordedAt,
        1);
  }

  /**
   * {@return the same entry with another status and reason (a duplicate found at write time, say)}
   *
   * @param newStatus the status
   * @param newReason the reason, or null
   * @param at when it changed
   */
  public JournalEntry withStatus(JournalStatus newStatus, String newReason, Instant at) {
    return new JournalEntry(
        requestId,
        planIndex,
        newStatus,
        example,
        newReason,
        attempts,
        latency,
        inputTokens,
        outputTokens,
        at,
        asks);
  }
}
