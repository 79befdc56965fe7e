package app.polychat.finetune.cli;

import app.polychat.finetune.report.RunManifest;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.RunTracker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code finetune lineage}: what produced a model, from the prompt config to the custom model. */
@Command(
    name = "lineage",
    description = {
      "Print the run manifest of a trained model: prompt config hash, teacher and options, run id,"
          + " drops by reason, split seed and ratio, dataset hashes and URIs, job spec, custom model"
          + " ARN, deployment and comparison results.",
      "With --save it is also written next to the dataset and beside the stored training files"
          + " (uploaded when BEDROCK_TRAINING_BUCKET is their bucket)."
    },
    footer = {
      "",
      "Examples:",
      "  finetune lineage arn:aws:bedrock:us-east-1:123456789012:custom-model/...",
      "  finetune lineage strudel-nova-lite-v4 --json --compare compare.json --save"
    })
final class LineageCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(
      paramLabel = "MODEL_OR_JOB",
      description = "Custom model ARN or name, or job ARN or name.")
  String target;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  @Option(
      names = "--compare",
      paramLabel = "FILE",
      description = "Model comparison results (JSON) to include.")
  Path compare;

  @Option(
      names = "--save",
      description = "Also write it next to the dataset and beside the stored training files.")
  boolean save;

  LineageCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (Components components = new Components(context)) {
      RunTracker tracker = components.tracker();
      RunManifest manifest =
          RunManifest.fromTracker(tracker, target)
              .orElseThrow(
                  () ->
                      new FineTuneException(
                          "no model or job '"
                              + target
                              + "' in the history ("
                              + components.trackerDescription()
                              + "): check the ARN or name with finetune job list --local"));
      if (compare != null) {
        manifest =
            manifest.withComparison(ReportCommand.read(context.path(compare)), compare.toString());
      }
      Terminal t = context.terminal();
      if (format.json) {
        t.println(manifest.toJson().stripTrailing());
      } else {
        t.println(manifest.toText().stripTrailing());
      }
      if (save) {
        Path dir = manifest.datasetDirectory().orElse(context.path(Path.of("reports")));
        for (String where : Reports.saveManifest(context, components, manifest, dir)) {
          context.err().println("Saved: " + where);
        }
      }
      return 0;
    }
  }
}
