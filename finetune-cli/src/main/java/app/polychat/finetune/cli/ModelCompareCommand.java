package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.DEFAULT_PROMPTS;
import static app.polychat.finetune.cli.ModelCommand.table;

import app.polychat.finetune.bedrock.evaluation.ComparisonListener;
import app.polychat.finetune.bedrock.evaluation.ComparisonReport;
import app.polychat.finetune.bedrock.evaluation.ModelComparison;
import app.polychat.finetune.bedrock.evaluation.ModelResult;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.strudel.StrudelScorer;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune model compare} command. */
@Command(
    name = "compare",
    description = {
      "Did fine-tuning help, and at what price? Runs held-out prompts (default: the validation"
          + " split, which training never saw) through the base model, the custom model and"
          + " optionally the teacher, and writes comparison.md and comparison.json: format"
          + " compliance, length, latency p50/p95, tokens and cost per 1,000 requests."
    },
    footer = {
      "",
      "Example:",
      "  finetune model compare --base us.amazon.nova-lite-v1:0 \\\\",
      "      --custom arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abc \\\\",
      "      --prompts datasets/strudel/validation.jsonl --teacher-url https://api.polychat.app"
    })
final class ModelCompareCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--base",
      required = true,
      description = "Base model or inference profile id, e.g. us.amazon.nova-lite-v1:0.")
  String base;

  @Option(
      names = "--custom",
      description = "The custom model's deployment or provisioned throughput ARN.")
  String custom;

  @Option(
      names = "--prompts",
      paramLabel = "FILE",
      description = "Held-out JSONL (default: datasets/strudel/validation.jsonl).")
  Path promptsFile;

  @Option(
      names = "--teacher-url",
      paramLabel = "URL",
      description = "Also ask the Polychat teacher at this API URL (API_KEY from the settings).")
  String teacherUrl;

  @Option(
      names = "--teacher",
      paramLabel = "MODEL",
      description = "Teacher model (default: " + PolychatExampleSource.DEFAULT_MODEL + ").")
  String teacherModel = PolychatExampleSource.DEFAULT_MODEL;

  /** The name before --teacher; kept so existing scripts work. */
  @Option(names = "--teacher-model", hidden = true)
  void teacherModelAlias(String model) {
    teacherModel = model;
  }

  @Option(names = "--limit", description = "At most this many prompts.")
  Integer limit;

  @Option(
      names = "--concurrency",
      description = "Prompts in flight (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int concurrency;

  @picocli.CommandLine.Mixin InferenceOptions inference = new InferenceOptions();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Where to write the reports (default: the prompt file's folder).")
  Path output;

  @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

  @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

  ModelCompareCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path file = context.path(promptsFile == null ? DEFAULT_PROMPTS : promptsFile);
    if (!Files.isRegularFile(file)) {
      throw new FineTuneException(
          "no held-out prompts: "
              + Summaries.relative(context.workDir(), file)
              + " does not exist; pass --prompts FILE (the validation split of your dataset,"
              + " which training never saw)");
    }
    Path dir = output == null ? file.toAbsolutePath().getParent() : context.path(output);
    Terminal t = context.terminal();
    try (AnswerChecks answerChecks = checks.open(context);
        AwsComponents aws = new AwsComponents(context);
        Components components = new Components(context)) {
      ExampleSource teacher =
          teacherUrl == null
              ? null
              : components
                  .teachers()
                  .teacher(
                      teacherUrl,
                      null,
                      teacherModel,
                      concurrency,
                      null,
                      null,
                      app.polychat.finetune.polychat.PolychatMode.APP_GENERATE);
      try (ExampleSource closeTeacher = teacher) {
        ModelComparison.Builder builder =
            ModelComparison.builder()
                .scorer(new StrudelScorer().withChecks(answerChecks))
                .tester(aws.tester(inference.temperature, inference.maxTokens))
                .base(base)
                .promptsFile(file)
                .concurrency(concurrency)
                .priceTable(prices.load(context))
                .teacher(closeTeacher)
                .listener(
                    new ComparisonListener() {
                      @Override
                      public void promptDone(int done) {
                        if (context.interactive()) {
                          context.err().print("\rcompared " + done + " prompts");
                          context.err().flush();
                        }
                      }

                      @Override
                      public void modelDropped(String label, String reason) {
                        context.err().println();
                        context.err().println("dropping " + label + ": " + reason);
                        context.err().flush();
                      }
                    });
        if (custom != null) {
          builder.custom(custom);
        }
        if (limit != null) {
          builder.limit(limit);
        }
        ComparisonReport report = builder.build().run();
        context
            .err()
            .println(
                (context.interactive() ? "\r" : "") + "compared " + report.prompts() + " prompts");
        context.err().flush();
        Path md = report.writeMarkdown(dir.resolve("comparison.md"));
        Path json = report.writeJson(dir.resolve("comparison.json"));
        printSummary(t, report);
        t.println();
        t.println("Reports: " + Summaries.relative(context.workDir(), md));
        t.println("         " + Summaries.relative(context.workDir(), json));
        return 0;
      }
    }
  }

  private static String[] concat(List<String> head, String[] tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  private static void printSummary(Terminal t, ComparisonReport report) {
    List<String[]> rows = new ArrayList<>();
    List<String> validity =
        report.models().isEmpty()
            ? List.of()
            : report.models().get(0).checkPassRates().keySet().stream()
                .filter(c -> c.startsWith("valid-"))
                .toList();
    List<String> header = new ArrayList<>(List.of("", "ANSWERED", "COMPLIANT", "SCORE"));
    validity.forEach(c -> header.add(c.toUpperCase(Locale.ROOT)));
    header.addAll(List.of("P50", "P95", "TOKENS OUT", "PER 1K REQ"));
    rows.add(header.toArray(String[]::new));
    for (ModelResult m : report.models()) {
      List<String> row = new ArrayList<>();
      row.add(m.label());
      row.add(m.answered() + "/" + m.asked());
      row.add(String.format(Locale.ROOT, "%.1f%%", m.compliantShare() * 100));
      row.add(String.format(Locale.ROOT, "%.2f", m.meanScore()));
      validity.forEach(
          c ->
              row.add(
                  String.format(
                      Locale.ROOT, "%.1f%%", m.checkPassRates().getOrDefault(c, 0.0) * 100)));
      rows.add(
          concat(
              row,
              new String[] {
                m.latencyP50Ms() + " ms",
                m.latencyP95Ms() + " ms",
                String.format(Locale.ROOT, "%.0f", m.meanOutputTokens()),
                m.costPer1000RequestsUsd() == null
                    ? "n/a"
                    : "$" + m.costPer1000RequestsUsd().setScale(4, java.math.RoundingMode.HALF_UP)
              }));
    }
    t.println(report.prompts() + " held-out prompts from " + report.promptSource() + ":");
    t.println();
    table(t, rows);
    for (ModelResult m : report.models()) {
      if (m.droppedReason() != null) {
        t.println(t.yellow(m.label() + " was dropped: " + m.droppedReason()));
      }
    }
  }
}
