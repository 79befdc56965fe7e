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
 * @param attempts calls made
 * @param latency time of the last call, or null
 * @param inputTokens prompt tokens, or null
 * @param outputTokens answer tokens, or null
 * @param recordedAt when it was journaled
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
    Instant recordedAt) {
  public JournalEntry {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (status == JournalStatus.DONE && example == null) {
      throw new IllegalArgumentException("a done entry needs its example");
    }
  }
}
