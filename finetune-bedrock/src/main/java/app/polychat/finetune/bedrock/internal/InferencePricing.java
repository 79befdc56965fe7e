package app.polychat.finetune.bedrock.internal;

import app.polychat.finetune.FineTuneException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The prices the after-training tools need: on-demand rates per 1,000 tokens, provisioned
 * throughput per model unit, and teacher rates. Not public API.
 */
public final class InferencePricing {
  /** Hours in an average month (365 × 24 / 12), the usual figure for monthly cloud prices. */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  /**
   * Per-token and per-unit prices of one model.
   *
   * @param inputPer1k USD per 1,000 input tokens, on demand
   * @param outputPer1k USD per 1,000 output tokens, on demand
   * @param provisionedPerUnitHour USD per model unit and hour, no commitment
   * @param provisionedPerUnitMonthCommitted USD per model unit and month, committed
   */
  public record Rates(
      BigDecimal inputPer1k,
      BigDecimal outputPer1k,
      BigDecimal provisionedPerUnitHour,
      BigDecimal provisionedPerUnitMonthCommitted) {}

  private static final Map<String, Rates> DEFAULT_MODELS =
      Map.of(
          "nova-micro", rates("0.000035", "0.00014", "0.10", "78"),
          "nova-lite", rates("0.00006", "0.00024", "0.10", "78"),
          "nova-pro", rates("0.0008", "0.0032", "0.10", "78"),
          "nova-2-lite", rates("0.00006", "0.00024", "0.10", "78"));
  private static final Rates DEFAULT_TEACHER = rates("0.003", "0.015", "0", "0");

  private final Map<String, Rates> models;
  private final Rates teacher;
  private final String asOf;
  private final String source;

  private InferencePricing(Map<String, Rates> models, Rates teacher, String asOf, String source) {
    this.models = models;
    this.teacher = teacher;
    this.asOf = asOf;
    this.source = source;
  }

  /** The defaults of the original toolkit's cost guide. */
  public static InferencePricing defaults() {
    return new InferencePricing(
        DEFAULT_MODELS,
        DEFAULT_TEACHER,
        "2025-11-09",
        "defaults from the original toolkit's cost guide; check https://aws.amazon.com/bedrock/pricing/");
  }

  /**
   * The rates of a Nova model given by id, inference profile id or ARN.
   *
   * @throws FineTuneException naming the model when there are no prices for it
   */
  public Rates model(String modelId) {
    String family = ModelIds.novaFamily(modelId);
    Rates rates = family == null ? null : models.get(family);
    if (rates == null) {
      throw new FineTuneException(
          "no prices for model '"
              + modelId
              + "': the price table knows "
              + String.join(", ", models.keySet().stream().sorted().toList()));
    }
    return rates;
  }

  /** Whether the table has prices for this model. */
  public boolean knows(String modelId) {
    String family = ModelIds.novaFamily(modelId);
    return family != null && models.containsKey(family);
  }

  /** The rates of a teacher model, by name (e.g. {@code claude-4-5-sonnet}). */
  public Rates teacher(String teacherModel) {
    String name = teacherModel == null ? "" : teacherModel.toLowerCase(Locale.ROOT);
    if (ModelIds.novaFamily(name) != null && models.containsKey(ModelIds.novaFamily(name))) {
      return models.get(ModelIds.novaFamily(name));
    }
    return teacher;
  }

  /** The date of the prices. */
  public String asOf() {
    return asOf;
  }

  /** Where the prices come from. */
  public String source() {
    return source;
  }

  private static Rates rates(String in, String out, String unitHour, String unitMonth) {
    return new Rates(
        new BigDecimal(in),
        new BigDecimal(out),
        new BigDecimal(unitHour),
        new BigDecimal(unitMonth));
  }
}
