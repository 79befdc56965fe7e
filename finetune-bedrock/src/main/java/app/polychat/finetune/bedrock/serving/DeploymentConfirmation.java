package app.polychat.finetune.bedrock.serving;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost guard of {@link ModelDeployments}: shown the {@link DeploymentCostNotice} before
 * anything is created, it answers whether to go ahead. A command line asks the user; a program can
 * set a budget.
 *
 * <pre>{@code
 * deployments.deploy(request, notice -> {
 *   System.out.println(notice.text());
 *   return console.readLine("Deploy? [y/N] ").equalsIgnoreCase("y");
 * });
 * deployments.deploy(request, DeploymentConfirmation.withinMonthlyBudget(new BigDecimal("100")));
 * }</pre>
 */
@FunctionalInterface
public interface DeploymentConfirmation {

  /**
   * Whether to create the deployment the notice describes.
   *
   * @param notice what the deployment costs and how it is billed
   * @return true to go ahead, false to create nothing
   */
  boolean confirm(DeploymentCostNotice notice);

  /**
   * Accepts a deployment whose monthly figure (and committed total) is at most {@code maxUsd} and
   * declines anything dearer, and anything whose price is unknown.
   *
   * @param maxUsd the most a month may cost, in US dollars
   * @return the confirmation
   */
  static DeploymentConfirmation withinMonthlyBudget(BigDecimal maxUsd) {
    Objects.requireNonNull(maxUsd, "maxUsd");
    return notice ->
        notice.cost().priceKnown()
            && notice.cost().monthlyUsd().compareTo(maxUsd) <= 0
            && notice.cost().commitmentTotalUsd().compareTo(maxUsd) <= 0;
  }
}
