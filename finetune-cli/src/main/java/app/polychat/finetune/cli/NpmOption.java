package app.polychat.finetune.cli;

import picocli.CommandLine.Option;

/** {@code --npm CMD}: the npm command that installs the Strudel engine's packages. */
final class NpmOption {
  @Option(
      names = "--npm",
      paramLabel = "CMD",
      description = "The npm command (default: ${DEFAULT-VALUE}).",
      defaultValue = "npm")
  String command;
}
