package app.polychat.finetune.cost;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.ModelRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The original toolkit's cost comparison, recomputed from a {@link PriceTable}: fine-tuned and
 * distilled Nova Micro, Lite and Pro side by side (training, inference per 1M tokens, their sum),
 * and the grand total of each approach with dataset generation, a month of custom-model storage and
 * testing.
 *
 * <p>The original's table does not add up: it prices 1M inference tokens at 1,000 times the per-1K
 * rate ($800 for Nova Pro) and tests on "1 hour of provisioned throughput for $0.10", a price that
 * does not exist (about $7-$50 per model-unit hour is what published custom-model rates show). Here
 * inference is 1M input plus 1M output tokens at the per-1K rates, and testing runs on demand
 * unless an hourly provisioned price is given.
 *
 * <pre>{@code
 * CostComparison table = CostComparison.builder().compute(CostEstimator.withDefaultPrices());
 * System.out.println(table.toText());
 * }</pre>
 */
public final class CostComparison {
  /**
   * One approach: a customization method and a student model.
   *
   * @param method fine-tuning or distillation
   * @param model the model's alias
   * @param generation the teacher generating the dataset (fine-tuning), or null (distillation: the
   *     teacher's answers are part of training)
   * @param training training, with the teacher's answers for distillation
   * @param inference 1M input and 1M output tokens on demand
   * @param storage a month of custom-model storage
   * @param testing the test run: on demand, or an hour of provisioned throughput
   */
  public record Row(
      CustomizationType method,
      String model,
      CostEstimate generation,
      CostEstimate training,
      CostEstimate inference,
      CostEstimate storage,
      CostEstimate testing) {

    /**
     * "Fine-tuned Amazon Nova Pro", "Distilled Amazon Nova Lite".
     *
     * @return the row's label, such as {@code Fine-tuned Amazon Nova Pro}
     */
    public String label() {
      return (method == CustomizationType.FINE_TUNING ? "Fine-tuned " : "Distilled ")
          + ModelRules.of(model).displayName();
    }

    /**
     * Training plus inference: the original's "Total" column.
     *
     * @return training plus inference, in US dollars
     */
    public BigDecimal totalUsd() {
      return training.totalUsd().add(inference.totalUsd());
    }

    /**
     * Generation, training, storage and testing: the original's "Grand total".
     *
     * @return generation, training, storage and testing, in US dollars
     */
    public BigDecimal grandTotalUsd() {
      BigDecimal sum = training.totalUsd().add(storage.totalUsd()).add(testing.totalUsd());
      return generation == null ? sum : sum.add(generation.totalUsd());
    }

    List<CostEstimate> estimates() {
      List<CostEstimate> all = new ArrayList<>();
      if (generation != null) {
        all.add(generation);
      }
      all.addAll(List.of(training, inference, storage, testing));
      return all;
    }
  }

  private final List<Row> rows;
  private final Builder settings;

  private CostComparison(List<Row> rows, Builder settings) {
    this.rows = List.copyOf(rows);
    this.settings = settings;
  }

  /**
   * {@return a builder with the original toolkit's assumptions (300 examples, 100 in / 500 out,
   * ...)}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the rows: fine-tuned Pro, Lite, Micro, then distilled Pro, Lite, Micro} */
  public List<Row> rows() {
    return rows;
  }

  /** {@return the comparison as two Markdown tables with notes and every price's source} */
  public String toText() {
    Builder s = settings;
    StringBuilder out = new StringBuilder();
    out.append(
            String.format(
                Locale.ROOT,
                "Fine-tuned vs distilled (estimates, not quotes; token counts assumed: %,d examples"
                    + " × %,d input + %,d output tokens, %,d tokens each in training, %d epochs)%n%n",
                s.examples,
                s.inputTokens,
                s.outputTokens,
                s.trainingTokens,
                s.epochs))
        .append("| Approach | Training | Inference (1M in + 1M out) | Total |\n")
        .append("|---|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append("| ")
          .append(r.label())
          .append(" | ")
          .append(usd(r.training().totalUsd()))
          .append(" | ")
          .append(usd(r.inference().totalUsd()))
          .append(" | ")
          .append(usd(r.totalUsd()))
          .append(" |\n");
    }
    out.append(
            "\nGrand totals (generation + training + 1 month of custom-model storage + testing)\n\n")
        .append("| Approach | Generation | Training | Storage | Testing | Grand total |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append("| ")
          .append(r.label())
          .append(" | ")
          .append(r.generation() == null ? "in training" : usd(r.generation().totalUsd()))
          .append(" | ")
          .append(usd(r.training().totalUsd()))
          .append(" | ")
          .append(usd(r.storage().totalUsd()))
          .append(" | ")
          .append(usd(r.testing().totalUsd()))
          .append(" | ")
          .append(usd(r.grandTotalUsd()))
          .append(" |\n");
    }
    out.append("\nNotes:\n");
    out.append("- Generation: ")
        .append(s.teacher)
        .append(
            " answers every example. Distillation has no separate generation: Bedrock's"
                + " teacher answers the prompts inside the job (counted in training; the original"
                + " toolkit counted both).\n");
    out.append("- Distillation teachers: ")
        .append(s.distillationTeacherForPro)
        .append(" for Nova Pro, ")
        .append(s.distillationTeacher)
        .append(" for Lite and Micro; 2 epochs assumed (Bedrock chooses).\n");
    out.append(
        "- Inference: 1M input + 1M output tokens at the base model's on-demand rates (custom"
            + " models deployed on demand bill at them). The original priced 1M tokens at 1,000×"
            + " the per-1K rate ($800 for Nova Pro).\n");
    out.append("- Testing: ");
    if (s.provisionedPerUnitHour != null) {
      out.append("one hour of provisioned throughput (1 model unit) at ")
          .append(usd(s.provisionedPerUnitHour))
          .append(" per hour.\n");
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "%,d test prompts on demand. The original counted one hour of provisioned"
                  + " throughput at ten cents, which is not a real price; its hourly price is"
                  + " unknown here (give --provisioned-price USD to count an hour).%n",
              s.testPrompts));
    }
    out.append("\nPrice sources:\n");
    Set<String> sources = new LinkedHashSet<>();
    Set<String> notes = new LinkedHashSet<>();
    for (Row r : rows) {
      for (CostEstimate e : r.estimates()) {
        for (CostEstimate.Item item : e.items()) {
          sources.add(
              item.priceSource() == null
                  ? e.priceSource() + ", " + e.pricesAsOf()
                  : item.priceSource());
          if (item.note() != null) {
            notes.add(item.note());
          }
        }
      }
    }
    sources.forEach(src -> out.append("- ").append(src).append('\n'));
    if (!notes.isEmpty()) {
      out.append("\nCaveats:\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  private static String usd(BigDecimal amount) {
    return CostEstimate.formatUsd(amount);
  }

  /** The assumptions of the comparison; each setter checks its value. */
  public static final class Builder {
    private long examples = 300;
    private long inputTokens = 100;
    private long outputTokens = 500;
    private long trainingTokens = 500;
    private int epochs = 3;
    private String teacher = "claude-4-5-sonnet";
    private String distillationTeacher = "amazon.nova-pro-v1:0";
    private String distillationTeacherForPro = "us.amazon.nova-premier-v1:0";
    private long inferenceTokens = 1_000_000;
    private long testPrompts = 100;
    private BigDecimal provisionedPerUnitHour;
    private PriceSource provisionedSource;

    private Builder() {}

    /**
     * Examples generated, or prompts distilled (default 300, as the original).
     *
     * @param examples examples generated, or prompts distilled (default 300, as the original)
     * @return this builder
     */
    public Builder examples(long examples) {
      this.examples = positive(examples, "examples");
      return this;
    }

    /**
     * Prompt tokens per example (default 100).
     *
     * @param inputTokens prompt tokens per example (default 100)
     * @return this builder
     */
    public Builder inputTokens(long inputTokens) {
      this.inputTokens = positive(inputTokens, "inputTokens");
      return this;
    }

    /**
     * Answer tokens per example (default 500).
     *
     * @param outputTokens answer tokens per example (default 500)
     * @return this builder
     */
    public Builder outputTokens(long outputTokens) {
      this.outputTokens = positive(outputTokens, "outputTokens");
      return this;
    }

    /**
     * Tokens per example in fine-tuning (default 500: the original's "500 tokens avg").
     *
     * @param trainingTokens tokens per example in fine-tuning (default 500: the original's "500
     *     tokens avg")
     * @return this builder
     */
    public Builder trainingTokens(long trainingTokens) {
      this.trainingTokens = positive(trainingTokens, "trainingTokens");
      return this;
    }

    /**
     * Fine-tuning epochs (default 3, as the original).
     *
     * @param epochs fine-tuning epochs (default 3, as the original)
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = (int) positive(epochs, "epochs");
      return this;
    }

    /**
     * The teacher generating the fine-tuning dataset (default claude-4-5-sonnet).
     *
     * @param teacher the teacher generating the fine-tuning dataset (default claude-4-5-sonnet)
     * @return this builder
     */
    public Builder teacher(String teacher) {
      this.teacher = Objects.requireNonNull(teacher, "teacher");
      return this;
    }

    /**
     * Test prompts run on demand when no provisioned price is given (default 100).
     *
     * @param testPrompts test prompts run on demand when no provisioned price is given (default
     *     100)
     * @return this builder
     */
    public Builder testPrompts(long testPrompts) {
      this.testPrompts = positive(testPrompts, "testPrompts");
      return this;
    }

    /**
     * Tests on one hour of provisioned throughput at this price per model-unit hour instead of on
     * demand, with where the price comes from.
     *
     * @param perUnitHour US dollars per model unit and hour
     * @param source where the price was read, shown with the tables
     * @return this builder
     */
    public Builder provisionedPrice(BigDecimal perUnitHour, PriceSource source) {
      this.provisionedPerUnitHour = Objects.requireNonNull(perUnitHour, "perUnitHour");
      this.provisionedSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * {@return the comparison with {@code estimator}'s prices}
     *
     * @param estimator the estimator whose price table is used
     */
    public CostComparison compute(CostEstimator estimator) {
      Objects.requireNonNull(estimator, "estimator");
      List<Row> rows = new ArrayList<>();
      List<String> models = List.of("nova-pro", "nova-lite", "nova-micro");
      for (CustomizationType method :
          List.of(CustomizationType.FINE_TUNING, CustomizationType.DISTILLATION)) {
        for (String model : models) {
          rows.add(row(estimator, method, model));
        }
      }
      return new CostComparison(rows, this);
    }

    private Row row(CostEstimator estimator, CustomizationType method, String model) {
      CostEstimate generation = null;
      CostEstimate training;
      if (method == CustomizationType.FINE_TUNING) {
        generation =
            estimator.teacherGeneration(
                teacher, TokenUsage.assumed(examples, inputTokens, outputTokens));
        training = estimator.training(model, examples * trainingTokens, epochs);
      } else {
        String distiller =
            "nova-pro".equals(model) ? distillationTeacherForPro : distillationTeacher;
        training = estimator.distillation(model, distiller, examples, inputTokens, outputTokens, 2);
      }
      CostEstimate inference = estimator.onDemandInference(model, inferenceTokens, inferenceTokens);
      CostEstimate storage = estimator.customModelStorage(model, 1);
      CostEstimate testing =
          provisionedPerUnitHour != null
              ? estimator.provisionedThroughput(
                  model, 1, 1, provisionedPerUnitHour, provisionedSource)
              : estimator.onDemandInference(
                  model, testPrompts * inputTokens, testPrompts * outputTokens);
      return new Row(method, model, generation, training, inference, storage, testing);
    }

    private static long positive(long value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, was " + value);
      }
      return value;
    }
  }
}
