package app.polychat.finetune.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  static final String MINIMAL =
      "{\"asOf\": \"2026-01-01\", \"models\": {\"nova-lite\": {\"trainingPer1kTokens\": 0.005,"
          + " \"inputPer1kTokens\": 0.0001, \"outputPer1kTokens\": 0.0004,"
          + " \"provisionedPerUnitHour\": 20, \"provisionedPerUnitMonthCommitted\": 7000}},"
          + " \"s3PerGbMonth\": 0.025}";

  @TempDir Path dir;

  @Test
  void load_readsTheBundledDefaultsWithTheirDate() {
    PriceTable prices = PriceTable.load();
    assertThat(prices.asOf()).isEqualTo(LocalDate.of(2025, 11, 9));
    assertThat(prices.currency()).isEqualTo("USD");
    assertThat(prices.source()).contains("original toolkit");
    assertThat(prices.models())
        .containsOnlyKeys("nova-micro", "nova-lite", "nova-pro", "nova-2-lite");
    assertThat(prices.model("nova-pro").trainingPer1kTokens()).isEqualByComparingTo("0.008");
    assertThat(prices.model("amazon.nova-lite-v1:0:300k").inputPer1kTokens())
        .isEqualByComparingTo("0.00006");
    assertThat(prices.model("nova-micro").outputPer1kTokens()).isEqualByComparingTo("0.00014");
    assertThat(prices.model("nova-2-lite").note()).contains("assumed");
    assertThat(prices.s3PerGbMonth()).isEqualByComparingTo("0.023");
    assertThat(prices.teacher("claude-4-5-sonnet").name()).isEqualTo("claude-sonnet");
    assertThat(prices.teacher("amazon.nova-pro-v1:0").outputPer1kTokens())
        .isEqualByComparingTo("0.0032");
  }

  @Test
  void load_mergesTheUsersFileOverTheDefaults() throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        "{\"asOf\": \"2026-02-01\", \"models\": {\"nova-pro\": {\"trainingPer1kTokens\": 0.01}},"
            + " \"teachers\": {\"gpt\": {\"match\": [\"gpt-\"], \"inputPer1kTokens\": 0.0025,"
            + " \"outputPer1kTokens\": 0.01}}}");
    PriceTable prices = PriceTable.load(file);
    assertThat(prices.asOf()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(prices.source()).contains(file.toString());
    assertThat(prices.model("nova-pro").trainingPer1kTokens()).isEqualByComparingTo("0.01");
    assertThat(prices.model("nova-pro").inputPer1kTokens()).isEqualByComparingTo("0.0008");
    assertThat(prices.model("nova-lite").trainingPer1kTokens()).isEqualByComparingTo("0.004");
    assertThat(prices.teacher("gpt-4o").inputPer1kTokens()).isEqualByComparingTo("0.0025");
    assertThat(prices.teacher("claude-sonnet-4").name()).isEqualTo("claude-sonnet");
    assertThat(CostEstimator.of(prices).training("nova-pro", 150_000, 3).totalUsd())
        .isEqualByComparingTo(new BigDecimal("4.50"));
  }

  @Test
  void load_saysWhenAnOverrideHasNoDate() throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"s3PerGbMonth\": 0.03}");
    PriceTable prices = PriceTable.load(file);
    assertThat(prices.asOf()).isEqualTo(LocalDate.of(2025, 11, 9));
    assertThat(prices.source()).contains("with overrides from").contains("(no asOf date)");
  }

  @Test
  void batchPriceFactor_isHalfByDefaultAndCanBeOverriddenWithinZeroToOne() throws IOException {
    assertThat(PriceTable.load().batchPriceFactor()).isEqualByComparingTo("0.5");
    assertThat(PriceTable.parse(MINIMAL).batchPriceFactor()).isEqualByComparingTo("0.5");

    Path cheaper = dir.resolve("batch.json");
    Files.writeString(cheaper, "{\"batchPriceFactor\": 0.4}");
    assertThat(PriceTable.load(cheaper).batchPriceFactor()).isEqualByComparingTo("0.4");

    Path wrong = dir.resolve("wrong.json");
    Files.writeString(wrong, "{\"batchPriceFactor\": 2}");
    assertThatThrownBy(() -> PriceTable.load(wrong))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("batchPriceFactor")
        .hasMessageContaining("from 0 to 1");
  }

  @Test
  void load_namesTheFileAndFieldOfABadOverride() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> PriceTable.load(missing))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("nope.json does not exist");

    Path notJson = dir.resolve("bad.json");
    Files.writeString(notJson, "{asOf: }");
    assertThatThrownBy(() -> PriceTable.load(notJson))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("bad.json is not valid JSON");

    Path negative = dir.resolve("negative.json");
    Files.writeString(negative, "{\"models\": {\"nova-pro\": {\"trainingPer1kTokens\": -1}}}");
    assertThatThrownBy(() -> PriceTable.load(negative))
        .hasMessageContaining(
            "negative.json: models.nova-pro.trainingPer1kTokens must not be negative");

    Path text = dir.resolve("text.json");
    Files.writeString(text, "{\"models\": {\"nova-pro\": {\"trainingPer1kTokens\": \"cheap\"}}}");
    assertThatThrownBy(() -> PriceTable.load(text))
        .hasMessageContaining("models.nova-pro.trainingPer1kTokens must be a number");

    Path date = dir.resolve("date.json");
    Files.writeString(date, "{\"asOf\": \"last week\"}");
    assertThatThrownBy(() -> PriceTable.load(date))
        .hasMessageContaining("\"asOf\" must be a date like 2025-11-09, was 'last week'");
  }

  @Test
  void parse_readsAStandaloneTableAndReportsWhatIsMissing() {
    PriceTable prices = PriceTable.parse(MINIMAL);
    assertThat(prices.model("nova-lite").provisionedPerUnitHour()).contains(new BigDecimal("20"));
    assertThat(prices.teachers()).isEmpty();
    assertThatThrownBy(() -> prices.teacher("claude"))
        .isInstanceOf(PriceTableException.class)
        .hasMessageContaining("no prices for teacher 'claude'");
    assertThatThrownBy(() -> prices.model("nova-pro"))
        .hasMessageContaining("the price table of 2026-01-01 has no prices for 'nova-pro'");
    assertThatThrownBy(() -> PriceTable.parse("{\"models\": {}}"))
        .hasMessageContaining("\"asOf\"")
        .hasMessageContaining("is required");
    assertThatThrownBy(() -> PriceTable.parse(MINIMAL.replace("0.025", "\"x\"")))
        .hasMessageContaining("s3PerGbMonth must be a number");
  }

  // --- issue 14: prices that do not lie ------------------------------------------------------

  @Test
  void bundledTable_shipsNoProvisionedThroughputPrice() {
    // The original toolkit's $0.10 per model-unit hour and $78 a month are not real figures
    // (BEDROCK-FACTS.md, Corrections): no model in the bundled table may carry one.
    PriceTable prices = PriceTable.load();
    assertThat(prices.models().values())
        .allSatisfy(
            m -> {
              assertThat(m.provisionedPerUnitHour()).isEmpty();
              assertThat(m.provisionedPerUnitMonthCommitted()).isEmpty();
            });
  }

  @Test
  void bundledTable_hasTheStorageFeeAndNova2LitesOwnInferencePricesWithTheirSources() {
    PriceTable prices = PriceTable.load();
    ModelPrices nova2 = prices.model("nova-2-lite");
    assertThat(nova2.inputPer1kTokens()).isEqualByComparingTo("0.00033");
    assertThat(nova2.outputPer1kTokens()).isEqualByComparingTo("0.00275");
    assertThat(nova2.source(ModelPrices.INPUT).description()).contains("third-party copies");
    assertThat(nova2.source(ModelPrices.INPUT).asOf()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(prices.models().values())
        .allSatisfy(
            m -> {
              assertThat(m.storagePerMonth()).contains(new BigDecimal("1.95"));
              assertThat(m.source(ModelPrices.STORAGE).description())
                  .contains("unverified for Nova");
            });
    assertThat(prices.model("nova-lite").source(ModelPrices.TRAINING))
        .isEqualTo(PriceSource.of(prices.source(), LocalDate.of(2025, 11, 9)));
  }

  @Test
  void load_attributesTheUsersPricesToTheirFileAndDateAndKeepsTheBundledSources()
      throws IOException {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        "{\"asOf\": \"2026-12-03\", \"models\": {\"nova-lite\": {\"provisionedPerUnitHour\": 31.5}}}");
    PriceTable prices = PriceTable.load(file);
    ModelPrices lite = prices.model("nova-lite");
    assertThat(lite.provisionedPerUnitHour()).contains(new BigDecimal("31.5"));
    assertThat(lite.source(ModelPrices.PROVISIONED_HOURLY))
        .isEqualTo(PriceSource.of("your price file " + file, LocalDate.of(2026, 12, 3)));
    // a bundled price keeps the bundled date, not the user's
    assertThat(lite.source(ModelPrices.INPUT).asOf()).isEqualTo(LocalDate.of(2025, 11, 9));
    assertThat(
            CostEstimator.of(prices)
                .provisionedThroughput("nova-lite", 1, 2)
                .items()
                .get(0)
                .priceSource())
        .isEqualTo("your price file " + file + ", 2026-12-03");
  }
}
