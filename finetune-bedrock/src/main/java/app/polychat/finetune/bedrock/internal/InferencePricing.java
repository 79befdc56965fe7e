package app.polychat.finetune.bedrock.internal;

import app.polychat.finetune.cost.ModelPrices;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.cost.TeacherPrices;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.validate.ModelRules;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The after-training view of core's {@link PriceTable}: on-demand rates per 1,000 tokens and
 * provisioned throughput per model unit for a model given as Bedrock names it anywhere (model id,
 * inference profile id, foundation-model ARN), and teacher rates. Not public API.
 */
public final class InferencePricing {
  /** Hours in an average month (365 × 24 / 12), the usual figure for monthly cloud prices. */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  /** The geography prefix of a cross-region inference profile id ({@code us.amazon.nova-...}). */
  private static final Pattern PROFILE_PREFIX = Pattern.compile("^(us|eu|apac|us-gov|global)\\.");

  /**
   * Per-token and per-unit prices of one model.
   *
   * @param inputPer1k USD per 1,000 input tokens, on demand
   * @param outputPer1k USD per 1,000 output tokens, on demand
   * @param provisionedPerUnitHour USD per model unit and hour, no commitment; null when no price
   *     file gives it (none is bundled)
   * @param provisionedPerUnitMonthCommitted USD per model unit and month, committed; null likewise
   */
  public record Rates(
      BigDecimal inputPer1k,
      BigDecimal outputPer1k,
      BigDecimal provisionedPerUnitHour,
      BigDecimal provisionedPerUnitMonthCommitted) {}

  private final PriceTable table;

  private InferencePricing(PriceTable table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  /** The view of a price table. */
  public static InferencePricing of(PriceTable table) {
    return new InferencePricing(table);
  }

  /** The bundled price table. */
  public static InferencePricing defaults() {
    return new InferencePricing(PriceTable.load());
  }

  /**
   * The rates of a Nova model given by id, inference profile id or ARN.
   *
   * @throws FineTuneException naming the model when the table has no prices for it
   */
  public Rates model(String modelId) {
    ModelPrices p =
        prices(modelId)
            .orElseThrow(
                () ->
                    new FineTuneException(
                        "no prices for model '"
                            + modelId
                            + "': the price table of "
                            + table.asOf()
                            + " knows "
                            + String.join(", ", table.models().keySet())));
    return new Rates(
        p.inputPer1kTokens(),
        p.outputPer1kTokens(),
        p.provisionedPerUnitHour().orElse(null),
        p.provisionedPerUnitMonthCommitted().orElse(null));
  }

  /**
   * The table's prices of a Nova model given by id, inference profile id or ARN, with their
   * sources.
   *
   * @throws FineTuneException naming the model when the table has no prices for it
   */
  public ModelPrices modelPrices(String modelId) {
    model(modelId); // the same message when unknown
    return prices(modelId).orElseThrow();
  }

  /** Whether the table has prices for this model. */
  public boolean knows(String modelId) {
    return prices(modelId).isPresent();
  }

  private Optional<ModelPrices> prices(String modelId) {
    if (modelId == null) {
      return Optional.empty();
    }
    String id = PROFILE_PREFIX.matcher(ModelIds.foundationModelId(modelId.trim())).replaceFirst("");
    return ModelRules.find(id).map(rules -> table.models().get(rules.alias()));
  }

  /**
   * The rates of a teacher, by name ({@code polychat:claude-4-5-sonnet}); see {@link PriceTable}.
   */
  public Rates teacher(String teacherName) {
    TeacherPrices t = table.teacher(teacherName);
    return new Rates(t.inputPer1kTokens(), t.outputPer1kTokens(), BigDecimal.ZERO, BigDecimal.ZERO);
  }

  /** The date of the prices. */
  public String asOf() {
    return table.asOf().toString();
  }

  /** Where the prices come from. */
  public String source() {
    return table.source();
  }

  /** The table behind this view. */
  public PriceTable table() {
    return table;
  }
}
