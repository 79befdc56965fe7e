package app.polychat.finetune.cost;

import app.polychat.finetune.support.FineTuneException;
import java.math.BigDecimal;

/**
 * A job was not submitted because its estimated cost is above the configured budget. The message
 * says by how much and how to proceed.
 */
public class BudgetExceededException extends FineTuneException {
  private static final long serialVersionUID = 1L;
  private final transient CostEstimate estimate;

  /** The budget the estimate exceeded, in US dollars. */
  private final BigDecimal maxUsd;

  /**
   * An estimate found to be over {@code maxUsd}.
   *
   * @param estimate the estimate that was too high (or not completely priced)
   * @param maxUsd the budget in US dollars
   */
  public BudgetExceededException(CostEstimate estimate, BigDecimal maxUsd) {
    super(message(estimate, maxUsd), null, false);
    this.estimate = estimate;
    this.maxUsd = maxUsd;
  }

  /** {@return the estimate that was too high} */
  public CostEstimate estimate() {
    return estimate;
  }

  /** {@return the budget} */
  public BigDecimal maxUsd() {
    return maxUsd;
  }

  /** {@return how far the estimate is above the budget} */
  public BigDecimal excessUsd() {
    return estimate.totalUsd().subtract(maxUsd);
  }

  private static String message(CostEstimate estimate, BigDecimal maxUsd) {
    if (!estimate.complete()) {
      return "not submitted: the budget of "
          + CostEstimate.formatUsd(maxUsd)
          + " cannot be checked because part of the cost has no known price ("
          + String.join("; ", estimate.notPriced())
          + "): drop the budget to submit anyway, once you have checked the price yourself";
    }
    return "not submitted: the estimated cost "
        + CostEstimate.formatUsd(estimate.totalUsd())
        + " exceeds the budget of "
        + CostEstimate.formatUsd(maxUsd)
        + " by "
        + CostEstimate.formatUsd(estimate.totalUsd().subtract(maxUsd))
        + " (estimate with prices as of "
        + estimate.pricesAsOf()
        + "): raise the budget, or train on fewer records or epochs";
  }
}
