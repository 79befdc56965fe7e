package app.polychat.finetune.cli;

import picocli.CommandLine.Option;

/**
 * {@code --yes}: the cost of what a command starts on AWS is accepted without asking. Without a
 * terminal to ask on, nothing billed is started unless it is given (see {@link BilledConsent}).
 */
final class YesOption {
  @Option(
      names = "--yes",
      description =
          "Accept the cost without asking. Without a terminal nothing AWS bills is started"
              + " unless it is given.")
  boolean yes;
}
