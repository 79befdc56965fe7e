package app.polychat.finetune.cost;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.CustomizationType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The original toolkit's comparison table ("Cost Comparison" and "Total project cost" in its
 * README: fine-tuned vs distilled, training, inference per 1M tokens, total, grand totals with
 * generation and testing), recomputed from the bundled prices.
 */
class CostComparisonTest {
  private final CostEstimator costs = CostEstimator.withDefaultPrices();

  private static BigDecimal usd(String value) {
    return new BigDecimal(value);
  }

  @Test
  void compute_reproducesTheOriginalsRowsWithArithmeticThatAddsUp() {
    CostComparison table = CostComparison.builder().compute(costs);
    assertThat(table.rows())
        .extracting(CostComparison.Row::label)
        .containsExactly(
            "Fine-tuned Amazon Nova Pro",
            "Fine-tuned Amazon Nova Lite",
            "Fine-tuned Amazon Nova Micro",
            "Distilled Amazon Nova Pro",
            "Distilled Amazon Nova Lite",
            "Distilled Amazon Nova Micro");
    CostComparison.Row pro = table.rows().get(0);
    assertThat(pro.method()).isEqualTo(CustomizationType.FINE_TUNING);
    // the original's figures: training $3.60 (300 × 500 tokens × 3 epochs × $0.008), generation
    // $2.34 (30K × $0.003 + 150K × $0.015)
    assertThat(pro.training().totalUsd()).isEqualByComparingTo(usd("3.60"));
    assertThat(pro.generation().totalUsd()).isEqualByComparingTo(usd("2.34"));
    // 1M in + 1M out at $0.0008 / $0.0032 per 1K: $4.00 (the original wrote ~$800)
    assertThat(pro.inference().totalUsd()).isEqualByComparingTo(usd("4.00"));
    assertThat(pro.totalUsd()).isEqualByComparingTo(usd("7.60"));
    // + $1.95 storage + 100 test prompts on demand ($0.008 + $0.16)
    assertThat(pro.grandTotalUsd()).isEqualByComparingTo(usd("8.058"));
    assertThat(table.rows().get(1).training().totalUsd()).isEqualByComparingTo(usd("1.80"));
    assertThat(table.rows().get(2).training().totalUsd()).isEqualByComparingTo(usd("0.90"));

    CostComparison.Row distilledLite = table.rows().get(4);
    assertThat(distilledLite.generation()).isNull();
    // Nova Pro teaches: 30K × $0.0008 + 150K × $0.0032 = $0.504; student: 180K × 2 × $0.004
    assertThat(distilledLite.training().totalUsd()).isEqualByComparingTo(usd("1.944"));

    String text = table.toText();
    assertThat(text)
        .contains("| Fine-tuned Amazon Nova Pro | $3.60 | $4.00 | $7.60 |")
        .contains("Grand totals")
        .contains("| Fine-tuned Amazon Nova Pro | $2.34 | $3.60 | $1.95 | $0.17 | $8.06 |")
        .contains("unknown here (give --provisioned-price USD")
        .contains("unverified for Nova")
        .doesNotContain("$0.10");
  }

  @Test
  void compute_withAProvisionedPrice_testsOnAnHourOfItAndNamesItsSource() {
    CostComparison table =
        CostComparison.builder()
            .provisionedPrice(
                usd("21.18"), PriceSource.of("--provisioned-price", LocalDate.of(2026, 12, 4)))
            .compute(costs);
    assertThat(table.rows().get(0).testing().totalUsd()).isEqualByComparingTo(usd("21.18"));
    assertThat(table.toText())
        .contains("one hour of provisioned throughput (1 model unit) at $21.18 per hour")
        .contains("--provisioned-price, 2026-12-04");
  }
}
