package app.polychat.finetune.cli;

import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.ValiditySummary;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune dataset check} command. */
@Command(
    name = "check",
    description = {
      "Run answer checks over the final answer of every record of dataset files (any format the"
          + " validator reads): the validity rate, the failures by reason with the check's own"
          + " message, and each check's timing.",
      "Exits 1 when an answer fails."
    },
    footer = {
      "",
      "Examples:",
      "  finetune dataset check --check strudel ./datasets/strudel/train.jsonl",
      "  finetune dataset check --check strudel --json ./datasets/strudel/*.jsonl"
    })
final class DatasetCheckCommand implements java.util.concurrent.Callable<Integer> {
  private final Context context;

  @picocli.CommandLine.Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Dataset files.")
  List<Path> files;

  @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  @Option(
      names = "--examples",
      paramLabel = "N",
      description = "Failures to print per file (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int examples;

  DatasetCheckCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!checks.any()) {
      throw new IllegalArgumentException("name a check to run: --check strudel");
    }
    java.util.Map<String, ValiditySummary> validity = new java.util.LinkedHashMap<>();
    try (AnswerChecks answerChecks = checks.open(context)) {
      for (Path file : files) {
        validity.put(file.toString(), answerChecks.checkFile(context.path(file)));
      }
    }
    Terminal t = context.terminal();
    if (format.json) {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper();
      try {
        t.println(
            mapper
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(Validity.toJson(mapper, validity)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    } else {
      validity.forEach(
          (file, summary) -> {
            t.println(file + ":");
            CheckOptions.print(t, summary, examples);
          });
    }
    boolean noAnswers = validity.values().stream().allMatch(v -> v.checked() == 0);
    if (noAnswers) {
      context.err().println("error: no answers to check (prompt-only records have none)");
      return 1;
    }
    return validity.values().stream().allMatch(v -> v.valid() == v.checked()) ? 0 : 1;
  }
}
