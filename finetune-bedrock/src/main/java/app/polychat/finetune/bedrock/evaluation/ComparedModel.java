package app.polychat.finetune.bedrock.evaluation;

import java.util.Objects;

/**
 * A Bedrock model in a {@link ModelComparison}.
 *
 * @param label the column name in the report ({@code base}, {@code custom}, ...)
 * @param modelId what Converse is called with: a base model or inference profile id, a deployment
 *     ARN or a provisioned throughput ARN
 * @param pricedAs the base model whose on-demand rates price it (a custom model on demand is billed
 *     at its base model's rates), or null when its cost is not to be reported
 */
public record ComparedModel(String label, String modelId, String pricedAs) {
  /**
   * Checks that the label and model id are given and the label is not blank.
   *
   * @param label the column name in the report ({@code base}, {@code custom}, ...)
   * @param modelId what Converse is called with: a base model or inference profile id, a deployment
   *     ARN or a provisioned throughput ARN
   * @param pricedAs the base model whose on-demand rates price it (a custom model on demand is
   *     billed at its base model's rates), or null when its cost is not to be reported
   * @throws IllegalArgumentException when the label is blank
   */
  public ComparedModel {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(modelId, "modelId");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a compared model needs a label");
    }
  }
}
