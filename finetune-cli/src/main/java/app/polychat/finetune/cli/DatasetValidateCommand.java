package app.polychat.finetune.cli;

import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.ValiditySummary;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune dataset validate} command. */
@Command(
    name = "validate",
    description = {
      "Check dataset files against Bedrock's rules for the target model before any money is spent:"
          + " every problem with its file, line, JSON path and how to fix it, plus statistics.",
      "Exits 1 when there is an error, or when --check finds an answer that fails."
    },
    footer = {
      "",
      "Examples:",
      "  finetune dataset validate --train ./datasets/strudel/train.jsonl --validation ./datasets/strudel/validation.jsonl",
      "  finetune dataset validate --train prompts.jsonl --base-model nova-micro --method distillation --json"
    })
final class DatasetValidateCommand implements java.util.concurrent.Callable<Integer> {
  private final Context context;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training file.")
  Path train;

  @Option(names = "--validation", paramLabel = "FILE", description = "Validation file (optional).")
  Path validation;

  @picocli.CommandLine.Mixin BaseModelOption baseModel = new BaseModelOption();

  @Option(
      names = "--method",
      description = "fine-tuning, distillation or rft (default: ${DEFAULT-VALUE}).",
      defaultValue = "fine-tuning")
  String method;

  @Option(
      names = "--max-findings",
      description = "Findings to print (all are counted; default: ${DEFAULT-VALUE}).",
      defaultValue = "50")
  int maxFindings;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

  DatasetValidateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var report =
        app.polychat.finetune.validate.DatasetValidator.builder()
            .model(baseModel.resolve(method))
            .method(method)
            .maxPrintedFindings(maxFindings)
            .build()
            .validate(context.path(train), validation == null ? null : context.path(validation));
    if (!checks.any()) {
      context.terminal().println(format.json ? report.toJson() : report.toText(maxFindings));
      return report.hasErrors() ? 1 : 0;
    }
    java.util.Map<String, ValiditySummary> validity = new java.util.LinkedHashMap<>();
    try (AnswerChecks answerChecks = checks.open(context)) {
      validity.put(train.toString(), answerChecks.checkFile(context.path(train)));
      if (validation != null) {
        validity.put(validation.toString(), answerChecks.checkFile(context.path(validation)));
      }
    }
    if (format.json) {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper();
      try {
        com.fasterxml.jackson.databind.node.ObjectNode root =
            (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(report.toJson());
        root.set("validity", Validity.toJson(mapper, validity));
        context
            .terminal()
            .println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    } else {
      context.terminal().println(report.toText(maxFindings));
      validity.forEach(
          (file, summary) -> {
            context.terminal().println(file + ":");
            CheckOptions.print(context.terminal(), summary, 10);
          });
    }
    boolean allValid = validity.values().stream().allMatch(v -> v.valid() == v.checked());
    return report.hasErrors() || !allValid ? 1 : 0;
  }
}
