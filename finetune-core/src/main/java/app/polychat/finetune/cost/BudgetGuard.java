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

  /**
   * {@return a guard with this budget in US dollars}
   *
   * @param maxUsd the budget, zero or more
   * @throws IllegalArgumentException when the budget is negative
   */
  public static BudgetGuard of(BigDecimal maxUsd) {
    return new BudgetGuard(maxUsd);
  }

  /**
   * {@return a guard with this budget in US dollars, e.g. {@code of("25.00")}}
   *
   * @param maxUsd the budget as a decimal number, such as {@code "25.00"}
   * @throws NumberFormatException when the text is not a decimal number
   * @throws IllegalArgumentException when the budget is negative
   */
  public static BudgetGuard of(String maxUsd) {
    return new BudgetGuard(new BigDecimal(Objects.requireNonNull(maxUsd, "maxUsd")));
  }

  /** {@return the budget in US dollars} */
  public BigDecimal maxUsd() {
    return maxUsd;
  }

  /**
   * Passes when the estimate is at most the budget.
   *
   * @param estimate the estimate to check; an estimate with unpriced items never passes
   * @throws BudgetExceededException saying by how much it is over
   */
  public void check(CostEstimate estimate) {
    check(estimate, maxUsd);
  }

  /**
   * Passes when the estimate is at most {@code maxUsd}.
   *
   * @param estimate the estimate to check; an estimate with unpriced items never passes
   * @param maxUsd the budget in US dollars
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
