package app.polychat.finetune.grader;

import java.util.List;
import java.util.Objects;

/**
 * One sample's reward as the grader returned it, in Bedrock's shape ({@code id}, {@code
 * aggregate_reward_score}, {@code metrics_list}), with the grader's reason when it gives one.
 *
 * @param id the sample's id
 * @param aggregateRewardScore the reward
 * @param metrics the named metrics
 * @param reason why, in a word ({@code ok}, {@code syntax}, ...), or null
 * @param message why, for people, or null
 */
public record GradedSample(
    String id, double aggregateRewardScore, List<Metric> metrics, String reason, String message) {
  /**
   * Checks that the id is given and copies the metrics.
   *
   * @param id the sample's id
   * @param aggregateRewardScore the reward
   * @param metrics the named metrics
   * @param reason why, in a word ({@code ok}, {@code syntax}, ...), or null
   * @param message why, for people, or null
   */
  public GradedSample {
    Objects.requireNonNull(id, "id");
    metrics = List.copyOf(metrics);
  }

  /**
   * One entry of {@code metrics_list}.
   *
   * @param name the metric's name
   * @param value its value
   * @param type {@code Reward} (part of the reward) or {@code Metric} (reported only)
   */
  public record Metric(String name, double value, String type) {
    /**
     * Checks that the metric has a name and a type.
     *
     * @param name the metric's name
     * @param value its value
     * @param type {@code Reward} (part of the reward) or {@code Metric} (reported only)
     */
    public Metric {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * {@return the metric with this name, if the grader reported it}
   *
   * @param name the metric's name
   */
  public java.util.Optional<Metric> metric(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
