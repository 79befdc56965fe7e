package app.polychat.finetune.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One sub-stage of a Bedrock job ({@code validation}, {@code dataProcessing}, {@code training}).
 *
 * @param stage the stage name as Bedrock spells it, without {@code Details}
 * @param status {@code NotStarted}, {@code InProgress}, {@code Completed}, {@code Stopping}, {@code
 *     Stopped} or {@code Failed}
 * @param startedAt creation time, or null
 * @param updatedAt last modified time, or null
 */
public record StageStatus(String stage, String status, Instant startedAt, Instant updatedAt) {
  /**
   * Checks that the stage and its status are given.
   *
   * @param stage the stage name as Bedrock spells it, without {@code Details}
   * @param status {@code NotStarted}, {@code InProgress}, {@code Completed}, {@code Stopping},
   *     {@code Stopped} or {@code Failed}
   * @param startedAt creation time, or null
   * @param updatedAt last modified time, or null
   */
  public StageStatus {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(status, "status");
  }
}
