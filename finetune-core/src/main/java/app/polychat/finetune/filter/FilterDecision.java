package app.polychat.finetune.filter;

import app.polychat.finetune.example.TrainingExample;
import java.util.Objects;

/**
 * What a filter decided: keep the example (possibly repaired, e.g. with markdown fences stripped)
 * or drop it for a reason that is journaled and counted.
 */
public record FilterDecision(TrainingExample example, String dropReason) {

  /**
   * Keeps the example.
   *
   * @param example the example to keep, possibly repaired
   * @return the decision
   */
  public static FilterDecision keep(TrainingExample example) {
    return new FilterDecision(Objects.requireNonNull(example, "example"), null);
  }

  /**
   * Drops the example.
   *
   * @param reason why, as a short code counted in summaries ({@code empty-answer})
   * @return the decision
   */
  public static FilterDecision drop(String reason) {
    return new FilterDecision(null, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Whether the example was dropped.
   *
   * @return true when the filter dropped the example
   */
  public boolean dropped() {
    return dropReason != null;
  }
}
