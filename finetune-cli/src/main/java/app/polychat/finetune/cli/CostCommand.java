package app.polychat.finetune.cli;

import app.polychat.finetune.cost.CostComparison;
import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.cost.PriceSource;
import app.polychat.finetune.cost.TokenUsage;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.TokenEstimator;
import app.polychat.finetune.validate.ValidationReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune cost estimate}: what generation, training and hosting would cost. */
@Command(
    name = "cost",
    description = "Estimate costs before spending money.",
    subcommands = CostCommand.Estimate.class)
final class CostCommand {

  @Command(
      name = "estimate",
      description = {
        "Estimate the cost of training on a dataset (--train), of generating one (--count), or both.",
        "Every figure is an estimate: Nova has no public tokenizer, and prices change."
      },
      footer = {
        "",
        "Examples:",
        "  finetune cost estimate --train datasets/strudel/train.jsonl --base-model nova-pro --epochs 3",
        "  finetune cost estimate --count 300 --teacher claude-4-5-sonnet --base-model nova-lite",
        "  finetune cost estimate --compare                  # the original toolkit's comparison",
        "  finetune cost estimate --compare --provisioned-price 21.18"
      })
  static final class Estimate implements Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--train",
        paramLabel = "FILE",
        description = "Training file to price a job on.")
    Path train;

    @picocli.CommandLine.Mixin BaseModelOption baseModel = new BaseModelOption();

    @Option(
        names = "--epochs",
        description = "Epochs (default: ${DEFAULT-VALUE}).",
        defaultValue = "3")
    int epochs;

    @Option(names = "--count", description = "Examples to generate with a teacher.")
    Integer count;

    @Option(
        names = "--teacher",
        description = "Teacher model (default: ${DEFAULT-VALUE}).",
        defaultValue = "claude-4-5-sonnet")
    String teacher;

    @Option(
        names = "--output-tokens",
        description = "Assumed tokens per teacher answer (default: ${DEFAULT-VALUE}).",
        defaultValue = "500")
    int outputTokens;

    @Option(
        names = "--prompts",
        paramLabel = "FILE",
        description = "Prompt config the generation plans from.")
    Path prompts;

    @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

    @Option(
        names = "--compare",
        description =
            "Fine-tuned vs distilled Nova Micro, Lite and Pro: training, inference per 1M tokens,"
                + " totals, and grand totals with generation, storage and testing (--count sets"
                + " the examples, default 300).")
    boolean compare;

    @Option(
        names = "--provisioned-price",
        paramLabel = "USD",
        description =
            "Provisioned throughput's price per model unit and hour (from AWS's pricing page):"
                + " --compare then tests on one hour of it. No price is bundled.")
    BigDecimal provisionedPrice;

    Estimate(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (train == null && count == null && !compare) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "say what to estimate: --train FILE, --count N, both, or --compare");
      }
      if (provisionedPrice != null && provisionedPrice.signum() <= 0) {
        throw new IllegalArgumentException(
            "--provisioned-price is US dollars per model unit and hour, above zero");
      }
      CostEstimator estimator = CostEstimator.of(prices.load(context));
      Terminal t = context.terminal();
      if (compare) {
        CostComparison.Builder comparison =
            CostComparison.builder()
                .examples(count == null ? 300 : count)
                .outputTokens(outputTokens)
                .epochs(epochs)
                .teacher(teacher);
        if (provisionedPrice != null) {
          comparison.provisionedPrice(
              provisionedPrice, PriceSource.of("--provisioned-price", LocalDate.now()));
        }
        t.println(comparison.compute(estimator).toText());
        return 0;
      }
      CostEstimate total = null;
      if (count != null) {
        try (Components components = new Components(context)) {
          PromptPlan plan = components.prompts(prompts).plan(count, List.of(), List.of(), 0);
          List<String> asks = new ArrayList<>();
          for (GenerationRequest r : plan.requests()) {
            asks.add(r.systemPrompt() + "\n" + r.prompt());
          }
          CostEstimate generation =
              estimator.teacherGeneration(
                  teacher, TokenUsage.planned(asks, outputTokens, TokenEstimator.heuristic()));
          t.println("Generating " + count + " examples with " + teacher + ":");
          t.println(generation.toText());
          total = generation;
        }
      }
      if (train != null) {
        String model = baseModel.resolve(null);
        ValidationReport report =
            DatasetValidator.builder()
                .model(model)
                .recordCountChecks(false)
                .build()
                .validate(context.path(train));
        CostEstimate training = estimator.training(model, report.training(), epochs);
        t.println("Training " + model + " for " + epochs + " epochs on " + train + ":");
        t.println(training.toText());
        total = total == null ? training : total.plus(training);
      }
      if (count != null && train != null) {
        t.println("Total: " + total.summary());
      }
      return 0;
    }
  }
}
