package app.polychat.finetune.track;

import java.util.List;
import java.util.Objects;

/**
 * The settings a generation run was asked to run with, as recorded in the history: what the plan
 * cycled through and how the dataset was split and written. Typed, so a report or a rerun reads
 * them without parsing text.
 *
 * @param styles the styles the plan cycled, in order (empty when the history does not know them)
 * @param complexities the complexities the plan cycled, in order (empty when unknown)
 * @param trainRatio the share of examples for training (0.8 = 80/20), or null when the history
 *     predates it
 * @param seed the split seed, or null when the history predates it
 * @param formatId the dataset format written, or null when the history predates it
 */
public record RunSettings(
    List<String> styles, List<String> complexities, Double trainRatio, Long seed, String formatId) {
  /**
   * Copies the lists; null lists become empty.
   *
   * @param styles the styles the plan cycled, in order (empty when the history does not know them)
   * @param complexities the complexities the plan cycled, in order (empty when unknown)
   * @param trainRatio the share of examples for training (0.8 = 80/20), or null when the history
   *     predates it
   * @param seed the split seed, or null when the history predates it
   * @param formatId the dataset format written, or null when the history predates it
   */
  public RunSettings {
    styles = List.copyOf(Objects.requireNonNullElse(styles, List.of()));
    complexities = List.copyOf(Objects.requireNonNullElse(complexities, List.of()));
  }

  /**
   * Settings the history does not know (a run recorded before they were kept).
   *
   * @return settings whose every value is unknown
   */
  public static RunSettings unknown() {
    return new RunSettings(List.of(), List.of(), null, null, null);
  }
}
