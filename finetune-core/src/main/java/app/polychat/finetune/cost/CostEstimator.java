package app.polychat.finetune.cost;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.validate.DatasetStatistics;
import app.polychat.finetune.validate.ModelRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Estimates what customizing and using a Nova model costs, from a {@link PriceTable}: training
 * (tokens × epochs × price), teacher generation, S3 storage, provisioned throughput per hour or
 * month, and on-demand inference per 1K tokens. Every result is a {@link CostEstimate} that says it
 * is an estimate and which price table it used.
 *
 * <pre>{@code
 * CostEstimator costs = CostEstimator.of(PriceTable.load());
 * costs.training("nova-pro", 300 * 500, 3).totalUsd();   // 3.60
 * }</pre>
 */
public final class CostEstimator {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

  private final PriceTable prices;

  private CostEstimator(PriceTable prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /**
   * {@return an estimator using {@code prices}}
   *
   * @param prices the price table to use
   */
  public static CostEstimator of(PriceTable prices) {
    return new CostEstimator(prices);
  }

  /** {@return an estimator with the bundled prices} */
  public static CostEstimator withDefaultPrices() {
    return new CostEstimator(PriceTable.load());
  }

  /** {@return the prices this estimator uses} */
  public PriceTable prices() {
    return prices;
  }

  /**
   * Fine-tuning: training tokens × epochs × the model's training price per 1K tokens.
   *
   * @param model the student model's id or alias
   * @param trainingTokens tokens in the training data, one pass
   * @param epochs passes over the data, at least 1
   * @return the training cost
   * @throws PriceTableException when the table has no prices for the model
   */
  public CostEstimate training(String model, long trainingTokens, int epochs) {
    requireNonNegative(trainingTokens, "trainingTokens");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
    }
    ModelPrices p = prices.model(model);
    BigDecimal usd = per1k(trainingTokens * epochs, p.trainingPer1kTokens());
    return single(
        "training " + name(model),
        usd,
        String.format(
            Locale.ROOT,
            "%,d tokens × %d %s × %s per 1K tokens",
            trainingTokens,
            epochs,
            epochs == 1 ? "epoch" : "epochs",
            rate(p.trainingPer1kTokens())),
        p.note(),
        p.source(ModelPrices.TRAINING));
  }

  /**
   * Fine-tuning on a validated file: its estimated tokens × epochs × the training price.
   *
   * @param model the student model's id or alias
   * @param training the training file's statistics, from validating it
   * @param epochs passes over the data, at least 1
   * @return the training cost
   * @throws PriceTableException when the table has no prices for the model
   */
  public CostEstimate training(String model, DatasetStatistics training, int epochs) {
    CostEstimate estimate = training(model, training.tokens().total(), epochs);
    CostEstimate.Item item = estimate.items().get(0);
    return new CostEstimate(
        List.of(
            new CostEstimate.Item(
                item.label(),
                item.usd(),
                item.basis().replaceFirst(" tokens", " estimated tokens"),
                item.note(),
                item.priceSource())),
        estimate.pricesAsOf(),
        estimate.priceSource());
  }

  /**
   * Generating examples with a teacher: input and output tokens at the teacher's prices.
   *
   * @param teacherModel the teacher model's name, matched against the table's teachers
   * @param usage requests and tokens per request
   * @return the teacher's input and output costs
   */
  public CostEstimate teacherGeneration(String teacherModel, TokenUsage usage) {
    TeacherPrices p = prices.teacher(teacherModel);
    List<CostEstimate.Item> items = new ArrayList<>();
    items.add(
        new CostEstimate.Item(
            "teacher input (" + teacherModel + ")",
            per1k(usage.inputTokens(), p.inputPer1kTokens()),
            String.format(
                Locale.ROOT,
                "%,d requests, %,d input tokens × %s per 1K tokens (%s)",
                usage.requests(),
                usage.inputTokens(),
                rate(p.inputPer1kTokens()),
                usage.basis()),
            p.note(),
            p.source().describe()));
    items.add(
        new CostEstimate.Item(
            "teacher output (" + teacherModel + ")",
            per1k(usage.outputTokens(), p.outputPer1kTokens()),
            String.format(
                Locale.ROOT,
                "%,d output tokens × %s per 1K tokens",
                usage.outputTokens(),
                rate(p.outputPer1kTokens())),
            p.note(),
            p.source().describe()));
    return new CostEstimate(items, prices.asOf(), prices.source());
  }

  /**
   * Generating examples with a teacher through Bedrock batch inference: the on-demand estimate of
   * {@link #teacherGeneration} times the table's {@linkplain PriceTable#batchPriceFactor() batch
   * price factor} (about half), each item saying so. An estimate: a model's own batch price may
   * differ from the factor, and jobs below Bedrock's minimum size cannot run in batch at all.
   *
   * @param teacherModel the teacher model's name, matched against the table's teachers
   * @param usage requests and tokens per request
   * @return the teacher's input and output costs at the batch factor
   */
  public CostEstimate teacherGenerationBatch(String teacherModel, TokenUsage usage) {
    BigDecimal factor = prices.batchPriceFactor();
    String share = factor.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString();
    String note =
        "batch inference estimated at "
            + share
            + "% of the on-demand price (batchPriceFactor in the price table); check the model's"
            + " batch price";
    List<CostEstimate.Item> items = new ArrayList<>();
    for (CostEstimate.Item item : teacherGeneration(teacherModel, usage).items()) {
      items.add(
          new CostEstimate.Item(
              item.label().replaceFirst("\\)$", ", batch inference)"),
              item.usd().multiply(factor),
              item.basis() + " × " + factor.stripTrailingZeros().toPlainString() + " (batch)",
              item.note() == null ? note : item.note() + "; " + note,
              item.priceSource()));
    }
    return new CostEstimate(items, prices.asOf(), prices.source());
  }

  /**
   * {@return a distillation job: Bedrock's teacher answers every prompt (billed at the teacher's
   * inference prices), then the student trains on prompts and answers}
   *
   * @param outputPerPrompt tokens per teacher answer (at most the job's maxResponseLength)
   * @param epochs passes over the data; Bedrock chooses them for distillation, so this is an
   *     assumption (the fine-tuning default is 2)
   * @param student the student model's id or alias
   * @param teacherModel the Bedrock teacher model's id or alias
   * @param prompts the number of prompts the teacher answers
   * @param inputPerPrompt tokens per prompt
   */
  public CostEstimate distillation(
      String student,
      String teacherModel,
      long prompts,
      long inputPerPrompt,
      long outputPerPrompt,
      int epochs) {
    TokenUsage usage = TokenUsage.assumed(prompts, inputPerPrompt, outputPerPrompt);
    CostEstimate teacher = teacherGeneration(teacherModel, usage);
    CostEstimate training = training(student, prompts * (inputPerPrompt + outputPerPrompt), epochs);
    CostEstimate.Item t = training.items().get(0);
    CostEstimate.Item studentItem =
        new CostEstimate.Item(
            "student " + t.label(),
            t.usd(),
            t.basis() + " (epochs assumed: Bedrock chooses them for distillation)",
            t.note(),
            t.priceSource());
    return teacher.plus(new CostEstimate(List.of(studentItem), prices.asOf(), prices.source()));
  }

  /**
   * S3 Standard storage for {@code bytes} over {@code months}.
   *
   * @param bytes the stored bytes
   * @param months how long they are stored, in months (fractions allowed)
   * @return the storage cost
   */
  public CostEstimate storage(long bytes, double months) {
    requireNonNegative(bytes, "bytes");
    BigDecimal gb = BigDecimal.valueOf(bytes).divide(GIB, MathContext.DECIMAL64);
    BigDecimal usd = gb.multiply(BigDecimal.valueOf(months)).multiply(prices.s3PerGbMonth());
    return single(
        "S3 storage",
        usd,
        String.format(
            Locale.ROOT,
            "%s GB × %s months × %s per GB-month",
            gb.round(new MathContext(3)).toPlainString(),
            trim(months),
            rate(prices.s3PerGbMonth())),
        null,
        prices.tableSource());
  }

  /**
   * Storing a custom model: Bedrock bills a monthly fee per custom model for as long as it exists,
   * whether it is used or not (delete it with {@code DeleteCustomModel} when done).
   *
   * @param model the custom model's base model id or alias
   * @param months how many months the model is kept
   * @return the storage fee for those months
   * @throws PriceTableException when the table has no storage fee for the model
   */
  public CostEstimate customModelStorage(String model, int months) {
    if (months < 1) {
      throw new IllegalArgumentException("months must be >= 1, was " + months);
    }
    ModelPrices p = prices.model(model);
    BigDecimal fee =
        p.storagePerMonth()
            .orElseThrow(
                () ->
                    new PriceTableException(
                        "no custom-model storage fee for "
                            + name(model)
                            + ": add \"customModelStoragePerMonth\" to its entry in your price"
                            + " file"));
    return single(
        "custom model storage " + name(model),
        fee.multiply(BigDecimal.valueOf(months)),
        String.format(
            Locale.ROOT,
            "%d month%s × %s per model and month, billed until the custom model is deleted",
            months,
            months == 1 ? "" : "s",
            rate(fee)),
        null,
        p.source(ModelPrices.STORAGE));
  }

  /**
   * Provisioned throughput without commitment at the price table's hourly price: billed per model
   * unit and hour until deleted (delete it with {@code DeleteProvisionedModelThroughput} when
   * done). No price is bundled (no Nova figure could be verified); a user's price file may give
   * one.
   *
   * @param model the custom model's base model id or alias
   * @param modelUnits how many model units are bought, at least 1
   * @param hours how long they run, in hours
   * @return the throughput cost
   * @throws PriceUnknownException when the table has no hourly price for the model: the message
   *     says where to read it and how to give it
   */
  public CostEstimate provisionedThroughput(String model, int modelUnits, double hours) {
    ModelPrices p = prices.model(model);
    BigDecimal hourly =
        p.provisionedPerUnitHour()
            .orElseThrow(() -> PriceUnknownException.provisioned(name(model), "hourly"));
    return provisionedThroughput(
        model, modelUnits, hours, hourly, p.source(ModelPrices.PROVISIONED_HOURLY));
  }

  /**
   * Provisioned throughput without commitment at a price given by the caller (read from AWS's
   * pricing page, the Price List API or the console), with where it came from.
   *
   * @param model the custom model's base model id or alias
   * @param modelUnits how many model units are bought, at least 1
   * @param hours how long they run, in hours
   * @param perUnitHour US dollars per model unit and hour
   * @param source where the price was read
   * @return the throughput cost, its item naming the source
   */
  public CostEstimate provisionedThroughput(
      String model, int modelUnits, double hours, BigDecimal perUnitHour, PriceSource source) {
    if (modelUnits < 1) {
      throw new IllegalArgumentException("modelUnits must be >= 1, was " + modelUnits);
    }
    Objects.requireNonNull(perUnitHour, "perUnitHour");
    Objects.requireNonNull(source, "source");
    BigDecimal usd =
        perUnitHour.multiply(BigDecimal.valueOf(modelUnits)).multiply(BigDecimal.valueOf(hours));
    return single(
        "provisioned throughput " + name(model),
        usd,
        String.format(
            Locale.ROOT,
            "%d unit%s × %s hours × %s per unit-hour; billed until deleted",
            modelUnits,
            modelUnits == 1 ? "" : "s",
            trim(hours),
            rate(perUnitHour)),
        null,
        source);
  }

  /**
   * Provisioned throughput with a commitment (cannot be deleted before the term ends), at the price
   * table's monthly price.
   *
   * @param model the custom model's base model id or alias
   * @param modelUnits how many model units are bought, at least 1
   * @param months the commitment term in months
   * @return the cost over the whole term
   * @throws PriceUnknownException when the table has no committed price for the model
   */
  public CostEstimate provisionedThroughputCommitted(String model, int modelUnits, int months) {
    if (modelUnits < 1 || months < 1) {
      throw new IllegalArgumentException("modelUnits and months must be >= 1");
    }
    ModelPrices p = prices.model(model);
    BigDecimal monthly =
        p.provisionedPerUnitMonthCommitted()
            .orElseThrow(() -> PriceUnknownException.provisioned(name(model), "committed"));
    BigDecimal usd =
        monthly.multiply(BigDecimal.valueOf(modelUnits)).multiply(BigDecimal.valueOf(months));
    return single(
        "provisioned throughput " + name(model) + ", committed",
        usd,
        String.format(
            Locale.ROOT,
            "%d unit%s × %d month%s × %s per unit-month; a committed term cannot end early",
            modelUnits,
            modelUnits == 1 ? "" : "s",
            months,
            months == 1 ? "" : "s",
            rate(monthly)),
        null,
        p.source(ModelPrices.PROVISIONED_MONTHLY_COMMITTED));
  }

  /**
   * On-demand inference of a custom model, billed per token at the base model's rates.
   *
   * @param model the custom model's base model id or alias
   * @param inputTokens prompt tokens sent
   * @param outputTokens answer tokens received
   * @return the inference cost
   */
  public CostEstimate onDemandInference(String model, long inputTokens, long outputTokens) {
    requireNonNegative(inputTokens, "inputTokens");
    requireNonNegative(outputTokens, "outputTokens");
    ModelPrices p = prices.model(model);
    BigDecimal usd =
        per1k(inputTokens, p.inputPer1kTokens()).add(per1k(outputTokens, p.outputPer1kTokens()));
    return single(
        "on-demand inference " + name(model),
        usd,
        String.format(
            Locale.ROOT,
            "%,d input tokens × %s + %,d output tokens × %s per 1K tokens",
            inputTokens,
            rate(p.inputPer1kTokens()),
            outputTokens,
            rate(p.outputPer1kTokens())),
        p.note(),
        sources(p.source(ModelPrices.INPUT), p.source(ModelPrices.OUTPUT)));
  }

  /**
   * {@return what submitting {@code spec} on this training data costs: for fine-tuning, training
   * tokens × epochs (the spec's, or the model's default); for distillation, the teacher answering
   * every record with up to {@code maxResponseLength} tokens, and the student's training}
   *
   * @param spec the job to submit
   * @param training the training file's statistics, from validating it
   */
  public CostEstimate job(JobSpec spec, DatasetStatistics training) {
    ModelRules model = ModelRules.of(spec.baseModel());
    int defaultEpochs =
        model.hyperparameter("epochCount").map(r -> (int) r.defaultValue()).orElse(2);
    if (spec.type() == CustomizationType.FINE_TUNING) {
      int epochs = spec.epochCount() == null ? defaultEpochs : spec.epochCount();
      return training(model.alias(), training, epochs);
    }
    if (spec.type() == CustomizationType.REINFORCEMENT_FINE_TUNING) {
      return reinforcement(model, spec, training);
    }
    long prompts = training.records();
    long inputPerPrompt = Math.round(training.tokens().mean());
    return distillation(
        model.alias(),
        spec.teacherModel(),
        prompts,
        inputPerPrompt,
        spec.maxResponseLength(),
        defaultEpochs);
  }

  /**
   * Reinforcement fine-tuning: no public RFT price was found (December 2026), so nothing is priced
   * and the estimate says what is known of the job's size instead. The grader's Lambda invocations
   * are billed by AWS Lambda and are not in the price table either.
   */
  private CostEstimate reinforcement(ModelRules model, JobSpec spec, DatasetStatistics training) {
    var rft = spec.rft();
    String epochs =
        rft.epochCount() == null ? "Bedrock's default epochs" : rft.epochCount() + " epochs";
    String samples =
        rft.trainingSamplePerPrompt() == null
            ? "Bedrock's default answers per prompt"
            : rft.trainingSamplePerPrompt() + " answers per prompt";
    return new CostEstimate(
        List.of(),
        prices.asOf(),
        prices.source(),
        List.of(
            String.format(
                Locale.ROOT,
                "reinforcement fine-tuning %s: no RFT price was found in a public source;"
                    + " check the Bedrock pricing page. Size: %,d prompts (about %,d tokens"
                    + " each, estimated) × %s × %s, each answer generated and graded",
                model.displayName(),
                training.records(),
                Math.round(training.tokens().mean()),
                epochs,
                samples),
            "grader Lambda invocations: billed by AWS Lambda per request and duration, not in"
                + " the toolkit's price table"));
  }

  private CostEstimate single(
      String label, BigDecimal usd, String basis, String note, PriceSource source) {
    return single(label, usd, basis, note, source.describe());
  }

  private CostEstimate single(
      String label, BigDecimal usd, String basis, String note, String source) {
    return new CostEstimate(
        List.of(new CostEstimate.Item(label, usd, basis, note, source)),
        prices.asOf(),
        prices.source());
  }

  private static String sources(PriceSource a, PriceSource b) {
    return a.equals(b) ? a.describe() : a.describe() + "; output: " + b.describe();
  }

  private static BigDecimal per1k(long tokens, BigDecimal pricePer1k) {
    return BigDecimal.valueOf(tokens).multiply(pricePer1k).divide(THOUSAND);
  }

  private static String name(String model) {
    return ModelRules.find(model).map(ModelRules::displayName).orElse(model);
  }

  private static String rate(BigDecimal price) {
    return "$" + price.stripTrailingZeros().toPlainString();
  }

  private static String trim(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
