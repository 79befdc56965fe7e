package app.polychat.finetune.track;

import java.util.Objects;

/**
 * What a generation run is asked to do, as recorded in the history.
 *
 * @param planHash hash of the planned requests (same plan, same hash: a rerun resumes it)
 * @param promptConfigHash hash of the prompt config the plan came from, or null
 * @param source {@link app.polychat.finetune.source.ExampleSource#describe()} of the teacher;
 *     secrets in it are masked before it is stored
 * @param teacherModel {@link app.polychat.finetune.source.ExampleSource#teacherModel()}: the model
 *     that answers, or null when the source names none (a file of existing examples)
 * @param plannedCount how many requests the plan holds
 * @param settings the run's settings (styles, complexities, split, format)
 */
public record RunSpec(
    String planHash,
    String promptConfigHash,
    String source,
    String teacherModel,
    int plannedCount,
    RunSettings settings) {
  /**
   * Checks that the plan hash and source are given; null settings become {@link
   * RunSettings#unknown()}.
   *
   * @param planHash hash of the planned requests (same plan, same hash: a rerun resumes it)
   * @param promptConfigHash hash of the prompt config the plan came from, or null
   * @param source {@link app.polychat.finetune.source.ExampleSource#describe()} of the teacher;
   *     secrets in it are masked before it is stored
   * @param teacherModel {@link app.polychat.finetune.source.ExampleSource#teacherModel()}: the
   *     model that answers, or null when the source names none (a file of existing examples)
   * @param plannedCount how many requests the plan holds
   * @param settings the run's settings (styles, complexities, split, format)
   */
  public RunSpec {
    Objects.requireNonNull(planHash, "planHash");
    Objects.requireNonNull(source, "source");
    settings = Objects.requireNonNullElse(settings, RunSettings.unknown());
  }
}
