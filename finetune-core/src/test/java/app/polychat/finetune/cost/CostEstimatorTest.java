package app.polychat.finetune.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.validate.DatasetStatistics;
import app.polychat.finetune.validate.Distribution;
import app.polychat.finetune.validate.TokenEstimator;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {
  private final CostEstimator costs = CostEstimator.withDefaultPrices();

  private static BigDecimal usd(String value) {
    return new BigDecimal(value);
  }

  @Test
  void training_reproducesTheOriginalToolkitsWorkedExample() {
    // 300 examples × 500 tokens × 3 epochs
    CostEstimate pro = costs.training("nova-pro", 300 * 500, 3);
    assertThat(pro.totalUsd()).isEqualByComparingTo(usd("3.60"));
    assertThat(costs.training("nova-lite", 150_000, 3).totalUsd())
        .isEqualByComparingTo(usd("1.80"));
    assertThat(costs.training("amazon.nova-micro-v1:0:128k", 150_000, 3).totalUsd())
        .isEqualByComparingTo(usd("0.90"));
    assertThat(pro.items().get(0).basis())
        .isEqualTo("150,000 tokens × 3 epochs × $0.008 per 1K tokens");
    assertThat(pro.toText())
        .contains("Estimated cost (an estimate, not a quote: prices as of 2025-11-09")
        .contains("≈ $3.60")
        .contains("training Amazon Nova Pro")
        .contains("total (estimated)");
    assertThat(pro.summary()).isEqualTo("estimated $3.60 (prices as of 2025-11-09)");
  }

  @Test
  void teacherGeneration_reproducesTheOriginalApiCostExample() {
    // 300 requests × ~100 input and ~500 output tokens at $0.003 / $0.015 per 1K
    CostEstimate generation =
        costs.teacherGeneration("claude-4-5-sonnet", TokenUsage.assumed(300, 100, 500));
    assertThat(generation.items())
        .extracting(CostEstimate.Item::usd)
        .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .containsExactly(usd("0.09"), usd("2.25"));
    assertThat(generation.totalUsd()).isEqualByComparingTo(usd("2.34"));
    assertThat(generation.items().get(0).note()).isNull();
  }

  @Test
  void teacherGenerationBatch_isTheOnDemandEstimateAtTheBatchDiscountAndSaysSo() {
    TokenUsage usage = TokenUsage.assumed(20_000, 400, 600);
    CostEstimate onDemand = costs.teacherGeneration("us.anthropic.claude-sonnet-4-5", usage);
    CostEstimate batch = costs.teacherGenerationBatch("us.anthropic.claude-sonnet-4-5", usage);

    // 8M input tokens × $0.003 + 12M output tokens × $0.015 = $204, half in batch
    assertThat(onDemand.totalUsd()).isEqualByComparingTo(usd("204"));
    assertThat(batch.totalUsd()).isEqualByComparingTo(usd("102"));
    assertThat(batch.items())
        .allSatisfy(
            item -> {
              assertThat(item.label()).endsWith(", batch inference)");
              assertThat(item.basis()).endsWith("× 0.5 (batch)");
              assertThat(item.note()).contains("50% of the on-demand price");
            });
  }

  @Test
  void teacherGeneration_estimatesPromptsFromThePlanOrObservedExamples() {
    List<String> prompts = List.of("Create a minimal techno loop", "Create a deep house groove");
    TokenUsage planned = TokenUsage.planned(prompts, 500, TokenEstimator.heuristic());
    assertThat(planned.requests()).isEqualTo(2);
    assertThat(planned.outputTokens()).isEqualTo(1000);
    assertThat(planned.inputTokens())
        .isEqualTo(
            TokenEstimator.heuristic().estimate(prompts.get(0))
                + TokenEstimator.heuristic().estimate(prompts.get(1))
                + 2L * TokenEstimator.heuristic().perTurnOverhead());

    ExampleMetadata seen =
        new ExampleMetadata(null, null, null, "claude", 120, 480, null, null, Map.of());
    ExampleMetadata unknown = ExampleMetadata.EMPTY;
    TokenUsage observed = TokenUsage.observed(List.of(seen, unknown), 300, 100, 500);
    assertThat(observed.inputTokens()).isEqualTo(300 * 120);
    assertThat(observed.outputTokens()).isEqualTo(300 * 480);
    assertThat(observed.basis()).contains("averages of 1 generated examples");
    assertThat(TokenUsage.observed(List.of(unknown), 10, 100, 500).basis()).startsWith("assumed");
  }

  @Test
  void teacherGeneration_assumesTheDefaultTeacherForAnUnknownModelAndSaysSo() {
    CostEstimate estimate =
        costs.teacherGeneration("mistral-large", TokenUsage.assumed(1000, 100, 100));
    assertThat(estimate.totalUsd()).isEqualByComparingTo(usd("1.80"));
    assertThat(estimate.items().get(0).note())
        .contains("no prices for 'mistral-large': claude-sonnet prices assumed");
    assertThat(estimate.toText()).contains("note: no prices for 'mistral-large'");
  }

  @Test
  void storageHostingAndInference_useTheTablesRates() {
    assertThat(costs.storage(1L << 30, 1).totalUsd()).isEqualByComparingTo(usd("0.023"));
    assertThat(costs.storage(0, 12).totalUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    CostEstimate hour =
        costs.provisionedThroughput(
            "nova-lite", 1, 1, usd("21.18"), PriceSource.of("AWS's worked example", null));
    assertThat(hour.totalUsd()).isEqualByComparingTo(usd("21.18"));
    assertThat(hour.items().get(0).basis()).contains("billed until deleted");
    assertThat(hour.toText()).contains("price: AWS's worked example, undated");
    // 1M tokens each way on Nova Pro: 1000 × $0.0008 + 1000 × $0.0032
    assertThat(costs.onDemandInference("nova-pro", 1_000_000, 1_000_000).totalUsd())
        .isEqualByComparingTo(usd("4.00"));
  }

  @Test
  void job_estimatesFineTuningFromTheValidatedFileAndTheSpecsEpochs() {
    DatasetStatistics stats = statistics(300, 150_000);
    JobSpec spec =
        JobSpec.builder()
            .jobName("strudel")
            .baseModel("amazon.nova-pro-v1:0:300k")
            .trainingUri(URI.create("s3://bucket/train.jsonl"))
            .epochCount(3)
            .build();
    CostEstimate estimate = costs.job(spec, stats);
    assertThat(estimate.totalUsd()).isEqualByComparingTo(usd("3.60"));
    assertThat(estimate.items().get(0).basis()).startsWith("150,000 estimated tokens × 3 epochs");

    JobSpec defaults = spec.toBuilder().epochCount(null).build();
    assertThat(costs.job(defaults, stats).totalUsd()).isEqualByComparingTo(usd("2.40"));
  }

  @Test
  void job_estimatesDistillationAsTeacherAnswersPlusStudentTraining() {
    DatasetStatistics stats = statistics(100, 10_000); // 100 tokens per prompt
    JobSpec spec =
        JobSpec.builder()
            .type(CustomizationType.DISTILLATION)
            .jobName("distill")
            .baseModel("amazon.nova-lite-v1:0:300k")
            .teacherModel("amazon.nova-pro-v1:0")
            .maxResponseLength(1000)
            .trainingUri(URI.create("s3://bucket/prompts.jsonl"))
            .build();
    CostEstimate estimate = costs.job(spec, stats);
    // teacher (Nova Pro on demand): 10,000 × $0.0008 + 100,000 × $0.0032 per 1K = 0.008 + 0.32
    // student (Nova Lite): 110,000 tokens × 2 epochs × $0.004 per 1K = 0.88
    assertThat(estimate.items()).hasSize(3);
    assertThat(estimate.totalUsd()).isEqualByComparingTo(usd("1.208"));
    assertThat(estimate.items().get(2).basis()).contains("epochs assumed");
  }

  @Test
  void estimates_rejectImpossibleInputsAndMissingPrices() {
    assertThatThrownBy(() -> costs.training("nova-pro", 1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> costs.training("nova-pro", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> costs.training("llama-3", 1000, 1))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("has no prices for 'llama-3'");
  }

  @Test
  void plus_addsItemsOfTheSamePriceTableOnly() {
    CostEstimate both = costs.training("nova-pro", 150_000, 3).plus(costs.storage(1L << 30, 1));
    assertThat(both.totalUsd()).isEqualByComparingTo(usd("3.623"));
    CostEstimate other =
        CostEstimator.of(PriceTable.parse(PriceTableTest.MINIMAL)).training("nova-lite", 1000, 1);
    assertThatThrownBy(() -> both.plus(other)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatUsd_showsCentsOrTwoSignificantDigits() {
    assertThat(CostEstimate.formatUsd(usd("3.6"))).isEqualTo("$3.60");
    assertThat(CostEstimate.formatUsd(usd("1234.505"))).isEqualTo("$1,234.51");
    assertThat(CostEstimate.formatUsd(usd("0.0034999"))).isEqualTo("$0.0035");
    assertThat(CostEstimate.formatUsd(BigDecimal.ZERO)).isEqualTo("$0.00");
    assertThat(CostEstimate.formatUsd(usd("-0.4"))).isEqualTo("-$0.40");
  }

  static DatasetStatistics statistics(long records, long tokens) {
    int perRecord = (int) (tokens / records);
    return new DatasetStatistics(
        "train.jsonl",
        "bedrock-conversation-2024",
        records * 2000,
        records,
        records,
        0,
        0,
        new Distribution(records, tokens, perRecord, perRecord, perRecord, perRecord),
        Distribution.EMPTY,
        Distribution.EMPTY,
        1,
        false,
        0,
        Map.of(),
        0,
        0);
  }

  // --- issue 14 ------------------------------------------------------------------------------

  @Test
  void provisionedThroughput_withoutAGivenPrice_saysItIsUnknownAndWhereToReadIt() {
    // the old table answered $0.10 for an hour (wrong by 70-500x, BEDROCK-FACTS.md Corrections)
    assertThatThrownBy(() -> costs.provisionedThroughput("nova-lite", 1, 1))
        .isInstanceOf(PriceUnknownException.class)
        .hasMessageContaining("hourly provisioned-throughput price of Amazon Nova Lite is unknown")
        .hasMessageContaining("https://aws.amazon.com/bedrock/pricing/")
        .hasMessageContaining("--provisioned-price")
        .hasMessageNotContaining("0.10");
    assertThatThrownBy(() -> costs.provisionedThroughputCommitted("nova-pro", 1, 1))
        .isInstanceOf(PriceUnknownException.class)
        .hasMessageContaining("provisionedPerUnitMonthCommitted");
  }

  @Test
  void everyEstimate_namesEachPricesSourceAndDate() {
    CostEstimate estimate =
        costs
            .training("nova-2-lite", 100_000, 1)
            .plus(costs.onDemandInference("nova-2-lite", 1_000_000, 1_000_000))
            .plus(costs.customModelStorage("nova-2-lite", 1));
    // $0.33 + $2.75 for 1M tokens each way at Nova 2 Lite's own rates, not Nova Lite's
    assertThat(estimate.items().get(1).usd()).isEqualByComparingTo(usd("3.08"));
    assertThat(estimate.items().get(2).usd()).isEqualByComparingTo(usd("1.95"));
    assertThat(estimate.items()).allSatisfy(i -> assertThat(i.priceSource()).isNotBlank());
    assertThat(estimate.items().get(0).priceSource()).contains("assumed").contains("2025-11-09");
    assertThat(estimate.items().get(1).priceSource())
        .contains("third-party")
        .contains("2026-12-01");
    assertThat(estimate.items().get(2).priceSource()).contains("unverified for Nova");
    assertThat(estimate.toText()).contains("price: third-party copies");
  }
}
