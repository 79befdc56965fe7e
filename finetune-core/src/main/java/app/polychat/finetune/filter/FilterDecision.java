package app.polychat.finetune.filter;

import app.polychat.finetune.example.TrainingExample;
import java.util.Objects;

/**
 * What a filter decided: keep the example (possibly repaired, e.g. with markdown fences stripped)
 * or drop it for a reason that is journaled and counted.
 */
public record FilterDecision(TrainingExample example, String dropReason) {

  public static FilterDecision keep(TrainingExample example) {
    return new FilterDecision(Objects.requireNonNull(example, "example"), null);
  }

  public static FilterDecision drop(String reason) {
    return new FilterDecision(null, Objects.requireNonNull(reason, "reason"));
  }

  public boolean dropped() {
    return dropReason != null;
  }
}
