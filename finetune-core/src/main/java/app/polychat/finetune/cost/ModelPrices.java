package app.polychat.finetune.cost;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Bedrock charges for one Nova model, in US dollars, each price with its {@link PriceSource}.
 *
 * <p>Provisioned throughput has no bundled price: no Nova figure could be verified in a public copy
 * of the pricing page (custom-model rates found for other models are $7–$50 per model-unit hour),
 * so it is known only when a user's price file gives it. {@link #provisionedPerUnitHour()} is then
 * empty, and anything that needs it must say the price is unknown instead of showing a number.
 *
 * @param model the model's alias ({@code nova-lite})
 * @param trainingPer1kTokens customization, per 1,000 training tokens per epoch
 * @param inputPer1kTokens on-demand inference, per 1,000 input tokens (custom models deployed on
 *     demand bill at their base model's rates)
 * @param outputPer1kTokens on-demand inference, per 1,000 output tokens
 * @param provisionedHourly provisioned throughput without commitment, per model-unit hour; null
 *     when unknown
 * @param provisionedMonthlyCommitted provisioned throughput with a commitment, per unit-month; null
 *     when unknown
 * @param customModelStoragePerMonth storing one custom model, per month; null when unknown
 * @param note a caveat about these figures (e.g. that they are assumed), or null
 * @param sources the source of each price, by field name ({@code inputPer1kTokens}, ...)
 */
public record ModelPrices(
    String model,
    BigDecimal trainingPer1kTokens,
    BigDecimal inputPer1kTokens,
    BigDecimal outputPer1kTokens,
    BigDecimal provisionedHourly,
    BigDecimal provisionedMonthlyCommitted,
    BigDecimal customModelStoragePerMonth,
    String note,
    Map<String, PriceSource> sources) {

  /** Field names, as in the price file. */
  public static final String TRAINING = "trainingPer1kTokens";

  /** The on-demand input price's field. */
  public static final String INPUT = "inputPer1kTokens";

  /** The on-demand output price's field. */
  public static final String OUTPUT = "outputPer1kTokens";

  /** The no-commitment provisioned price's field (per model-unit hour). */
  public static final String PROVISIONED_HOURLY = "provisionedPerUnitHour";

  /** The committed provisioned price's field (per model-unit month). */
  public static final String PROVISIONED_MONTHLY_COMMITTED = "provisionedPerUnitMonthCommitted";

  /** The custom-model storage fee's field (per model and month). */
  public static final String STORAGE = "customModelStoragePerMonth";

  /**
   * Checks that the required prices are given and copies the sources.
   *
   * @param model the model's alias ({@code nova-lite})
   * @param trainingPer1kTokens customization, per 1,000 training tokens per epoch
   * @param inputPer1kTokens on-demand inference, per 1,000 input tokens (custom models deployed on
   *     demand bill at their base model's rates)
   * @param outputPer1kTokens on-demand inference, per 1,000 output tokens
   * @param provisionedHourly provisioned throughput without commitment, per model-unit hour; null
   *     when unknown
   * @param provisionedMonthlyCommitted provisioned throughput with a commitment, per unit-month;
   *     null when unknown
   * @param customModelStoragePerMonth storing one custom model, per month; null when unknown
   * @param note a caveat about these figures (e.g. that they are assumed), or null
   * @param sources the source of each price, by field name ({@code inputPer1kTokens}, ...)
   * @throws NullPointerException when the model, a training, input or output price, or the sources
   *     are null
   */
  public ModelPrices {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainingPer1kTokens, "trainingPer1kTokens");
    Objects.requireNonNull(inputPer1kTokens, "inputPer1kTokens");
    Objects.requireNonNull(outputPer1kTokens, "outputPer1kTokens");
    sources = Map.copyOf(Objects.requireNonNull(sources, "sources"));
  }

  /**
   * Provisioned throughput without commitment per model-unit hour, when a price file gives it.
   *
   * @return US dollars per model unit and hour, or empty when no price file gives it
   */
  public Optional<BigDecimal> provisionedPerUnitHour() {
    return Optional.ofNullable(provisionedHourly);
  }

  /**
   * Provisioned throughput with a commitment per unit-month, when a price file gives it.
   *
   * @return US dollars per model unit and month, or empty when no price file gives it
   */
  public Optional<BigDecimal> provisionedPerUnitMonthCommitted() {
    return Optional.ofNullable(provisionedMonthlyCommitted);
  }

  /** {@return the monthly fee for storing one custom model, when known} */
  public Optional<BigDecimal> storagePerMonth() {
    return Optional.ofNullable(customModelStoragePerMonth);
  }

  /**
   * {@return where the price of {@code field} comes from ({@link #INPUT}, {@link #TRAINING}, ...)}
   *
   * @param field one of the price field names
   * @throws IllegalArgumentException for a field without a price
   */
  public PriceSource source(String field) {
    PriceSource source = sources.get(field);
    if (source == null) {
      throw new IllegalArgumentException("no price for " + field + " of " + model);
    }
    return source;
  }
}
