package app.polychat.finetune.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.JobSpec;
import java.math.BigDecimal;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** No RFT price was found in a public source: the estimate must say so, never price it. */
class ReinforcementCostTest {
  private final CostEstimator costs = CostEstimator.withDefaultPrices();

  private static JobSpec rft() {
    return JobSpec.builder()
        .jobName("strudel-rft")
        .baseModel("amazon.nova-2-lite-v1:0:256k")
        .trainingUri(URI.create("s3://b/train-rft.jsonl"))
        .reinforcement(
            r ->
                r.graderLambdaArn("arn:aws:lambda:us-east-1:123456789012:function:g")
                    .epochCount(2)
                    .trainingSamplePerPrompt(4))
        .build();
  }

  @Test
  void job_rftSaysWhatItCannotPriceAndWhatItKnowsOfTheSize() {
    CostEstimate estimate = costs.job(rft(), CostEstimatorTest.statistics(300, 150_000));

    assertThat(estimate.complete()).isFalse();
    assertThat(estimate.items()).isEmpty();
    assertThat(estimate.notPriced()).hasSize(2);
    assertThat(estimate.notPriced().get(0))
        .contains("no RFT price was found")
        .contains("300 prompts")
        .contains("2 epochs")
        .contains("4 answers per prompt");
    assertThat(estimate.notPriced().get(1)).contains("grader Lambda invocations");
    assertThat(estimate.summary()).startsWith("no estimate: 2 parts have no known price");
    assertThat(estimate.toText()).contains("not priced").contains("without what is not priced");
  }

  @Test
  void budget_cannotBeCheckedForAnUnpricedJobAndSaysWhy() {
    CostEstimate estimate = costs.job(rft(), CostEstimatorTest.statistics(300, 150_000));

    assertThatThrownBy(() -> BudgetGuard.of(new BigDecimal("1000")).check(estimate))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("cannot be checked")
        .hasMessageContaining("no RFT price was found");
  }
}
