package app.polychat.finetune.track;

import java.util.Map;
import java.util.Objects;

/**
 * What a generation run is asked to do, as recorded in the history.
 *
 * @param planHash hash of the planned requests (same plan, same hash: a rerun resumes it)
 * @param promptConfigHash hash of the prompt config the plan came from, or null
 * @param source {@link app.polychat.finetune.source.ExampleSource#describe()} of the teacher
 * @param teacherModel the teacher model, or null
 * @param plannedCount how many requests the plan holds
 * @param options the run's settings (count, styles, seed, split, ...); secrets are masked before
 *     they are stored
 */
public record RunSpec(
    String planHash,
    String promptConfigHash,
    String source,
    String teacherModel,
    int plannedCount,
    Map<String, String> options) {
  public RunSpec {
    Objects.requireNonNull(planHash, "planHash");
    Objects.requireNonNull(source, "source");
    options = Map.copyOf(Objects.requireNonNullElse(options, Map.of()));
  }
}
