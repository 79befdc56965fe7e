package app.polychat.finetune.bedrock.serving;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a deployment costs while it exists, in US dollars, with where the price comes from. An
 * estimate: check current prices at https://aws.amazon.com/bedrock/pricing/.
 *
 * <p>Provisioned throughput has no bundled price. When neither the user (a flag or a price file)
 * nor the AWS Price List API gives one, the cost is {@linkplain #priceKnown() unknown}: the hourly,
 * monthly and committed figures are null and {@link #basis()} says why, so no number is ever shown
 * that was not given or looked up.
 *
 * @param hourlyUsd charged every hour it exists, used or not (zero on demand); null when unknown
 * @param monthlyUsd charged per month it exists: hourly × 730 hours, or the committed monthly
 *     price; null when unknown
 * @param commitmentTotalUsd the whole committed term, zero without a commitment; null when unknown
 * @param inputPer1kTokensUsd per 1,000 input tokens on demand, or null for provisioned throughput
 * @param outputPer1kTokensUsd per 1,000 output tokens on demand, or null for provisioned
 * @param basis how the figures are computed, e.g. {@code "1 unit × $21.18 per unit-hour"}, or why
 *     the price is unknown
 * @param pricesAsOf the date of the price, or null when unknown or undated
 * @param priceSource where the price comes from (a flag, a price file, the Price List API), or null
 *     when unknown
 */
public record DeploymentCost(
    BigDecimal hourlyUsd,
    BigDecimal monthlyUsd,
    BigDecimal commitmentTotalUsd,
    BigDecimal inputPer1kTokensUsd,
    BigDecimal outputPer1kTokensUsd,
    String basis,
    String pricesAsOf,
    String priceSource) {

  /**
   * Checks that the basis is given and that the figures are all known or all unknown.
   *
   * @param hourlyUsd charged every hour it exists, used or not (zero on demand); null when unknown
   * @param monthlyUsd charged per month it exists: hourly × 730 hours, or the committed monthly
   *     price; null when unknown
   * @param commitmentTotalUsd the whole committed term, zero without a commitment; null when
   *     unknown
   * @param inputPer1kTokensUsd per 1,000 input tokens on demand, or null for provisioned throughput
   * @param outputPer1kTokensUsd per 1,000 output tokens on demand, or null for provisioned
   * @param basis how the figures are computed, e.g. {@code "1 unit × $21.18 per unit-hour"}, or why
   *     the price is unknown
   * @param pricesAsOf the date of the price, or null when unknown or undated
   * @param priceSource where the price comes from (a flag, a price file, the Price List API), or
   *     null when unknown
   * @throws IllegalArgumentException when some figures are known and others not
   */
  public DeploymentCost {
    Objects.requireNonNull(basis, "basis");
    if ((hourlyUsd == null) != (monthlyUsd == null)
        || (hourlyUsd == null) != (commitmentTotalUsd == null)) {
      throw new IllegalArgumentException(
          "hourly, monthly and committed figures are all known or all unknown");
    }
  }

  /**
   * {@return a provisioned throughput whose hourly price nobody gave: {@code why} says what was
   * tried}
   *
   * @param why what was tried to find the price
   */
  public static DeploymentCost unknown(String why) {
    return new DeploymentCost(null, null, null, null, null, why, null, null);
  }

  /**
   * {@return whether the figures are known; false when the hourly price of provisioned throughput
   * is not}
   */
  public boolean priceKnown() {
    return hourlyUsd != null;
  }

  /**
   * {@return whether the deployment is billed whether or not it is used: provisioned throughput
   * always is, even when its price is unknown}
   */
  public boolean billedWhileIdle() {
    return hourlyUsd == null ? inputPer1kTokensUsd == null : hourlyUsd.signum() > 0;
  }

  /** Hours in an average month (365 × 24 / 12), the usual figure for monthly cloud prices. */
  static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  /**
   * Provisioned throughput at {@code perUnitHour} for {@code units} model units and a term: hourly
   * × units, × 730 a month, × the term's months in total.
   */
  static DeploymentCost provisionedHourly(
      BigDecimal perUnitHour, int units, Commitment commitment, String source, String asOf) {
    BigDecimal hourly = perUnitHour.multiply(BigDecimal.valueOf(units));
    BigDecimal monthly = hourly.multiply(HOURS_PER_MONTH);
    return new DeploymentCost(
        hourly,
        monthly,
        monthly.multiply(BigDecimal.valueOf(commitment.months())),
        null,
        null,
        units
            + (units == 1 ? " unit" : " units")
            + " × "
            + app.polychat.finetune.bedrock.internal.Money.rate(perUnitHour)
            + " per unit-hour, 730 hours a month"
            + (commitment == Commitment.NONE
                ? ""
                : " × " + commitment.months() + (commitment.months() == 1 ? " month" : " months")),
        asOf,
        source);
  }

  /** Committed provisioned throughput at a price per unit-month (a user's price file). */
  static DeploymentCost provisionedMonthly(
      BigDecimal perUnitMonth, int units, Commitment commitment, String source, String asOf) {
    BigDecimal monthly = perUnitMonth.multiply(BigDecimal.valueOf(units));
    return new DeploymentCost(
        monthly.divide(HOURS_PER_MONTH, 4, java.math.RoundingMode.HALF_UP),
        monthly,
        monthly.multiply(BigDecimal.valueOf(commitment.months())),
        null,
        null,
        units
            + (units == 1 ? " unit" : " units")
            + " × "
            + app.polychat.finetune.bedrock.internal.Money.rate(perUnitMonth)
            + " per unit-month × "
            + commitment.months()
            + (commitment.months() == 1 ? " month" : " months")
            + " committed",
        asOf,
        source);
  }
}
