package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.GraderCommand.source;

import app.polychat.finetune.grader.GraderPackage;
import app.polychat.finetune.grader.GraderPackager;
import app.polychat.finetune.grader.GraderSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune grader package} command. */
@Command(
    name = "package",
    description = {
      "Build the grader's Lambda deployment package (Node.js) on this machine: its handler, the"
          + " same engine check as the dataset checks, and the check's npm packages installed by"
          + " npm (they are not shipped with finetune). Writes <output>/ and <output>.zip."
    },
    footer = {
      "",
      "Example:",
      "  finetune grader package --check strudel            # grader/strudel and grader/strudel.zip"
    })
final class GraderPackageCommand implements Runnable {
  private final Context context;

  @Option(names = "--check", required = true, description = "What the grader checks: strudel.")
  String check;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Folder to build in (default: grader/<check>); the zip goes beside it.")
  Path output;

  @Option(
      names = "--engine",
      paramLabel = "DIR",
      description =
          "Copy node_modules from this installed engine folder instead of running npm (offline).")
  Path engine;

  @picocli.CommandLine.Mixin NpmOption npm = new NpmOption();

  GraderPackageCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    Terminal t = context.terminal();
    GraderSource source = source(check);
    Path dir = context.path(output != null ? output : Path.of("grader", source.check()));
    t.println(
        "Building the "
            + source.check()
            + " grader in "
            + Summaries.relative(context.workDir(), dir)
            + (engine == null
                ? " (npm installs " + String.join(", ", source.dependencies().keySet()) + ")"
                : " (packages copied from " + engine + ")"));
    GraderPackager.Builder packager =
        GraderPackager.builder().directory(dir).npmCommand(List.of(npm.command));
    if (engine != null) {
      packager.nodeModulesFrom(context.path(engine));
    }
    GraderPackage pkg = packager.build().build(source);
    t.println(
        String.format(
            Locale.ROOT,
            "Wrote %s (%,d bytes, sha256 %s)",
            Summaries.relative(context.workDir(), pkg.zip()),
            pkg.zipBytes(),
            pkg.sha256().substring(0, 16)));
    t.println("  runtime " + pkg.runtime() + ", handler " + pkg.handler());
    pkg.dependencies().forEach((name, version) -> t.println("  " + name + " " + version));
    t.println();
    t.println("Next:");
    t.println(
        "  finetune grader test --grader "
            + Summaries.relative(context.workDir(), dir)
            + " --train <train-rft.jsonl>");
    t.println(
        "  Create the Lambda function from the zip, with a timeout well above the 3 s default:");
    t.println(
        "    aws lambda create-function --function-name finetune-"
            + source.check()
            + "-grader --runtime "
            + pkg.runtime()
            + " --handler "
            + pkg.handler()
            + " \\");
    t.println(
        "      --timeout 300 --memory-size 1024 --role <lambda-execution-role-arn> --zip-file fileb://"
            + Summaries.relative(context.workDir(), pkg.zip()));
    t.println("  and let the Bedrock job's role invoke it (lambda:InvokeFunction).");
  }
}
