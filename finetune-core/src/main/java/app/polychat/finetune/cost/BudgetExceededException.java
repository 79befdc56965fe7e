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
  private final BigDecimal maxUsd;

  /** An estimate found to be over {@code maxUsd}. */
  public BudgetExceededException(CostEstimate estimate, BigDecimal maxUsd) {
    super(message(estimate, maxUsd), null, false);
    this.estimate = estimate;
    this.maxUsd = maxUsd;
  }

  /** The estimate that was too high. */
  public CostEstimate estimate() {
    return estimate;
  }

  /** The budget. */
  public BigDecimal maxUsd() {
    return maxUsd;
  }

  /** How far the estimate is above the budget. */
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
