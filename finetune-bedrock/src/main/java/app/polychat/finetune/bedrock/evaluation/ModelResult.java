package app.polychat.finetune.bedrock.evaluation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one model did in a {@link ModelComparison}. Means and percentiles are over answered prompts.
 *
 * @param label the column name ({@code base}, {@code custom}, {@code teacher}, ...)
 * @param modelId the model, deployment or teacher that answered
 * @param asked prompts sent to it
 * @param answered prompts it answered
 * @param failed prompts whose call failed
 * @param droppedReason why it was no longer asked (an error retrying cannot fix), or null
 * @param firstError the first failure's message, or null
 * @param meanScore the scorer's mean value, 0 to 1
 * @param compliantShare the share of answers that passed every check, 0 to 1
 * @param checkPassRates each check's pass rate, in the scorer's order
 * @param medianAnswerChars the median answer length in characters
 * @param meanAnswerChars the mean answer length in characters
 * @param latencyP50Ms median wall-clock latency (nearest rank)
 * @param latencyP95Ms 95th-percentile wall-clock latency (nearest rank)
 * @param meanInputTokens mean input tokens per request
 * @param meanOutputTokens mean output tokens per request
 * @param tokensEstimated whether any token count was estimated rather than reported
 * @param costPer1000RequestsUsd mean tokens × on-demand rates × 1,000, or null when unpriced
 * @param pricedAs the model whose rates were used, or null
 */
public record ModelResult(
    String label,
    String modelId,
    int asked,
    int answered,
    int failed,
    String droppedReason,
    String firstError,
    double meanScore,
    double compliantShare,
    Map<String, Double> checkPassRates,
    int medianAnswerChars,
    double meanAnswerChars,
    long latencyP50Ms,
    long latencyP95Ms,
    double meanInputTokens,
    double meanOutputTokens,
    boolean tokensEstimated,
    BigDecimal costPer1000RequestsUsd,
    String pricedAs) {

  /**
   * Checks that the label and model id are given and copies the pass rates.
   *
   * @param label the column name ({@code base}, {@code custom}, {@code teacher}, ...)
   * @param modelId the model, deployment or teacher that answered
   * @param asked prompts sent to it
   * @param answered prompts it answered
   * @param failed prompts whose call failed
   * @param droppedReason why it was no longer asked (an error retrying cannot fix), or null
   * @param firstError the first failure's message, or null
   * @param meanScore the scorer's mean value, 0 to 1
   * @param compliantShare the share of answers that passed every check, 0 to 1
   * @param checkPassRates each check's pass rate, in the scorer's order
   * @param medianAnswerChars the median answer length in characters
   * @param meanAnswerChars the mean answer length in characters
   * @param latencyP50Ms median wall-clock latency (nearest rank)
   * @param latencyP95Ms 95th-percentile wall-clock latency (nearest rank)
   * @param meanInputTokens mean input tokens per request
   * @param meanOutputTokens mean output tokens per request
   * @param tokensEstimated whether any token count was estimated rather than reported
   * @param costPer1000RequestsUsd mean tokens × on-demand rates × 1,000, or null when unpriced
   * @param pricedAs the model whose rates were used, or null
   */
  public ModelResult {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(modelId, "modelId");
    checkPassRates = Collections.unmodifiableMap(new LinkedHashMap<>(checkPassRates));
  }
}
