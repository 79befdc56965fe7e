package app.polychat.finetune.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Refuses work whose estimated cost is above a budget. The pipeline checks a job's estimate with it
 * before submitting, so a mistake in epochs or dataset size fails fast instead of on the bill.
 *
 * <pre>{@code
 * BudgetGuard.of(new BigDecimal("5.00")).check(estimate);   // throws BudgetExceededException
 * }</pre>
 */
public final class BudgetGuard {
  private final BigDecimal maxUsd;

  private BudgetGuard(BigDecimal maxUsd) {
    Objects.requireNonNull(maxUsd, "maxUsd");
    if (maxUsd.signum() < 0) {
      throw new IllegalArgumentException("maxUsd must not be negative, was " + maxUsd);
    }
    this.maxUsd = maxUsd;
  }

  /** A guard with this budget in US dollars. */
  public static BudgetGuard of(BigDecimal maxUsd) {
    return new BudgetGuard(maxUsd);
  }

  /** A guard with this budget in US dollars, e.g. {@code of("25.00")}. */
  public static BudgetGuard of(String maxUsd) {
    return new BudgetGuard(new BigDecimal(Objects.requireNonNull(maxUsd, "maxUsd")));
  }

  /** The budget in US dollars. */
  public BigDecimal maxUsd() {
    return maxUsd;
  }

  /**
   * Passes when the estimate is at most the budget.
   *
   * @throws BudgetExceededException saying by how much it is over
   */
  public void check(CostEstimate estimate) {
    check(estimate, maxUsd);
  }

  /**
   * Passes when the estimate is at most {@code maxUsd}.
   *
   * @throws BudgetExceededException saying by how much it is over
   */
  public static void check(CostEstimate estimate, BigDecimal maxUsd) {
    Objects.requireNonNull(estimate, "estimate");
    if (!estimate.complete() || estimate.totalUsd().compareTo(maxUsd) > 0) {
      throw new BudgetExceededException(estimate, maxUsd);
    }
  }

  @Override
  public String toString() {
    return "BudgetGuard{max " + CostEstimate.formatUsd(maxUsd) + "}";
  }
}
