package app.polychat.finetune.cli;

import app.polychat.finetune.grader.GraderSource;
import app.polychat.finetune.strudel.StrudelGrader;
import picocli.CommandLine.Command;

/** {@code finetune grader ...}: build and try the Lambda grader of reinforcement fine-tuning. */
@Command(
    name = "grader",
    description =
        "Build and try the Lambda grader that rewards answers in reinforcement fine-tuning.",
    subcommands = {GraderPackageCommand.class, GraderTestCommand.class, GraderDeployCommand.class})
final class GraderCommand {

  /** The grader of a check, by its name on the command line. */
  static GraderSource source(String check) {
    if (check.equalsIgnoreCase(StrudelGrader.CHECK)) {
      return StrudelGrader.source();
    }
    throw new IllegalArgumentException(
        "unknown check '" + check + "': expected " + StrudelGrader.CHECK);
  }
}
