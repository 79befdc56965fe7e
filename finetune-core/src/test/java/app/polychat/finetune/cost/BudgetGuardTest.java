package app.polychat.finetune.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetGuardTest {
  private final CostEstimator costs = CostEstimator.withDefaultPrices();

  @Test
  void check_passesAnEstimateWithinTheBudget() {
    CostEstimate estimate = costs.training("nova-pro", 150_000, 3);
    BudgetGuard.of("3.60").check(estimate);
    BudgetGuard.of(new BigDecimal("10")).check(estimate);
  }

  @Test
  void check_refusesAnEstimateOverBudgetSayingByHowMuch() {
    CostEstimate estimate = costs.training("nova-pro", 150_000, 3);
    assertThatThrownBy(() -> BudgetGuard.of("3.00").check(estimate))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage(
            "not submitted: the estimated cost $3.60 exceeds the budget of $3.00 by $0.60"
                + " (estimate with prices as of 2025-11-09): raise the budget, or train on fewer"
                + " records or epochs")
        .satisfies(
            e -> {
              BudgetExceededException over = (BudgetExceededException) e;
              assertThat(over.excessUsd()).isEqualByComparingTo("0.60");
              assertThat(over.maxUsd()).isEqualByComparingTo("3.00");
              assertThat(over.estimate()).isSameAs(estimate);
              assertThat(over.retryable()).isFalse();
            });
  }

  @Test
  void of_rejectsANegativeBudget() {
    assertThatThrownBy(() -> BudgetGuard.of("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(BudgetGuard.of("25").toString()).isEqualTo("BudgetGuard{max $25.00}");
  }
}
