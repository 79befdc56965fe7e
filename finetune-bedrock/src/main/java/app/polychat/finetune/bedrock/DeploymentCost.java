package app.polychat.finetune.bedrock;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a deployment costs while it exists, in US dollars, from the price table. An estimate: check
 * current prices at https://aws.amazon.com/bedrock/pricing/.
 *
 * @param hourlyUsd charged every hour it exists, used or not (zero on demand)
 * @param monthlyUsd charged per month it exists: hourly × 730 hours, or the committed monthly price
 * @param commitmentTotalUsd the whole committed term, or zero without a commitment
 * @param inputPer1kTokensUsd per 1,000 input tokens on demand, or null for provisioned throughput
 * @param outputPer1kTokensUsd per 1,000 output tokens on demand, or null for provisioned
 * @param basis how the figures are computed, e.g. {@code "1 unit × $0.10 per unit-hour"}
 * @param pricesAsOf the date of the price table
 */
public record DeploymentCost(
    BigDecimal hourlyUsd,
    BigDecimal monthlyUsd,
    BigDecimal commitmentTotalUsd,
    BigDecimal inputPer1kTokensUsd,
    BigDecimal outputPer1kTokensUsd,
    String basis,
    String pricesAsOf) {

  public DeploymentCost {
    Objects.requireNonNull(hourlyUsd, "hourlyUsd");
    Objects.requireNonNull(monthlyUsd, "monthlyUsd");
    Objects.requireNonNull(commitmentTotalUsd, "commitmentTotalUsd");
    Objects.requireNonNull(basis, "basis");
  }

  /** Whether the deployment is billed whether or not it is used. */
  public boolean billedWhileIdle() {
    return hourlyUsd.signum() > 0;
  }
}
