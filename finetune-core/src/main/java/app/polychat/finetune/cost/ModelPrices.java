package app.polychat.finetune.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What Bedrock charges for one Nova model, in US dollars.
 *
 * @param model the model's alias ({@code nova-lite})
 * @param trainingPer1kTokens customization, per 1,000 training tokens per epoch
 * @param inputPer1kTokens on-demand inference, per 1,000 input tokens
 * @param outputPer1kTokens on-demand inference, per 1,000 output tokens
 * @param provisionedPerUnitHour provisioned throughput without commitment, per model unit-hour
 * @param provisionedPerUnitMonthCommitted provisioned throughput with a commitment, per unit-month
 * @param note a caveat about these figures (e.g. that they are assumed), or null
 */
public record ModelPrices(
    String model,
    BigDecimal trainingPer1kTokens,
    BigDecimal inputPer1kTokens,
    BigDecimal outputPer1kTokens,
    BigDecimal provisionedPerUnitHour,
    BigDecimal provisionedPerUnitMonthCommitted,
    String note) {
  public ModelPrices {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainingPer1kTokens, "trainingPer1kTokens");
    Objects.requireNonNull(inputPer1kTokens, "inputPer1kTokens");
    Objects.requireNonNull(outputPer1kTokens, "outputPer1kTokens");
    Objects.requireNonNull(provisionedPerUnitHour, "provisionedPerUnitHour");
    Objects.requireNonNull(provisionedPerUnitMonthCommitted, "provisionedPerUnitMonthCommitted");
  }
}
