package app.polychat.finetune.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune dataset convert} command. */
@Command(
    name = "convert",
    description = {
      "Rewrite dataset files in another format. --to rft turns generated or imported examples"
          + " into reinforcement fine-tuning records: each answer becomes the reference_answer the"
          + " grader compares with, and every --input goes into one file (RFT takes no"
          + " validation set)."
    },
    footer = {
      "",
      "Example:",
      "  finetune dataset convert --to rft --input datasets/strudel/train.jsonl \\",
      "      --input datasets/strudel/validation.jsonl --output datasets/strudel/train-rft.jsonl"
    })
final class DatasetConvertCommand implements Runnable {
  private final Context context;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "A file to convert (repeat for several; records are written in order).")
  List<Path> inputs;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "File to write.")
  Path output;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FORMAT",
      description =
          "rft (bedrock-rft), or any format id: bedrock-conversation-2024, openai-chat, ...")
  String to;

  DatasetConvertCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    String formatId =
        to.equalsIgnoreCase("rft")
            ? app.polychat.finetune.format.BedrockRftFormatter.FORMAT_ID
            : to;
    var result =
        app.polychat.finetune.dataset.DatasetConverter.convert(
            inputs.stream().map(context::path).toList(),
            context.path(output),
            app.polychat.finetune.format.DatasetFormats.byId(formatId));
    Terminal t = context.terminal();
    result
        .inputFormats()
        .forEach(
            (file, format) ->
                t.println(
                    "Read " + Summaries.relative(context.workDir(), file) + " (" + format + ")"));
    t.println(
        String.format(
            "Wrote %s (%d records, %s)",
            Summaries.relative(context.workDir(), result.output()),
            result.records(),
            result.formatId()));
    if (formatId.equals(app.polychat.finetune.format.BedrockRftFormatter.FORMAT_ID)) {
      t.println(
          "Next: finetune dataset validate --train "
              + Summaries.relative(context.workDir(), result.output())
              + " --model nova-2-lite --method rft");
    }
  }
}
