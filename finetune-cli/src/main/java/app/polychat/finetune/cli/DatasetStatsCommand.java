package app.polychat.finetune.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;

/** The {@code finetune dataset stats} command. */
@Command(
    name = "stats",
    description = "Statistics of a dataset file: records, tokens, turns, styles and complexities.",
    footer = {"", "Example:", "  finetune dataset stats ./datasets/strudel/train.jsonl"})
final class DatasetStatsCommand implements java.util.concurrent.Callable<Integer> {
  private final Context context;

  @picocli.CommandLine.Parameters(paramLabel = "FILE", description = "Dataset file.")
  Path file;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  DatasetStatsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var report =
        app.polychat.finetune.validate.DatasetValidator.builder()
            .recordCountChecks(false)
            .build()
            .validate(context.path(file));
    context.terminal().println(format.json ? report.toJson() : report.toText(0));
    return 0;
  }
}
