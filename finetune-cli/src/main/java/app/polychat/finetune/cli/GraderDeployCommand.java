package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.GraderCommand.source;

import app.polychat.finetune.grader.GraderPackage;
import app.polychat.finetune.grader.GraderPackager;
import app.polychat.finetune.grader.GraderSource;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune grader deploy} command. */
@Command(
    name = "deploy",
    description = {
      "Optional: create the grader's Lambda function from the built zip, or bring an existing one"
          + " up to date (new code only when the zip changed, new settings only when they differ)."
          + " Prints the function ARN for `job rft --grader-lambda-arn`."
    },
    footer = {
      "",
      "Example:",
      "  finetune grader deploy --role arn:aws:iam::123456789012:role/finetune-grader"
    })
final class GraderDeployCommand implements Runnable {
  private final Context context;

  @Option(
      names = "--check",
      description = "What the grader checks (default: ${DEFAULT-VALUE}).",
      defaultValue = "strudel")
  String check;

  @Option(
      names = "--grader",
      paramLabel = "DIR",
      description = "The built grader's folder; its zip is <DIR>.zip (default: grader/<check>).")
  Path grader;

  @Option(
      names = "--function-name",
      description = "Lambda function name (default: finetune-<check>-grader).")
  String functionName;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ARN",
      description = "The function's execution role (it needs no permissions beyond logging).")
  String role;

  @Option(
      names = "--timeout",
      description = "Seconds, 1-900 (default: ${DEFAULT-VALUE}; Lambda's own default is 3).",
      defaultValue = "300")
  int timeout;

  @Option(
      names = "--memory",
      description = "MB, 128-32768 (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int memory;

  @Option(
      names = "--similarity-weight",
      description = "FINETUNE_GRADER_SIMILARITY_WEIGHT for the function, 0-1 (default: unset, 0).")
  Double similarityWeight;

  GraderDeployCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    GraderSource source = source(check);
    Path dir = context.path(grader != null ? grader : Path.of("grader", source.check()));
    Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
    if (!java.nio.file.Files.isRegularFile(zip)) {
      throw new app.polychat.finetune.support.FineTuneException(
          "no grader package at "
              + zip
              + ": build it with `finetune grader package --check "
              + source.check()
              + "`");
    }
    GraderPackage pkg =
        new GraderPackage(
            source.check(),
            dir,
            zip,
            "",
            zip.toFile().length(),
            source.handler(),
            GraderPackager.DEFAULT_RUNTIME,
            source.dependencies());
    String name = functionName != null ? functionName : "finetune-" + source.check() + "-grader";
    Map<String, String> env =
        similarityWeight == null
            ? Map.of()
            : Map.of("FINETUNE_GRADER_SIMILARITY_WEIGHT", similarityWeight.toString());
    var builder =
        app.polychat.finetune.bedrock.training.GraderFunctions.builder()
            .aws(context.aws())
            .timeoutSeconds(timeout)
            .memoryMb(memory)
            .functionEnvironment(env);
    try (var functions = builder.build()) {
      var deployed = functions.deploy(pkg, name, role);
      Terminal t = context.terminal();
      t.println(
          switch (deployed.action()) {
            case CREATED -> "Created " + name;
            case UPDATED -> "Updated " + name;
            case UNCHANGED -> name + " is up to date: nothing changed";
          });
      t.println("Grader ARN: " + deployed.functionArn());
      t.println("Next: finetune job rft --grader-lambda-arn " + deployed.functionArn() + " ...");
    }
  }
}
