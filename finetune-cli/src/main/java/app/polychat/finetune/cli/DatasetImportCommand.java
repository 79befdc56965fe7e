package app.polychat.finetune.cli;

import app.polychat.finetune.dataset.DatasetImporter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune dataset import} command. */
@Command(
    name = "import",
    description =
        "Turn existing examples (Bedrock, OpenAI chat or prompt/completion JSONL) into a filtered, deduplicated, split Bedrock dataset.",
    footer = {
      "",
      "Example:",
      "  finetune dataset import --input export.jsonl --output datasets/imported"
    })
final class DatasetImportCommand implements Runnable {
  private final Context context;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Examples to import.")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Where train.jsonl and validation.jsonl go.")
  Path output;

  @picocli.CommandLine.Mixin SplitOptions splitting = new SplitOptions();

  DatasetImportCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    Terminal t = context.terminal();
    var result =
        DatasetImporter.builder()
            .trainRatio(splitting.split)
            .seed(splitting.seed)
            .build()
            .importFile(context.path(input), context.path(output));
    t.println(String.format("Read %d records (%s)", result.read(), result.inputFormatId()));
    var dataset = result.dataset();
    t.println(Summaries.relative(context.workDir(), dataset.train().getParent()) + "/");
    t.println(
        String.format(
            "  %s train.jsonl       (%d examples)",
            dataset.validation() == null ? "└─" : "├─", dataset.trainCount()));
    if (dataset.validation() != null) {
      t.println(String.format("  └─ validation.jsonl  (%d examples)", dataset.validationCount()));
    }
    result
        .dropsByReason()
        .forEach((reason, n) -> t.println(String.format("  dropped %4d  %s", n, reason)));
  }
}
